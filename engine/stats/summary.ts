import { assertExtent } from './extent';

/**
 * Moments and extremes of a tensor's first `length` values, accumulated in float64 in one pass.
 *
 *   mean    = Σx / n
 *   std     = √(Σ(x − mean)² / n)      population standard deviation (numpy's default ddof=0)
 *   meanAbs = Σ|x| / n
 *   rms     = √(Σx² / n)
 *
 * The variance sums deviations from the first value, d = x − x₀ (the "shifted data" method):
 * σ² = (Σd² − (Σd)²/n) / n loses only about 1e-16·(1 + (mean − x₀)²/σ²) relatively, so a small
 * spread around a large mean stays exact without a second pass over the data. The RMS comes
 * from the same sums, Σx² = Σd² + 2x₀Σd + n·x₀².
 *
 * Any NaN makes every field NaN, min and max included (numpy's rule): a summary that silently
 * skipped NaN would hide the divergence the lecture wants to show.
 */
export interface Summary {
  mean: number;
  std: number;
  min: number;
  max: number;
  meanAbs: number;
  rms: number;
}

export function summarize(values: Float32Array, length: number = values.length): Summary {
  assertExtent(values, length, 'summarize');
  const shift = values[0];
  // Two sets of accumulators, even and odd indices: each sum then waits on half as many adds.
  let sumA = 0;
  let sumB = 0;
  let squaresA = 0;
  let squaresB = 0;
  let absA = 0;
  let absB = 0;
  let min = Infinity;
  let max = -Infinity;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const a = values[i];
    const b = values[i + 1];
    const deviationA = a - shift;
    const deviationB = b - shift;
    sumA += deviationA;
    sumB += deviationB;
    squaresA += deviationA * deviationA;
    squaresB += deviationB * deviationB;
    absA += Math.abs(a);
    absB += Math.abs(b);
    // Not Math.min/max: V8 takes a slow path on equal operands (to order −0 and +0), and a
    // ReLU layer's output is half zeros. New extremes are rare, so these branches predict well.
    if (a < min) min = a;
    if (a > max) max = a;
    if (b < min) min = b;
    if (b > max) max = b;
  }
  if (i < length) {
    const a = values[i];
    const deviationA = a - shift;
    sumA += deviationA;
    squaresA += deviationA * deviationA;
    absA += Math.abs(a);
    if (a < min) min = a;
    if (a > max) max = a;
  }
  const shiftedSum = sumA + sumB;
  const shiftedSquares = squaresA + squaresB;
  // Comparisons skip NaN; a NaN sum (from a NaN, or from +∞ − ∞) tells when to look for one.
  if (shiftedSum !== shiftedSum && containsNaN(values, length)) {
    min = NaN;
    max = NaN;
  }
  const variance = Math.max(0, shiftedSquares - (shiftedSum * shiftedSum) / length) / length;
  // Σx² = Σ(d + x₀)² = Σd² + 2x₀Σd + n·x₀², from the same sums.
  const sumSquares = shiftedSquares + 2 * shift * shiftedSum + length * shift * shift;
  return {
    mean: shift + shiftedSum / length,
    std: Math.sqrt(variance),
    min,
    max,
    meanAbs: (absA + absB) / length,
    rms: Math.sqrt(Math.max(0, sumSquares) / length),
  };
}

function containsNaN(values: Float32Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (values[i] !== values[i]) return true;
  return false;
}
