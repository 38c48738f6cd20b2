import type { CompiledPlan } from './document/plan';

/**
 * The contract between the UI (or the CLI) and a training worker. One worker trains one run.
 * Both sides switch on `type` exhaustively; big arrays travel as transferred typed arrays.
 */

export type ToWorker =
  | { type: 'start'; runId: string; plan: CompiledPlan }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export type RunState = 'running' | 'paused' | 'stopped' | 'finished' | 'diverged' | 'failed';

/**
 * Metrics of the steps since the previous frame, as parallel arrays (one entry per reported
 * step). `testAccuracy` is measured on the held-out set at the frame's last step.
 */
export interface StatFrame {
  type: 'frame';
  runId: string;
  /** Steps completed when the frame was taken. */
  step: number;
  epoch: number;
  steps: Float64Array;
  loss: Float32Array;
  accuracy: Float32Array;
  testAccuracy: number;
}

export type FromWorker =
  | StatFrame
  | { type: 'state'; runId: string; state: RunState; step: number }
  | { type: 'diverged'; runId: string; step: number; nodeId: string; pass: 'forward' | 'backward'; message: string }
  | { type: 'error'; runId: string; message: string };

/** The typed arrays of a message, to pass as the transfer list of `postMessage`. */
export function transferablesOf(message: FromWorker): ArrayBuffer[] {
  switch (message.type) {
    case 'frame':
      return [message.steps.buffer, message.loss.buffer, message.accuracy.buffer] as ArrayBuffer[];
    case 'state':
    case 'diverged':
    case 'error':
      return [];
    default:
      return assertNever(message);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}
