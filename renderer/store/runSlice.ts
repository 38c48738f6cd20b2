import type { RunState, StatFrame } from '../../engine/protocol';
import { TestSeries, TrainSeries } from './series';
import type { AppSlice } from './types';

/** `idle` before the first run, `starting` between Train and the worker's first word. */
export type RunStatus = 'idle' | 'starting' | RunState;

export interface Divergence {
  step: number;
  nodeId: string;
  pass: 'forward' | 'backward';
  message: string;
}

export interface RunSlice {
  runId: string | null;
  runStatus: RunStatus;
  /** Steps the worker has completed. */
  runStep: number;
  runTotalSteps: number;
  /** Why the run ended badly (divergence or failure), for the run panel. */
  runMessage: string | null;
  divergence: Divergence | null;
  trainSeries: TrainSeries;
  testSeries: TestSeries;
  /** Bumped on every appended frame; the only series field subscribers compare. */
  seriesVersion: number;

  beginRun(runId: string, totalSteps: number): void;
  appendFrame(frame: StatFrame): void;
  setRunState(runId: string, state: RunState, step: number): void;
  markDiverged(runId: string, divergence: Divergence): void;
  markFailed(runId: string, message: string): void;
}

const TERMINAL: ReadonlySet<RunStatus> = new Set<RunStatus>(['stopped', 'finished', 'diverged', 'failed']);

/** Whether a run is under way: Train is disabled, Pause/Stop are enabled. */
export function isRunActive(status: RunStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'paused';
}

export const createRunSlice: AppSlice<RunSlice> = (set, get) => {
  /** Messages from an older run's worker, or arriving after the run ended, change nothing. */
  const accepts = (runId: string) => get().runId === runId && !TERMINAL.has(get().runStatus);

  return {
    runId: null,
    runStatus: 'idle',
    runStep: 0,
    runTotalSteps: 0,
    runMessage: null,
    divergence: null,
    trainSeries: new TrainSeries(),
    testSeries: new TestSeries(),
    seriesVersion: 0,

    beginRun(runId, totalSteps) {
      set((state) => ({
        runId,
        runStatus: 'starting',
        runStep: 0,
        runTotalSteps: totalSteps,
        runMessage: null,
        divergence: null,
        trainSeries: new TrainSeries(),
        testSeries: new TestSeries(),
        seriesVersion: state.seriesVersion + 1,
      }));
    },
    appendFrame(frame) {
      if (!accepts(frame.runId)) return;
      const { trainSeries, testSeries } = get();
      trainSeries.append(frame.steps, frame.loss, frame.accuracy);
      if (frame.test) testSeries.append(frame.step, frame.test.accuracy);
      set((state) => ({ runStep: Math.max(state.runStep, frame.step), seriesVersion: state.seriesVersion + 1 }));
    },
    setRunState(runId, runState, step) {
      if (!accepts(runId)) return;
      set({ runStatus: runState, runStep: step });
    },
    markDiverged(runId, divergence) {
      if (!accepts(runId)) return;
      set({
        runStatus: 'diverged',
        runStep: divergence.step,
        divergence,
        runMessage: `Diverged at step ${divergence.step}: ${divergence.message}`,
      });
    },
    markFailed(runId, message) {
      if (!accepts(runId)) return;
      set({ runStatus: 'failed', runMessage: message });
    },
  };
};
