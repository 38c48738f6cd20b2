import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import type { CompiledPlan } from '../../engine/document/plan';
import type { GraphNode, NetDocument } from '../../engine/document/types';
import type { FromWorker, StatFrame, ToWorker } from '../../engine/protocol';
import { afterEach } from 'vitest';
import { createRunManager, type RunConsumer, type RunEvent, type RunManager, type WorkerPort } from '../../engine/run/manager';
import { createWorkerHost, type WorkerHostOptions } from '../../engine/worker/host';

/** newDocument() (two spirals, 2-32-32-2 tanh; 320 training rows, 10 steps per epoch) with edits, compiled. */
export function planOf(edit: (doc: NetDocument) => void = () => {}): CompiledPlan {
  const doc = newDocument();
  edit(doc);
  const result = compile(doc);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.plan;
}

const node = (id: string, kind: GraphNode['kind'], params: GraphNode['params'] = {}): GraphNode => ({ id, kind, params, position: { x: 0, y: 0 } });
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

/** newDocument() with BatchNorm after dense1 and Dropout after act2: state beyond the weights (running statistics, masks). */
export const withBatchNormAndDropout = (doc: NetDocument): void => {
  doc.graph.nodes.push(node('bn', 'batchnorm'), node('drop', 'dropout', { rate: 0.3 }));
  doc.graph.edges = [
    ...doc.graph.edges.filter((e) => e.target !== 'act1' && e.target !== 'logits'),
    edge('dense1', 'bn'),
    edge('bn', 'act1'),
    edge('act2', 'drop'),
    edge('drop', 'logits'),
  ];
};

/**
 * A WorkerPort whose "worker" is a host in this thread. Both directions go through a macrotask
 * and a structured clone, as with a real worker, so ordering and copying behave alike.
 */
export function inProcessPort(options: WorkerHostOptions = {}): WorkerPort & { readonly terminated: boolean } {
  const listeners: ((message: FromWorker) => void)[] = [];
  let terminated = false;
  const host = createWorkerHost((message) => {
    const copy = structuredClone(message);
    setTimeout(() => {
      if (!terminated) for (const listener of listeners) listener(copy);
    }, 0);
  }, options);
  return {
    post(message: ToWorker) {
      const copy = structuredClone(message);
      setTimeout(() => {
        if (!terminated) host.receive(copy);
      }, 0);
    },
    onMessage: (listener) => listeners.push(listener),
    onError: () => {},
    terminate: () => {
      terminated = true;
      host.receive({ type: 'stop' });
    },
    get terminated() {
      return terminated;
    },
  };
}

/** Every loss point of some frames, by step. */
export function lossesByStep(frames: readonly StatFrame[]): Map<number, number> {
  const losses = new Map<number, number>();
  for (const frame of frames) frame.steps.forEach((step, i) => losses.set(step, frame.loss[i]));
  return losses;
}

/** A promise with its resolver, for a test to settle when it chooses. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Records a run manager's events and lets a test wait for one, without sleeping. */
export function createEventLog() {
  const events: RunEvent[] = [];
  let waiters: { match: (event: RunEvent) => boolean; from: number; resolve: (event: RunEvent) => void }[] = [];
  return {
    events,
    record(event: RunEvent): void {
      events.push(event);
      waiters = waiters.filter((waiter) => {
        if (events.length <= waiter.from || !waiter.match(event)) return true;
        waiter.resolve(event);
        return false;
      });
    },
    /** The first event from index `from` on that matches, recorded already or to come. */
    waitFor<T extends RunEvent>(match: (event: RunEvent) => event is T, from = 0): Promise<T> {
      const found = events.slice(from).find(match);
      if (found) return Promise.resolve(found as T);
      return new Promise<T>((resolve) => waiters.push({ match, from, resolve: resolve as (event: RunEvent) => void }));
    },
    of(runId: string): RunEvent[] {
      return events.filter((event) => event.runId === runId);
    },
    framesOf(runId: string): StatFrame[] {
      return events.filter((event): event is StatFrame => event.type === 'frame' && event.runId === runId);
    },
  };
}

export const stateOf =
  (runId: string, state: string, step?: number) =>
  (event: RunEvent): event is Extract<RunEvent, { type: 'state' }> =>
    event.type === 'state' && event.runId === runId && event.state === state && (step === undefined || event.step === step);

export const frameOf =
  (runId: string, step?: number) =>
  (event: RunEvent): event is StatFrame =>
    event.type === 'frame' && event.runId === runId && (step === undefined || event.step === step);

/**
 * A maker of run managers, by default over in-process hosts (the same protocol as worker
 * threads, without their start-up time), each recording its events; every manager is disposed
 * after each test.
 */
export function useManagers() {
  let managers: RunManager[] = [];
  afterEach(() => {
    managers.forEach((manager) => manager.dispose());
    managers = [];
  });
  return ({ maxConcurrent = 2, consumer, keepEnded, spawn }: { maxConcurrent?: number; consumer?: RunConsumer; keepEnded?: number; spawn?: () => WorkerPort } = {}) => {
    const log = createEventLog();
    const ports: ReturnType<typeof inProcessPort>[] = [];
    const manager = createRunManager({
      spawn:
        spawn ??
        (() => {
          const port = inProcessPort();
          ports.push(port);
          return port;
        }),
      maxConcurrent,
      consumer: consumer ?? ((event) => log.record(event)),
      keepEnded,
    });
    managers.push(manager);
    return { manager, log, ports };
  };
}
