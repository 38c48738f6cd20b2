import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../engine/random';
import {
  collectNodeStats,
  createStatsScratch,
  percentileRanks,
  statsTransferables,
  type NodeSnapshot,
  type StatsSnapshot,
} from '../../engine/stats/collect';
import { gradientMagnitude, meanExampleGain, snapshotWeights, updateRatio } from '../../engine/stats/gradients';
import { defaultHistogramRange, growRange, histogram, niceRange, symmetricRange } from '../../engine/stats/histogram';
import { normalizeRanks, percentiles, unitPercentiles } from '../../engine/stats/percentiles';
import { summarize } from '../../engine/stats/summary';
import { reluActivity, sigmoidSaturatedFraction, tanhSaturatedFraction } from '../../engine/stats/units';

function randomValues(random: Random, length: number, draw: () => number = () => random.normal(0, 1)): Float32Array {
  return Float32Array.from({ length }, draw);
}

function expectRelativelyClose(actual: number, expected: number, tolerance = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

/** Percentile by the textbook definition, on plain float64 numbers. */
function referencePercentile(values: ArrayLike<number>, rank: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  const position = ((sorted.length - 1) * rank) / 100;
  const lower = Math.floor(position);
  if (lower === sorted.length - 1) return sorted[lower];
  return sorted[lower] + (position - lower) * (sorted[lower + 1] - sorted[lower]);
}

/** The float32 number just above `value`. */
function nextFloat32Up(value: number): number {
  const bits = new Float32Array([value]);
  const word = new Int32Array(bits.buffer);
  word[0] += value >= 0 ? 1 : -1;
  return bits[0];
}

describe('summarize', () => {
  it('matches numpy (float64 mean, population std) on float32 values', () => {
    // np.array([0.1, -0.7, 2.5, 1e-3, -0.25], dtype=np.float32).astype(np.float64)
    const summary = summarize(new Float32Array([0.1, -0.7, 2.5, 1e-3, -0.25]));
    expectRelativelyClose(summary.mean, 0.3302000026917085);
    expectRelativelyClose(summary.std, 1.1195839204562377);
    expectRelativelyClose(summary.meanAbs, 0.7101999979233369);
    expectRelativelyClose(summary.rms, 1.1672618372592174);
    expect(summary.min).toBe(Math.fround(-0.7));
    expect(summary.max).toBe(2.5);
  });

  it('reads only the first `length` values and agrees with a float64 reference', () => {
    const values = randomValues(createRandom(1), 1000);
    const length = 777;
    const head = Array.from(values.subarray(0, length));
    const mean = head.reduce((sum, v) => sum + v, 0) / length;
    const summary = summarize(values, length);
    expectRelativelyClose(summary.mean, mean);
    expectRelativelyClose(summary.std, Math.sqrt(head.reduce((sum, v) => sum + (v - mean) ** 2, 0) / length));
    expectRelativelyClose(summary.meanAbs, head.reduce((sum, v) => sum + Math.abs(v), 0) / length);
    expectRelativelyClose(summary.rms, Math.sqrt(head.reduce((sum, v) => sum + v * v, 0) / length));
    expect(summary.min).toBe(Math.min(...head));
    expect(summary.max).toBe(Math.max(...head));
  });

  it('keeps a small spread exact around a large mean (two passes, no cancellation)', () => {
    const summary = summarize(new Float32Array([10001, 9999, 10001, 9999]));
    expect(summary.mean).toBe(10000);
    expect(summary.std).toBe(1);
  });

  it('reports NaN everywhere when a value is NaN, and infinite extremes without NaN', () => {
    expect(Object.values(summarize(new Float32Array([1, NaN, 3])))).toEqual([NaN, NaN, NaN, NaN, NaN, NaN]);
    const infinite = summarize(new Float32Array([-Infinity, 0, Infinity]));
    expect([infinite.min, infinite.max]).toEqual([-Infinity, Infinity]);
    expect(infinite.mean).toBeNaN();
  });

  it('rejects an empty or out-of-bounds length', () => {
    expect(() => summarize(new Float32Array(0))).toThrow(/positive integer/);
    expect(() => summarize(new Float32Array(3), 4)).toThrow(/needs 4 values but the array holds 3/);
  });
});

describe('percentiles', () => {
  const ranks = [0, 15, 50, 85, 100];

  it("equals numpy.percentile's default (linear) method", () => {
    const out = new Float64Array(7);
    // np.percentile([3, 1, 4, 1, 5, 9, 2, 6], [0, 15, 50, 85, 100, 33.3, 99.9])
    percentiles(new Float32Array([3, 1, 4, 1, 5, 9, 2, 6]), 8, [...ranks, 33.3, 99.9], new Float32Array(8), out);
    expect(Array.from(out)).toEqual([1.0, 1.05, 3.5, 5.95, 9.0, 2.3309999999999995, 8.979000000000001]);
    // The float32 values of [0.1, -0.7, 2.5, 1e-3, -0.25], as float64.
    percentiles(new Float32Array([0.1, -0.7, 2.5, 1e-3, -0.25]), 5, ranks, new Float32Array(5), out);
    expect(Array.from(out.subarray(0, 5))).toEqual([
      -0.699999988079071, -0.42999999523162846, 0.0010000000474974513, 1.0600000008940693, 2.5,
    ]);
  });

  it('agrees with a naive sorted-array reference on random data, duplicates, any rank order and single values', () => {
    const random = createRandom(2);
    const rankOrders = [
      [0, 1, 2.5, 15, 33.3, 50, 85, 99, 99.99, 100],
      [100, 85, 50, 15, 0, 99.99, 2.5, 50],
    ];
    const scratch = new Float32Array(6400);
    const out = new Float64Array(10);
    const draws = [() => random.normal(0, 3), () => random.int(5) - 2, () => Math.max(0, random.normal(0, 1)), () => 1];
    for (const length of [1, 2, 3, 7, 64, 601, 1000, 6400]) {
      for (const draw of draws) {
        const values = randomValues(random, length, draw);
        for (const rankOrder of rankOrders) {
          percentiles(values, length, rankOrder, scratch, out);
          rankOrder.forEach((rank, i) => expectRelativelyClose(out[i], referencePercentile(values, rank)));
        }
      }
    }
  });

  it('stays exact on long arrays: pixel-like zeros, outliers, infinities and ties across buckets', () => {
    const random = createRandom(11);
    const rankOrder = [0, 15, 50, 85, 100, 0.01, 99.99, 42.42];
    const out = new Float64Array(rankOrder.length);
    const draws: (() => number)[] = [
      () => (random.next() < 0.8 ? 0 : random.next()),
      () => (random.next() < 1e-3 ? 1e30 : random.normal(0, 1)),
      () => (random.next() < 1e-3 ? -Infinity : random.normal(0, 1)),
      () => Math.fround(random.int(3) / 7),
      () => random.normal(5, 1e-3),
    ];
    for (const length of [4096, 4097, 47_040]) {
      const scratch = new Float32Array(length);
      for (const draw of draws) {
        const values = randomValues(random, length, draw);
        const copy = Float32Array.from(values);
        percentiles(values, length, rankOrder, scratch, out);
        rankOrder.forEach((rank, i) => {
          const expected = referencePercentile(values, rank);
          // Between −∞ and a finite neighbour both interpolate to NaN (∞ − ∞).
          if (Number.isFinite(expected)) expectRelativelyClose(out[i], expected);
          else expect(out[i]).toBe(expected);
        });
        expect(values).toEqual(copy);
      }
    }
  });

  it('is exact at the order statistics, on shuffled, sorted and reversed data', () => {
    const values = randomValues(createRandom(7), 1001);
    const sorted = Float32Array.from(values).sort();
    const expected = [sorted[0], sorted[100], sorted[500], sorted[900], sorted[1000]];
    const out = new Float64Array(5);
    for (const input of [values, sorted, Float32Array.from(sorted).reverse()]) {
      percentiles(input, 1001, [0, 10, 50, 90, 100], new Float32Array(1001), out);
      expect(Array.from(out)).toEqual(expected);
    }
  });

  it('gives the value itself at every rank for one value, and NaN when a value is NaN', () => {
    const out = new Float64Array(5);
    percentiles(new Float32Array([0.3]), 1, ranks, new Float32Array(1), out);
    expect(Array.from(out)).toEqual(Array(5).fill(Math.fround(0.3)));
    percentiles(new Float32Array([1, NaN, 2]), 3, ranks, new Float32Array(3), out);
    expect(Array.from(out)).toEqual(Array(5).fill(NaN));
  });

  it('measures each unit of a [rows × width] matrix over its rows', () => {
    const rows = 9;
    const width = 4;
    const matrix = randomValues(createRandom(3), rows * width);
    const out = new Float64Array(width * ranks.length);
    unitPercentiles(matrix, rows, width, ranks, new Float32Array(rows), out);
    for (let unit = 0; unit < width; unit++) {
      const column = Array.from({ length: rows }, (_, row) => matrix[row * width + unit]);
      ranks.forEach((rank, i) => expectRelativelyClose(out[unit * ranks.length + i], referencePercentile(column, rank)));
    }
  });

  it('rejects ranks outside [0, 100], a short scratch buffer or a short output', () => {
    const values = new Float32Array([1, 2, 3]);
    expect(() => percentiles(values, 3, [101], new Float32Array(3), new Float64Array(1))).toThrow(/\[0, 100\], got 101/);
    expect(() => percentiles(values, 3, [NaN], new Float32Array(3), new Float64Array(1))).toThrow(/got NaN/);
    expect(() => percentiles(values, 3, [50], new Float32Array(2), new Float64Array(1))).toThrow(/scratch/);
    expect(() => percentiles(values, 3, [0, 50], new Float32Array(3), new Float64Array(1))).toThrow(/out holds 1/);
  });

  it('normalizes rank lists to ascending without repeats', () => {
    expect(normalizeRanks([85, 15, 50, 15, 0])).toEqual([0, 15, 50, 85]);
    expect(() => normalizeRanks([50, -5])).toThrow(/got -5/);
  });
});

describe('histogram', () => {
  it('puts lo in the first bin, hi in the last, and counts below, above and NaN', () => {
    const counts = new Uint32Array(4);
    const values = new Float32Array([0, 0.25, 0.5, 0.7499, 1, -1e-7, nextFloat32Up(1), NaN, -Infinity, Infinity]);
    const tally = histogram(values, values.length, { lo: 0, hi: 1 }, counts);
    expect(Array.from(counts)).toEqual([1, 1, 2, 1]);
    expect(tally).toEqual({ below: 2, above: 2, nan: 1 });
  });

  it('accounts for every value and agrees with direct binning on random data', () => {
    const values = randomValues(createRandom(4), 5000);
    const counts = new Uint32Array(8);
    const tally = histogram(values, 4000, { lo: -2, hi: 2 }, counts);
    const expected = new Array<number>(8).fill(0);
    let below = 0;
    let above = 0;
    for (const value of values.subarray(0, 4000)) {
      if (value < -2) below++;
      else if (value > 2) above++;
      else expected[Math.min(7, Math.floor((value + 2) * 2))]++;
    }
    expect(Array.from(counts)).toEqual(expected);
    expect(tally).toEqual({ below, above, nan: 0 });
    expect(expected.reduce((sum, count) => sum + count, below + above)).toBe(4000);
  });

  it('overwrites stale counts and rejects empty ranges and zero bins', () => {
    const counts = new Uint32Array([9, 9]);
    histogram(new Float32Array([0.1]), 1, { lo: 0, hi: 1 }, counts);
    expect(Array.from(counts)).toEqual([1, 0]);
    expect(() => histogram(new Float32Array(1), 1, { lo: 1, hi: 1 }, counts)).toThrow(/lo < hi, got \[1, 1\]/);
    expect(() => histogram(new Float32Array(1), 1, { lo: 0, hi: Infinity }, counts)).toThrow(/finite/);
    expect(() => histogram(new Float32Array(1), 1, { lo: 0, hi: 1 }, new Uint32Array(0))).toThrow(/at least one bin/);
  });

  it("uses a bounded activation's codomain and a nice enclosing range otherwise", () => {
    expect(defaultHistogramRange('activation', 'sigmoid', 0.2, 0.3)).toEqual({ lo: 0, hi: 1 });
    expect(defaultHistogramRange('activation', 'tanh', 0.2, 0.3)).toEqual({ lo: -1, hi: 1 });
    expect(defaultHistogramRange('activation', 'relu', 0, 3.14)).toEqual(niceRange(0, 3.14));
    expect(defaultHistogramRange('dense', undefined, -0.734, 2.31)).toEqual(niceRange(-0.734, 2.31));
  });

  it('rounds ranges outward to a step of a tenth of the span’s decade', () => {
    const range = niceRange(-0.734, 2.31);
    expect(range.lo).toBeCloseTo(-0.8, 12);
    expect(range.hi).toBeCloseTo(2.4, 12);
    const random = createRandom(5);
    for (let i = 0; i < 1000; i++) {
      const a = Math.fround(random.normal(0, 10 ** random.uniform(-6, 6)));
      const b = Math.fround(a + Math.abs(random.normal(0, 10 ** random.uniform(-6, 6))));
      const enclosing = niceRange(a, b);
      expect(enclosing.lo <= a && b <= enclosing.hi && enclosing.lo < enclosing.hi).toBe(true);
    }
    expect(niceRange(0, 0)).toEqual({ lo: -0.5, hi: 0.5 });
    expect(niceRange(2, 2)).toEqual({ lo: 1, hi: 3 });
    expect(niceRange(NaN, 1)).toEqual({ lo: -1, hi: 1 });
    const symmetric = symmetricRange(-0.3, 0.12);
    expect(symmetric.lo).toBe(-symmetric.hi);
    expect(symmetric.lo).toBeLessThanOrEqual(-0.3);
  });

  it('grows a running range only when the extremes leave it', () => {
    const first = growRange(null, -1.2, 3.4);
    expect(first).toEqual(niceRange(-1.2, 3.4));
    expect(growRange(first, -1, 3)).toBe(first);
    expect(growRange(first, NaN, Infinity)).toBe(first);
    const grown = growRange(first, -1, 7.9);
    expect(grown.lo).toBeLessThanOrEqual(first.lo);
    expect(grown.hi).toBeGreaterThanOrEqual(7.9);
  });
});

describe('unit fractions', () => {
  it('counts sigmoid outputs below 0.05 or above 0.95 as saturated', () => {
    // float32(0.05) and float32(0.95) sit just inside the thresholds.
    expect(sigmoidSaturatedFraction(new Float32Array([0, 0.01, 0.05, 0.5, 0.95, 0.96, 1]))).toBe(4 / 7);
    expect(sigmoidSaturatedFraction(new Float32Array([0.5, 0.5, 0.99]), 2)).toBe(0);
  });

  it('counts tanh outputs with |y| > 0.9 as saturated', () => {
    expect(tanhSaturatedFraction(new Float32Array([-1, -0.95, -0.5, 0, 0.89, 0.91, 1]))).toBe(4 / 7);
  });

  it('finds ReLU units that are zero on every row, and the fraction of zero outputs', () => {
    // rows 3 × units 4: units 0 and 3 never fire; unit 1 fires only on the last row.
    const y = new Float32Array([0, 0, 1, 0, 0, 0, 2, 0, 0, 0.5, 3, 0]);
    expect(reluActivity(y, 3, 4)).toEqual({ deadFraction: 2 / 4, zeroFraction: 8 / 12 });
    expect(() => reluActivity(y, 4, 4)).toThrow(/needs 16 values/);
  });
});

describe('gradient instruments', () => {
  it('measures mean |g| and RMS', () => {
    expect(gradientMagnitude(new Float32Array([3, -4, 100]), 2)).toEqual({ meanAbs: 3.5, rms: Math.sqrt(12.5) });
  });

  it('snapshots weights into a reused buffer', () => {
    const weights = new Float32Array([1, 2, 3]);
    const copy = snapshotWeights(weights);
    weights[0] = 7;
    expect(Array.from(copy)).toEqual([1, 2, 3]);
    expect(snapshotWeights(weights, 3, copy)).toBe(copy);
    expect(Array.from(copy)).toEqual([7, 2, 3]);
    const grown = snapshotWeights(new Float32Array(5), 5, copy);
    expect(grown).not.toBe(copy);
    expect(grown.length).toBe(5);
  });

  it('gives ‖ΔW‖/‖W_before‖, with 0 and ∞ for all-zero weights', () => {
    // numpy: norm(w1 - w0) / norm(w0)
    const before = new Float32Array([1, -2, 0.5, 3]);
    const after = new Float32Array([1.5, -2, 0.25, 2]);
    expectRelativelyClose(updateRatio(before, after), 0.30348848933344197);
    expect(updateRatio(new Float32Array(2), new Float32Array(2))).toBe(0);
    expect(updateRatio(new Float32Array(2), new Float32Array([0, 1e-3]))).toBe(Infinity);
  });

  it('averages the per-example gain ‖δ_lower‖/‖δ_upper‖, skipping rows without upper signal', () => {
    const lower = new Float32Array([3, 4, 0, 1, 9, 9]);
    const upper = new Float32Array([1, 0, 0, 0, 2, 0, 0, 0, 0]);
    expect(meanExampleGain(lower, 2, upper, 3, 3)).toBe((5 + 0.5) / 2);
    expect(meanExampleGain(lower, 2, new Float32Array(9), 3, 3)).toBeNaN();
  });
});

/** A hand-checkable net: input(2) → dense(3) → sigmoid(3) → dense(2) → relu(2), batch of 2. */
function handSnapshot(): StatsSnapshot {
  const denseOutput = new Float32Array([-4, 0, 4, 1, -1, 0.5]);
  const sigmoidOutput = denseOutput.map((x) => 1 / (1 + Math.exp(-x)));
  const dense2Output = new Float32Array([-1, 2, -3, 4]);
  return {
    rows: 2,
    nodes: [
      { nodeId: 'in', kind: 'input', width: 2, output: new Float32Array([1, 2, 3, 4]), outputGradient: null },
      {
        nodeId: 'd1',
        kind: 'dense',
        width: 3,
        output: denseOutput,
        outputGradient: new Float32Array([0.1, -0.2, 0.3, -0.4, 0.5, -0.6]),
        weight: {
          value: new Float32Array([0.5, -0.5, 1, -1, 0.25, 0]),
          grad: new Float32Array([1, -1, 2, -2, 0, 0]),
          rows: 2,
          columns: 3,
          before: new Float32Array([0.5, -0.5, 1, -1, 0.25, 0.5]),
        },
      },
      {
        nodeId: 's1',
        kind: 'activation',
        fn: 'sigmoid',
        width: 3,
        output: sigmoidOutput,
        outputGradient: new Float32Array([1, 1, 1, 1, 1, -1]),
        preActivation: denseOutput,
      },
      {
        nodeId: 'd2',
        kind: 'dense',
        width: 2,
        output: dense2Output,
        outputGradient: new Float32Array(4),
        weight: { value: new Float32Array(6).fill(0.1), grad: new Float32Array(6), rows: 3, columns: 2 },
      },
      {
        nodeId: 'r1',
        kind: 'activation',
        fn: 'relu',
        width: 2,
        output: dense2Output.map((x) => Math.max(0, x)),
        outputGradient: new Float32Array(4),
        preActivation: dense2Output,
      },
    ],
  };
}

function cloneSnapshot(snapshot: StatsSnapshot): StatsSnapshot {
  return structuredClone(snapshot);
}

function snapshotArrays(snapshot: StatsSnapshot): Float32Array[] {
  return snapshot.nodes.flatMap((node: NodeSnapshot) =>
    [node.output, node.outputGradient, node.preActivation, node.weight?.value, node.weight?.grad, node.weight?.before].filter(
      (array): array is Float32Array => array instanceof Float32Array,
    ),
  );
}

describe('collectNodeStats', () => {
  it('measures a hand-built snapshot', () => {
    const snapshot = handSnapshot();
    const stats = collectNodeStats(snapshot, { weightHistograms: true, histogramBins: 4 });
    const [input, dense, sigmoid, dense2, relu] = stats;
    expect(stats.map((node) => node.nodeId)).toEqual(['in', 'd1', 's1', 'd2', 'r1']);

    expect(input.output).toEqual(summarize(new Float32Array([1, 2, 3, 4])));
    expect(input.percentileSource).toBe('output');
    expect(Array.from(input.percentiles)).toEqual([1, 1.45, 2.5, 3.55, 4]);
    expect(input.outputGradient).toBeNull();
    expect(input.weight).toBeNull();
    expect([input.saturatedFraction, input.deadFraction, input.zeroFraction]).toEqual([null, null, null]);

    // Dense 1: the step moved one weight, by −0.5.
    expect(dense.weight?.gradient).toEqual({ meanAbs: 1, rms: Math.sqrt(10 / 6) });
    expect(dense.weight?.value.mean).toBeCloseTo(0.25 / 6, 12);
    expectRelativelyClose(dense.weight?.updateRatio ?? NaN, 0.5 / Math.sqrt(0.25 + 0.25 + 1 + 1 + 0.0625 + 0.25));
    const weightHistogram = dense.weight?.histogram;
    expect(weightHistogram?.lo).toBe(-(weightHistogram?.hi ?? NaN));
    expect(weightHistogram?.counts.reduce((sum, count) => sum + count, 0)).toBe(6);
    expectRelativelyClose(dense.outputGradient?.meanAbs ?? NaN, 2.1 / 6, 1e-7);
    expect(dense.histogram.counts.length).toBe(4);

    // Sigmoid: percentiles of its input, histogram over [0, 1]; σ(±4) is saturated, σ(±1), σ(0), σ(0.5) are not.
    expect(sigmoid.percentileSource).toBe('preActivation');
    expect(Array.from(sigmoid.percentiles)).toEqual([-4, -1.75, 0.25, 1.75, 4]);
    expect([sigmoid.histogram.lo, sigmoid.histogram.hi]).toEqual([0, 1]);
    expect(Array.from(sigmoid.histogram.counts)).toEqual([1, 1, 3, 1]);
    expect(sigmoid.saturatedFraction).toBe(2 / 6);
    expect(sigmoid.deadFraction).toBeNull();
    expect(sigmoid.outputGradient).toEqual({ meanAbs: 1, rms: 1 });

    expect(dense2.weight?.updateRatio).toBeNull();
    expect(dense2.weight?.value.std).toBeCloseTo(0, 7);

    // ReLU over [[-1, 2], [-3, 4]]: unit 0 never fires; half the outputs are zero.
    expect(relu.deadFraction).toBe(0.5);
    expect(relu.zeroFraction).toBe(0.5);
    expect(relu.saturatedFraction).toBeNull();
    expect(relu.histogram.below + relu.histogram.above + relu.histogram.nan).toBe(0);
  });

  it('writes no input array (bit-for-bit), including with unit percentiles and NaN values', () => {
    const random = createRandom(6);
    const rows = 16;
    const nodes: NodeSnapshot[] = [];
    for (const fn of ['sigmoid', 'tanh', 'relu']) {
      const pre = randomValues(random, rows * 10);
      pre[3] = NaN;
      nodes.push({
        nodeId: `dense-${fn}`,
        kind: 'dense',
        width: 10,
        output: pre,
        outputGradient: randomValues(random, rows * 10),
        weight: { value: randomValues(random, 50), grad: randomValues(random, 50), rows: 5, columns: 10, before: randomValues(random, 50) },
      });
      nodes.push({ nodeId: fn, kind: 'activation', fn, width: 10, output: randomValues(random, rows * 10), outputGradient: null, preActivation: pre });
    }
    const snapshot: StatsSnapshot = { rows, nodes };
    const original = cloneSnapshot(snapshot);
    collectNodeStats(snapshot, { weightHistograms: true, unitPercentiles: true, extraPercentiles: [1, 99] });
    const before = snapshotArrays(original);
    const after = snapshotArrays(snapshot);
    expect(after.length).toBe(before.length);
    after.forEach((array, i) => expect(new Uint32Array(array.buffer, array.byteOffset, array.length)).toEqual(new Uint32Array(before[i].buffer)));
  });

  it('packs every result array into one transferable buffer', () => {
    const stats = collectNodeStats(handSnapshot(), { weightHistograms: true, unitPercentiles: true });
    const buffers = statsTransferables(stats);
    expect(buffers).toHaveLength(1);
    const copied = structuredClone(stats);
    const received = structuredClone(stats, { transfer: buffers });
    expect(buffers[0].byteLength).toBe(0);
    expect(received).toEqual(copied);
    expect(received[1].weight?.histogram?.counts.buffer).toBe(received[0].percentiles.buffer);
    expect(received[2].unitPercentiles).toHaveLength(3 * 5);
  });

  it('follows the requested ranks, bins, pinned ranges and unit percentiles', () => {
    const options = {
      weightHistograms: false,
      histogramBins: 5,
      percentiles: [50],
      extraPercentiles: [90, 10, 50],
      unitPercentiles: true,
      histogramRanges: new Map([['d1', { output: { lo: -2, hi: 2 } }]]),
    };
    expect(percentileRanks(options)).toEqual([10, 50, 90]);
    expect(percentileRanks({ weightHistograms: false })).toEqual([0, 15, 50, 85, 100]);
    const stats = collectNodeStats(handSnapshot(), options, createStatsScratch());
    const dense = stats[1];
    expect(dense.percentiles).toHaveLength(3);
    expect(dense.weight?.histogram).toBeNull();
    expect([dense.histogram.lo, dense.histogram.hi]).toEqual([-2, 2]);
    expect(Array.from(dense.histogram.counts)).toEqual([0, 1, 1, 2, 0]);
    expect([dense.histogram.below, dense.histogram.above]).toEqual([1, 1]);
    // Unit 0 of the sigmoid's input over the two rows is [-4, 1].
    expectRelativelyClose(stats[2].unitPercentiles?.[0] ?? NaN, -3.5);
    expectRelativelyClose(stats[2].unitPercentiles?.[1] ?? NaN, -1.5);
  });

  it('reuses a scratch buffer across calls, growing it when needed', () => {
    const scratch = createStatsScratch();
    collectNodeStats(handSnapshot(), { weightHistograms: false }, scratch);
    const grown = scratch.values;
    expect(grown.length).toBe(6);
    collectNodeStats(handSnapshot(), { weightHistograms: false }, scratch);
    expect(scratch.values).toBe(grown);
  });

  it('names the node and field of a malformed snapshot', () => {
    const withNode = (change: Partial<NodeSnapshot>): StatsSnapshot => {
      const snapshot = handSnapshot();
      return { rows: snapshot.rows, nodes: snapshot.nodes.map((node) => (node.nodeId === 's1' ? { ...node, ...change } : node)) };
    };
    const options = { weightHistograms: false };
    expect(() => collectNodeStats({ ...handSnapshot(), rows: 0 }, options)).toThrow(/snapshot.rows/);
    expect(() => collectNodeStats(withNode({ output: new Float32Array(5) }), options)).toThrow(/node "s1": output holds 5 values, needs 6/);
    expect(() => collectNodeStats(withNode({ fn: undefined }), options)).toThrow(/node "s1": an activation node needs fn/);
    expect(() => collectNodeStats(withNode({ preActivation: undefined }), options)).toThrow(/node "s1": an activation node needs preActivation/);
    expect(() => collectNodeStats(withNode({ kind: 'dropout' }), options)).toThrow(/node "s1": preActivation is measured on activation nodes only/);
    expect(() => collectNodeStats(withNode({ width: 2.5 }), options)).toThrow(/node "s1": width/);
    expect(() =>
      collectNodeStats(withNode({ weight: { value: new Float32Array(4), grad: new Float32Array(6), rows: 2, columns: 3 } }), options),
    ).toThrow(/node "s1": weight.value holds 4 values, needs 6/);
    expect(() => collectNodeStats(handSnapshot(), { weightHistograms: false, histogramBins: 0 })).toThrow(/histogramBins/);
    expect(() => collectNodeStats(handSnapshot(), { weightHistograms: false, extraPercentiles: [120] })).toThrow(/got 120/);
  });
});
