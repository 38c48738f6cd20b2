/**
 * The instruments measure "the first `length` values" of a buffer because the trainer sizes its
 * buffers for the largest batch and a smaller final batch uses only their front.
 */
export function assertExtent(values: ArrayLike<number>, length: number, what: string): void {
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`${what}: length must be a positive integer, got ${length}`);
  }
  if (length > values.length) {
    throw new RangeError(`${what}: needs ${length} values but the array holds ${values.length}`);
  }
}
