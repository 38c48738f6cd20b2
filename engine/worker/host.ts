import type { CompiledPlan } from '../document/plan';
import { selectKernels } from '../kernels/select';
import { assertNever, transferablesOf, type FromWorker, type RunState, type StatFrame, type ToWorker } from '../protocol';
import { createTrainer, type Divergence, type Trainer } from '../train';

/**
 * The training loop behind a worker, independent of the transport: `web.ts` and `node.ts` wire
 * it to `postMessage`. Training runs in chunks of about CHUNK_MS and yields to the event loop
 * between them, so pause, resume and stop are handled within one chunk.
 */
export interface WorkerHost {
  receive(message: ToWorker): void;
}

export type Post = (message: FromWorker, transfer: ArrayBuffer[]) => void;

/** Longest stretch of training before the worker looks at its messages again. */
const CHUNK_MS = 20;
/** Shortest interval between two stat frames: the UI redraws at most at 20 Hz. */
const FRAME_MS = 50;

interface TimerGlobals {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
// Both browsers' workers and Node have these timers; the engine's lib (ES2022 only) does not declare them.
const timers = globalThis as unknown as TimerGlobals;

/** Metrics of the steps since the last recorded point. */
interface Accumulator {
  steps: number;
  lossSum: number;
  correct: number;
  rows: number;
}

interface Run {
  id: string;
  trainer: Trainer;
  totalSteps: number;
  reportEvery: number;
  state: RunState;
  accumulator: Accumulator;
  /** Recorded points not yet posted. */
  points: { step: number[]; loss: number[]; accuracy: number[] };
  lastFrameAt: number;
  timer: unknown;
}

export function createWorkerHost(post: Post): WorkerHost {
  let run: Run | null = null;

  const send = (message: FromWorker): void => post(message, transferablesOf(message));

  const setState = (current: Run, state: RunState): void => {
    current.state = state;
    send({ type: 'state', runId: current.id, state, step: current.trainer.stepCount });
  };

  const fail = (runId: string, error: unknown): void => {
    if (run && run.id === runId) cancel(run);
    send({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) });
    if (run && run.id === runId) setState(run, 'failed');
    else send({ type: 'state', runId, state: 'failed', step: 0 });
  };

  const cancel = (current: Run): void => {
    if (current.timer !== null) timers.clearTimeout(current.timer);
    current.timer = null;
  };

  /** Turns the steps accumulated since the last point into a point. */
  const recordPoint = (current: Run): void => {
    const { accumulator, points } = current;
    if (accumulator.steps === 0) return;
    points.step.push(current.trainer.stepCount);
    points.loss.push(accumulator.lossSum / accumulator.steps);
    points.accuracy.push(accumulator.correct / accumulator.rows);
    current.accumulator = { steps: 0, lossSum: 0, correct: 0, rows: 0 };
  };

  const postFrame = (current: Run): void => {
    current.lastFrameAt = Date.now();
    if (current.points.step.length === 0) return;
    const { trainer, points } = current;
    const frame: StatFrame = {
      type: 'frame',
      runId: current.id,
      step: trainer.stepCount,
      epoch: trainer.epoch,
      steps: Float64Array.from(points.step),
      loss: Float32Array.from(points.loss),
      accuracy: Float32Array.from(points.accuracy),
      testAccuracy: trainer.evaluate(trainer.data.test).accuracy,
    };
    current.points = { step: [], loss: [], accuracy: [] };
    send(frame);
  };

  /** Ends the run's current stretch: the partial point and the pending frame go out first. */
  const settle = (current: Run, state: RunState, divergence?: Divergence): void => {
    cancel(current);
    recordPoint(current);
    postFrame(current);
    if (divergence) {
      const { step, nodeId, pass, message } = divergence;
      send({ type: 'diverged', runId: current.id, step, nodeId, pass, message });
    }
    setState(current, state);
  };

  const schedule = (current: Run): void => {
    current.timer = timers.setTimeout(() => {
      current.timer = null;
      try {
        trainChunk(current);
      } catch (error) {
        fail(current.id, error);
      }
    }, 0);
  };

  const trainChunk = (current: Run): void => {
    if (run !== current || current.state !== 'running') return;
    const { trainer } = current;
    const chunkEnd = Date.now() + CHUNK_MS;
    while (Date.now() < chunkEnd) {
      const result = trainer.step();
      if (result.kind === 'diverged') return settle(current, 'diverged', result);
      const { accumulator } = current;
      accumulator.steps++;
      accumulator.lossSum += result.loss;
      accumulator.correct += result.correct;
      accumulator.rows += result.rows;
      if (result.step % current.reportEvery === 0) recordPoint(current);
      if (result.step >= current.totalSteps) return settle(current, 'finished');
    }
    if (Date.now() - current.lastFrameAt >= FRAME_MS) postFrame(current);
    schedule(current);
  };

  const start = (runId: string, plan: CompiledPlan): void => {
    if (run && (run.state === 'running' || run.state === 'paused')) settle(run, 'stopped');
    run = null;
    // Fresh kernels per run: the WASM backend's zero-copy reserve is then never used up by earlier runs.
    const trainer = createTrainer(plan, { kernels: selectKernels() });
    run = {
      id: runId,
      trainer,
      totalSteps: plan.training.steps,
      reportEvery: plan.training.reportEvery,
      state: 'running',
      accumulator: { steps: 0, lossSum: 0, correct: 0, rows: 0 },
      points: { step: [], loss: [], accuracy: [] },
      lastFrameAt: Date.now(),
      timer: null,
    };
    setState(run, 'running');
    schedule(run);
  };

  return {
    receive(message) {
      let runId = run?.id ?? '';
      try {
        if (message.type === 'start') runId = message.runId;
        switch (message.type) {
          case 'start':
            start(message.runId, message.plan);
            break;
          case 'pause':
            if (run?.state === 'running') settle(run, 'paused');
            break;
          case 'resume':
            if (run?.state === 'paused') {
              setState(run, 'running');
              schedule(run);
            }
            break;
          case 'stop':
            if (run && (run.state === 'running' || run.state === 'paused')) settle(run, 'stopped');
            break;
          default:
            assertNever(message);
        }
      } catch (error) {
        fail(runId, error);
      }
    },
  };
}
