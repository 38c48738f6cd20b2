import type { CompileResult, CompiledPlan } from '../../engine/document/plan';
import type { NetDocument } from '../../engine/document/types';
import { assertNever, type RunInstruments } from '../../engine/protocol';
import { documentInstruments } from '../../engine/run/instruments';
import { createRunManager, defaultConcurrency, type RunEvent, type RunManager, type WorkerPort } from '../../engine/run/manager';
import type { TrainedParameters } from '../../engine/export/weights';
import type { AppStore } from '../store';
import { isRunActive } from '../store';

export interface RunClientDependencies {
  compile(document: NetDocument): CompileResult;
  /** Makes one training worker: a Web Worker in the app, a fake in tests. */
  startWorker(): WorkerPort;
  /** Most runs training at once; default `appConcurrency`. */
  maxConcurrent?: number;
  /** Also hears every run's events, after the run slice (e.g. the instruments' runs slice). */
  onEvent?(event: RunEvent): void;
  /** Hears of every run Train starts, before its first event (the instruments track it). */
  onStart?(run: StartedRun): void;
}

export interface StartedRun {
  runId: string;
  /** The document's name. */
  name: string;
  plan: CompiledPlan;
  instruments: RunInstruments | null;
}

export interface RunClient {
  /**
   * Compiles the document and trains the frozen plan in a new worker, replacing the current
   * run. When the document does not compile, the errors go to the diagnostics (shown on the
   * nodes) and no run starts.
   */
  train(): boolean;
  pause(): void;
  resume(): void;
  /** One step of the paused run. */
  step(): void;
  stop(): void;
  /** Back to step 0 with the same seed; the charts start over. */
  reset(): void;
  /** The base learning rate from the next step on. */
  setLearningRate(value: number): void;
  /** Compiles without training, to mark the problems of a document just opened. */
  check(): boolean;
  /**
   * The parameters of the Train run's model (the PyTorch export's weights): null when no run has
   * taken a step, or when its model is gone.
   */
  trainedParameters(): Promise<TrainedParameters | null>;
  /** Ends the run's worker and stops watching the store. */
  dispose(): void;
  /** The manager behind the client, shared by whatever else starts runs (comparisons) so all share the worker slots. */
  readonly manager: RunManager;
}

/**
 * Ended runs whose worker stays alive, idle, for probes and exports: enough for the Train run
 * and a comparison of three. An older ended run's views keep the last picture they were given.
 */
export const KEPT_ENDED_RUNS = 4;

/**
 * Runs the app trains at once: the cores but one, and at least SIDE_BY_SIDE_RUNS, so that a
 * comparison of three variants (the lecture's Xavier, He and N(0, 0.01)) trains side by side even
 * on a 2-core laptop, where the system then shares the cores among them: the columns fill
 * together, which is what a comparison is for, at about the same total throughput. (The CLI,
 * which only wants results, keeps `defaultConcurrency`.)
 */
export function appConcurrency(hardwareConcurrency: number | undefined): number {
  return Math.max(SIDE_BY_SIDE_RUNS, defaultConcurrency(hardwareConcurrency));
}

const SIDE_BY_SIDE_RUNS = 3;

export function createRunClient(store: AppStore, { compile, startWorker, maxConcurrent, onEvent, onStart }: RunClientDependencies): RunClient {
  let runCount = 0;
  let totalSteps = 0;

  const compileCurrent = (): CompileResult => {
    try {
      return compile(store.getState().document);
    } catch (error) {
      return { ok: false, errors: [{ message: `The compiler failed: ${(error as Error).message}` }] };
    }
  };

  /** Compiles the document and publishes its errors (or their absence) to the diagnostics. */
  const diagnose = (): CompileResult => {
    const result = compileCurrent();
    if (result.ok) store.getState().clearCompileErrors();
    else store.getState().setCompileErrors(result.errors);
    return result;
  };
  const check = () => diagnose().ok;

  // Once errors are on screen, every edit re-checks the document, so marks disappear as the user fixes them.
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.document !== previous.document && state.compileErrors.length > 0) check();
  });

  // The store takes a frame synchronously, so frames are acknowledged at once; the charts redraw at their own rate.
  const route = (event: RunEvent): void => {
    const state = store.getState();
    // The run slice follows the run Train started; other runs of the manager (comparisons) are not its business.
    if (event.runId !== state.runId) return;
    switch (event.type) {
      case 'queued':
        break;
      case 'frame':
        state.appendFrame(event);
        break;
      case 'state':
        state.setRunState(event.runId, event.state, event.step);
        break;
      case 'reset':
        state.beginRun(event.runId, totalSteps);
        break;
      case 'diverged':
        state.markDiverged(event.runId, { step: event.step, nodeId: event.nodeId, pass: event.pass, message: event.message });
        break;
      case 'error':
        state.markFailed(event.runId, event.message);
        break;
      default:
        assertNever(event);
    }
  };

  const manager = createRunManager({
    spawn: startWorker,
    maxConcurrent: maxConcurrent ?? appConcurrency(globalThis.navigator?.hardwareConcurrency),
    // The runs that ended last keep their worker, so a trained model can still be exported and
    // probed (the decision boundary, a sample through the network): the Train run and a comparison's columns.
    keepEnded: KEPT_ENDED_RUNS,
    consumer: (event) => {
      route(event);
      onEvent?.(event);
    },
  });

  /** Runs a command on the current run while it is active. */
  const command = (action: (runId: string) => void) => {
    const { runId, runStatus } = store.getState();
    if (runId && isRunActive(runStatus) && manager.status(runId) !== null) action(runId);
  };

  return {
    train() {
      const result = diagnose();
      if (!result.ok) return false;
      const previous = store.getState().runId;
      if (previous) manager.discard(previous);
      runCount += 1;
      const runId = `run-${runCount}`;
      totalSteps = result.plan.training.steps;
      store.getState().beginRun(runId, totalSteps);
      const { document } = store.getState();
      const instruments = documentInstruments(document);
      onStart?.({ runId, name: document.name, plan: result.plan, instruments });
      // The plan travels by structured clone: later edits of the document cannot reach the run.
      manager.start({ runId, plan: result.plan, instruments, delivery: 'coalesce' });
      return true;
    },
    pause: () => command((runId) => manager.pause(runId)),
    resume: () => command((runId) => manager.resume(runId)),
    step: () => command((runId) => manager.step(runId)),
    stop: () => command((runId) => manager.stop(runId)),
    reset: () => command((runId) => manager.reset(runId)),
    setLearningRate: (value) => command((runId) => manager.setLearningRate(runId, value)),
    check,
    async trainedParameters() {
      const { runId, runStep } = store.getState();
      if (!runId || runStep === 0) return null;
      try {
        return await manager.parameters(runId);
      } catch {
        return null;
      }
    },
    dispose() {
      unsubscribe();
      manager.dispose();
    },
    manager,
  };
}
