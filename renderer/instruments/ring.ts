/**
 * A fixed-capacity ring of rows of float64 numbers: a run's history must stay bounded however
 * long it trains, so once full, each new row overwrites the oldest. Rows are `stride` numbers
 * wide and contiguous, so a row is one subarray. Indices are logical: 0 is the oldest row kept.
 */
export class RingBuffer {
  readonly capacity: number;
  readonly stride: number;
  private readonly data: Float64Array;
  private start = 0;
  /** Rows held, at most `capacity`. */
  length = 0;
  /** Rows overwritten since the last clear. */
  dropped = 0;

  constructor(capacity: number, stride = 1) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`A ring buffer's capacity must be a positive integer, got ${capacity}`);
    if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`A ring buffer's stride must be a positive integer, got ${stride}`);
    this.capacity = capacity;
    this.stride = stride;
    this.data = new Float64Array(capacity * stride);
  }

  /** Appends one row and returns it for the caller to fill (its previous contents are stale). */
  pushRow(): Float64Array {
    let slot: number;
    if (this.length < this.capacity) {
      slot = (this.start + this.length) % this.capacity;
      this.length += 1;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
      this.dropped += 1;
    }
    return this.data.subarray(slot * this.stride, (slot + 1) * this.stride);
  }

  push(...values: number[]): void {
    if (values.length !== this.stride) throw new RangeError(`A row of this ring holds ${this.stride} numbers, got ${values.length}`);
    this.pushRow().set(values);
  }

  /** The row `index` (0 = oldest), a view that a later push may overwrite. */
  row(index: number): Float64Array {
    const slot = this.slot(index);
    return this.data.subarray(slot * this.stride, (slot + 1) * this.stride);
  }

  get(index: number, column = 0): number {
    return this.data[this.slot(index) * this.stride + column];
  }

  clear(): void {
    this.start = 0;
    this.length = 0;
    this.dropped = 0;
  }

  private slot(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) throw new RangeError(`Row ${index} is outside the ${this.length} rows held`);
    return (this.start + index) % this.capacity;
  }
}
