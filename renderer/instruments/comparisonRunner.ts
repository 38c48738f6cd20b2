import type { CompileResult } from '../../engine/document/plan';
import type { NetDocument } from '../../engine/document/types';
import type { RunManager, RunStatus } from '../../engine/run/manager';
import { planComparison, type CompareSetup } from './comparison';
import type { RunsSlice } from './runsSlice';

/** The part of a run manager a comparison uses; its events must reach `RunsSlice.handleRunEvent`. */
export type ComparisonManager = Pick<RunManager, 'start' | 'stop' | 'status'>;

export interface ComparisonRunner {
  /**
   * Compiles every variant and starts one run each, all with the same seed (the manager queues
   * what it cannot train at once). Unpinned runs still under way (the last comparison's, a
   * Train run) are stopped, so the new runs get the workers; their final state still reaches
   * every listener.
   * Returns null, or the problem that kept it from starting.
   */
  compare(document: NetDocument, setup: CompareSetup): string | null;
}

const FINISHED: ReadonlySet<RunStatus> = new Set<RunStatus>(['stopped', 'finished', 'diverged', 'failed']);

export function createComparisonRunner(runs: { getState(): RunsSlice }, manager: ComparisonManager, compile: (doc: NetDocument) => CompileResult): ComparisonRunner {
  let comparisons = 0;
  return {
    compare(document, setup) {
      const planned = planComparison(document, setup, compile);
      if (!planned.ok) return planned.message;
      comparisons += 1;
      const group = `compare-${comparisons}`;
      for (const run of runs.getState().runs) {
        const status = run.pinned ? null : manager.status(run.runId);
        if (status !== null && !FINISHED.has(status)) manager.stop(run.runId);
      }
      const tracked = planned.runs.map((run, index) => ({ ...run, runId: `${group}-${index + 1}`, variant: run.name, group }));
      // Tracked before they start, so not one event of theirs finds them missing.
      runs.getState().trackRuns(tracked);
      for (const run of tracked) manager.start({ runId: run.runId, plan: run.plan, instruments: run.instruments, delivery: 'coalesce' });
      return null;
    },
  };
}
