import { describe, expect, it } from 'vitest';
import { selectKernels } from '../../engine/kernels/select';
import type { ToWorker } from '../../engine/protocol';
import { DEFAULT_INSTRUMENTS, resolveInstruments } from '../../engine/run/instruments';
import { createRunManager, defaultConcurrency, type WorkerPort } from '../../engine/run/manager';
import { createTrainer } from '../../engine/train';
import { createEventLog, frameOf, gate, lossesByStep, planOf, stateOf, useManagers } from './run-support';
import { quietWindow } from './worker-harness';

const managerWith = useManagers();

const short = planOf((d) => Object.assign(d.training, { steps: 40, reportEvery: 10 }));
const long = planOf((d) => (d.training.steps = 1_000_000));

describe('defaultConcurrency', () => {
  it('leaves one core to the UI, and never goes below one worker', () => {
    expect([8, 2, 1, 0, undefined].map(defaultConcurrency)).toEqual([7, 1, 1, 1, 1]);
  });
});

describe('createRunManager', () => {
  it('queues the runs beyond maxConcurrent and starts each when a slot frees', async () => {
    const { manager, log, ports } = managerWith({ maxConcurrent: 1 });
    const ids = ['a', 'b', 'c'].map((runId) => manager.start({ runId, plan: short, instruments: null }));
    expect(ids.map((id) => manager.status(id))).toEqual(['starting', 'queued', 'queued']);
    expect(manager.busy).toBe(1);
    expect(await Promise.all(ids.map((id) => manager.ended(id)))).toEqual(['finished', 'finished', 'finished']);
    // Each run started only after the previous one had ended and given its worker back.
    const order = log.events.filter((event) => event.type === 'state').map((event) => `${event.runId}:${event.state}`);
    expect(order).toEqual(['a:running', 'a:finished', 'b:running', 'b:finished', 'c:running', 'c:finished']);
    expect(ports.map((port) => port.terminated)).toEqual([true, true, true]);
    expect(manager.busy).toBe(0);
  });

  it('a queued run can be stopped without ever getting a worker', async () => {
    const { manager, log, ports } = managerWith({ maxConcurrent: 1 });
    manager.start({ runId: 'a', plan: long, instruments: null });
    manager.start({ runId: 'b', plan: short, instruments: null });
    manager.stop('b');
    expect(await manager.ended('b')).toBe('stopped');
    expect(log.of('b')).toEqual([
      { type: 'queued', runId: 'b' },
      { type: 'state', runId: 'b', state: 'stopped', step: 0 },
    ]);
    manager.stop('a');
    expect(await manager.ended('a')).toBe('stopped');
    expect(ports).toHaveLength(1);
  });

  it('a learning rate set while queued is the one the run starts with', async () => {
    const { manager, log } = managerWith({ maxConcurrent: 1 });
    const plan = planOf((d) => Object.assign(d.training, { steps: 20, reportEvery: 1 }));
    manager.start({ runId: 'first', plan: short, instruments: null });
    manager.start({ runId: 'tuned', plan, instruments: null });
    manager.setLearningRate('tuned', 0.5);
    expect(await manager.ended('tuned')).toBe('finished');
    const trainer = createTrainer(planOf((d) => Object.assign(d.training, { steps: 20, reportEvery: 1, learningRate: 0.5 })), { kernels: selectKernels() });
    const expected = Array.from({ length: 20 }, () => Math.fround((trainer.step() as { loss: number }).loss));
    expect([...lossesByStep(log.framesOf('tuned')).values()]).toEqual(expected);
    expect(() => manager.setLearningRate('tuned', 0)).toThrow('The learning rate must be a positive number, got 0');
  });

  it('resets a running run to step 0, and queues an ended run again, paused', async () => {
    const { manager, log } = managerWith();
    manager.start({ runId: 'r', plan: long, instruments: null });
    await log.waitFor(frameOf('r'));
    const beforeReset = log.events.length;
    manager.reset('r');
    await log.waitFor(stateOf('r', 'running', 0), beforeReset);
    // Frames already on their way may come first.
    const afterReset = log.events.slice(beforeReset).filter((event) => event.type !== 'frame');
    expect(afterReset.map((event) => event.type)).toEqual(['reset', 'state']);
    manager.stop('r');
    expect(await manager.ended('r')).toBe('stopped');

    manager.reset('r');
    expect(manager.status('r')).toBe('starting');
    const paused = await log.waitFor(stateOf('r', 'paused'));
    expect(paused.step).toBe(0);
    manager.step('r');
    await log.waitFor(stateOf('r', 'paused', 1));
    manager.stop('r');
    expect(await manager.ended('r')).toBe('stopped');
  });

  it('holds back a run’s next events, and its frame acknowledgement, until the consumer is done', async () => {
    const held = gate();
    const firstFrame = gate();
    const received: string[] = [];
    const { manager } = managerWith({
      consumer: (event) => {
        received.push(event.type === 'state' ? `state:${event.state}` : event.type);
        if (event.type === 'frame' && event.seq === 1) {
          firstFrame.open();
          return held.promise;
        }
      },
    });
    const plan = planOf((d) => Object.assign(d.training, { steps: 2, reportEvery: 1 }));
    manager.start({ runId: 'r', plan, instruments: resolveInstruments({ every: 1 }), delivery: 'lockstep' });
    const ended = manager.ended('r');
    let endedYet = false;
    void ended.then(() => (endedYet = true));
    await firstFrame.promise;
    expect(received).toEqual(['queued', 'state:running', 'frame']);
    expect(endedYet).toBe(false);
    held.open();
    expect(await ended).toBe('finished');
    expect(received).toEqual(['queued', 'state:running', 'frame', 'frame', 'state:finished']);
  });

  it('a consumer that throws fails its own run only', async () => {
    const log = createEventLog();
    const { manager } = managerWith({
      consumer: (event) => {
        log.record(event);
        if (event.type === 'frame' && event.runId === 'fragile') throw new Error('chart overflow');
      },
    });
    manager.start({ runId: 'fragile', plan: long, instruments: null });
    manager.start({ runId: 'sturdy', plan: short, instruments: null });
    expect(await manager.ended('fragile')).toBe('failed');
    expect(log.of('fragile').slice(-2)).toMatchObject([
      { type: 'error', message: "The consumer of run 'fragile' failed: chart overflow" },
      { type: 'state', state: 'failed' },
    ]);
    expect(await manager.ended('sturdy')).toBe('finished');
  });

  it('a worker that cannot be spawned fails its run with a clear message', async () => {
    const log = createEventLog();
    const manager = createRunManager({
      spawn: () => {
        throw new Error('out of threads');
      },
      maxConcurrent: 1,
      consumer: (event) => log.record(event),
    });
    manager.start({ runId: 'r', plan: short, instruments: null });
    expect(await manager.ended('r')).toBe('failed');
    expect(log.of('r')[1]).toMatchObject({ type: 'error', message: 'No training worker could be started: out of threads' });
    expect(manager.busy).toBe(0);
  });

  it('discard ends a run at once: its worker is terminated and nothing more is heard of it', async () => {
    const { manager, log, ports } = managerWith();
    manager.start({ runId: 'r', plan: long, instruments: DEFAULT_INSTRUMENTS });
    await log.waitFor(frameOf('r'));
    const heard = log.events.length;
    manager.discard('r');
    expect(ports[0].terminated).toBe(true);
    expect(manager.status('r')).toBeNull();
    expect(manager.busy).toBe(0);
    await quietWindow(50);
    expect(log.events.length).toBe(heard);
  });

  it('refuses a second run with the id of one under way, and commands for unknown runs', () => {
    const { manager } = managerWith();
    manager.start({ runId: 'r', plan: long, instruments: null });
    expect(() => manager.start({ runId: 'r', plan: long, instruments: null })).toThrow("Run 'r' is still under way.");
    expect(() => manager.pause('nope')).toThrow("There is no run 'nope'.");
    expect(() => createRunManager({ spawn: () => ({}) as WorkerPort, maxConcurrent: 0, consumer: () => {} })).toThrow(RangeError);
  });

  it('sends every command to the run’s own worker', async () => {
    const posted: ToWorker[] = [];
    const { manager } = managerWith({
      spawn: () => ({ post: (message) => posted.push(message), onMessage: () => {}, onError: () => {}, terminate: () => {} }),
      maxConcurrent: 1,
      consumer: () => {},
    });
    manager.start({ runId: 'r', plan: short, instruments: null, epochs: 2 });
    manager.pause('r');
    manager.step('r');
    manager.setLearningRate('r', 0.2);
    manager.resume('r');
    manager.reset('r');
    manager.stop('r');
    expect(posted[0]).toMatchObject({ type: 'start', runId: 'r', epochs: 2, paused: false, delivery: 'coalesce', instruments: null });
    expect(posted.slice(1)).toEqual([
      { type: 'pause' },
      { type: 'step' },
      { type: 'set-learning-rate', value: 0.2 },
      { type: 'resume' },
      { type: 'reset' },
      { type: 'stop' },
    ]);
  });
});
