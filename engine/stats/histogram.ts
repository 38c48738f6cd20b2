import { assertExtent } from './extent';

/**
 * A histogram with a fixed number of equal bins over a stated range [lo, hi]. Bin b holds
 * lo + b·w ≤ x < lo + (b+1)·w with w = (hi − lo)/bins, except that the last bin also holds
 * x = hi, numpy.histogram's rule. The closed top matters here: float32 sigmoid outputs round to
 * exactly 1.0 (and tanh to ±1.0) once saturated, and those are the values the lecture is about,
 * so they must land in the top bin and not in "above". Values outside the range are counted in
 * `below` (x < lo, −∞ included) and `above` (x > hi, +∞ included), NaN in `nan`: together with
 * the bins they account for every value.
 */
export interface HistogramRange {
  readonly lo: number;
  readonly hi: number;
}

export interface HistogramTally {
  below: number;
  above: number;
  nan: number;
}

/** Overwrites `counts` (one entry per bin) with the histogram of the first `length` values. */
export function histogram(values: Float32Array, length: number, range: HistogramRange, counts: Uint32Array): HistogramTally {
  assertExtent(values, length, 'histogram');
  assertHistogramRange(range);
  const bins = counts.length;
  if (bins < 1) throw new RangeError('histogram: counts must have at least one bin');
  const lanes = binLanes(bins);
  const { lo, hi } = range;
  const binsPerUnit = bins / (hi - lo);
  // hi itself, and values just under it that round up, land at index `bins`: one more
  // counter, folded into the last bin at the end, spares a clamp on every value.
  let outside = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    const a = values[i];
    const b = values[i + 1];
    const c = values[i + 2];
    const d = values[i + 3];
    if (a >= lo && a <= hi) lanes[4 * (((a - lo) * binsPerUnit) | 0)]++;
    else outside++;
    if (b >= lo && b <= hi) lanes[4 * (((b - lo) * binsPerUnit) | 0) + 1]++;
    else outside++;
    if (c >= lo && c <= hi) lanes[4 * (((c - lo) * binsPerUnit) | 0) + 2]++;
    else outside++;
    if (d >= lo && d <= hi) lanes[4 * (((d - lo) * binsPerUnit) | 0) + 3]++;
    else outside++;
  }
  for (; i < length; i++) {
    const value = values[i];
    if (value >= lo && value <= hi) lanes[4 * (((value - lo) * binsPerUnit) | 0)]++;
    else outside++;
  }
  for (let bin = 0; bin < bins; bin++) counts[bin] = lanes[4 * bin] + lanes[4 * bin + 1] + lanes[4 * bin + 2] + lanes[4 * bin + 3];
  counts[bins - 1] += lanes[4 * bins] + lanes[4 * bins + 1] + lanes[4 * bins + 2] + lanes[4 * bins + 3];
  return outside === 0 ? { below: 0, above: 0, nan: 0 } : tallyOutside(values, length, lo, hi);
}

/**
 * Four counters per bin, interleaved (bin b's at 4b … 4b + 3) and summed at the end: values
 * that fall in one bin in a row (zero pixels, weights near 0) then increment four counters in
 * turn instead of waiting on one. One typed array rather than four: V8 checks and addresses
 * every typed array a loop touches on each access, and one is faster. The counting was the
 * largest single cost of the instruments before.
 */
let lanes = new Int32Array(0);

function binLanes(bins: number): Int32Array {
  if (lanes.length < 4 * (bins + 1)) lanes = new Int32Array(4 * (bins + 1));
  lanes.fill(0, 0, 4 * (bins + 1));
  return lanes;
}

/** The values outside [lo, hi], by kind: rare, so counted in a second pass only when there are some. */
function tallyOutside(values: Float32Array, length: number, lo: number, hi: number): HistogramTally {
  let below = 0;
  let above = 0;
  let nan = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value < lo) below++;
    else if (value > hi) above++;
    else if (value !== value) nan++;
  }
  return { below, above, nan };
}

/**
 * The range a node's histogram uses when the caller gives none. Bounded activations get their
 * whole codomain, so every frame of a run shares the same bins: sigmoid [0, 1], tanh [−1, 1].
 * Anything else is unbounded and gets {@link niceRange} of the extremes the caller observed:
 * this batch's min and max, a running min/max kept with {@link growRange} (stable bins across
 * frames), or two percentiles such as P1 and P99 (outliers then show up in below/above).
 */
export function defaultHistogramRange(kind: string, fn: string | undefined, min: number, max: number): HistogramRange {
  if (kind === 'activation' && fn === 'sigmoid') return SIGMOID_RANGE;
  if (kind === 'activation' && fn === 'tanh') return TANH_RANGE;
  return niceRange(min, max);
}

const SIGMOID_RANGE: HistogramRange = { lo: 0, hi: 1 };
const TANH_RANGE: HistogramRange = { lo: -1, hi: 1 };
/** When the extremes are not finite there is nothing to fit; NaN/below/above then tell the story. */
const FALLBACK_RANGE: HistogramRange = { lo: -1, hi: 1 };

/**
 * A range containing [min, max] whose ends are multiples of a step a hundredth to a tenth of the
 * span (10^(⌊log₁₀ span⌋ − 1)), so bin edges read well and small changes of the extremes don't
 * move them. A single value v gets [v − h, v + h], h = |v|/2 (or ½ for v = 0).
 */
export function niceRange(min: number, max: number): HistogramRange {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) return FALLBACK_RANGE;
  if (min === max) {
    const half = min === 0 ? 0.5 : Math.abs(min) / 2;
    return { lo: min - half, hi: max + half };
  }
  const step = 10 ** (Math.floor(Math.log10(max - min)) - 1);
  let lo = Math.floor(min / step) * step;
  let hi = Math.ceil(max / step) * step;
  // k·step is rounded, and may land a hair inside the extreme it should enclose.
  if (lo > min) lo -= step;
  if (hi < max) hi += step;
  return { lo, hi };
}

/** A range symmetric about 0 containing [min, max]: weight histograms read best centred. */
export function symmetricRange(min: number, max: number): HistogramRange {
  const reach = Math.max(Math.abs(min), Math.abs(max));
  return niceRange(-reach, reach);
}

/**
 * A running range for a node: `current` itself while it still contains [min, max], otherwise
 * the nice range of their union. It only grows, so a chart's bins change rarely. Non-finite
 * extremes (a diverged batch) leave it as it is.
 */
export function growRange(current: HistogramRange | null, min: number, max: number): HistogramRange {
  if (!current) return niceRange(min, max);
  if (!(Number.isFinite(min) && Number.isFinite(max)) || (min >= current.lo && max <= current.hi)) return current;
  return niceRange(Math.min(min, current.lo), Math.max(max, current.hi));
}

/** Throws unless the range is finite with lo < hi (and a finite width). */
export function assertHistogramRange(range: HistogramRange): void {
  const { lo, hi } = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi && Number.isFinite(hi - lo))) {
    throw new RangeError(`histogram: range must be finite with lo < hi, got [${lo}, ${hi}]`);
  }
}
