import { loadDataset, type DatasetSplit } from '../data/dataset';
import type { DataSource } from '../data/source';
import type { CompiledPlan } from '../document/plan';
import { selectKernels } from '../kernels/select';
import {
  assertNever,
  transferablesOf,
  type FrameDelivery,
  type FrameStats,
  type FromWorker,
  type ParametersRequest,
  type ProbeRequest,
  type RunInstruments,
  type RunState,
  type StartMessage,
  type StatFrame,
  type ToWorker,
} from '../protocol';
import { createTrainer, type Divergence, type Trainer } from '../train';
import { probeGrid, probeSample, ProbeError } from '../probe';
import { trainedParameters } from '../export/weights';
import { measureTrainer, type MeasuredTrainer } from './measure';
import { MetricRecorder } from './points';

/**
 * The training loop behind a worker, independent of the transport: `web.ts` and `node.ts` wire
 * it to `postMessage`. Training runs in chunks of about CHUNK_MS and yields to the event loop
 * between them, so every message is handled within one chunk. Frames are flow-controlled: at
 * most one is unacknowledged (see FrameDelivery in protocol.ts).
 */
export interface WorkerHost {
  receive(message: ToWorker): void;
}

export type Post = (message: FromWorker, transfer: ArrayBuffer[]) => void;

export interface WorkerHostOptions {
  /** Reads the files of file-backed datasets (MNIST); without one, such a run fails with a 'dataset' error. */
  dataSource?: DataSource | null;
  /** Most metric points that wait for an acknowledgement before neighbours merge; default 2048. */
  maxPendingPoints?: number;
  /**
   * Longest stretch of training between two looks at the messages; default CHUNK_MS. A test
   * that must know where training stopped makes it long, so that a chunk ends only where
   * training has to wait (a lockstep frame unacknowledged, the end of the run).
   */
  chunkMs?: number;
}

/** Longest stretch of training before the worker looks at its messages again. */
const CHUNK_MS = 20;
/** Shortest interval between two coalesced frames: the UI redraws at most at 5 Hz, and every message costs its main thread. */
const FRAME_MS = 100;
/** Coalesced frames evaluate the test set at most once per this multiple of its cost: near 3% of the time. */
const EVALUATION_SPACING = 30;
const MAX_PENDING_POINTS = 2048;
/** Most measurements that wait for an acknowledgement: a minute of 30-layer stats at the default interval. */
const MAX_PENDING_STATS = 64;

interface TimerGlobals {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
// Both browsers' workers and Node have these timers; the engine's lib (ES2022 only) does not declare them.
const timers = globalThis as unknown as TimerGlobals;

/** What a reset rebuilds. */
interface Session {
  trainer: Trainer;
  measured: MeasuredTrainer | null;
}

interface Run {
  id: string;
  /** The host's own copy: set-learning-rate and `epochs` write its training settings. */
  plan: CompiledPlan;
  instruments: RunInstruments | null;
  delivery: FrameDelivery;
  /** While the data loads, the state the run will take once it has. */
  state: RunState;
  data: DatasetSplit | null;
  session: Session | null;
  points: MetricRecorder;
  /** Measurements not yet posted, oldest first. */
  stats: FrameStats[];
  /** What is waiting must be posted as soon as the frame in flight is acknowledged. */
  flushDue: boolean;
  /** Messages that must follow the next flush: the end of the run. */
  trailer: FromWorker[];
  /** Lockstep: single steps asked for while a measured frame waited; taken once it is acknowledged. */
  deferredSteps: number;
  lastFrameAt: number;
  lastEvaluatedAt: number;
  /** How long to wait after one test-set evaluation before the next (coalesce). */
  evaluationSpacing: number;
  timer: unknown;
}

export function createWorkerHost(post: Post, options: WorkerHostOptions = {}): WorkerHost {
  const dataSource = options.dataSource ?? null;
  const maxPendingPoints = options.maxPendingPoints ?? MAX_PENDING_POINTS;
  const chunkMs = options.chunkMs ?? CHUNK_MS;
  let run: Run | null = null;
  let frameCount = 0;
  /** The seq of the unacknowledged frame. */
  let inFlight: number | null = null;

  const send = (message: FromWorker): void => post(message, transferablesOf(message));
  const stepOf = (current: Run): number => current.session?.trainer.stepCount ?? 0;
  const stateMessage = (current: Run): FromWorker => ({ type: 'state', runId: current.id, state: current.state, step: stepOf(current) });
  const isActive = (current: Run | null): current is Run => current !== null && (current.state === 'running' || current.state === 'paused');

  const cancel = (current: Run): void => {
    if (current.timer !== null) timers.clearTimeout(current.timer);
    current.timer = null;
  };

  const schedule = (current: Run): void => {
    if (current.timer !== null) return;
    current.timer = timers.setTimeout(() => {
      current.timer = null;
      try {
        trainChunk(current);
      } catch (error) {
        fail(current, error, 'worker');
      }
    }, 0);
  };

  const postFrame = (current: Run, session: Session): void => {
    const { trainer } = session;
    const started = Date.now();
    // Measurements go out at the frame rate; the test set, costly on big data, less often.
    const evaluate = current.delivery === 'lockstep' || current.state !== 'running' || started - current.lastEvaluatedAt >= current.evaluationSpacing;
    const test = evaluate ? trainer.evaluate(trainer.data.test) : null;
    current.lastFrameAt = Date.now();
    if (evaluate) {
      current.lastEvaluatedAt = current.lastFrameAt;
      current.evaluationSpacing = EVALUATION_SPACING * (current.lastFrameAt - started);
    }
    frameCount += 1;
    const frame: StatFrame = {
      type: 'frame',
      runId: current.id,
      seq: frameCount,
      step: trainer.stepCount,
      epoch: trainer.epoch,
      ...current.points.take(),
      test: test && { loss: test.loss, accuracy: test.accuracy },
      stats: current.stats,
    };
    current.stats = [];
    // Set before posting: a transport may hand the acknowledgement back synchronously.
    inFlight = frame.seq;
    send(frame);
  };

  /**
   * Posts what is waiting (points, stats) and then the trailer, now if no frame is in flight,
   * else as soon as it is acknowledged (`flushDue`). `force` ignores the frame in flight.
   */
  const flush = (current: Run, force = false): void => {
    const session = current.session;
    const news = session !== null && (current.points.pending > 0 || current.stats.length > 0);
    if (news && inFlight !== null && !force) {
      current.flushDue = true;
      return;
    }
    current.flushDue = false;
    if (news) postFrame(current, session);
    for (const message of current.trailer.splice(0)) send(message);
  };

  /** Ends the run: the last points, a frame with them, then (after it) the divergence and the final state. */
  const end = (current: Run, state: 'finished' | 'stopped' | 'diverged', divergence?: Divergence): void => {
    cancel(current);
    current.points.close(stepOf(current));
    current.state = state;
    if (divergence) {
      const { step, nodeId, pass, message } = divergence;
      current.trailer.push({ type: 'diverged', runId: current.id, step, nodeId, pass, message });
    }
    current.trailer.push(stateMessage(current));
    flush(current);
  };

  const fail = (current: Run, error: unknown, source: 'dataset' | 'worker'): void => {
    cancel(current);
    current.state = 'failed';
    current.flushDue = false;
    current.trailer = [];
    send({ type: 'error', runId: current.id, message: error instanceof Error ? error.message : String(error), source });
    send(stateMessage(current));
  };

  /** One step of the run; false when it ended. Measured every `every` steps, at the last step and when single-stepped. */
  const advance = (current: Run, session: Session, single: boolean): boolean => {
    const next = session.trainer.stepCount + 1;
    const total = current.plan.training.steps;
    const { instruments } = current;
    const measure = instruments !== null && (single || next % instruments.every === 0 || next === total);
    const { result, stats } = session.measured ? session.measured.step(measure) : { result: session.trainer.step(), stats: null };
    if (result.kind === 'diverged') {
      end(current, 'diverged', result);
      return false;
    }
    current.points.add(result.step, result.loss, result.correct, result.rows);
    if (stats) {
      current.stats.push(stats);
      if (current.stats.length > MAX_PENDING_STATS) current.stats.shift();
      if (current.delivery === 'lockstep') {
        current.points.close(result.step);
        flush(current);
      }
    }
    if (result.step >= total) {
      end(current, 'finished');
      return false;
    }
    return true;
  };

  const trainChunk = (current: Run): void => {
    const session = current.session;
    if (run !== current || current.state !== 'running' || !session) return;
    const chunkEnd = Date.now() + chunkMs;
    while (Date.now() < chunkEnd) {
      // Lockstep: the measured frame waits for its acknowledgement, and so does training; `ack` reschedules.
      if (current.flushDue && current.delivery === 'lockstep') return;
      if (!advance(current, session, false)) return;
    }
    if (current.delivery === 'coalesce' && Date.now() - current.lastFrameAt >= FRAME_MS) flush(current);
    schedule(current);
  };

  const newSession = (current: Run, data: DatasetSplit): Session => {
    // Fresh kernels per trainer: the WASM backend's zero-copy reserve is then never used up by earlier runs.
    const trainer = createTrainer(current.plan, { kernels: selectKernels(), data });
    current.points.clear();
    current.stats = [];
    current.flushDue = false;
    return { trainer, measured: current.instruments ? measureTrainer(trainer, current.instruments) : null };
  };

  const begin = (current: Run, data: DatasetSplit, epochs: number | undefined): void => {
    const { training } = current.plan;
    if (epochs !== undefined) training.steps = epochs * Math.ceil(data.train.rows / Math.min(training.batchSize, data.train.rows));
    current.data = data;
    current.session = newSession(current, data);
    send(stateMessage(current));
    if (current.state === 'running') schedule(current);
  };

  const start = (message: StartMessage): void => {
    if (run) {
      if (isActive(run)) end(run, 'stopped');
      // The previous run's consumer is not waited for: its last frame and state go out now.
      flush(run, true);
    }
    inFlight = null;
    const { epochs } = message;
    if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1)) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
    const current: Run = {
      id: message.runId,
      plan: { ...message.plan, training: { ...message.plan.training } },
      instruments: message.instruments,
      delivery: message.delivery ?? 'coalesce',
      state: message.paused ? 'paused' : 'running',
      data: null,
      session: null,
      points: new MetricRecorder(message.plan.training.reportEvery, maxPendingPoints),
      stats: [],
      flushDue: false,
      trailer: [],
      deferredSteps: 0,
      lastFrameAt: Date.now(),
      lastEvaluatedAt: 0,
      evaluationSpacing: 0,
      timer: null,
    };
    run = current;
    loadDataset(current.plan.dataset, current.plan.training.seed, dataSource).then(
      (data) => {
        if (run !== current || !isActive(current)) return;
        try {
          begin(current, data, epochs);
        } catch (error) {
          fail(current, error, 'worker');
        }
      },
      (error: unknown) => {
        if (run === current && isActive(current)) fail(current, error, 'dataset');
      },
    );
  };

  const pause = (current: Run): void => {
    if (current.state !== 'running') return;
    current.state = 'paused';
    if (!current.session) return;
    cancel(current);
    current.points.close(stepOf(current));
    flush(current);
    send(stateMessage(current));
  };

  const resume = (current: Run): void => {
    if (current.state !== 'paused') return;
    current.state = 'running';
    current.deferredSteps = 0;
    if (!current.session) return;
    send(stateMessage(current));
    schedule(current);
  };

  const singleStep = (current: Run): void => {
    const session = current.session;
    if (current.state !== 'paused' || !session) return;
    if (current.flushDue && current.delivery === 'lockstep') {
      current.deferredSteps += 1;
      return;
    }
    if (!advance(current, session, true)) return;
    current.points.close(stepOf(current));
    flush(current);
    send(stateMessage(current));
  };

  const stop = (current: Run): void => {
    if (isActive(current)) end(current, 'stopped');
  };

  const reset = (current: Run): void => {
    if (!isActive(current) || !current.data) return;
    cancel(current);
    current.trailer = [];
    current.deferredSteps = 0;
    current.session = newSession(current, current.data);
    send({ type: 'reset', runId: current.id });
    send(stateMessage(current));
    if (current.state === 'running') schedule(current);
  };

  const setLearningRate = (current: Run, value: number): void => {
    if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`The learning rate must be a positive number, got ${value}`);
    // The trainer reads its plan's base rate at every step.
    current.plan.training.learningRate = value;
  };

  const acknowledge = (seq: number): void => {
    if (seq !== inFlight) return;
    inFlight = null;
    const current = run;
    if (!current?.flushDue) return;
    flush(current);
    if (current.state === 'running' && current.session) schedule(current);
    while (current.deferredSteps > 0 && !current.flushDue) {
      current.deferredSteps -= 1;
      singleStep(current);
    }
  };

  /**
   * Answers a probe from the current model, between chunks of training, whatever the run's state
   * (an ended run keeps its model until the next `start`). A probe that cannot be answered gets
   * a `probe-error`: it never fails the run.
   */
  const answerProbe = (request: ProbeRequest): void => {
    const current = run;
    const runId = current?.id ?? '';
    const { requestId } = request;
    try {
      const trainer = current?.session?.trainer;
      if (!current) throw new ProbeError('This worker has no run to probe.');
      if (!trainer) throw new ProbeError(`Run '${current.id}' has no model yet: ${current.state === 'failed' ? 'it failed before one was built' : 'its data is still loading'}.`);
      if (request.type === 'probe-grid') send({ type: 'grid', runId, requestId, ...probeGrid(trainer, request) });
      else send({ type: 'sample', runId, requestId, ...probeSample(trainer, request) });
    } catch (error) {
      const field = error instanceof ProbeError ? error.field : null;
      send({ type: 'probe-error', runId, requestId, field, message: error instanceof Error ? error.message : String(error) });
    }
  };

  /** Copies of the current model's parameters for the PyTorch export; a `probe-error` when there is no model. */
  const answerParameters = ({ requestId }: ParametersRequest): void => {
    const current = run;
    const trainer = current?.session?.trainer;
    if (current && trainer) send({ type: 'parameters', runId: current.id, requestId, ...trainedParameters(trainer) });
    else send({ type: 'probe-error', runId: current?.id ?? '', requestId, field: null, message: current ? `Run '${current.id}' has no model yet.` : 'This worker has no run.' });
  };

  const handle = (message: ToWorker): void => {
    if (message.type === 'start') return start(message);
    if (message.type === 'ack') return acknowledge(message.seq);
    if (message.type === 'probe-grid' || message.type === 'probe-sample') return answerProbe(message);
    if (message.type === 'request-parameters') return answerParameters(message);
    const current = run;
    if (!current) return;
    switch (message.type) {
      case 'pause':
        return pause(current);
      case 'resume':
        return resume(current);
      case 'step':
        return singleStep(current);
      case 'stop':
        return stop(current);
      case 'reset':
        return reset(current);
      case 'set-learning-rate':
        return setLearningRate(current, message.value);
      default:
        return assertNever(message);
    }
  };

  return {
    receive(message) {
      try {
        handle(message);
      } catch (error) {
        // A message that cannot be handled fails the run it is about, never the worker.
        const runId = message?.type === 'start' ? message.runId : (run?.id ?? '');
        if (run && run.id === runId) fail(run, error, 'worker');
        else {
          send({ type: 'error', runId, message: error instanceof Error ? error.message : String(error), source: 'worker' });
          send({ type: 'state', runId, state: 'failed', step: 0 });
        }
      }
    },
  };
}
