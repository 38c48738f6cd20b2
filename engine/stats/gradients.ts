import { assertExtent } from './extent';

/**
 * Gradient instruments, in float64.
 *
 *   meanAbs = Σ|g| / n     the lecture's "mean gradient modulus" of a layer (EXPERIMENTS.md §A:
 *                          mean over all weights of |∂L/∂W|, L the batch-mean loss)
 *   rms     = √(Σg² / n)
 */
export interface GradientMagnitude {
  meanAbs: number;
  rms: number;
}

/** Magnitude of the first `length` values of a gradient: ∂L/∂W of a Dense layer or ∂L/∂a of a node's output. */
export function gradientMagnitude(gradient: Float32Array, length: number = gradient.length): GradientMagnitude {
  assertExtent(gradient, length, 'gradientMagnitude');
  // Even and odd indices in separate sums: each then waits on half as many adds.
  let absA = 0;
  let absB = 0;
  let squaresA = 0;
  let squaresB = 0;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const a = gradient[i];
    const b = gradient[i + 1];
    absA += Math.abs(a);
    absB += Math.abs(b);
    squaresA += a * a;
    squaresB += b * b;
  }
  if (i < length) {
    absA += Math.abs(gradient[i]);
    squaresA += gradient[i] * gradient[i];
  }
  return { meanAbs: (absA + absB) / length, rms: Math.sqrt((squaresA + squaresB) / length) };
}

/**
 * Copies the first `length` weights into `buffer`, reused when it is long enough (pass the
 * previous result back in), so a trainer can keep W from before each optimizer step without
 * allocating per step. Returns the buffer holding the copy.
 */
export function snapshotWeights(weights: Float32Array, length: number = weights.length, buffer: Float32Array | null = null): Float32Array {
  assertExtent(weights, length, 'snapshotWeights');
  const target = buffer && buffer.length >= length ? buffer : new Float32Array(length);
  target.set(weights.subarray(0, length));
  return target;
}

/**
 * The update-to-weight ratio ‖W_after − W_before‖₂ / ‖W_before‖₂ of one optimizer step (Frobenius
 * norms over the first `length` values); around 1e-3 is the usual healthy order. Weights that
 * were all zero give 0 if they stayed zero and +∞ if they moved.
 */
export function updateRatio(before: Float32Array, after: Float32Array, length: number = after.length): number {
  assertExtent(before, length, 'updateRatio before');
  assertExtent(after, length, 'updateRatio after');
  // Even and odd indices in separate sums, as in gradientMagnitude.
  let updateA = 0;
  let updateB = 0;
  let weightA = 0;
  let weightB = 0;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const previousA = before[i];
    const previousB = before[i + 1];
    // Exact in float64 unless the two magnitudes differ by more than 2^29.
    const deltaA = after[i] - previousA;
    const deltaB = after[i + 1] - previousB;
    updateA += deltaA * deltaA;
    updateB += deltaB * deltaB;
    weightA += previousA * previousA;
    weightB += previousB * previousB;
  }
  if (i < length) {
    const delta = after[i] - before[i];
    updateA += delta * delta;
    weightA += before[i] * before[i];
  }
  const updateSquares = updateA + updateB;
  const weightSquares = weightA + weightB;
  if (weightSquares === 0) return updateSquares === 0 ? 0 : Infinity;
  return Math.sqrt(updateSquares / weightSquares);
}

/**
 * The per-example backward gain between two layers (EXPERIMENTS.md §B): the mean over the batch
 * of ‖δ_lower[r]‖ / ‖δ_upper[r]‖, where δ are the gradients of the two layers' pre-activations,
 * [rows × lowerWidth] and [rows × upperWidth]. Rows whose upper gradient is exactly zero carry
 * no signal to compare and are left out; NaN if every row is.
 */
export function meanExampleGain(
  lower: Float32Array,
  lowerWidth: number,
  upper: Float32Array,
  upperWidth: number,
  rows: number,
): number {
  assertExtent(lower, rows * lowerWidth, 'meanExampleGain lower');
  assertExtent(upper, rows * upperWidth, 'meanExampleGain upper');
  let gainSum = 0;
  let counted = 0;
  for (let row = 0; row < rows; row++) {
    const upperNorm = rowNorm(upper, row * upperWidth, upperWidth);
    if (upperNorm === 0) continue;
    gainSum += rowNorm(lower, row * lowerWidth, lowerWidth) / upperNorm;
    counted++;
  }
  return counted === 0 ? NaN : gainSum / counted;
}

function rowNorm(matrix: Float32Array, start: number, width: number): number {
  let squares = 0;
  for (let i = start, end = start + width; i < end; i++) squares += matrix[i] * matrix[i];
  return Math.sqrt(squares);
}
