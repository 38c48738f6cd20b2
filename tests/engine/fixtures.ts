import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** A tensor of the PyTorch fixtures (scripts/torch/make_fixtures.py): shape and row-major data. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** Reads tests/fixtures/torch/<name>.json. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/torch', `${name}.json`), 'utf8')) as T;
}

export const f32 = (tensor: FixtureTensor): Float32Array => Float32Array.from(tensor.data);

/**
 * The one comparison of engine results (float32) with PyTorch's float64 references:
 *
 *   |a − b| ≤ 1e-5 · (|b| + 0.01 · scale),   scale = max |b| over the tensor
 *
 * The first term is 1e-5 relative to each element. The second is needed because float32 error
 * is relative to the magnitudes a value was computed from, not to the value: a matrix product
 * or a BatchNorm gradient sums terms as large as the tensor's largest entries, and where they
 * cancel to an element near zero, the rounding of those terms (float32 ε ≈ 1.2e-7 each)
 * remains; purely relative, the dense fixture's dx is off by 870 × 1e-5 at one such element.
 * 1e-7 of the tensor's scale is about one float32 ulp of its largest element, and the bound
 * never exceeds 1e-5 relative to that scale (at |b| = scale it is 1.01e-5 · scale). Measured
 * worst case over all fixtures: half the bound (Dense dW, 32 × 50 → 20).
 */
export function expectClose(actual: ArrayLike<number>, expected: FixtureTensor | number[], what: string): void {
  const reference = Array.isArray(expected) ? expected : expected.data;
  expect(actual.length, `${what}: length`).toBe(reference.length);
  const scale = reference.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const failures: string[] = [];
  for (let i = 0; i < reference.length; i++) {
    const tolerance = 1e-5 * (Math.abs(reference[i]) + 0.01 * scale);
    if (!(Math.abs(actual[i] - reference[i]) <= tolerance)) failures.push(`[${i}] ${actual[i]} vs ${reference[i]} (tolerance ${tolerance.toExponential(2)})`);
  }
  expect(failures, `${what}: elements outside 1e-5·(|b| + 0.01·max|b|)`).toEqual([]);
}

/** The same comparison for one number, its own scale. */
export function expectCloseScalar(actual: number, expected: number, what: string): void {
  expectClose([actual], [expected], what);
}
