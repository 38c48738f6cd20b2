import type { CompiledPlan } from './document/plan';
import { statsTransferables, type NodeStats } from './stats/collect';

/**
 * The contract between a run manager (the app's, the CLI's) and a training worker. One worker
 * trains one run at a time. Both sides switch on `type` exhaustively; big arrays travel as
 * transferred typed arrays. docs/ARCHITECTURE.md ("The worker protocol") describes the flow.
 */

/** What the worker measures, and how often (engine/stats/collect.ts). */
export interface RunInstruments {
  /** Measure every node after every `every`-th step (and after the last step and every single step). */
  every: number;
  /** Bins of every output and weight histogram. */
  histogramBins: number;
  /** Percentile ranks in [0, 100] of each node's pre-activation (activations) or output (others). */
  percentiles: number[];
  /** Also a histogram of every Dense weight. */
  weightHistograms: boolean;
}

/**
 * How frames reach the consumer; in both, at most one frame is unacknowledged at a time.
 * - `coalesce` (the app): training never waits. A frame goes out at most every FRAME_MS (longer
 *   when the test-set evaluation is costly) once the previous one is acknowledged; meanwhile
 *   metric points accumulate (downsampled beyond a bound) and only the latest stats are kept.
 * - `lockstep` (the CLI): a frame after every measured step, carrying that step's stats and test
 *   metrics; training waits at a measured step until the previous frame is acknowledged, so
 *   every measurement is delivered.
 */
export type FrameDelivery = 'coalesce' | 'lockstep';

export interface StartMessage {
  type: 'start';
  runId: string;
  plan: CompiledPlan;
  /** null: measure nothing; frames then carry no stats. */
  instruments: RunInstruments | null;
  /** Default 'coalesce'. */
  delivery?: FrameDelivery;
  /** Wait at step 0 for `resume` or `step` instead of training at once. */
  paused?: boolean;
  /** Train this many passes over the training set instead of `plan.training.steps` (schedules follow the new length). */
  epochs?: number;
}

export type ToWorker =
  | StartMessage
  | { type: 'pause' }
  | { type: 'resume' }
  /**
   * One step while paused, always measured (when instruments are on); ignored while running. In
   * lockstep, a step asked for while a measured frame waits is taken once it is acknowledged.
   */
  | { type: 'step' }
  | { type: 'stop' }
  /** Back to step 0 with the same seed, data and current learning rate; running or paused as before. */
  | { type: 'reset' }
  /** A new base learning rate η₀ (the schedule still scales it), used from the next step on. */
  | { type: 'set-learning-rate'; value: number }
  /** The consumer has finished with frame `seq`: the worker may post the next one. */
  | { type: 'ack'; seq: number };

export type RunState = 'running' | 'paused' | 'stopped' | 'finished' | 'diverged' | 'failed';

/** The per-node measurements of one step. */
export interface FrameStats {
  /** The step they were measured after. */
  step: number;
  /** In plan order, the Input node first; typed arrays transferred (statsTransferables). */
  nodes: NodeStats[];
}

/**
 * Everything since the previous frame. The metric arrays are parallel, one entry per recorded
 * point: the mean loss and the accuracy over the steps since the point before (a point every
 * `reportEvery` steps, plus one where training stops; neighbouring points merge pairwise when
 * more than the worker's bound wait for an acknowledgement).
 */
export interface StatFrame {
  type: 'frame';
  runId: string;
  /** Acknowledge with `{ type: 'ack', seq }`. */
  seq: number;
  /** Steps completed when the frame was taken. */
  step: number;
  epoch: number;
  steps: Float64Array;
  loss: Float32Array;
  accuracy: Float32Array;
  /** Mean loss and accuracy over the whole test set (evaluation mode) at `step`. */
  testLoss: number;
  testAccuracy: number;
  /** The latest measurement not yet sent, if any. */
  stats: FrameStats | null;
}

export interface DivergedMessage {
  type: 'diverged';
  runId: string;
  /** The step that failed (it was not applied). */
  step: number;
  nodeId: string;
  pass: 'forward' | 'backward';
  message: string;
}

export type FromWorker =
  | StatFrame
  | { type: 'state'; runId: string; state: RunState; step: number }
  | DivergedMessage
  /** The run went back to step 0: series drawn so far are void. A `state` message follows. */
  | { type: 'reset'; runId: string }
  /** `source` 'dataset': the data could not be loaded (missing files); 'worker': anything else. A failed state follows. */
  | { type: 'error'; runId: string; message: string; source: 'dataset' | 'worker' };

/** The typed arrays of a message, to pass as the transfer list of `postMessage`. */
export function transferablesOf(message: FromWorker): ArrayBuffer[] {
  switch (message.type) {
    case 'frame': {
      const metrics = [message.steps.buffer, message.loss.buffer, message.accuracy.buffer] as ArrayBuffer[];
      return message.stats ? [...metrics, ...statsTransferables(message.stats.nodes)] : metrics;
    }
    case 'state':
    case 'diverged':
    case 'reset':
    case 'error':
      return [];
    default:
      return assertNever(message);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}
