import { assertExtent } from './extent';

/**
 * Unit-health fractions of an activation's output y.
 *
 * Saturation is counted per value (each example × unit), as EXPERIMENTS.md §B/§C count "79 % of
 * L1 outputs are outside [0.05, 0.95]". The thresholds are the same 5 % of the output range at
 * each end for both squashing functions:
 *   sigmoid  y < 0.05 or y > 0.95   (|x| > 2.94; σ'(x) < 0.0475, under a fifth of its peak ¼)
 *   tanh     |y| > 0.9              (|x| > 1.47; tanh' < 0.19, under a fifth of its peak 1)
 * tanh(x) = 2σ(2x) − 1 maps one onto the other, so a tanh unit counts as saturated exactly when
 * the sigmoid it rescales would. (|y| > 0.95 would be the stricter 2.5 % of tanh's range.)
 */
export const SIGMOID_SATURATION_LOW = 0.05;
export const SIGMOID_SATURATION_HIGH = 0.95;
export const TANH_SATURATION = 0.9;

/** Fraction of the first `length` sigmoid outputs below 0.05 or above 0.95. */
export function sigmoidSaturatedFraction(y: Float32Array, length: number = y.length): number {
  assertExtent(y, length, 'sigmoidSaturatedFraction');
  let saturated = 0;
  // Counting with Number(…) instead of `if`: on a half-saturated layer the branch is a coin flip.
  for (let i = 0; i < length; i++) saturated += Number(y[i] < SIGMOID_SATURATION_LOW) + Number(y[i] > SIGMOID_SATURATION_HIGH);
  return saturated / length;
}

/** Fraction of the first `length` tanh outputs with |y| > 0.9. */
export function tanhSaturatedFraction(y: Float32Array, length: number = y.length): number {
  assertExtent(y, length, 'tanhSaturatedFraction');
  let saturated = 0;
  for (let i = 0; i < length; i++) saturated += Number(Math.abs(y[i]) > TANH_SATURATION);
  return saturated / length;
}

/**
 * ReLU activity over a batch y [rows × width]:
 *   deadFraction  the fraction of units whose output is 0 for every row of the batch. A unit
 *                 dead on the whole data set gets no gradient and never recovers; one batch can
 *                 only suggest it (a sparse but live unit may be silent on a small batch), so
 *                 read it over several frames or a large probe batch.
 *   zeroFraction  the fraction of all rows × width outputs that are 0 (the sparsity of the layer).
 */
export interface ReluActivity {
  deadFraction: number;
  zeroFraction: number;
}

export function reluActivity(y: Float32Array, rows: number, width: number): ReluActivity {
  assertExtent(y, rows * width, 'reluActivity');
  let zeros = 0;
  for (let i = 0, length = rows * width; i < length; i++) zeros += Number(y[i] === 0);
  let dead = 0;
  // Column by column, stopping at a unit's first non-zero row: live units cost a row or two.
  for (let unit = 0; unit < width; unit++) {
    let row = 0;
    while (row < rows && y[row * width + unit] === 0) row++;
    if (row === rows) dead++;
  }
  return { deadFraction: dead / width, zeroFraction: zeros / (rows * width) };
}
