import { beforeEach, describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import type { FromWorker, ToWorker } from '../../engine/protocol';
import type { WorkerPort } from '../../engine/run/manager';
import { appConcurrency, createRunClient, type RunClient } from '../../renderer/run/runClient';
import { createAppStore, type AppStore } from '../../renderer/store';
import { frame } from './helpers';

/** Stands in for the Web Worker: records what the manager posts and replays worker messages. */
class FakeWorker implements WorkerPort {
  posted: ToWorker[] = [];
  terminated = false;
  private listeners: ((message: FromWorker) => void)[] = [];
  private errorListeners: ((message: string) => void)[] = [];
  post(message: ToWorker) {
    this.posted.push(structuredClone(message));
  }
  onMessage(listener: (message: FromWorker) => void) {
    this.listeners.push(listener);
  }
  onError(listener: (message: string) => void) {
    this.errorListeners.push(listener);
  }
  terminate() {
    this.terminated = true;
  }
  reply(message: FromWorker) {
    for (const listener of this.listeners) listener(message);
  }
  fail(message: string) {
    for (const listener of this.errorListeners) listener(message);
  }
}

let store: AppStore;
let workers: FakeWorker[];
let client: RunClient;
const state = () => store.getState();

/** Input → Dense(16) → tanh → Dense(2) → Output, with Dense(2) → Output left out when `complete` is false. */
function buildNetwork(complete: boolean) {
  state().newDocument();
  state().addNode('dense', { x: 200, y: 100 });
  state().addNode('activation', { x: 400, y: 100 });
  state().addNode('dense', { x: 600, y: 100 });
  state().updateParams('dense-2', { units: 2 });
  state().connect('input', 'dense-1');
  state().connect('dense-1', 'activation-1');
  state().connect('activation-1', 'dense-2');
  if (complete) state().connect('dense-2', 'output');
}

beforeEach(() => {
  store = createAppStore();
  workers = [];
  client = createRunClient(store, {
    compile,
    startWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
  });
});

describe('run client', () => {
  it('does not train a document that does not compile, and marks its nodes', () => {
    buildNetwork(false);
    expect(client.train()).toBe(false);
    expect(workers).toEqual([]);
    expect(state().runStatus).toBe('idle');
    expect(state().errorsByNode.output.join(' ')).toMatch(/not connected/);
    expect(state().errorsByNode['dense-2'].join(' ')).toMatch(/not connected/);
  });

  it('re-checks the document on every edit once errors are shown, so fixed nodes clear', () => {
    buildNetwork(false);
    client.train();
    state().connect('dense-2', 'output');
    expect(state().errorsByNode).toEqual({});
    expect(state().compileErrors).toEqual([]);
  });

  it('starts a worker with a frozen plan that later edits do not reach', () => {
    buildNetwork(true);
    expect(client.train()).toBe(true);
    expect(workers).toHaveLength(1);
    const start = workers[0].posted[0];
    expect(start.type).toBe('start');
    if (start.type !== 'start') return;
    expect(start.runId).toBe(state().runId);
    expect(start.plan.layers.map((layer) => layer.kind)).toEqual(['dense', 'activation', 'dense']);
    expect(state()).toMatchObject({ runStatus: 'starting', runTotalSteps: start.plan.training.steps });

    state().updateParams('dense-1', { units: 64 });
    expect(start.plan.layers[0]).toMatchObject({ kind: 'dense', units: 16 });
  });

  it('routes frames and states into the run slice and ends the worker when the run ends', () => {
    buildNetwork(true);
    client.train();
    const worker = workers[0];
    const runId = state().runId as string;
    worker.reply({ type: 'state', runId, state: 'running', step: 0 });
    worker.reply({ ...frame(runId, [10, 20], [0.7, 0.65]), seq: 1 });
    expect(state().runStatus).toBe('running');
    expect(state().trainSeries.length).toBe(2);
    // The store has taken the frame: it is acknowledged at once.
    expect(worker.posted[1]).toEqual({ type: 'ack', seq: 1 });

    client.pause();
    worker.reply({ type: 'state', runId, state: 'paused', step: 20 });
    client.step();
    client.setLearningRate(0.05);
    client.resume();
    worker.reply({ type: 'state', runId, state: 'running', step: 21 });
    client.stop();
    expect(worker.posted.slice(2)).toEqual([
      { type: 'pause' },
      { type: 'step' },
      { type: 'set-learning-rate', value: 0.05 },
      { type: 'resume' },
      { type: 'stop' },
    ]);

    worker.reply({ type: 'state', runId, state: 'stopped', step: 21 });
    expect(state().runStatus).toBe('stopped');
    // The ended run keeps its worker idle, for probes and the export; commands no longer reach it.
    expect(worker.terminated).toBe(false);
    const posted = worker.posted.length;
    client.pause();
    expect(worker.posted).toHaveLength(posted);
  });

  it('a reset empties the charts, and the run goes on from step 0', () => {
    buildNetwork(true);
    client.train();
    const worker = workers[0];
    const runId = state().runId as string;
    worker.reply({ type: 'state', runId, state: 'running', step: 0 });
    worker.reply(frame(runId, [10, 20], [0.7, 0.65]));
    client.reset();
    expect(worker.posted.at(-1)).toEqual({ type: 'reset' });
    worker.reply({ type: 'reset', runId });
    worker.reply({ type: 'state', runId, state: 'running', step: 0 });
    expect(state()).toMatchObject({ runId, runStatus: 'running', runStep: 0 });
    expect(state().trainSeries.length).toBe(0);
    worker.reply(frame(runId, [10], [0.7]));
    expect(state().trainSeries.length).toBe(1);
  });

  it('reports a divergence and a worker error, each ending its run', () => {
    buildNetwork(true);
    client.train();
    const runId = state().runId as string;
    workers[0].reply({ type: 'diverged', runId, step: 7, nodeId: 'dense-1', pass: 'forward', message: 'NaN in dense-1' });
    workers[0].reply({ type: 'state', runId, state: 'diverged', step: 6 });
    expect(state()).toMatchObject({ runStatus: 'diverged', divergence: { nodeId: 'dense-1', step: 7 } });
    expect(workers[0].terminated).toBe(false);

    // A new Train discards the ended run, and its kept worker with it.
    client.train();
    expect(workers[0].terminated).toBe(true);
    const secondRun = state().runId as string;
    expect(secondRun).not.toBe(runId);
    workers[1].reply({ type: 'error', runId: secondRun, message: 'kernel exploded', source: 'worker' });
    workers[1].reply({ type: 'state', runId: secondRun, state: 'failed', step: 0 });
    expect(state()).toMatchObject({ runStatus: 'failed', runMessage: 'kernel exploded' });
    expect(workers[1].terminated).toBe(true);
  });

  it('a worker that fails to load fails the run', () => {
    buildNetwork(true);
    client.train();
    workers[0].fail('script not found');
    expect(state()).toMatchObject({ runStatus: 'failed', runMessage: 'The training worker failed: script not found' });
    expect(workers[0].terminated).toBe(true);
  });

  it('a new run replaces an active one, whose late messages are ignored', () => {
    buildNetwork(true);
    client.train();
    const firstRun = state().runId as string;
    client.train();
    expect(workers[0].terminated).toBe(true);
    workers[0].reply(frame(firstRun, [10], [0.9]));
    expect(state().trainSeries.length).toBe(0);
    expect(state().runId).not.toBe(firstRun);
  });

  it('shares its manager: other runs reach onEvent, never the run slice', () => {
    const heard: string[] = [];
    const shared = createRunClient(store, {
      compile,
      startWorker: () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return worker;
      },
      maxConcurrent: 2,
      onEvent: (event) => heard.push(`${event.runId}:${event.type}`),
    });
    buildNetwork(true);
    shared.train();
    const runId = state().runId as string;
    const plan = (workers[0].posted[0] as Extract<ToWorker, { type: 'start' }>).plan;
    shared.manager.start({ runId: 'compare-1', plan, instruments: null });
    workers[1].reply({ type: 'state', runId: 'compare-1', state: 'running', step: 0 });
    workers[1].reply({ type: 'reset', runId: 'compare-1' });
    workers[1].reply(frame('compare-1', [10], [0.9]));
    expect(state()).toMatchObject({ runId, runStatus: 'starting' });
    expect(state().trainSeries.length).toBe(0);
    expect(heard).toEqual([`${runId}:queued`, 'compare-1:queued', 'compare-1:state', 'compare-1:reset', 'compare-1:frame']);
    shared.dispose();
  });

  it('dispose stops re-checking the document', () => {
    buildNetwork(false);
    client.check();
    client.dispose();
    state().connect('dense-2', 'output');
    expect(state().errorsByNode.output).toBeDefined();
  });
});

describe('appConcurrency', () => {
  it('trains a comparison of three side by side on any machine, and one run per spare core beyond', () => {
    expect([undefined, 1, 2, 4, 8].map(appConcurrency)).toEqual([3, 3, 3, 3, 7]);
  });
});
