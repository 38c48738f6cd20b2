import { describe, expect, it } from 'vitest';
import { tsKernels } from '../../engine/kernels/ts';
import { createRandom } from '../../engine/random';

type Layout = { transposeA: boolean; transposeB: boolean };

/** c = op(a)·op(b) (+ c) in float64, the obvious triple loop. */
function naive(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean, layout: Layout): Float64Array {
  const result = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = accumulate ? c[i * n + j] : 0;
      for (let p = 0; p < k; p++) {
        const aValue = layout.transposeA ? a[p * m + i] : a[i * k + p];
        const bValue = layout.transposeB ? b[j * k + p] : b[p * n + j];
        sum += aValue * bValue;
      }
      result[i * n + j] = sum;
    }
  }
  return result;
}

const KERNELS = [
  { name: 'gemm', layout: { transposeA: false, transposeB: false }, run: tsKernels.gemm },
  { name: 'gemmNT', layout: { transposeA: false, transposeB: true }, run: tsKernels.gemmNT },
  { name: 'gemmTN', layout: { transposeA: true, transposeB: false }, run: tsKernels.gemmTN },
] as const;

const SIZES = [
  [1, 1, 1],
  [7, 13, 5],
  [33, 17, 65],
  [4, 8, 16],
] as const;

describe('TypeScript kernels', () => {
  for (const kernel of KERNELS) {
    for (const [m, n, k] of SIZES) {
      for (const accumulate of [false, true]) {
        it(`${kernel.name} ${m}×${n}×${k}${accumulate ? ' accumulating' : ''} matches the naive product`, () => {
          const random = createRandom(m * 10_000 + n * 100 + k);
          const fill = (length: number): Float32Array => Float32Array.from({ length }, () => random.uniform(-1, 1));
          const a = fill(m * k);
          const b = fill(k * n);
          const c = fill(m * n);
          const expected = naive(m, n, k, a, b, c, accumulate, kernel.layout);
          kernel.run(m, n, k, a, b, c, accumulate);
          // Entries are sums of k products of values in [-1, 1]; float32 rounding of each partial
          // sum adds at most k·2⁻²⁴·k in the worst case, far less in practice: 1e-6·k² bounds it.
          const tolerance = 1e-6 * k * k + 1e-6;
          for (let i = 0; i < m * n; i++) expect(Math.abs(c[i] - expected[i])).toBeLessThan(tolerance);
        });
      }
    }
  }

  it('alloc returns a zero-filled Float32Array of the requested length', () => {
    const buffer = tsKernels.alloc(10);
    expect(buffer).toBeInstanceOf(Float32Array);
    expect([...buffer]).toEqual(new Array(10).fill(0));
  });

  it('propagates NaN through zeros instead of skipping them', () => {
    const c = new Float32Array(1);
    tsKernels.gemm(1, 1, 2, Float32Array.of(0, 1), Float32Array.of(NaN, 1), c, false);
    expect(c[0]).toBeNaN();
  });
});
