import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../engine/random';
import { collectNodeStats, type NodeSnapshot, type NodeStats, type StatsSnapshot } from '../../engine/stats/collect';
import { histogram, niceRange, symmetricRange, type HistogramRange } from '../../engine/stats/histogram';
import { percentiles, percentilesWithHistogram } from '../../engine/stats/percentiles';
import { summarize } from '../../engine/stats/summary';

// The bucketed paths of percentiles.ts (bucket counts from the length, the known extremes left
// out, minima counted instead of gathered) and percentilesWithHistogram, held to the plain
// definitions bit for bit.

/** The order statistic x₍ₖ₎ of the first `length` values, by sorting. */
function sortedCopy(values: Float32Array, length: number): Float32Array {
  return Float32Array.from(values.subarray(0, length)).sort();
}

/** numpy's linear percentile of sorted values, in the same float64 form as percentiles.ts. */
function referencePercentile(sorted: Float32Array, rank: number): number {
  const h = (sorted.length - 1) * (rank / 100);
  const lower = Math.floor(h);
  const t = h - lower;
  const a = sorted[lower];
  const b = t > 0 ? sorted[lower + 1] : a;
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
}

/** Histogram counts by the documented rule: bin ⌊(x − lo)·bins/(hi − lo)⌋, hi in the last bin. */
function referenceCounts(values: Float32Array, length: number, { lo, hi }: HistogramRange, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const binsPerUnit = bins / (hi - lo);
  for (const value of values.subarray(0, length)) {
    if (value >= lo && value <= hi) counts[Math.min(bins - 1, Math.floor((value - lo) * binsPerUnit))]++;
  }
  return counts;
}

function extremesOf(values: Float32Array, length: number): { min: number; max: number; hasNaN: boolean } {
  const summary = summarize(values, length);
  return { min: summary.min, max: summary.max, hasNaN: Number.isNaN(summary.min) };
}

const RANKS = [0, 0.01, 1, 15, 33.3, 50, 85, 99, 99.99, 100];

/** Value generators with the shapes the instruments meet: smooth, tied, zero-heavy, saturated, narrow. */
function draws(random: Random): Record<string, () => number> {
  return {
    normal: () => random.normal(0, 1),
    pixels: () => (random.next() < 0.8 ? 0 : Math.round(random.next() * 255) / 255),
    relu: () => Math.max(0, random.normal(0, 1)),
    ties: () => random.int(4),
    saturated: () => (random.next() < 0.3 ? 1 : random.next()),
    narrow: () => random.normal(1000, 1e-3),
    outlier: () => (random.next() < 1e-3 ? 1e6 : random.normal(0, 1)),
  };
}

/** Lengths around the bucketing threshold (1024) and where the bucket count reaches its cap (4096). */
const LENGTHS = [1, 2, 3, 5, 63, 64, 65, 320, 1023, 1024, 1025, 1600, 4095, 4096, 4097, 25_088];

describe('percentiles through buckets', () => {
  it('equals the sorted-array definition bit for bit, around every threshold and on ties and runs of the minimum', () => {
    const random = createRandom(21);
    const out = new Float64Array(RANKS.length);
    for (const [name, draw] of Object.entries(draws(random))) {
      for (const length of LENGTHS) {
        const values = Float32Array.from({ length: length + 3 }, draw);
        const copy = Float32Array.from(values);
        percentiles(values, length, RANKS, new Float32Array(length), out, extremesOf(values, length));
        const sorted = sortedCopy(values, length);
        RANKS.forEach((rank, i) => expect(out[i], `${name}, ${length} values, P${rank}`).toBe(referencePercentile(sorted, rank)));
        expect(values).toEqual(copy);
      }
    }
  });

  it('finds order statistics next to the extremes when the minimum or the maximum repeats', () => {
    // 2000 values: 600 zeros, 1399 ones, one 0.5; P15 … P30 are 0, P30.0 … are 0.5 and 1.
    const values = new Float32Array(2000).fill(1);
    values.fill(0, 0, 600);
    values[1234] = 0.5;
    const ranks = [0, 15, 29.99, 30, 30.02, 50, 100];
    const out = new Float64Array(ranks.length);
    percentiles(values, 2000, ranks, new Float32Array(2000), out);
    const sorted = sortedCopy(values, 2000);
    ranks.forEach((rank, i) => expect(out[i]).toBe(referencePercentile(sorted, rank)));
  });
});

describe('percentilesWithHistogram', () => {
  it('gives what percentiles and histogram give separately, for any bin count', () => {
    const random = createRandom(22);
    const out = new Float64Array(RANKS.length);
    const separate = new Float64Array(RANKS.length);
    for (const [name, draw] of Object.entries(draws(random))) {
      for (const length of LENGTHS) {
        for (const bins of [1, 7, 30, 1000, 2000]) {
          const values = Float32Array.from({ length }, draw);
          const extremes = extremesOf(values, length);
          for (const range of [niceRange(extremes.min, extremes.max), symmetricRange(extremes.min, extremes.max)]) {
            const counts = new Uint32Array(bins);
            const scratch = new Float32Array(length);
            const where = `${name}, ${length} values, ${bins} bins over [${range.lo}, ${range.hi}]`;
            expect(percentilesWithHistogram(values, length, RANKS, scratch, out, extremes, range, counts), where).toBe(true);
            percentiles(values, length, RANKS, scratch, separate, extremes);
            expect(Array.from(out), where).toEqual(Array.from(separate));
            const expected = new Uint32Array(bins);
            histogram(values, length, range, expected);
            expect(Array.from(counts), where).toEqual(Array.from(expected));
            expect(Array.from(counts), where).toEqual(referenceCounts(values, length, range, bins));
          }
        }
      }
    }
  });

  it('counts values at both ends of a range fitted exactly to the extremes', () => {
    const values = new Float32Array([-1, -1, 0.25, 0.5, 0.75, 1, 1, 1]);
    const counts = new Uint32Array(4);
    const out = new Float64Array(3);
    const range = { lo: -1, hi: 1 };
    expect(percentilesWithHistogram(values, 8, [0, 50, 100], new Float32Array(8), out, extremesOf(values, 8), range, counts)).toBe(true);
    expect(Array.from(counts)).toEqual([2, 0, 1, 5]);
    expect(Array.from(out)).toEqual([-1, 0.625, 1]);
  });

  it('declines, writing nothing, when the range leaves values out, a value is NaN or the bins cannot be numbered', () => {
    const values = new Float32Array([0, 1, 2, 3]);
    const counts = new Uint32Array(2).fill(7);
    const out = new Float64Array(1).fill(7);
    const scratch = new Float32Array(4);
    expect(percentilesWithHistogram(values, 4, [50], scratch, out, extremesOf(values, 4), { lo: 0.5, hi: 3 }, counts)).toBe(false);
    expect(percentilesWithHistogram(values, 4, [50], scratch, out, extremesOf(values, 4), { lo: 0, hi: 2.5 }, counts)).toBe(false);
    const withNaN = new Float32Array([0, NaN, 2, 3]);
    expect(percentilesWithHistogram(withNaN, 4, [50], scratch, out, extremesOf(withNaN, 4), { lo: 0, hi: 3 }, counts)).toBe(false);
    expect(percentilesWithHistogram(values, 4, [50], scratch, out, extremesOf(values, 4), { lo: 0, hi: 3 }, new Uint32Array(70_000))).toBe(false);
    expect(Array.from(counts)).toEqual([7, 7]);
    expect(Array.from(out)).toEqual([7]);
    expect(() => percentilesWithHistogram(values, 4, [50], scratch, out, extremesOf(values, 4), { lo: 3, hi: 3 }, counts)).toThrow(/lo < hi/);
    expect(() => percentilesWithHistogram(values, 4, [50], scratch, out, extremesOf(values, 4), { lo: 0, hi: 3 }, new Uint32Array(0))).toThrow(
      /at least one bin/,
    );
  });
});

describe('collectNodeStats on views of one buffer', () => {
  /** dense(width) → relu, as a trainer hands them out: fresh views of its buffers for every node. */
  function viewSnapshot(random: Random, rows: number, width: number): StatsSnapshot {
    const memory = new Float32Array(4 * rows * width + 2 * width * width);
    const view = (slot: number, length: number): Float32Array => memory.subarray(slot, slot + length);
    const length = rows * width;
    const denseOutput = view(0, length);
    const reluOutput = view(length, length);
    const weight = view(2 * length, width * width);
    const before = view(2 * length + width * width, width * width);
    denseOutput.forEach((_, i) => (denseOutput[i] = random.normal(0, 1)));
    reluOutput.forEach((_, i) => (reluOutput[i] = Math.max(0, denseOutput[i])));
    weight.forEach((_, i) => (weight[i] = random.normal(0, 0.1)));
    before.forEach((_, i) => (before[i] = weight[i] + random.normal(0, 1e-3)));
    const nodes: NodeSnapshot[] = [
      {
        nodeId: 'dense',
        kind: 'dense',
        width,
        output: view(0, length),
        outputGradient: Float32Array.from({ length }, () => random.normal(0, 1e-2)),
        weight: { value: weight, grad: Float32Array.from({ length: width * width }, () => random.normal(0, 1e-2)), rows: width, columns: width, before },
      },
      { nodeId: 'relu', kind: 'activation', fn: 'relu', width, output: reluOutput, outputGradient: null, preActivation: view(0, length) },
    ];
    return { rows, nodes };
  }

  function measuredApart(snapshot: StatsSnapshot): NodeStats[] {
    // The same snapshot with every array copied on its own: nothing shared, nothing fused by memory.
    const copy = (array: Float32Array): Float32Array => Float32Array.from(array);
    return collectNodeStats(
      {
        rows: snapshot.rows,
        nodes: snapshot.nodes.map((node) => ({ ...node, output: copy(node.output), preActivation: node.preActivation && copy(node.preActivation) })),
      },
      { weightHistograms: true },
    );
  }

  it("gives a pre-activation the percentiles of the Dense output whose memory it views, exactly as measured apart", () => {
    for (const [rows, width] of [
      [32, 50],
      [3, 7],
    ]) {
      const snapshot = viewSnapshot(createRandom(23), rows, width);
      const [dense, relu] = collectNodeStats(snapshot, { weightHistograms: true });
      expect(relu.percentiles).toEqual(dense.percentiles);
      expect(collectNodeStats(snapshot, { weightHistograms: true })).toEqual(measuredApart(snapshot));
      const sorted = sortedCopy(snapshot.nodes[0].output, rows * width);
      expect(Array.from(dense.percentiles)).toEqual([0, 15, 50, 85, 100].map((rank) => referencePercentile(sorted, rank)));
      expect(Array.from(dense.histogram.counts)).toEqual(
        referenceCounts(snapshot.nodes[0].output, rows * width, dense.histogram, dense.histogram.counts.length),
      );
    }
  });
});
