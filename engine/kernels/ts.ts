import type { Kernels } from './kernels';

/**
 * The plain TypeScript kernels: the reference the WASM backend is checked against, and the
 * fallback where WebAssembly SIMD is missing. Loop orders keep the innermost loop on
 * contiguous memory; inner loops are unrolled by 4. gemmNT carries each dot product in float64
 * and rounds once; gemm and gemmTN accumulate in c, so they round at every update. Zeros are
 * never skipped, so NaN and Infinity propagate as IEEE says
 * (divergence detection relies on it).
 */
export const tsKernels: Kernels = {
  name: 'typescript',

  alloc: (length) => new Float32Array(length),

  // i-k-j: each a[i][p] scales row p of b into row i of c.
  gemm(m, n, k, a, b, c, accumulate) {
    const n4 = n - (n % 4);
    for (let i = 0; i < m; i++) {
      const cRow = i * n;
      if (!accumulate) c.fill(0, cRow, cRow + n);
      const aRow = i * k;
      for (let p = 0; p < k; p++) {
        const aip = a[aRow + p];
        const bRow = p * n;
        let j = 0;
        for (; j < n4; j += 4) {
          c[cRow + j] += aip * b[bRow + j];
          c[cRow + j + 1] += aip * b[bRow + j + 1];
          c[cRow + j + 2] += aip * b[bRow + j + 2];
          c[cRow + j + 3] += aip * b[bRow + j + 3];
        }
        for (; j < n; j++) c[cRow + j] += aip * b[bRow + j];
      }
    }
  },

  // Every c[i][j] is the dot product of two contiguous rows: a's row i and b's row j.
  gemmNT(m, n, k, a, b, c, accumulate) {
    const k4 = k - (k % 4);
    for (let i = 0; i < m; i++) {
      const aRow = i * k;
      const cRow = i * n;
      for (let j = 0; j < n; j++) {
        const bRow = j * k;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let p = 0;
        for (; p < k4; p += 4) {
          s0 += a[aRow + p] * b[bRow + p];
          s1 += a[aRow + p + 1] * b[bRow + p + 1];
          s2 += a[aRow + p + 2] * b[bRow + p + 2];
          s3 += a[aRow + p + 3] * b[bRow + p + 3];
        }
        for (; p < k; p++) s0 += a[aRow + p] * b[bRow + p];
        const dot = s0 + s1 + (s2 + s3);
        c[cRow + j] = accumulate ? c[cRow + j] + dot : dot;
      }
    }
  },

  // k outermost: c += outer(a's row p, b's row p), one rank-1 update per p.
  gemmTN(m, n, k, a, b, c, accumulate) {
    if (!accumulate) c.fill(0, 0, m * n);
    const n4 = n - (n % 4);
    for (let p = 0; p < k; p++) {
      const aRow = p * m;
      const bRow = p * n;
      for (let i = 0; i < m; i++) {
        const api = a[aRow + i];
        const cRow = i * n;
        let j = 0;
        for (; j < n4; j += 4) {
          c[cRow + j] += api * b[bRow + j];
          c[cRow + j + 1] += api * b[bRow + j + 1];
          c[cRow + j + 2] += api * b[bRow + j + 2];
          c[cRow + j + 3] += api * b[bRow + j + 3];
        }
        for (; j < n; j++) c[cRow + j] += api * b[bRow + j];
      }
    }
  },
};
