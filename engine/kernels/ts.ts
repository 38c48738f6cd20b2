import type { Kernels } from './kernels';

/**
 * The plain TypeScript kernels: the reference the WASM backend is checked against, and the
 * fallback where WebAssembly SIMD is missing. In the products, loop orders keep the innermost
 * loop on contiguous memory; inner loops are unrolled by 4. gemmNT carries each dot product in
 * float64 and rounds once; gemm and gemmTN accumulate in c, so they round at every update. Zeros
 * are never skipped, so NaN and Infinity propagate as IEEE says (divergence detection relies on
 * it). The other kernels evaluate each expression in float64 (JavaScript's arithmetic) and round
 * once when storing; per-feature reductions run one feature at a time, adding the rows in order.
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

  allFinite(values, length) {
    // v − v is 0 for every finite v, NaN for NaN and ±Infinity.
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (value - value !== 0) return false;
    }
    return true;
  },

  sigmoid(x, y, length) {
    for (let i = 0; i < length; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
  },

  sigmoidBackward(y, dy, dx, length) {
    for (let i = 0; i < length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
  },

  relu(x, y, length) {
    for (let i = 0; i < length; i++) y[i] = Math.max(0, x[i]);
  },

  reluBackward(x, dy, dx, length) {
    for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
  },

  addRowVector(y, b, rows, width) {
    for (let r = 0; r < rows; r++) {
      const row = r * width;
      for (let j = 0; j < width; j++) y[row + j] += b[j];
    }
  },

  columnSums(x, rows, width, sums) {
    for (let j = 0; j < width; j++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += x[r * width + j];
      sums[j] = sum;
    }
  },

  subtractScaled(value, grad, length, scale) {
    for (let i = 0; i < length; i++) value[i] -= scale * grad[i];
  },

  batchNormForward(x, y, rows, width, gamma, beta, { mean, variance, invStd }, eps) {
    for (let j = 0; j < width; j++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += x[r * width + j];
      const mu = sum / rows;
      let squares = 0;
      for (let r = 0; r < rows; r++) {
        const centred = x[r * width + j] - mu;
        squares += centred * centred;
      }
      const sigma2 = squares / rows;
      const inv = 1 / Math.sqrt(sigma2 + eps);
      mean[j] = mu;
      variance[j] = sigma2;
      invStd[j] = inv;
      const g = gamma[j];
      const b = beta[j];
      for (let r = 0; r < rows; r++) y[r * width + j] = g * ((x[r * width + j] - mu) * inv) + b;
    }
  },

  batchNormBackward(x, dy, rows, width, gamma, { mean, invStd }, parameterGradients, dx) {
    for (let j = 0; j < width; j++) {
      const mu = mean[j];
      const inv = invStd[j];
      const g = gamma[j];
      let sumDxhat = 0;
      let sumDxhatCentred = 0;
      let sumCentred = 0;
      let sumDy = 0;
      let sumDyXhat = 0;
      for (let r = 0; r < rows; r++) {
        const at = r * width + j;
        const centred = x[at] - mu;
        const dxhat = dy[at] * g;
        sumDxhat += dxhat;
        sumDxhatCentred += dxhat * centred;
        sumCentred += centred;
        sumDy += dy[at];
        sumDyXhat += dy[at] * centred * inv;
      }
      if (parameterGradients) {
        parameterGradients.dGamma[j] = sumDyXhat;
        parameterGradients.dBeta[j] = sumDy;
      }
      if (!dx) continue;
      const dVariance = sumDxhatCentred * -0.5 * inv * inv * inv;
      const dMean = -sumDxhat * inv + (dVariance * -2 * sumCentred) / rows;
      for (let r = 0; r < rows; r++) {
        const at = r * width + j;
        dx[at] = dy[at] * g * inv + (dVariance * 2 * (x[at] - mu)) / rows + dMean / rows;
      }
    }
  },
};
