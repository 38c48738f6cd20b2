import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { probeGrid } from '../../engine/probe';
import { createTrainer } from '../../engine/train';
import { CLASS_RGB } from '../../renderer/instruments/colours';
import { createProbeScheduler } from '../../renderer/instruments/probeScheduler';
import { BOUNDARY_GRID_SIDE, boundaryGrid, decisionImage, greyImage, outputRanges, planeOf } from '../../renderer/instruments/probes';
import { planOf } from './instruments-support';

describe('the decision boundary’s grid', () => {
  it('covers the plane of the data, finest for a small network and coarser for a costly one', () => {
    const small = planOf();
    const plane = planeOf(small)!;
    expect(boundaryGrid(small, plane)).toEqual({ x: plane.x, y: plane.y, columns: BOUNDARY_GRID_SIDE.max, rows: BOUNDARY_GRID_SIDE.max });
    const wide = planOf((doc) => {
      for (const node of doc.graph.nodes) if (node.id === 'dense1' || node.id === 'dense2') node.params.units = 100;
    });
    const coarse = boundaryGrid(wide, plane);
    expect(coarse.columns).toBe(coarse.rows);
    expect(coarse.columns).toBeLessThan(BOUNDARY_GRID_SIDE.max);
    expect(coarse.columns).toBeGreaterThanOrEqual(BOUNDARY_GRID_SIDE.min);
    const perExample = wide.layers.reduce((sum, layer) => sum + layer.flops.forward, 0);
    expect(coarse.columns ** 2 * perExample).toBeLessThanOrEqual(20e6);
  });

  it('a trained network’s grid over the spirals draws a heat map of both classes', () => {
    const plan = planOf();
    const trainer = createTrainer(plan);
    for (let step = 0; step < 300; step++) trainer.step();
    const pixels = decisionImage(probeGrid(trainer, boundaryGrid(plan, planeOf(plan)!)), CLASS_RGB);
    const colours = new Set<string>();
    for (let pixel = 0; pixel < pixels.length; pixel += 4) colours.add(`${pixels[pixel]},${pixels[pixel + 1]},${pixels[pixel + 2]}`);
    expect(colours.size).toBeGreaterThan(50);
    const [first, second] = CLASS_RGB;
    const nearest = (pixel: number) => {
      const distance = (colour: readonly number[]) => colour.reduce((sum, value, k) => sum + (value - pixels[pixel + k]) ** 2, 0);
      return distance(first) < distance(second) ? 0 : 1;
    };
    const counts = [0, 0];
    for (let pixel = 0; pixel < pixels.length; pixel += 4) counts[nearest(pixel)] += 1;
    expect(Math.min(...counts)).toBeGreaterThan(pixels.length / 4 / 10);
  });
});

describe('a sample’s layer images', () => {
  it('draws bounded activations on their fixed range, so a layer stuck at one value is flat grey', () => {
    const ranges = outputRanges(planOf((doc) => (doc.graph.nodes.find((node) => node.id === 'act2')!.params.fn = 'sigmoid')));
    expect([...ranges]).toEqual([
      ['act1', [-1, 1]],
      ['act2', [0, 1]],
    ]);
    const stuck = greyImage([0.5, 0.501, 0.499], 3, 1, ranges.get('act2'));
    expect([stuck[0], stuck[4], stuck[8]]).toEqual([128, 128, 127]);
    // Without a range the same values are stretched black to white.
    const stretched = greyImage([0.5, 0.501, 0.499], 3, 1);
    expect([stretched[0], stretched[4], stretched[8]]).toEqual([128, 255, 0]);
  });
});

describe('createProbeScheduler', () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  /** A scheduler whose probes are answered when the test says, with what it was asked for. */
  function scheduler(intervalMs = 300) {
    const answers: string[] = [];
    const problems: string[] = [];
    const pending: { key: string; settle(ok: boolean): void }[] = [];
    const probes = createProbeScheduler<string>({ intervalMs, now: () => clock, onAnswer: (answer) => answers.push(answer), onProblem: (problem) => problems.push(problem) });
    const want = (key: string | null) =>
      probes.want(key, () => new Promise<string>((resolve, reject) => pending.push({ key: key!, settle: (ok) => (ok ? resolve(`answer ${key}`) : reject(new Error(`no ${key}`))) })));
    /** Lets the clock and the timers move on by `ms`. */
    const advance = async (ms: number) => {
      clock += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };
    return { probes, want, pending, answers, problems, advance };
  }

  it('asks once per key, one probe at a time, at most once per interval', async () => {
    const { want, pending, answers, advance } = scheduler();
    want('step 1');
    expect(pending.map((probe) => probe.key)).toEqual(['step 1']);
    want('step 2');
    want('step 3');
    // One in flight: the newer keys wait, and only the latest is asked.
    expect(pending).toHaveLength(1);
    pending[0].settle(true);
    await advance(0);
    expect(answers).toEqual(['answer step 1']);
    expect(pending).toHaveLength(1);
    await advance(299);
    expect(pending).toHaveLength(1);
    await advance(1);
    expect(pending.map((probe) => probe.key)).toEqual(['step 1', 'step 3']);
    pending[1].settle(true);
    await advance(1000);
    // The same key again is not asked again.
    want('step 3');
    await advance(1000);
    expect(pending).toHaveLength(2);
    expect(answers).toEqual(['answer step 1', 'answer step 3']);
  });

  it('asks nothing while nothing is wanted (off screen), and reports a failure without retrying its key', async () => {
    const { want, pending, problems, advance } = scheduler();
    want(null);
    await advance(1000);
    expect(pending).toHaveLength(0);
    want('finished');
    pending[0].settle(false);
    await advance(1000);
    expect(problems).toEqual(['no finished']);
    want('finished');
    await advance(1000);
    expect(pending).toHaveLength(1);
  });

  it('ignores answers and timers once disposed', async () => {
    const { probes, want, pending, answers, advance } = scheduler();
    want('a');
    want('b');
    probes.dispose();
    pending[0].settle(true);
    await advance(1000);
    expect(answers).toEqual([]);
    expect(pending).toHaveLength(1);
  });
});
