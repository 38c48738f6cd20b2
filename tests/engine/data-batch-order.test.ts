import { describe, expect, it } from 'vitest';
import { createBatchOrder, type BatchOrder } from '../../engine/data/batch-order';
import type { DatasetSplit } from '../../engine/data/dataset';
import type { LabelledRows, SamplingSpec } from '../../engine/data/sampling';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import type { LossKind, SamplingKind } from '../../engine/document/types';
import { createLoss } from '../../engine/losses/loss';
import { createRandom } from '../../engine/random';
import { createTrainer } from '../../engine/train';

/** 10 rows: labels 2, 1, 0, 2, 1, 0, 2, 1, 0, 2. */
const data: LabelledRows = { labels: Int32Array.from({ length: 10 }, (_, row) => 2 - (row % 3)), rows: 10, classes: 3 };
const everyRow = Array.from({ length: 10 }, (_, row) => row);

function batches(order: BatchOrder, count: number): number[][] {
  return Array.from({ length: count }, () => [...order.next()]);
}

function order(spec: SamplingSpec, batchSize = 4, seed = 1): BatchOrder {
  return createBatchOrder(spec, data, batchSize, createRandom(seed).fork('batches'));
}

describe('the trainer’s batch order', () => {
  it('sequential: file order, a smaller batch at each epoch’s end, one epoch per pass', () => {
    const sequential = order({ kind: 'sequential' });
    expect(batches(sequential, 3)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(sequential.epoch).toBe(1);
    expect(sequential.next()).toEqual(Int32Array.of(0, 1, 2, 3));
    expect(sequential.wantsLosses).toBe(false);
  });

  it('shuffled: every row once per epoch, a new order each epoch, the same for the same seed', () => {
    const shuffled = order({ kind: 'shuffled' });
    const epochs = [batches(shuffled, 3).flat(), batches(shuffled, 3).flat()];
    for (const epoch of epochs) expect([...epoch].sort((a, b) => a - b)).toEqual(everyRow);
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(shuffled.epoch).toBe(2);
    expect(batches(order({ kind: 'shuffled' }), 6).flat()).toEqual(epochs.flat());
  });

  it('class-sorted: each class in a block, file order within it, the same every epoch', () => {
    const sorted = order({ kind: 'class-sorted' });
    const epoch = [2, 5, 8, 1, 4, 7, 0, 3, 6, 9];
    expect(batches(sorted, 6).flat()).toEqual([...epoch, ...epoch]);
  });

  it('class-balanced and emphasize-errors: full batches without end, epochs counted in rows drawn', () => {
    const balanced = order({ kind: 'class-balanced' }, 4);
    const rows = batches(balanced, 5).flat();
    rows.forEach((row, i) => expect(data.labels[row]).toBe(i % 3));
    expect(balanced.epoch).toBe(2);
    const emphasis = order({ kind: 'emphasize-errors' }, 4);
    expect(emphasis.wantsLosses).toBe(true);
    expect(batches(emphasis, 3).every((batch) => batch.length === 4)).toBe(true);
  });

  it('emphasize-errors: a row whose recorded loss is high is drawn more often', () => {
    const emphasis = order({ kind: 'emphasize-errors', capMultiple: 100 }, 10);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 400; i++) {
      const batch = emphasis.next();
      // Row 3 keeps a loss 50× the others'.
      emphasis.recordLosses(Float64Array.from(batch, (row) => (row === 3 ? 5 : 0.1)));
      for (const row of batch) counts[row]++;
    }
    // p_3 = 0.05 + 0.5·5/(5 + 0.9) ≈ 0.47 against ≈ 0.06 for each other row.
    expect(counts[3] / 4000).toBeGreaterThan(0.4);
    for (const row of everyRow.filter((r) => r !== 3)) expect(counts[row] / 4000).toBeLessThan(0.1);
  });
});

describe('per-row losses', () => {
  it.each<LossKind>(['softmax-cross-entropy', 'mse', 'sigmoid-binary-cross-entropy'])('%s: the rows’ losses average to the batch loss', (kind) => {
    const random = createRandom(3);
    const outputs = Float32Array.from({ length: 5 * 4 }, () => random.normal(0, 2));
    const labels = Int32Array.of(0, 3, 1, 2, 3);
    const rowLosses = new Float64Array(5);
    const loss = createLoss(kind, 4, 5);
    const mean = loss.compute(outputs, labels, 5, null, rowLosses);
    expect(rowLosses.reduce((sum, value) => sum + value, 0) / 5).toBeCloseTo(mean, 12);
    for (const value of rowLosses) expect(value).toBeGreaterThan(0);
    expect(loss.compute(outputs, labels, 5, null)).toBe(mean);
  });
});

describe('sampling in the trainer', () => {
  function trainer(sampling: SamplingKind, extra: Record<string, number> = {}): ReturnType<typeof createTrainer> {
    const document = newDocument();
    document.training = { ...document.training, batchSize: 8, sampling, ...extra };
    const result = compile(document);
    if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('; '));
    // 40 rows, x = row/40: class 0 for x < 0.5, class 1 above, except rows 0–3, labelled 1 among the 0s.
    const set = {
      features: Float32Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? i / 2 / 40 : ((i / 2) % 7) / 7)),
      labels: Int32Array.from({ length: 40 }, (_, row) => (row < 4 || row >= 20 ? 1 : 0)),
      rows: 40,
      width: 2,
      classes: 2,
    };
    const split: DatasetSplit = { train: set, test: set };
    return createTrainer(result.plan, { data: split });
  }

  it('class-sorted trains on one class, then the other', () => {
    const sorted = trainer('class-sorted');
    const labels = Array.from({ length: 5 }, () => {
      sorted.step();
      return [...sorted.lastBatch().labels];
    });
    expect(labels.slice(0, 2).flat().every((label) => label === 0)).toBe(true);
    expect(labels.slice(2).flat().every((label) => label === 1)).toBe(true);
    expect(sorted.epoch).toBe(1);
  });

  it('class-balanced alternates the classes inside every batch', () => {
    const balanced = trainer('class-balanced');
    balanced.step();
    expect([...balanced.lastBatch().labels]).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  });

  /** The fraction of the rows drawn in `steps` steps that are the four mislabelled ones (x < 0.1). */
  function outlierShare(sampling: SamplingKind, steps: number): number {
    const run = trainer(sampling, { emphasisCap: 100 });
    let outliers = 0;
    for (let step = 0; step < steps; step++) {
      if (run.step().kind !== 'step') throw new Error('diverged');
      const { features, rows } = run.lastBatch();
      for (let r = 0; r < rows; r++) if (features[2 * r] < 0.1) outliers++;
    }
    return outliers / (steps * 8);
  }

  it('emphasize-errors feeds the measured losses back: the mislabelled rows, which keep a high loss, are drawn more often', () => {
    expect(outlierShare('shuffled', 500)).toBeCloseTo(0.1, 5);
    // Measured 0.158: 4000 draws, so 12 binomial standard deviations above the shuffled 0.1.
    expect(outlierShare('emphasize-errors', 500)).toBeGreaterThan(0.13);
    expect(outlierShare('emphasize-errors', 50)).toBe(outlierShare('emphasize-errors', 50));
  });
});
