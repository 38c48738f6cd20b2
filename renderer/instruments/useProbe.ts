import { useEffect, useRef, useState } from 'react';
import type { ProbeAnswer, ProbeQuery, RunStatus } from '../../engine/run/manager';
import { useServices } from '../services';
import { createProbeScheduler, type ProbeScheduler } from './probeScheduler';

/** The shortest interval between two probes of one view: live enough, and cheap for the worker. */
export const PROBE_INTERVAL_MS = 600;

export interface ProbeView<Answer> {
  /** The latest answer, kept when a later probe fails. */
  answer: Answer | null;
  /** Why the latest probe failed (no model yet, the run's worker is gone), or null. */
  problem: string | null;
}

/** Runs with a model to probe: queued and starting ones have none yet, a failed one's worker is gone. */
const PROBEABLE: ReadonlySet<RunStatus> = new Set<RunStatus>(['running', 'paused', 'stopped', 'finished', 'diverged']);

/**
 * What the run's model answers to `query`, asked again when the run's `step` or status moves,
 * at most every PROBE_INTERVAL_MS and one probe at a time, and only while `visible` (on screen):
 * a running run is probed a few times a second, a finished one once.
 */
export function useProbe<Query extends ProbeQuery>(runId: string, status: RunStatus, step: number, query: Query | null, visible: boolean): ProbeView<ProbeAnswer<Query>> {
  const { runClient } = useServices();
  const [view, setView] = useState<ProbeView<ProbeAnswer<Query>>>({ answer: null, problem: null });
  const scheduler = useRef<ProbeScheduler<ProbeAnswer<Query>> | null>(null);
  // Made in an effect, not in render: StrictMode disposes and mounts again.
  useEffect(() => {
    const made = createProbeScheduler<ProbeAnswer<Query>>({
      intervalMs: PROBE_INTERVAL_MS,
      onAnswer: (answer) => setView({ answer, problem: null }),
      onProblem: (problem) => setView((previous) => ({ answer: previous.answer, problem })),
    });
    scheduler.current = made;
    return () => {
      made.dispose();
      scheduler.current = null;
    };
  }, []);
  const key = visible && query && PROBEABLE.has(status) ? `${runId}|${status}|${step}|${JSON.stringify(query)}` : null;
  useEffect(() => {
    scheduler.current?.want(key, () => runClient.manager.probe(runId, query!));
  }, [key, runClient, runId, query]);
  return view;
}
