import type { CompileResult } from '../../engine/document/plan';
import type { NetDocument } from '../../engine/document/types';
import { assertNever, type FromWorker, type RunState, type ToWorker } from '../../engine/protocol';
import type { AppStore } from '../store';
import { isRunActive } from '../store';

/** The two ends of a worker the client needs; the web build passes a real Worker, tests a fake. */
export interface WorkerPort {
  post(message: ToWorker): void;
  terminate(): void;
}

export interface WorkerHandlers {
  message(message: FromWorker): void;
  /** The worker itself broke (failed to load, threw outside the protocol). */
  failure(message: string): void;
}

export type WorkerFactory = (handlers: WorkerHandlers) => WorkerPort;

export interface RunClientDependencies {
  compile(document: NetDocument): CompileResult;
  startWorker: WorkerFactory;
}

export interface RunClient {
  /**
   * Compiles the document and trains the frozen plan in a new worker. When the document does not
   * compile, the errors go to the diagnostics (shown on the nodes) and no run starts.
   */
  train(): boolean;
  pause(): void;
  resume(): void;
  stop(): void;
  /** Compiles without training, to mark the problems of a document just opened. */
  check(): boolean;
  /** Ends the run's worker and stops watching the store. */
  dispose(): void;
}

const FINAL_STATES: ReadonlySet<RunState> = new Set<RunState>(['stopped', 'finished', 'diverged', 'failed']);

export function createRunClient(store: AppStore, { compile, startWorker }: RunClientDependencies): RunClient {
  let worker: WorkerPort | null = null;
  let runCount = 0;

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

  const release = (port: WorkerPort) => {
    port.terminate();
    if (worker === port) worker = null;
  };

  const route = (port: WorkerPort, message: FromWorker) => {
    const state = store.getState();
    switch (message.type) {
      case 'frame':
        state.appendFrame(message);
        break;
      case 'state':
        state.setRunState(message.runId, message.state, message.step);
        if (FINAL_STATES.has(message.state)) release(port);
        break;
      case 'diverged':
        state.markDiverged(message.runId, { step: message.step, nodeId: message.nodeId, pass: message.pass, message: message.message });
        release(port);
        break;
      case 'error':
        state.markFailed(message.runId, message.message);
        release(port);
        break;
      default:
        assertNever(message);
    }
  };

  const send = (message: ToWorker) => {
    if (worker && isRunActive(store.getState().runStatus)) worker.post(message);
  };

  return {
    train() {
      const result = diagnose();
      if (!result.ok) return false;
      if (worker) release(worker);
      runCount += 1;
      const runId = `run-${runCount}`;
      store.getState().beginRun(runId, result.plan.training.steps);
      const port: WorkerPort = startWorker({
        message: (message) => route(port, message),
        failure: (message) => {
          store.getState().markFailed(runId, `The training worker failed: ${message}`);
          release(port);
        },
      });
      worker = port;
      // The plan travels by structured clone: later edits of the document cannot reach the run.
      port.post({ type: 'start', runId, plan: result.plan });
      return true;
    },
    pause() {
      send({ type: 'pause' });
    },
    resume() {
      send({ type: 'resume' });
    },
    stop() {
      send({ type: 'stop' });
    },
    check,
    dispose() {
      unsubscribe();
      if (worker) release(worker);
    },
  };
}
