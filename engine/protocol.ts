import type { CompiledPlan } from './document/plan';
import { gridTransferables, sampleTransferables, type DecisionGrid, type GridProbe, type SampleActivations, type SampleProbe } from './probe';
import { statsTransferables, type NodeStats } from './stats/collect';
import { parametersTransferables, type TrainedParameters } from './export/weights';

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
 * - `coalesce` (the app): training never waits. A frame goes out at most every FRAME_MS once the
 *   previous one is acknowledged; meanwhile metric points accumulate (downsampled beyond a
 *   bound) and so do measurements (the oldest dropped beyond a bound).
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
  | { type: 'ack'; seq: number }
  | ProbeRequest
  | ParametersRequest;

/**
 * The current model's parameters and BatchNorm statistics (the PyTorch export's weights),
 * answered by a `parameters` reply with the same `requestId`, or a `probe-error` when the worker
 * has no model. Training is unchanged; an ended run answers until the next `start`.
 */
export interface ParametersRequest {
  type: 'request-parameters';
  requestId: number;
}

/** The answer to `request-parameters`: copies of the model's tensors (transferred), as of `step`. */
export type ParametersReply = { type: 'parameters'; runId: string; requestId: number } & TrainedParameters;

/**
 * A look at the run's current model (engine/probe.ts), answered by a `grid` or `sample` with the
 * same `requestId`, or a `probe-error`. Evaluation mode, own buffers: training is unchanged.
 * Answered whenever the worker holds a built model, also after the run has ended.
 */
export type ProbeRequest = ({ type: 'probe-grid'; requestId: number } & GridProbe) | ({ type: 'probe-sample'; requestId: number } & SampleProbe);

/** The answers to probes; they go to whoever asked (RunManager.probe), not to the run's consumer. */
export type ProbeReply =
  | ({ type: 'grid'; runId: string; requestId: number } & DecisionGrid)
  | ({ type: 'sample'; runId: string; requestId: number } & SampleActivations)
  /** The probe could not be answered; `field` names the request's field at fault, null when the run is (no model yet, not 2-D). */
  | { type: 'probe-error'; runId: string; requestId: number; field: string | null; message: string };

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
  /**
   * Mean loss and accuracy over the whole test set (evaluation mode) at `step`, or null when the
   * frame carries none: coalesced frames go out every FRAME_MS but evaluate the test set only as
   * often as keeps that near 3% of the time. Lockstep frames, and the frames of a run that is not
   * running (paused, ended), always carry it.
   */
  test: TestMetrics | null;
  /**
   * Every measurement since the previous frame, oldest first. Lockstep frames carry at most
   * one; coalesced ones up to MAX_PENDING_STATS (engine/worker/host.ts), which a consumer keeping
   * up never reaches: beyond it the oldest is dropped.
   */
  stats: FrameStats[];
}

export interface TestMetrics {
  loss: number;
  accuracy: number;
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
  | { type: 'error'; runId: string; message: string; source: 'dataset' | 'worker' }
  | ProbeReply
  | ParametersReply;

/** The typed arrays of a message, to pass as the transfer list of `postMessage`. */
export function transferablesOf(message: FromWorker): ArrayBuffer[] {
  switch (message.type) {
    case 'frame': {
      const metrics = [message.steps.buffer, message.loss.buffer, message.accuracy.buffer] as ArrayBuffer[];
      return [...metrics, ...message.stats.flatMap((measurement) => statsTransferables(measurement.nodes))];
    }
    case 'state':
    case 'diverged':
    case 'reset':
    case 'error':
    case 'probe-error':
      return [];
    case 'grid':
      return gridTransferables(message);
    case 'sample':
      return sampleTransferables(message);
    case 'parameters':
      return parametersTransferables(message);
    default:
      return assertNever(message);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}
