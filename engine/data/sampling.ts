import { assertNever } from '../protocol';
import type { Random } from '../random';

/**
 * The order in which training examples are shown (LeCun et al., "Efficient BackProp" §4.2).
 * Every sampler hands out full batches of row indices without end; an epoch is N consecutive
 * indices, and a batch may straddle two epochs.
 *
 * - `sequential`: rows 0…N−1 in file order, every epoch.
 * - `class-sorted`: all of class 0, then class 1, … (stable), every epoch: the bad order, in
 *   which the net forgets the earlier classes (EXPERIMENTS.md E2).
 * - `shuffled`: a fresh random permutation each epoch.
 * - `class-balanced`: batch positions take the classes in turn (0, 1, …, C−1, 0, …, continuing
 *   across batches, classes without examples skipped), each class's examples drawn from its own
 *   permutation, reshuffled when used up: successive examples never share a class.
 * - `emphasize-errors`: "present high-error examples more often". Example i is drawn, with
 *   replacement, with p_i = 0.5/N + 0.5·ℓ̃_i/Σℓ̃, where ℓ_i is the loss last recorded for it
 *   (initially ln C, chance level) and ℓ̃_i = min(ℓ_i, capMultiple · mean ℓ) caps outliers: a
 *   mislabelled example keeps a high loss forever and would otherwise soak up the draws. Then
 *   p_i ≤ (0.5 + 0.5·capMultiple·mean ℓ / mean ℓ̃) / N: one mislabelled row with loss 500 among
 *   999 at 0.5 gets 4.5/N with the default capMultiple = 4, against 250/N uncapped.
 *   capMultiple = Infinity gives EXPERIMENTS.md E4's uncapped rule.
 */
export type SamplingSpec =
  | { kind: 'sequential' }
  | { kind: 'class-sorted' }
  | { kind: 'shuffled' }
  | { kind: 'class-balanced' }
  | { kind: 'emphasize-errors'; capMultiple?: number };

export const DEFAULT_CAP_MULTIPLE = 4;

/** What a sampler needs of a dataset. */
export interface LabelledRows {
  labels: Int32Array;
  rows: number;
  classes: number;
}

export interface BatchSampler {
  /** Row indices of the next batch; a new array each call. */
  nextBatch(): Int32Array;
  /** The per-example losses just measured on `rows`; only the emphasizing sampler uses them. */
  recordLosses(rows: ArrayLike<number>, losses: ArrayLike<number>): void;
}

export interface EmphasisSampler extends BatchSampler {
  /** The current drawing probability of every row (sums to 1). */
  probabilities(): Float64Array;
}

export function createSampler(spec: SamplingSpec, data: LabelledRows, batchSize: number, random: Random): BatchSampler {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Batch size must be a positive integer, got ${batchSize}`);
  if (data.rows < 1) throw new Error('Cannot sample batches from a dataset without rows');
  switch (spec.kind) {
    case 'sequential':
      return epochSampler(data, batchSize, () => identity(data.rows));
    case 'class-sorted': {
      const sorted = identity(data.rows).sort((a, b) => data.labels[a] - data.labels[b] || a - b);
      return epochSampler(data, batchSize, () => sorted);
    }
    case 'shuffled':
      return epochSampler(data, batchSize, () => random.shuffle(identity(data.rows)));
    case 'class-balanced':
      return classBalancedSampler(data, batchSize, random);
    case 'emphasize-errors':
      return createEmphasisSampler(data, batchSize, random, spec.capMultiple ?? DEFAULT_CAP_MULTIPLE);
    default:
      return assertNever(spec);
  }
}

function identity(rows: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, row) => row);
}

const ignoreLosses = (): void => {};

/** Walks through one order per epoch, asking `orderOfEpoch` for the next when one is used up. */
function epochSampler(data: LabelledRows, batchSize: number, orderOfEpoch: () => Int32Array): BatchSampler {
  let order = orderOfEpoch();
  let position = 0;
  return {
    nextBatch() {
      const batch = new Int32Array(batchSize);
      for (let i = 0; i < batchSize; i++) {
        if (position === data.rows) {
          order = orderOfEpoch();
          position = 0;
        }
        batch[i] = order[position++];
      }
      return batch;
    },
    recordLosses: ignoreLosses,
  };
}

function classBalancedSampler(data: LabelledRows, batchSize: number, random: Random): BatchSampler {
  const members: number[][] = Array.from({ length: data.classes }, () => []);
  for (let row = 0; row < data.rows; row++) {
    const label = data.labels[row];
    if (!(label >= 0 && label < data.classes)) throw new Error(`class-balanced: row ${row} has label ${label}, outside 0…${data.classes - 1}`);
    members[label].push(row);
  }
  const present = members.map((rows, label) => (rows.length > 0 ? label : -1)).filter((label) => label >= 0);
  const queues = members.map((rows) => random.shuffle(rows.slice()));
  const positions = new Array<number>(data.classes).fill(0);
  let turn = 0;
  return {
    nextBatch() {
      const batch = new Int32Array(batchSize);
      for (let i = 0; i < batchSize; i++) {
        const label = present[turn];
        turn = (turn + 1) % present.length;
        if (positions[label] === queues[label].length) {
          random.shuffle(queues[label]);
          positions[label] = 0;
        }
        batch[i] = queues[label][positions[label]++];
      }
      return batch;
    },
    recordLosses: ignoreLosses,
  };
}

export function createEmphasisSampler(data: LabelledRows, batchSize: number, random: Random, capMultiple = DEFAULT_CAP_MULTIPLE): EmphasisSampler {
  if (!(capMultiple >= 1)) throw new Error(`emphasize-errors: capMultiple must be ≥ 1 (or Infinity for no cap), got ${capMultiple}`);
  const n = data.rows;
  const losses = new Float64Array(n).fill(Math.log(data.classes));
  const cumulative = new Float64Array(n);
  let stale = true;

  const probabilities = (): Float64Array => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += losses[i];
    const cap = capMultiple * (sum / n);
    let cappedSum = 0;
    for (let i = 0; i < n; i++) cappedSum += Math.min(losses[i], cap);
    // All losses zero (a perfect fit, or one class): nothing to emphasise.
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) weights[i] = cappedSum > 0 ? 0.5 / n + (0.5 * Math.min(losses[i], cap)) / cappedSum : 1 / n;
    return weights;
  };

  return {
    probabilities,
    nextBatch() {
      if (stale) {
        const weights = probabilities();
        let running = 0;
        for (let i = 0; i < n; i++) cumulative[i] = running += weights[i];
        stale = false;
      }
      const batch = new Int32Array(batchSize);
      for (let b = 0; b < batchSize; b++) {
        const target = random.next() * cumulative[n - 1];
        // The first row whose cumulative weight exceeds the target.
        let low = 0;
        let high = n - 1;
        while (low < high) {
          const middle = (low + high) >>> 1;
          if (cumulative[middle] > target) high = middle;
          else low = middle + 1;
        }
        batch[b] = low;
      }
      return batch;
    },
    recordLosses(rows, batchLosses) {
      if (rows.length !== batchLosses.length) throw new Error(`emphasize-errors: ${rows.length} rows but ${batchLosses.length} losses`);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const loss = batchLosses[i];
        if (!Number.isInteger(row) || row < 0 || row >= n) throw new Error(`emphasize-errors: row ${row} is outside the dataset's ${n} rows`);
        if (!(loss >= 0) || !Number.isFinite(loss)) throw new Error(`emphasize-errors: the loss of row ${row} is ${loss}; losses must be finite and ≥ 0`);
        losses[row] = loss;
      }
      stale = true;
    },
  };
}
