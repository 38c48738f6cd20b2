/**
 * Downsampling for charts: recharts redraws every point on every update, so no series reaching
 * a chart holds more than a few hundred. Decimation keeps the extremes, not averages: a loss
 * spike or the first NaN of a divergence must stay visible however long the run.
 */

/** Points per series that reach a chart. */
export const MAX_SERIES_POINTS = 400;

/**
 * The indices of at most `maxPoints` of `length` points, ascending: the first, the last, and
 * between them, in each of ⌊(maxPoints − 2)/2⌋ equal buckets, the point with the smallest and
 * the one with the largest value (in their order). NaN values are never chosen over numbers; a
 * bucket of NaN alone keeps its first point, so a gap still shows. Short series pass whole.
 */
export function decimateMinMax(length: number, value: (index: number) => number, maxPoints = MAX_SERIES_POINTS): number[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 4) throw new RangeError(`maxPoints must be an integer of at least 4, got ${maxPoints}`);
  if (length <= maxPoints) return Array.from({ length }, (_, index) => index);
  const kept: number[] = [0];
  for (const [start, end] of bucketRanges(1, length - 1, Math.floor((maxPoints - 2) / 2))) {
    let lowest = -1;
    let highest = -1;
    for (let index = start; index < end; index += 1) {
      const current = value(index);
      if (current !== current) continue;
      if (lowest < 0 || current < value(lowest)) lowest = index;
      if (highest < 0 || current > value(highest)) highest = index;
    }
    if (lowest < 0) kept.push(start);
    else if (lowest === highest) kept.push(lowest);
    else kept.push(Math.min(lowest, highest), Math.max(lowest, highest));
  }
  kept.push(length - 1);
  return kept;
}

/**
 * `count` consecutive half-open ranges [start, end) covering [from, to) as evenly as integers
 * allow (fewer when the span is shorter than `count`).
 */
export function bucketRanges(from: number, to: number, count: number): [number, number][] {
  const span = to - from;
  const buckets = Math.max(0, Math.min(count, span));
  const ranges: [number, number][] = [];
  for (let bucket = 0; bucket < buckets; bucket += 1) {
    ranges.push([from + Math.floor((bucket * span) / buckets), from + Math.floor(((bucket + 1) * span) / buckets)]);
  }
  return ranges;
}

/**
 * The buckets in which to merge `length` aligned rows (percentile bands) into at most
 * `maxPoints`; one bucket per row for short series. Each bucket merges into its envelope.
 */
export function envelopeBuckets(length: number, maxPoints = MAX_SERIES_POINTS): [number, number][] {
  return bucketRanges(0, length, Math.min(length, maxPoints));
}

/** A value a log axis can draw, else null (a gap): log scales have no place for 0, negatives or NaN. */
export function logSafe(value: number): number | null {
  return value > 0 && Number.isFinite(value) ? value : null;
}
