/**
 * The numeric kernels every layer's forward and backward pass runs on. All matrices are dense,
 * row-major Float32Arrays. Backprop needs all three products: y = x·Wᵀ (gemmNT),
 * dx = dy·W (gemm) and dW = dyᵀ·x (gemmTN). Besides the products, the element-wise passes and
 * per-feature reductions of a training step live here too, so a backend can run the whole step
 * in fast code rather than only the products.
 *
 * Implementations: a plain TypeScript one (the reference) and a WebAssembly SIMD one, chosen at
 * start-up by feature detection (see `selectKernels`). The products agree to float32 rounding
 * (they sum in different orders); `sigmoid` to a few float32 ulps (the WASM one evaluates e^x in
 * float32); every other kernel gives bit-identical results on both.
 */
export interface Kernels {
  readonly name: string;
  /**
   * A zero-filled buffer for data the kernels touch. The WASM backend hands out views of its
   * own memory so kernels run without copying; once its reserve is used up it returns plain
   * arrays, which still work (products copy them per call, the other kernels fall back to
   * TypeScript).
   */
  alloc(length: number): Float32Array;
  /** c[m×n] = a[m×k] · b[k×n], or c += … when `accumulate`. */
  gemm(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void;
  /** c[m×n] = a[m×k] · b[n×k]ᵀ, or c += … when `accumulate`. */
  gemmNT(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void;
  /** c[m×n] = a[k×m]ᵀ · b[k×n], or c += … when `accumulate`. */
  gemmTN(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void;

  /** Whether the first `length` values are all finite: no NaN, no ±Infinity. */
  allFinite(values: Float32Array, length: number): boolean;
  /** y = σ(x) = 1/(1 + e^(−x)) on the first `length` values; NaN stays NaN. */
  sigmoid(x: Float32Array, y: Float32Array, length: number): void;
  /** dx = dy·y·(1 − y) on the first `length` values, y the sigmoid's output; float64, rounded once. */
  sigmoidBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, length: number): void;
  /** y = max(0, x) on the first `length` values; NaN stays NaN, −0 becomes 0 (Math.max). */
  relu(x: Float32Array, y: Float32Array, length: number): void;
  /** dx = dy where x > 0, else 0, on the first `length` values. */
  reluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number): void;
  /** y[r][j] += b[j] for every row of y[rows × width]. */
  addRowVector(y: Float32Array, b: Float32Array, rows: number, width: number): void;
  /** sums[j] = Σ_r x[r][j] over x[rows × width], summed in float64 in row order and rounded once. */
  columnSums(x: Float32Array, rows: number, width: number, sums: Float32Array): void;
  /** value[i] = value[i] − scale·grad[i] for i < length, in float64 and rounded once (SGD's step). */
  subtractScaled(value: Float32Array, grad: Float32Array, length: number, scale: number): void;
  /**
   * BatchNorm's training forward pass over x[rows × width], per feature j in float64:
   * mean[j] = Σ x / rows, variance[j] = Σ (x − mean)² / rows (biased), invStd[j] =
   * 1/√(variance + eps), and y = γ((x − mean)·invStd) + β, rounded once.
   */
  batchNormForward(x: Float32Array, y: Float32Array, rows: number, width: number, gamma: Float32Array, beta: Float32Array, statistics: BatchStatistics, eps: number): void;
  /**
   * BatchNorm's backward pass (engine/layers/batchnorm.ts has the formulas) from the forward
   * pass's statistics: writes dGamma and dBeta unless they are null, and dx unless it is null.
   */
  batchNormBackward(
    x: Float32Array,
    dy: Float32Array,
    rows: number,
    width: number,
    gamma: Float32Array,
    statistics: BatchStatistics,
    parameterGradients: { dGamma: Float32Array; dBeta: Float32Array } | null,
    dx: Float32Array | null,
  ): void;
}

/** Per-feature float64 statistics of a BatchNorm training pass, from `allocBatchStatistics`. */
export interface BatchStatistics {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly invStd: Float64Array;
}

/** Float64 buffers carved from `kernels.alloc`, so a WASM backend reads them in place. */
export function allocBatchStatistics(kernels: Kernels, width: number): BatchStatistics {
  const float64 = (): Float64Array => {
    const storage = kernels.alloc(2 * width);
    return new Float64Array(storage.buffer, storage.byteOffset, width);
  };
  return { mean: float64(), variance: float64(), invStd: float64() };
}
