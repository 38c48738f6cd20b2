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
 * spread around a large mean stays exact without a second pass over the data.
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
  let shiftedSum = 0;
  let shiftedSquares = 0;
  let sumAbs = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    const deviation = value - shift;
    shiftedSum += deviation;
    shiftedSquares += deviation * deviation;
    sumAbs += Math.abs(value);
    sumSquares += value * value;
    // Not Math.min/max: V8 takes a slow path on equal operands (to order −0 and +0), and a
    // ReLU layer's output is half zeros. New extremes are rare, so these branches predict well.
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // Comparisons skip NaN; a NaN sum (from a NaN, or from +∞ − ∞) tells when to look for one.
  if (shiftedSum !== shiftedSum && containsNaN(values, length)) {
    min = NaN;
    max = NaN;
  }
  const variance = Math.max(0, shiftedSquares - (shiftedSum * shiftedSum) / length) / length;
  return {
    mean: shift + shiftedSum / length,
    std: Math.sqrt(variance),
    min,
    max,
    meanAbs: sumAbs / length,
    rms: Math.sqrt(sumSquares / length),
  };
}

function containsNaN(values: Float32Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (values[i] !== values[i]) return true;
  return false;
}
