import { assertNever } from '../protocol';
import type { Random } from '../random';
import { createSampler, type LabelledRows, type SamplingSpec } from './sampling';

/**
 * The trainer's batch order for a sampling spec (sampling.ts describes each kind).
 *
 * The epoch orders (`sequential`, `shuffled`, `class-sorted`) walk one order per epoch and end
 * each epoch with a smaller batch when the batch size does not divide the rows, so an epoch is
 * exactly one pass and `shuffled` reshuffles the previous order in place at each epoch's start.
 * The drawing samplers (`class-balanced`, `emphasize-errors`) hand out full batches without end;
 * their epoch count is the rows drawn so far divided by the training rows.
 */
export interface BatchOrder {
  /** Row indices of the next batch: a view, valid until the next call. */
  next(): Int32Array;
  /** Full passes over the training rows completed so far. */
  readonly epoch: number;
  /** True when the order wants each batch's per-row losses (emphasize-errors). */
  readonly wantsLosses: boolean;
  /** The losses just measured on the batch `next()` returned last, one per row. */
  recordLosses(losses: Float64Array): void;
}

export function createBatchOrder(spec: SamplingSpec, data: LabelledRows, batchSize: number, random: Random): BatchOrder {
  switch (spec.kind) {
    case 'sequential':
      return epochOrder(data, batchSize, () => {});
    case 'shuffled':
      return epochOrder(data, batchSize, (order) => random.shuffle(order));
    case 'class-sorted':
      return epochOrder(data, batchSize, (order) => {
        // Stable: within a class, file order. The same order every epoch.
        const sorted = Array.from(order).sort((a, b) => data.labels[a] - data.labels[b] || a - b);
        order.set(sorted);
      });
    case 'class-balanced':
    case 'emphasize-errors':
      return drawnOrder(spec, data, batchSize, random);
    default:
      return assertNever(spec);
  }
}

/** `arrange` reorders the rows (in place) at the start of each epoch. */
function epochOrder(data: LabelledRows, batchSize: number, arrange: (order: Int32Array) => void): BatchOrder {
  const order = Int32Array.from({ length: data.rows }, (_, row) => row);
  let cursor = 0;
  let epoch = 0;
  return {
    next() {
      if (cursor === 0) arrange(order);
      const rows = Math.min(batchSize, order.length - cursor);
      const batch = order.subarray(cursor, cursor + rows);
      cursor += rows;
      if (cursor === order.length) {
        cursor = 0;
        epoch++;
      }
      return batch;
    },
    get epoch() {
      return epoch;
    },
    wantsLosses: false,
    recordLosses() {},
  };
}

function drawnOrder(spec: SamplingSpec, data: LabelledRows, batchSize: number, random: Random): BatchOrder {
  const sampler = createSampler(spec, data, batchSize, random);
  let batch: Int32Array = new Int32Array(0);
  let drawn = 0;
  return {
    next() {
      batch = sampler.nextBatch();
      drawn += batch.length;
      return batch;
    },
    get epoch() {
      return Math.floor(drawn / data.rows);
    },
    wantsLosses: spec.kind === 'emphasize-errors',
    recordLosses(losses) {
      sampler.recordLosses(batch, losses.subarray(0, batch.length));
    },
  };
}
