import type { CompiledPlan } from '../document/plan';
import { assertNever, type FrameDelivery, type FromWorker, type RunInstruments, type RunState, type StartMessage, type ToWorker } from '../protocol';

/**
 * The run manager: owns the training workers of every run, whatever the transport (Web
 * Workers in the app, worker_threads in the CLI and tests: `spawn` makes one). A run is queued
 * until a worker slot is free, then trains in its own worker; at most `maxConcurrent` runs hold
 * a worker, and a run gives its worker back when it ends. A worker that crashes fails its own
 * run only.
 */

/** One worker, as the manager sees it. */
export interface WorkerPort {
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** The worker itself broke: failed to load, threw outside the protocol, exited. */
  onError(listener: (message: string) => void): void;
  terminate(): void;
}

export interface RunRequest {
  /** Default: run-1, run-2, … in start order. */
  runId?: string;
  plan: CompiledPlan;
  /** null: no per-node stats. */
  instruments: RunInstruments | null;
  /** Default 'coalesce' (see FrameDelivery). */
  delivery?: FrameDelivery;
  /** Train this many epochs instead of plan.training.steps. */
  epochs?: number;
  /** Start paused at step 0, waiting for `resume` or `step`. */
  paused?: boolean;
}

/** `queued`: waiting for a worker slot; `starting`: a worker is loading the data. */
export type RunStatus = 'queued' | 'starting' | RunState;

/** What the consumer hears: every message of a run's worker, and when a run is queued. */
export type RunEvent = FromWorker | { type: 'queued'; runId: string };

/**
 * Receives a run's events one at a time, in order. A returned promise holds back the run's
 * next event until it settles, and a frame is acknowledged to its worker only then: a slow
 * consumer slows the frames down instead of piling them up. A consumer that throws (or
 * rejects) fails that run.
 */
export type RunConsumer = (event: RunEvent) => void | Promise<void>;

export interface RunManagerOptions {
  spawn(): WorkerPort;
  /** Most runs training at once; `defaultConcurrency(hardwareConcurrency)` leaves a core to the UI. */
  maxConcurrent: number;
  consumer: RunConsumer;
}

export interface RunManager {
  /** Queues a run and returns its id; it starts as soon as a worker slot is free. */
  start(request: RunRequest): string;
  /** A queued run will then start paused. */
  pause(runId: string): void;
  resume(runId: string): void;
  /** One step of a paused run. */
  step(runId: string): void;
  /** A queued run leaves the queue; a training one ends after its current chunk of steps. */
  stop(runId: string): void;
  /** Back to step 0, same seed, running or paused as before; an ended run is queued again, to start paused. */
  reset(runId: string): void;
  /** The base learning rate from the next step on; also what a queued or reset run starts with. */
  setLearningRate(runId: string, value: number): void;
  /** Ends a run at once and forgets it: its worker is terminated, its pending events dropped. */
  discard(runId: string): void;
  /** null for an unknown (or discarded) run. */
  status(runId: string): RunStatus | null;
  /** Resolves with the final state once the run has ended and the consumer has had every event of it. */
  ended(runId: string): Promise<RunState>;
  /** Runs holding a worker now. */
  readonly busy: number;
  /** Discards every run. */
  dispose(): void;
}

/** One core stays with the UI (or the CLI's main thread); at least one worker. */
export function defaultConcurrency(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.floor(hardwareConcurrency ?? 1) - 1);
}

const FINAL: ReadonlySet<RunStatus> = new Set<RunStatus>(['stopped', 'finished', 'diverged', 'failed']);

interface ManagedRun {
  id: string;
  /** What the worker is started with; its plan is the manager's own copy (learning-rate changes). */
  start: StartMessage;
  status: RunStatus;
  /** The last step the worker reported. */
  step: number;
  port: WorkerPort | null;
  startPaused: boolean;
  /** Events not yet handed to the consumer, and whether one is being handled. */
  backlog: RunEvent[];
  delivering: boolean;
  ending: Deferred<RunState>;
  discarded: boolean;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

const isFinal = (status: RunStatus): status is RunState => FINAL.has(status);
const isThenable = (value: unknown): value is PromiseLike<void> => typeof (value as { then?: unknown } | undefined)?.then === 'function';
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createRunManager({ spawn, maxConcurrent, consumer }: RunManagerOptions): RunManager {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  const runs = new Map<string, ManagedRun>();
  const queue: ManagedRun[] = [];
  let busy = 0;
  let started = 0;

  const find = (runId: string): ManagedRun => {
    const run = runs.get(runId);
    if (!run) throw new Error(`There is no run '${runId}'.`);
    return run;
  };
  const isActive = (run: ManagedRun): boolean => run.port !== null;

  const deliver = (run: ManagedRun, ...events: RunEvent[]): void => {
    run.backlog.push(...events);
    if (!run.delivering) drain(run);
  };

  const drain = (run: ManagedRun): void => {
    run.delivering = true;
    while (run.backlog.length > 0 && !run.discarded) {
      const event = run.backlog.shift()!;
      let result: void | Promise<void>;
      try {
        result = consumer(event);
      } catch (error) {
        consumerFailed(run, error);
        continue;
      }
      if (isThenable(result)) {
        result.then(
          () => {
            handled(run, event);
            drain(run);
          },
          (error: unknown) => {
            consumerFailed(run, error);
            drain(run);
          },
        );
        return;
      }
      handled(run, event);
    }
    run.delivering = false;
  };

  const handled = (run: ManagedRun, event: RunEvent): void => {
    if (event.type === 'frame') run.port?.post({ type: 'ack', seq: event.seq });
    if (event.type === 'state' && isFinal(event.state) && run.status === event.state) run.ending.resolve(event.state);
  };

  const consumerFailed = (run: ManagedRun, error: unknown): void => {
    if (isFinal(run.status)) {
      run.ending.resolve(run.status);
      return;
    }
    release(run);
    run.status = 'failed';
    run.backlog = [
      { type: 'error', runId: run.id, message: `The consumer of run '${run.id}' failed: ${messageOf(error)}`, source: 'worker' },
      { type: 'state', runId: run.id, state: 'failed', step: run.step },
    ];
  };

  /** Gives the run's worker back and starts the next queued run. */
  const release = (run: ManagedRun): void => {
    const port = run.port;
    if (!port) return;
    run.port = null;
    busy -= 1;
    port.terminate();
    startQueued();
  };

  const failRun = (run: ManagedRun, message: string): void => {
    release(run);
    run.status = 'failed';
    deliver(run, { type: 'error', runId: run.id, message, source: 'worker' }, { type: 'state', runId: run.id, state: 'failed', step: run.step });
  };

  const route = (run: ManagedRun, port: WorkerPort, message: FromWorker): void => {
    // A released worker's late messages, or a message of a run this worker no longer trains.
    if (run.port !== port || message.runId !== run.id) return;
    switch (message.type) {
      case 'state':
        run.status = message.state;
        run.step = message.step;
        if (isFinal(message.state)) release(run);
        break;
      case 'frame':
        run.step = message.step;
        break;
      case 'diverged':
      case 'reset':
      case 'error':
        break;
      default:
        assertNever(message);
    }
    deliver(run, message);
  };

  const launch = (run: ManagedRun): void => {
    let port: WorkerPort;
    try {
      port = spawn();
    } catch (error) {
      run.status = 'failed';
      deliver(run, { type: 'error', runId: run.id, message: `No training worker could be started: ${messageOf(error)}`, source: 'worker' }, { type: 'state', runId: run.id, state: 'failed', step: 0 });
      return;
    }
    busy += 1;
    run.port = port;
    run.status = 'starting';
    port.onMessage((message) => route(run, port, message));
    port.onError((message) => {
      if (run.port === port) failRun(run, `The training worker failed: ${message}`);
    });
    port.post({ ...run.start, paused: run.startPaused });
  };

  const startQueued = (): void => {
    while (busy < maxConcurrent && queue.length > 0) launch(queue.shift()!);
  };

  const enqueue = (run: ManagedRun): void => {
    run.status = 'queued';
    queue.push(run);
    deliver(run, { type: 'queued', runId: run.id });
    startQueued();
  };

  const unqueue = (run: ManagedRun): boolean => {
    const index = queue.indexOf(run);
    if (index >= 0) queue.splice(index, 1);
    return index >= 0;
  };

  const post = (run: ManagedRun, message: ToWorker): void => {
    if (isActive(run)) run.port!.post(message);
  };

  return {
    start(request) {
      const runId = request.runId ?? `run-${started + 1}`;
      const previous = runs.get(runId);
      if (previous && !isFinal(previous.status)) throw new Error(`Run '${runId}' is still under way.`);
      const { epochs } = request;
      if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1)) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
      started += 1;
      const run: ManagedRun = {
        id: runId,
        start: {
          type: 'start',
          runId,
          plan: { ...request.plan, training: { ...request.plan.training } },
          instruments: request.instruments,
          delivery: request.delivery ?? 'coalesce',
          ...(epochs === undefined ? {} : { epochs }),
        },
        status: 'queued',
        step: 0,
        port: null,
        startPaused: request.paused ?? false,
        backlog: [],
        delivering: false,
        ending: deferred(),
        discarded: false,
      };
      runs.set(runId, run);
      enqueue(run);
      return runId;
    },
    pause(runId) {
      const run = find(runId);
      if (run.status === 'queued') run.startPaused = true;
      else post(run, { type: 'pause' });
    },
    resume(runId) {
      const run = find(runId);
      if (run.status === 'queued') run.startPaused = false;
      else post(run, { type: 'resume' });
    },
    step(runId) {
      post(find(runId), { type: 'step' });
    },
    stop(runId) {
      const run = find(runId);
      if (unqueue(run)) {
        run.status = 'stopped';
        deliver(run, { type: 'state', runId, state: 'stopped', step: 0 });
      } else post(run, { type: 'stop' });
    },
    reset(runId) {
      const run = find(runId);
      if (isActive(run)) return post(run, { type: 'reset' });
      if (!isFinal(run.status)) return;
      run.ending = deferred();
      run.step = 0;
      run.startPaused = true;
      deliver(run, { type: 'reset', runId });
      enqueue(run);
    },
    setLearningRate(runId, value) {
      if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`The learning rate must be a positive number, got ${value}`);
      const run = find(runId);
      run.start.plan.training.learningRate = value;
      post(run, { type: 'set-learning-rate', value });
    },
    discard(runId) {
      const run = runs.get(runId);
      if (!run) return;
      runs.delete(runId);
      unqueue(run);
      run.discarded = true;
      run.backlog = [];
      release(run);
      run.ending.resolve(isFinal(run.status) ? run.status : 'stopped');
    },
    status(runId) {
      return runs.get(runId)?.status ?? null;
    },
    ended(runId) {
      return find(runId).ending.promise;
    },
    get busy() {
      return busy;
    },
    dispose() {
      for (const runId of [...runs.keys()]) this.discard(runId);
    },
  };
}
