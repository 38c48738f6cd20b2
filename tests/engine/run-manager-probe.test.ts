import { describe, expect, it } from 'vitest';
import { selectKernels } from '../../engine/kernels/select';
import { probeGrid } from '../../engine/probe';
import type { ProbeQuery } from '../../engine/run/manager';
import { createTrainer } from '../../engine/train';
import { planOf, stateOf, useManagers } from './run-support';

const managerWith = useManagers();

const short = planOf((d) => Object.assign(d.training, { steps: 40, reportEvery: 10 }));
const long = planOf((d) => (d.training.steps = 1_000_000));
const grid: Extract<ProbeQuery, { type: 'probe-grid' }> = { type: 'probe-grid', x: [-1, 1], y: [-1, 1], columns: 4, rows: 3 };

describe('RunManager.probe', () => {
  it('routes each probe to its run and its answer to the caller, never to the consumer', async () => {
    const { manager, log } = managerWith();
    manager.start({ runId: 'a', plan: long, instruments: null });
    manager.start({ runId: 'b', plan: long, instruments: null, paused: true });
    await log.waitFor(stateOf('a', 'running'));
    await log.waitFor(stateOf('b', 'paused'));
    const [fromA, fromB, sample] = await Promise.all([manager.probe('a', grid), manager.probe('b', grid), manager.probe('b', { type: 'probe-sample', split: 'test', index: 2 })]);
    expect(fromA).toMatchObject({ type: 'grid', runId: 'a', columns: 4, rows: 3 });
    expect(fromA.probabilities).toHaveLength(4 * 3 * 2);
    expect(fromB).toMatchObject({ type: 'grid', runId: 'b', step: 0 });
    // Run b waits at step 0: its grid is that of the untrained network.
    const untrained = createTrainer(long, { kernels: selectKernels() });
    expect(Array.from(fromB.probabilities)).toEqual(Array.from(probeGrid(untrained, grid).probabilities));
    expect(sample).toMatchObject({ type: 'sample', runId: 'b', split: 'test', index: 2 });
    expect(new Set([fromA.requestId, fromB.requestId, sample.requestId]).size).toBe(3);
    expect(log.events.some((event) => ['grid', 'sample', 'probe-error'].includes(event.type))).toBe(false);
  });

  it('rejects a bad request with the worker’s reason, and the run trains on', async () => {
    const { manager, log } = managerWith();
    manager.start({ runId: 'a', plan: long, instruments: null });
    await log.waitFor(stateOf('a', 'running'));
    await expect(manager.probe('a', { type: 'probe-sample', split: 'train', index: 1e9 })).rejects.toThrow(/index must be a whole number/);
    await expect(manager.probe('a', grid)).resolves.toMatchObject({ type: 'grid', runId: 'a' });
    expect(manager.status('a')).toBe('running');
    manager.stop('a');
    expect(await manager.ended('a')).toBe('stopped');
    expect(log.of('a').some((event) => event.type === 'error')).toBe(false);
  });

  it('rejects probes of unknown and queued runs at once', async () => {
    const { manager } = managerWith({ maxConcurrent: 1 });
    manager.start({ runId: 'a', plan: long, instruments: null });
    manager.start({ runId: 'b', plan: short, instruments: null });
    await expect(manager.probe('nobody', grid)).rejects.toThrow("There is no run 'nobody'.");
    await expect(manager.probe('b', grid)).rejects.toThrow(/waiting for a worker: it has no model yet/);
  });

  it('without keepEnded an ended run’s worker is gone, and so is its model', async () => {
    const { manager, ports } = managerWith();
    manager.start({ runId: 'a', plan: short, instruments: null });
    expect(await manager.ended('a')).toBe('finished');
    expect(ports[0].terminated).toBe(true);
    await expect(manager.probe('a', grid)).rejects.toThrow(/has ended \(finished\) and no longer keeps its worker/);
  });

  it('with keepEnded, ended runs keep their worker outside the slots, the longest-ended giving it up first', async () => {
    const { manager, ports } = managerWith({ maxConcurrent: 1, keepEnded: 1 });
    manager.start({ runId: 'a', plan: short, instruments: null });
    manager.start({ runId: 'b', plan: short, instruments: null });
    expect(await manager.ended('a')).toBe('finished');
    // a's kept worker holds no slot: b trains at once.
    const answer = await manager.probe('a', grid);
    expect(answer).toMatchObject({ type: 'grid', runId: 'a', step: 40 });
    const trained = createTrainer(short, { kernels: selectKernels() });
    for (let step = 0; step < 40; step++) trained.step();
    expect(Array.from(answer.probabilities)).toEqual(Array.from(probeGrid(trained, grid).probabilities));

    expect(await manager.ended('b')).toBe('finished');
    expect(ports.map((port) => port.terminated)).toEqual([true, false]);
    expect(manager.busy).toBe(0);
    await expect(manager.probe('a', grid)).rejects.toThrow(/no longer keeps its worker/);
    await expect(manager.probe('b', grid)).resolves.toMatchObject({ runId: 'b', step: 40 });

    // Discarding the run ends its kept worker; a probe in flight is rejected.
    const pending = manager.probe('b', grid);
    manager.discard('b');
    await expect(pending).rejects.toThrow(/no longer keeps its worker/);
    expect(ports[1].terminated).toBe(true);
  });

  it('resetting an ended run ends its kept worker and trains it again in a new one', async () => {
    const { manager, log, ports } = managerWith({ keepEnded: 2 });
    manager.start({ runId: 'a', plan: short, instruments: null });
    expect(await manager.ended('a')).toBe('finished');
    manager.reset('a');
    expect(ports[0].terminated).toBe(true);
    await log.waitFor(stateOf('a', 'paused', 0));
    await expect(manager.probe('a', grid)).resolves.toMatchObject({ runId: 'a', step: 0 });
  });
});
