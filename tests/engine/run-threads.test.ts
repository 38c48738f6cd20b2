import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeWorkerPort } from '../../cli/worker-port';
import type { FromWorker, StatFrame, ToWorker } from '../../engine/protocol';
import { resolveInstruments } from '../../engine/run/instruments';
import { createRunManager, type RunConsumer, type RunManager, type WorkerPort } from '../../engine/run/manager';
import { createEventLog, frameOf, gate, lossesByStep, planOf, stateOf } from './run-support';
import { bundleNodeWorker } from './worker-bundle';

/** The run manager over real Node worker threads, as the CLI uses it. */
let bundle: Awaited<ReturnType<typeof bundleNodeWorker>>;
let crashingWorker = '';
let managers: RunManager[] = [];

beforeAll(async () => {
  bundle = await bundleNodeWorker();
  crashingWorker = join(bundle.folder, 'crashing-worker.mjs');
  writeFileSync(
    crashingWorker,
    "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (message) => { if (message.type === 'start') throw new Error('the worker broke'); });\n",
  );
});

afterEach(() => {
  managers.forEach((manager) => manager.dispose());
  managers = [];
});

afterAll(() => bundle.dispose());

/** A manager over worker threads; `watch` sees every raw message each way, before the manager does. */
function threadManager({
  maxConcurrent = 2,
  consumer,
  script = () => bundle.file,
  watch,
}: {
  maxConcurrent?: number;
  consumer?: RunConsumer;
  script?: () => string;
  watch?: { toWorker(message: ToWorker): void; fromWorker(message: FromWorker): void };
} = {}) {
  const log = createEventLog();
  const manager = createRunManager({
    spawn: (): WorkerPort => {
      const port = nodeWorkerPort(script());
      if (!watch) return port;
      return {
        ...port,
        post: (message, transfer) => {
          watch.toWorker(message);
          port.post(message, transfer);
        },
        onMessage: (listener) =>
          port.onMessage((message) => {
            watch.fromWorker(message);
            listener(message);
          }),
      };
    },
    maxConcurrent,
    consumer: consumer ?? ((event) => log.record(event)),
  });
  managers.push(manager);
  return { manager, log };
}

describe('the run manager over worker threads', () => {
  it('trains two runs in parallel, each as it would alone', async () => {
    const { manager, log } = threadManager({ maxConcurrent: 2 });
    const plan = (seed: number) => planOf((d) => Object.assign(d.training, { seed, steps: 300, reportEvery: 10 }));
    manager.start({ runId: 'one', plan: plan(1), instruments: null });
    manager.start({ runId: 'two', plan: plan(2), instruments: null });
    expect([manager.status('one'), manager.status('two'), manager.busy]).toEqual(['starting', 'starting', 2]);
    expect(await Promise.all([manager.ended('one'), manager.ended('two')])).toEqual(['finished', 'finished']);
    const together = [...lossesByStep(log.framesOf('one')).values()];
    expect(together).toHaveLength(30);
    expect(together).not.toEqual([...lossesByStep(log.framesOf('two')).values()]);

    const alone = threadManager({ maxConcurrent: 1 });
    alone.manager.start({ runId: 'one', plan: plan(1), instruments: null });
    await alone.manager.ended('one');
    expect([...lossesByStep(alone.log.framesOf('one')).values()]).toEqual(together);
  });

  it('both runs train at the same time: each streams frames while the other is running', async () => {
    const { manager, log } = threadManager({ maxConcurrent: 2 });
    const plan = planOf((d) => (d.training.steps = 1_000_000));
    manager.start({ runId: 'one', plan, instruments: null });
    manager.start({ runId: 'two', plan, instruments: null });
    const [first, second] = await Promise.all([log.waitFor(frameOf('one')), log.waitFor(frameOf('two'))]);
    const later = await Promise.all([
      log.waitFor(frameOf('one'), log.events.indexOf(second) + 1),
      log.waitFor(frameOf('two'), log.events.indexOf(first) + 1),
    ]);
    expect(later.map((frame) => frame.step > 0)).toEqual([true, true]);
    expect([manager.status('one'), manager.status('two')]).toEqual(['running', 'running']);
    manager.stop('one');
    manager.stop('two');
    expect(await Promise.all([manager.ended('one'), manager.ended('two')])).toEqual(['stopped', 'stopped']);
  });

  it('queues runs beyond maxConcurrent: never more than one worker alive', async () => {
    let alive = 0;
    let mostAlive = 0;
    const log = createEventLog();
    const counting = createRunManager({
      spawn: () => {
        const port = nodeWorkerPort(bundle.file);
        alive += 1;
        mostAlive = Math.max(mostAlive, alive);
        return { ...port, terminate: () => (alive -= 1, port.terminate()) };
      },
      maxConcurrent: 1,
      consumer: (event) => log.record(event),
    });
    managers.push(counting);
    const plan = planOf((d) => Object.assign(d.training, { steps: 100, reportEvery: 50 }));
    const ids = ['a', 'b', 'c'].map((runId) => counting.start({ runId, plan, instruments: null }));
    expect(ids.map((id) => counting.status(id))).toEqual(['starting', 'queued', 'queued']);
    expect(await Promise.all(ids.map((id) => counting.ended(id)))).toEqual(['finished', 'finished', 'finished']);
    expect([mostAlive, alive, counting.busy]).toEqual([1, 0, 0]);
  });

  it('reaches step 100 through pauses and single steps exactly as straight through: losses and weights', async () => {
    const plan = planOf((d) => Object.assign(d.training, { steps: 100, reportEvery: 1 }));
    const instruments = resolveInstruments({ every: 10 });

    const straight = threadManager();
    straight.manager.start({ runId: 'r', plan, instruments, delivery: 'lockstep' });
    expect(await straight.manager.ended('r')).toBe('finished');

    // Lockstep: while the consumer holds the frame of step 10, training can get no further than
    // step 20 (the next measurement), so the pause lands between the two.
    const held = gate();
    const heldFrame = gate();
    const log = createEventLog();
    const interrupted = threadManager({
      consumer: (event) => {
        log.record(event);
        if (event.type === 'frame' && event.step === 10) {
          heldFrame.open();
          return held.promise;
        }
      },
    });
    const { manager } = interrupted;
    manager.start({ runId: 'r', plan, instruments, delivery: 'lockstep', paused: true });
    await log.waitFor(stateOf('r', 'paused', 0));
    for (const step of [1, 2, 3]) {
      manager.step('r');
      await log.waitFor(stateOf('r', 'paused', step));
    }
    const resumedAt = log.events.length;
    manager.resume('r');
    await heldFrame.promise;
    manager.pause('r');
    held.open();
    const paused = await log.waitFor(stateOf('r', 'paused'), resumedAt);
    expect(paused.step).toBeGreaterThanOrEqual(10);
    expect(paused.step).toBeLessThanOrEqual(20);
    for (const step of [paused.step + 1, paused.step + 2]) {
      manager.step('r');
      await log.waitFor(stateOf('r', 'paused', step));
    }
    manager.resume('r');
    expect(await manager.ended('r')).toBe('finished');

    const expected = straight.log.framesOf('r');
    const actual = log.framesOf('r');
    expect([...lossesByStep(actual)]).toEqual([...lossesByStep(expected)]);
    expect(lossesByStep(actual).size).toBe(100);
    // The measurement after step 100: every weight's moments, gradient and update ratio, every activation's percentiles.
    const last = (frames: StatFrame[]) => frames.at(-1)!.stats.at(-1)!;
    expect(last(actual).step).toBe(100);
    expect(last(actual)).toEqual(last(expected));
  });

  it('backpressure: a slow consumer gets one frame at a time, with a bounded number of points', async () => {
    let unacknowledged = 0;
    let mostUnacknowledged = 0;
    const frames: StatFrame[] = [];
    const fourFrames = gate();
    // The consumer is slow on purpose: it holds every frame for a second while the worker trains on.
    const slowConsumer: RunConsumer = (event) => {
      if (event.type !== 'frame') return;
      frames.push(event);
      if (frames.length === 4) fourFrames.open();
      return new Promise((resolve) => setTimeout(resolve, 1000));
    };
    const { manager } = threadManager({
      consumer: slowConsumer,
      watch: {
        toWorker: (message) => {
          if (message.type === 'ack') unacknowledged -= 1;
        },
        fromWorker: (message) => {
          if (message.type !== 'frame') return;
          unacknowledged += 1;
          mostUnacknowledged = Math.max(mostUnacknowledged, unacknowledged);
        },
      },
    });
    // A tiny network on single examples: tens of thousands of steps a second, far beyond the
    // 2048 points that may wait during one held frame, even on a busy machine.
    const plan = planOf((d) => {
      Object.assign(d.training, { steps: 10_000_000, reportEvery: 1, batchSize: 1 });
      for (const node of d.graph.nodes) if (node.id === 'dense1' || node.id === 'dense2') node.params.units = 4;
    });
    manager.start({ runId: 'r', plan, instruments: resolveInstruments() });
    await fourFrames.promise;
    manager.stop('r');
    await manager.ended('r');

    expect(mostUnacknowledged).toBe(1);
    expect(Math.max(...frames.map((frame) => frame.steps.length))).toBeLessThanOrEqual(2048);
    // The worker trained on while the consumer was busy: later frames cover more steps than the
    // 2048 points that may wait, so their points were merged to stay within the bound.
    const covered = frames.slice(1).map((frame, i) => frame.step - frames[i].step);
    expect(Math.max(...covered)).toBeGreaterThan(2048);
    expect(frames.slice(1).some((frame, i) => frame.steps.length < covered[i])).toBe(true);
    expect(frames.map((frame) => frame.seq)).toEqual(frames.map((_, i) => i + 1));
    // Each frame brings every measurement since the one before; only the one flushed by the stop may come without.
    expect(frames.slice(0, -1).every((frame) => frame.stats.length > 0)).toBe(true);
  });

  it('a worker that crashes fails its own run; the other run goes on', async () => {
    let spawned = 0;
    const { manager, log } = threadManager({ script: () => (spawned++ === 0 ? crashingWorker : bundle.file) });
    manager.start({ runId: 'crash', plan: planOf(), instruments: null });
    manager.start({ runId: 'fine', plan: planOf((d) => (d.training.steps = 300)), instruments: null });
    expect(await manager.ended('crash')).toBe('failed');
    expect(log.of('crash').slice(-2)).toEqual([
      { type: 'error', runId: 'crash', message: 'The training worker failed: the worker broke', source: 'worker' },
      { type: 'state', runId: 'crash', state: 'failed', step: 0 },
    ]);
    expect(await manager.ended('fine')).toBe('finished');
    expect(log.of('fine').at(-1)).toEqual({ type: 'state', runId: 'fine', state: 'finished', step: 300 });
  });
});
