import type { CompiledPlan } from '../document/plan';
import { assertNever, type FrameDelivery, type FromWorker, type RunInstruments, type RunState, type StartMessage, type ToWorker } from '../protocol';
import type { ProbeReply, ProbeRequest } from '../protocol';
import type { ParametersReply } from '../protocol';
import type { TrainedParameters } from '../export/weights';

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

/** What the consumer hears: every message of a run's worker (but the answers to probes, which go to `probe`), and when a run is queued. */
export type RunEvent = Exclude<FromWorker, ProbeReply | ParametersReply> | { type: 'queued'; runId: string };

/** A probe as `RunManager.probe` takes it: the manager numbers the requests. */
export type ProbeQuery = Omit<Extract<ProbeRequest, { type: 'probe-grid' }>, 'requestId'> | Omit<Extract<ProbeRequest, { type: 'probe-sample' }>, 'requestId'>;

/** The answer to a probe: a `grid` for `probe-grid`, a `sample` for `probe-sample`. */
export type ProbeAnswer<Query extends ProbeQuery> = Extract<ProbeReply, { type: Query extends { type: 'probe-grid' } ? 'grid' : 'sample' }>;

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
  /**
   * How many ended runs (finished, stopped or diverged) keep their worker, idle, so that `probe`
   * can still look at their model; the run that ended longest ago gives its worker up first.
   * Kept workers hold no slot of `maxConcurrent`. Default 0: a run's worker is terminated when
   * it ends.
   */
  keepEnded?: number;
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
  /**
   * Asks the run's worker what its current model makes of some inputs (engine/probe.ts),
   * without changing its training. Rejects, with the reason, when the request is bad (the
   * message names the field), when the run is unknown, queued or still loading its data, or
   * when it has ended and its worker is no longer kept (see `keepEnded`).
   */
  probe<Query extends ProbeQuery>(runId: string, query: Query): Promise<ProbeAnswer<Query>>;
  /**
   * Copies of the run's current parameters and BatchNorm statistics (the PyTorch export's
   * weights). Rejects like `probe` when the run has no model to read.
   */
  parameters(runId: string): Promise<TrainedParameters>;
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
  /** The worker of the ended run, kept idle to answer probes (`keepEnded`). */
  kept: WorkerPort | null;
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

export function createRunManager({ spawn, maxConcurrent, consumer, keepEnded = 0 }: RunManagerOptions): RunManager {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  if (!Number.isInteger(keepEnded) || keepEnded < 0) throw new RangeError(`keepEnded must be a non-negative integer, got ${keepEnded}`);
  /** Ended runs that keep their worker, the one that ended longest ago first. */
  const keptRuns: ManagedRun[] = [];
  /** Probes waiting for their answer, by request id. */
  const probes = new Map<number, { port: WorkerPort; resolve(reply: ProbeReply | ParametersReply): void; reject(error: Error): void }>();
  let probeCount = 0;
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

  /** Terminates a worker; the probes it has not answered are rejected with `reason`. */
  const retire = (port: WorkerPort, reason: string): void => {
    for (const [requestId, waiting] of probes) {
      if (waiting.port !== port) continue;
      probes.delete(requestId);
      waiting.reject(new Error(reason));
    }
    port.terminate();
  };

  /** Terminates the worker an ended run kept for probes, if any. */
  const dropKept = (run: ManagedRun): void => {
    const port = run.kept;
    if (!port) return;
    run.kept = null;
    keptRuns.splice(keptRuns.indexOf(run), 1);
    retire(port, `Run '${run.id}' no longer keeps its worker: its model is gone.`);
  };

  /**
   * Gives the run's worker back and starts the next queued run. With `keep` (a run that ended
   * well) the worker stays alive, idle and outside the slots, to answer probes (`keepEnded`).
   */
  const release = (run: ManagedRun, keep = false): void => {
    const port = run.port;
    if (!port) return;
    run.port = null;
    busy -= 1;
    if (keep && keepEnded > 0) {
      run.kept = port;
      keptRuns.push(run);
      while (keptRuns.length > keepEnded) dropKept(keptRuns[0]);
    } else retire(port, `Run '${run.id}' gave its worker back before answering.`);
    startQueued();
  };

  const answer = (port: WorkerPort, reply: ProbeReply | ParametersReply): void => {
    const waiting = probes.get(reply.requestId);
    if (!waiting || waiting.port !== port) return;
    probes.delete(reply.requestId);
    if (reply.type === 'probe-error') waiting.reject(new Error(reply.message));
    else waiting.resolve(reply);
  };

  const failRun = (run: ManagedRun, message: string): void => {
    release(run);
    run.status = 'failed';
    deliver(run, { type: 'error', runId: run.id, message, source: 'worker' }, { type: 'state', runId: run.id, state: 'failed', step: run.step });
  };

  const route = (run: ManagedRun, port: WorkerPort, message: FromWorker): void => {
    if (message.type === 'grid' || message.type === 'sample' || message.type === 'probe-error' || message.type === 'parameters') return answer(port, message);
    // A released worker's late messages, or a message of a run this worker no longer trains.
    if (run.port !== port || message.runId !== run.id) return;
    switch (message.type) {
      case 'state':
        run.status = message.state;
        run.step = message.step;
        if (isFinal(message.state)) release(run, message.state !== 'failed');
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
      if (run.kept === port) dropKept(run);
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
      if (previous) dropKept(previous);
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
        kept: null,
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
      dropKept(run);
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
      dropKept(run);
      run.ending.resolve(isFinal(run.status) ? run.status : 'stopped');
    },
    status(runId) {
      return runs.get(runId)?.status ?? null;
    },
    ended(runId) {
      return find(runId).ending.promise;
    },
    probe<Query extends ProbeQuery>(runId: string, query: Query): Promise<ProbeAnswer<Query>> {
      const run = runs.get(runId);
      const port = run ? (run.port ?? run.kept) : null;
      if (!run || !port) {
        const reason = !run
          ? `There is no run '${runId}'.`
          : run.status === 'queued'
            ? `Run '${runId}' is waiting for a worker: it has no model yet.`
            : `Run '${runId}' has ended (${run.status}) and no longer keeps its worker: its model is gone.`;
        return Promise.reject(new Error(reason));
      }
      probeCount += 1;
      const requestId = probeCount;
      return new Promise<ProbeAnswer<Query>>((resolve, reject) => {
        probes.set(requestId, { port, resolve: resolve as (reply: ProbeReply) => void, reject });
        port.post({ ...query, requestId } as ProbeRequest);
      });
    },
    parameters(runId: string): Promise<TrainedParameters> {
      const run = runs.get(runId);
      const port = run ? (run.port ?? run.kept) : null;
      if (!run || !port) return Promise.reject(new Error(run ? `Run '${runId}' has no model to read (${run.status}).` : `There is no run '${runId}'.`));
      probeCount += 1;
      const requestId = probeCount;
      return new Promise<TrainedParameters>((resolve, reject) => {
        const take = (reply: ProbeReply | ParametersReply): void => {
          if (reply.type === 'parameters') resolve({ step: reply.step, nodes: reply.nodes });
          else reject(new Error(`Run '${runId}' answered ${reply.type} to a parameters request.`));
        };
        probes.set(requestId, { port, resolve: take, reject });
        port.post({ type: 'request-parameters', requestId });
      });
    },
    get busy() {
      return busy;
    },
    dispose() {
      for (const runId of [...runs.keys()]) this.discard(runId);
    },
  };
}
