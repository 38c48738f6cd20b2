/**
 * The matrix kernels every layer's forward and backward pass runs on. All matrices are dense,
 * row-major Float32Arrays. Backprop needs all three products: y = x·Wᵀ (gemmNT),
 * dx = dy·W (gemm) and dW = dyᵀ·x (gemmTN).
 *
 * Implementations: a plain TypeScript one and a WebAssembly SIMD one, chosen at start-up by
 * feature detection (see `selectKernels`). They must agree to float32 rounding.
 */
export interface Kernels {
  readonly name: string;
  /**
   * A zero-filled buffer for data the kernels touch. The WASM backend hands out views of its
   * own memory so products run without copying; once its reserve is used up it returns plain
   * arrays, which still work (copied per call).
   */
  alloc(length: number): Float32Array;
  /** c[m×n] = a[m×k] · b[k×n], or c += … when `accumulate`. */
  gemm(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void;
  /** c[m×n] = a[m×k] · b[n×k]ᵀ, or c += … when `accumulate`. */
  gemmNT(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void;
  /** c[m×n] = a[k×m]ᵀ · b[k×n], or c += … when `accumulate`. */
  gemmTN(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void;
}
