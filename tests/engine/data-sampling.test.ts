import { describe, expect, it } from 'vitest';
import { createEmphasisSampler, createSampler, DEFAULT_CAP_MULTIPLE, type BatchSampler, type LabelledRows, type SamplingSpec } from '../../engine/data/sampling';
import { createRandom } from '../../engine/random';

/** 30 rows: classes 0, 1, 2 with 15, 10 and 5 rows, interleaved. */
const data: LabelledRows = { labels: Int32Array.from({ length: 30 }, (_, row) => (row < 15 ? row % 2 : row < 25 ? 1 - (row % 2) : 2)), rows: 30, classes: 3 };

function draw(sampler: BatchSampler, batches: number): number[] {
  return Array.from({ length: batches }, () => [...sampler.nextBatch()]).flat();
}

function sampler(spec: SamplingSpec, batchSize: number, seed = 1): BatchSampler {
  return createSampler(spec, data, batchSize, createRandom(seed).fork('batches'));
}

const sorted = (rows: number[]): number[] => [...rows].sort((a, b) => a - b);
const everyRow = Array.from({ length: 30 }, (_, row) => row);

describe('batch samplers', () => {
  it.each<SamplingSpec>([{ kind: 'sequential' }, { kind: 'class-sorted' }, { kind: 'shuffled' }, { kind: 'class-balanced' }, { kind: 'emphasize-errors' }])(
    '$kind is deterministic in the seed and fills full batches',
    (spec) => {
      const first = draw(sampler(spec, 7), 20);
      expect(first).toHaveLength(140);
      expect(draw(sampler(spec, 7), 20)).toEqual(first);
      for (const row of first) expect(row >= 0 && row < 30).toBe(true);
    },
  );

  it('sequential repeats the file order, batches straddling epochs', () => {
    const rows = draw(sampler({ kind: 'sequential' }, 7), 10);
    expect(rows).toEqual([...everyRow, ...everyRow, ...everyRow.slice(0, 10)]);
  });

  it('class-sorted shows each class in a block, in file order within it, every epoch', () => {
    const rows = draw(sampler({ kind: 'class-sorted' }, 10), 6);
    const epoch = [...everyRow.filter((row) => data.labels[row] === 0), ...everyRow.filter((row) => data.labels[row] === 1), 25, 26, 27, 28, 29];
    expect(rows).toEqual([...epoch, ...epoch]);
  });

  it('shuffled shows every example exactly once per epoch, in a new order each epoch', () => {
    // Batch 7 does not divide 30: epochs are still consecutive runs of 30 indices.
    const rows = draw(sampler({ kind: 'shuffled' }, 7), 30);
    const epochs = Array.from({ length: 7 }, (_, epoch) => rows.slice(30 * epoch, 30 * (epoch + 1)));
    for (const epoch of epochs) expect(sorted(epoch)).toEqual(everyRow);
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(epochs[0]).not.toEqual(everyRow);
    expect(draw(sampler({ kind: 'shuffled' }, 7, 2), 5)).not.toEqual(rows.slice(0, 35));
  });

  it('class-balanced takes the classes in turn, every class equally often however unbalanced the data', () => {
    const rows = draw(sampler({ kind: 'class-balanced' }, 4), 30);
    const labels = rows.map((row) => data.labels[row]);
    labels.forEach((label, i) => expect(label).toBe(i % 3));
    // Each class's examples come from its own permutation: the 5 rows of class 2 appear once per 5 draws of class 2.
    const classTwo = rows.filter((row) => data.labels[row] === 2);
    for (let cycle = 0; cycle + 5 <= classTwo.length; cycle += 5) expect(sorted(classTwo.slice(cycle, cycle + 5))).toEqual([25, 26, 27, 28, 29]);
  });

  it('class-balanced skips classes without examples', () => {
    const gappy: LabelledRows = { labels: Int32Array.from([0, 2, 0, 2]), rows: 4, classes: 3 };
    const rows = draw(createSampler({ kind: 'class-balanced' }, gappy, 3, createRandom(1)), 4);
    expect(rows.map((row) => gappy.labels[row])).toEqual([0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2]);
    const outOfRange: LabelledRows = { labels: Int32Array.from([0, 3]), rows: 2, classes: 3 };
    expect(() => createSampler({ kind: 'class-balanced' }, outOfRange, 1, createRandom(1))).toThrow('class-balanced: row 1 has label 3, outside 0…2');
  });

  it('rejects a bad batch size and an empty dataset', () => {
    expect(() => sampler({ kind: 'shuffled' }, 0)).toThrow('Batch size must be a positive integer, got 0');
    expect(() => createSampler({ kind: 'sequential' }, { labels: new Int32Array(0), rows: 0, classes: 2 }, 4, createRandom(1))).toThrow(
      'Cannot sample batches from a dataset without rows',
    );
  });
});

describe('emphasizing high-error examples', () => {
  const big: LabelledRows = { labels: Int32Array.from({ length: 1000 }, (_, row) => row % 10), rows: 1000, classes: 10 };

  it('starts uniform: every loss is ln C', () => {
    const emphasis = createEmphasisSampler(big, 10, createRandom(1));
    for (const p of emphasis.probabilities()) expect(p).toBeCloseTo(1 / 1000, 15);
  });

  it('follows p_i = 0.5/N + 0.5·ℓ_i/Σℓ without a cap, and draws high-loss rows that much more often', () => {
    const emphasis = createEmphasisSampler(big, 50, createRandom(2), Infinity);
    const losses = Array.from({ length: 1000 }, (_, row) => (row < 100 ? 2 : 0.2));
    emphasis.recordLosses(everyIndex(1000), losses);
    const total = 100 * 2 + 900 * 0.2;
    const p = emphasis.probabilities();
    expect(p[0]).toBeCloseTo(0.5 / 1000 + (0.5 * 2) / total, 15);
    expect(p[500]).toBeCloseTo(0.5 / 1000 + (0.5 * 0.2) / total, 15);
    expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 12);

    // 200 000 draws: the 100 high-loss rows hold 100·p[0] ≈ 31.3 % of the probability.
    const counts = new Array(1000).fill(0);
    for (let b = 0; b < 4000; b++) for (const row of emphasis.nextBatch()) counts[row]++;
    const highShare = counts.slice(0, 100).reduce((a, b) => a + b) / 200_000;
    expect(Math.abs(highShare - 100 * p[0])).toBeLessThan(0.005);
    const uniformShare = 0.1;
    expect(highShare).toBeGreaterThan(3 * uniformShare);
  });

  it('caps an outlier at capMultiple × the mean loss', () => {
    const losses = Array.from({ length: 1000 }, (_, row) => (row === 0 ? 500 : 0.5));
    const uncapped = createEmphasisSampler(big, 10, createRandom(3), Infinity);
    const capped = createEmphasisSampler(big, 10, createRandom(3));
    uncapped.recordLosses(everyIndex(1000), losses);
    capped.recordLosses(everyIndex(1000), losses);
    // Uncapped, the one mislabelled example takes a quarter of all draws.
    expect(uncapped.probabilities()[0]).toBeGreaterThan(0.25);
    const mean = (500 + 999 * 0.5) / 1000;
    const cap = DEFAULT_CAP_MULTIPLE * mean;
    const p = capped.probabilities();
    expect(p[0]).toBeCloseTo(0.5 / 1000 + (0.5 * cap) / (cap + 999 * 0.5), 15);
    // At most (0.5 + 0.5·capMultiple·mean/capped mean) / N: here about 4.5× uniform, against 250× uncapped.
    expect(p[0] * 1000).toBeLessThan(5);
    expect(p[1]).toBeCloseTo(p[2], 15);
    const draws = draw(capped, 10_000);
    const share = draws.filter((row) => row === 0).length / draws.length;
    expect(Math.abs(share - p[0])).toBeLessThan(0.001);
  });

  it('keeps each loss until the row is seen again', () => {
    const emphasis = createEmphasisSampler(big, 10, createRandom(4), Infinity);
    emphasis.recordLosses([7], [10]);
    const before = emphasis.probabilities()[7];
    emphasis.recordLosses([8, 9], [0.1, 0.1]);
    expect(emphasis.probabilities()[7]).toBeGreaterThan(before);
    emphasis.recordLosses([7], [Math.log(10)]);
    expect(emphasis.probabilities()[7]).toBeLessThan(before);
  });

  it('rejects bad losses, rows and caps', () => {
    const emphasis = createEmphasisSampler(big, 10, createRandom(5));
    expect(() => emphasis.recordLosses([1], [NaN])).toThrow('emphasize-errors: the loss of row 1 is NaN; losses must be finite and ≥ 0');
    expect(() => emphasis.recordLosses([1000], [1])).toThrow("emphasize-errors: row 1000 is outside the dataset's 1000 rows");
    expect(() => emphasis.recordLosses([1, 2], [1])).toThrow('emphasize-errors: 2 rows but 1 losses');
    expect(() => createEmphasisSampler(big, 10, createRandom(5), 0.5)).toThrow('emphasize-errors: capMultiple must be ≥ 1 (or Infinity for no cap), got 0.5');
  });

  it('other samplers ignore recorded losses', () => {
    const a = sampler({ kind: 'shuffled' }, 5);
    const b = sampler({ kind: 'shuffled' }, 5);
    a.recordLosses([0, 1], [9, 9]);
    expect(draw(a, 10)).toEqual(draw(b, 10));
  });
});

function everyIndex(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
