import { assertExtent } from './extent';
import { assertHistogramRange, type HistogramRange } from './histogram';

/**
 * Exact percentiles, defined as numpy's default `np.percentile(x, q)` (method='linear',
 * Hyndman & Fan's type 7): with x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ the n values in order, for rank q ∈ [0, 100]
 *
 *   h = (n − 1) · (q / 100),   k = ⌊h⌋,   t = h − k
 *   P(q) = x₍ₖ₎ + t · (x₍ₖ₊₁₎ − x₍ₖ₎)
 *
 * so P(0) is the minimum, P(100) the maximum and P(50) the usual median. The interpolation runs
 * in float64 in numpy's own form (from the upper neighbour when t ≥ ½), so P(q) lies between its
 * two order statistics. If any value is NaN every percentile is NaN, as in numpy.
 *
 * The order statistics come from a selection algorithm, not a sort. From 1024 values on (a
 * layer's pre-activations over a batch, an MNIST batch at the Input node: 60 × 784 values) the
 * values are first counted into equal-width buckets, about four values to a bucket; only the
 * buckets that hold a wanted order statistic strictly between the extremes are gathered into
 * the scratch array and searched. For the default ranks of 64 × 100 values that takes about
 * 40 µs, and 250 µs for the MNIST batch, where V8's typed-array sort alone takes 500 µs and
 * 2.5 ms (measured on the 2-core build machine). Shorter arrays are copied whole and searched.
 * `percentilesWithHistogram` cuts a histogram's bins into such buckets, so that one counting
 * pass serves both.
 */

/** The ranks of the lecture's figures: min, the 15th/50th/85th of the BN paper's Fig. 1, max. */
export const DEFAULT_PERCENTILE_RANKS: readonly number[] = [0, 15, 50, 85, 100];

/** The ranks in ascending order without repeats; throws on a rank outside [0, 100]. */
export function normalizeRanks(ranks: readonly number[]): number[] {
  ranks.forEach(assertRank);
  return [...new Set(ranks)].sort((a, b) => a - b);
}

/**
 * Writes P(ranks[i]) of the first `length` values into out[i]. `scratch` (at least `length`
 * long) holds the working copy, so the input is untouched; the call allocates only a few
 * small arrays of rank bookkeeping. A caller that has already scanned the values (a Summary)
 * passes their extremes to save a pass.
 */
export function percentiles(
  values: Float32Array,
  length: number,
  ranks: readonly number[],
  scratch: Float32Array,
  out: Float64Array,
  extremes: Extremes = extremesOf(values, length),
): void {
  assertExtent(values, length, 'percentiles');
  assertExtent(scratch, length, 'percentiles scratch');
  const { min, max, hasNaN } = extremes;
  const buckets = Math.min(MAX_SPAN_BUCKETS, Math.floor(length / VALUES_PER_BUCKET));
  const scale = buckets / (max - min);
  // Buckets need a span to divide: not all values equal, none infinite.
  if (length >= BUCKETED_LENGTH && !hasNaN && max > min && Number.isFinite(max - min) && Number.isFinite(scale)) {
    countBuckets(values, length, min, scale, buckets);
    selectFromBuckets(values, length, extremes, buckets, ranks, scratch, out);
    return;
  }
  // A block copy, then a read-only pass: storing element by element converts each value twice.
  scratch.set(values.subarray(0, length));
  writePercentiles(scratch, length, extremes, ranks, out, 0);
}

/**
 * `percentiles(values, length, ranks, scratch, out, extremes)` and `histogram(values, length,
 * range, counts)` together, from one counting pass, when the range holds every value (NaN-free,
 * range.lo ≤ min, max ≤ range.hi, as a range fitted to the extremes does). The buckets are the
 * histogram's bins each cut into m = 2^j equal parts: bucket ⌊((x − lo)·(bins/(hi − lo))·m)⌋,
 * where scaling by 2^j is exact, so ⌊bucket / m⌋ is exactly the histogram's bin ⌊(x − lo)·bins/(hi − lo)⌋
 * and the bins' counts are sums of their buckets'. Returns false, writing nothing, when the
 * range leaves values out (the caller then makes the two calls).
 */
export function percentilesWithHistogram(
  values: Float32Array,
  length: number,
  ranks: readonly number[],
  scratch: Float32Array,
  out: Float64Array,
  extremes: Extremes,
  range: HistogramRange,
  counts: Uint32Array,
): boolean {
  assertExtent(values, length, 'percentiles');
  assertExtent(scratch, length, 'percentiles scratch');
  assertHistogramRange(range);
  const bins = counts.length;
  if (bins < 1) throw new RangeError('histogram: counts must have at least one bin');
  const { lo, hi } = range;
  if (extremes.hasNaN || !(lo <= extremes.min && extremes.max <= hi)) return false;
  const parts = 2 ** Math.max(0, Math.floor(Math.log2(Math.min(MAX_SPAN_BUCKETS / bins, length / (VALUES_PER_BUCKET * bins)))));
  const buckets = bins * parts;
  if (buckets > MAX_BUCKETS) return false;
  // The histogram's own bins per unit, computed as it does, then times 2^j.
  const binsPerUnit = bins / (hi - lo);
  countBuckets(values, length, lo, binsPerUnit * parts, buckets);
  const laneCounts = bucketCounts;
  for (let bin = 0, bucket = 0; bin < bins; bin++) {
    let count = 0;
    for (const end = bucket + parts; bucket < end; bucket++) {
      count += laneCounts[4 * bucket] + laneCounts[4 * bucket + 1] + laneCounts[4 * bucket + 2] + laneCounts[4 * bucket + 3];
    }
    counts[bin] = count;
  }
  // Bucket `buckets` holds hi itself and values that round to it: the histogram's closed top.
  counts[bins - 1] += laneCounts[4 * buckets] + laneCounts[4 * buckets + 1] + laneCounts[4 * buckets + 2] + laneCounts[4 * buckets + 3];
  selectFromBuckets(values, length, extremes, buckets, ranks, scratch, out);
  return true;
}

/** From this many values on, `percentiles` narrows the search with buckets first. */
const BUCKETED_LENGTH = 1024;
/**
 * Values per bucket, about: few enough that a wanted bucket is quick to search, enough that
 * clearing and walking the counters costs less than counting the values.
 */
const VALUES_PER_BUCKET = 4;
/** Buckets between the extremes at most, or per histogram (more only when it has more bins). */
const MAX_SPAN_BUCKETS = 1024;
/** The bucket of each value is kept as a 16-bit number. */
const MAX_BUCKETS = 0xffff;

/**
 * Four counters per bucket, interleaved (bucket b's at 4b … 4b + 3) and summed when read: a run
 * of values in one bucket (the zero pixels of MNIST) then increments four counters in turn
 * instead of waiting on one. One array, not four: counting into four arrays of 1025 counters
 * (4 KiB apart, which the processor seems to take for the same addresses) ran three times slower.
 */
let bucketCounts = new Int32Array(4 * (MAX_SPAN_BUCKETS + 1));
/** Per bucket: where its gathered values go in the scratch array, or −1 when it is not wanted. */
let gatherCursor = new Int32Array(MAX_SPAN_BUCKETS + 1);
/** Each value's bucket, from the counting pass: the gathering pass reads it instead of recomputing it. */
let bucketOf = new Uint16Array(0);

/**
 * Counts the first `length` values into buckets 0 … `buckets` by ⌊(x − origin)·scale⌋, and
 * notes each value's bucket. The index never decreases as x grows; the caller guarantees it
 * lies in [0, buckets] for every value (x ∈ [origin, origin + buckets/scale], rounding included:
 * the value that lands exactly on the top, or rounds to it, takes the extra bucket `buckets`,
 * which spares a clamp on every value).
 */
function countBuckets(values: Float32Array, length: number, origin: number, scale: number, buckets: number): void {
  if (bucketCounts.length < 4 * (buckets + 1)) {
    bucketCounts = new Int32Array(4 * (buckets + 1));
    gatherCursor = new Int32Array(buckets + 1);
  }
  if (bucketOf.length < length) bucketOf = new Uint16Array(length);
  const counts = bucketCounts;
  const bucketOfValue = bucketOf;
  counts.fill(0, 0, 4 * (buckets + 1));
  let i = 0;
  for (; i + 3 < length; i += 4) {
    const a = ((values[i] - origin) * scale) | 0;
    const b = ((values[i + 1] - origin) * scale) | 0;
    const c = ((values[i + 2] - origin) * scale) | 0;
    const d = ((values[i + 3] - origin) * scale) | 0;
    bucketOfValue[i] = a;
    bucketOfValue[i + 1] = b;
    bucketOfValue[i + 2] = c;
    bucketOfValue[i + 3] = d;
    counts[4 * a]++;
    counts[4 * b + 1]++;
    counts[4 * c + 2]++;
    counts[4 * d + 3]++;
  }
  for (; i < length; i++) {
    const a = ((values[i] - origin) * scale) | 0;
    bucketOfValue[i] = a;
    counts[4 * a]++;
  }
}

/**
 * The percentiles of NaN-free values from their bucket counts (`countBuckets`). Buckets never
 * decrease as values grow, so the k-th smallest value lies in the bucket whose cumulative count
 * first exceeds k, and is the (k − values before the bucket)-th smallest within it. Only the
 * order statistics strictly between the extremes are searched (the extremes are known), and
 * values equal to the minimum (a batch's zero pixels) are counted, not gathered: they all share
 * the first filled bucket and come first in its order.
 */
function selectFromBuckets(
  values: Float32Array,
  length: number,
  { min, max }: Extremes,
  buckets: number,
  ranks: readonly number[],
  scratch: Float32Array,
  out: Float64Array,
): void {
  if (out.length < ranks.length) throw new RangeError(`percentiles: out holds ${out.length} values, needs ${ranks.length}`);
  ranks.forEach(assertRank);
  const counts = bucketCounts;
  const cursors = gatherCursor;
  const bucketOfValue = bucketOf;
  const positions = ranks.map((rank) => (length - 1) * (rank / 100));
  const wanted = innerOrderStatistics(positions, length);
  // Walk the buckets once: which hold a wanted order statistic, and where they are gathered.
  // Per such bucket: [bucket, start in scratch, values in it, values in the buckets before].
  const gathered: number[] = [];
  cursors.fill(-1, 0, buckets + 1);
  let before = 0;
  let next = 0;
  let gatheredLength = 0;
  for (let bucket = 0; bucket <= buckets && next < wanted.length; bucket++) {
    const count = counts[4 * bucket] + counts[4 * bucket + 1] + counts[4 * bucket + 2] + counts[4 * bucket + 3];
    // The minimum's bucket (the first one filled) may hold a long run of the minimum itself,
    // zero pixels say: the statistics within the run are the minimum, and only the rest of
    // the bucket need be gathered, if any statistic lies there.
    if (before === 0 && count > 0 && wanted[next] < count) {
      const minima = countEqual(values, length, min);
      while (next < wanted.length && wanted[next] < minima) next++;
    }
    if (next < wanted.length && wanted[next] < before + count) {
      cursors[bucket] = gatheredLength;
      gathered.push(bucket, gatheredLength, count, before);
      gatheredLength += count;
      while (next < wanted.length && wanted[next] < before + count) next++;
    }
    before += count;
  }
  const gather = (j: number): void => {
    const bucket = bucketOfValue[j];
    const cursor = cursors[bucket];
    if (cursor < 0) return;
    const value = values[j];
    if (value !== min) {
      scratch[cursor] = value;
      cursors[bucket] = cursor + 1;
    }
  };
  let j = 0;
  // Few values are wanted: four at a time, skipped together when all four cursors are −1.
  for (; j + 3 < length; j += 4) {
    if ((cursors[bucketOfValue[j]] & cursors[bucketOfValue[j + 1]] & cursors[bucketOfValue[j + 2]] & cursors[bucketOfValue[j + 3]]) < 0) continue;
    gather(j);
    gather(j + 1);
    gather(j + 2);
    gather(j + 3);
  }
  for (; j < length; j++) gather(j);
  // Within a bucket the wanted statistics ascend, and each selection leaves nothing smaller
  // after its position, so the next one searches only what lies beyond it. The minima left
  // out come first in their bucket's order; the statistics among them stay `min`.
  const wantedValues: number[] = [];
  for (let index = 0; index < wanted.length; index++) wantedValues.push(min);
  for (let region = 0; region < gathered.length; region += 4) {
    const start = gathered[region + 1];
    const end = cursors[gathered[region]];
    const bucketBefore = gathered[region + 3];
    const bucketEnd = bucketBefore + gathered[region + 2];
    const firstGathered = bucketEnd - (end - start);
    let left = start;
    for (let index = 0; index < wanted.length; index++) {
      const k = wanted[index];
      if (k < firstGathered || k >= bucketEnd) continue;
      const at = start + (k - firstGathered);
      select(scratch, left, end - 1, at);
      wantedValues[index] = scratch[at];
      left = at + 1;
    }
  }
  const orderStatistic = (k: number): number => (k === 0 ? min : k === length - 1 ? max : wantedValues[wanted.indexOf(k)]);
  for (let index = 0; index < positions.length; index++) {
    const h = positions[index];
    const lower = Math.floor(h);
    const t = h - lower;
    const a = orderStatistic(lower);
    const b = t > 0 ? orderStatistic(lower + 1) : a;
    out[index] = t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
  }
}

/** How many of the first `length` values equal `target`. */
function countEqual(values: Float32Array, length: number, target: number): number {
  let equal = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    equal += Number(values[i] === target) + Number(values[i + 1] === target) + Number(values[i + 2] === target) + Number(values[i + 3] === target);
  }
  for (; i < length; i++) equal += Number(values[i] === target);
  return equal;
}

/** The order statistics the positions h interpolate between, ascending, without the first and the last. */
function innerOrderStatistics(positions: readonly number[], length: number): number[] {
  const indices: number[] = [];
  for (const h of positions) {
    const lower = Math.floor(h);
    for (let k = lower; k <= lower + 1 && k < length - 1; k++) {
      if (k === 0 || (k > lower && h === lower)) continue;
      // Insertion into a few sorted indices: cheaper than sorting with a comparator.
      let at = indices.length;
      while (at > 0 && indices[at - 1] > k) at--;
      if (at > 0 && indices[at - 1] === k) continue;
      indices.push(k);
      for (let i = indices.length - 1; i > at; i--) indices[i] = indices[i - 1];
      indices[at] = k;
    }
  }
  return indices;
}

/**
 * Percentiles of each unit (column) of a [rows × width] row-major matrix over the rows:
 * out[unit · ranks.length + i] = P(ranks[i]) of column `unit`. The BN paper's Fig. 1 follows
 * single units this way.
 */
export function unitPercentiles(
  matrix: Float32Array,
  rows: number,
  width: number,
  ranks: readonly number[],
  scratch: Float32Array,
  out: Float64Array,
): void {
  assertExtent(matrix, rows * width, 'unitPercentiles');
  assertExtent(scratch, rows, 'unitPercentiles scratch');
  for (let unit = 0; unit < width; unit++) {
    for (let row = 0; row < rows; row++) scratch[row] = matrix[row * width + unit];
    writePercentiles(scratch, rows, extremesOf(scratch, rows), ranks, out, unit * ranks.length);
  }
}

/** The smallest and largest of some values, and whether any is NaN (min and max then don't matter). */
export interface Extremes {
  min: number;
  max: number;
  hasNaN: boolean;
}

/** Min and max of the first `length` values, and whether any is NaN. */
function extremesOf(values: Float32Array, length: number): Extremes {
  let min = Infinity;
  let max = -Infinity;
  let hasNaN = false;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    // Not Math.min/max: V8 takes a slow path on equal operands (to order −0 and +0).
    if (value < min) min = value;
    if (value > max) max = value;
    if (value !== value) hasNaN = true;
  }
  return { min, max, hasNaN };
}

/** Fills out[offset …] from the working copy work[0, length), which it reorders, and its extremes. */
function writePercentiles(
  work: Float32Array,
  length: number,
  { min, max, hasNaN }: Extremes,
  ranks: readonly number[],
  out: Float64Array,
  offset: number,
): void {
  if (out.length < offset + ranks.length) {
    throw new RangeError(`percentiles: out holds ${out.length} values, needs ${offset + ranks.length}`);
  }
  ranks.forEach(assertRank);
  if (hasNaN) {
    out.fill(NaN, offset, offset + ranks.length);
    return;
  }
  // Indices already in their sorted place. Each splits the array (nothing greater before it,
  // nothing smaller after it) and a search never crosses one, so they all stay put.
  const fences: number[] = [];
  const orderStatistic = (k: number): number => {
    if (k === 0) return min;
    if (k === length - 1) return max;
    let left = 0;
    let right = length - 1;
    for (const fence of fences) {
      if (fence === k) return work[k];
      if (fence < k) left = Math.max(left, fence + 1);
      else right = Math.min(right, fence - 1);
    }
    select(work, left, right, k);
    fences.push(k);
    return work[k];
  };
  const positions = ranks.map((rank) => (length - 1) * (rank / 100));
  // Lower neighbours first, nearest the median first: each later search then runs between two
  // fences, and each upper neighbour x₍ₖ₊₁₎ is the minimum of a short stretch after x₍ₖ₎.
  const centreOut = positions.map((_, i) => i).sort((i, j) => Math.abs(ranks[i] - 50) - Math.abs(ranks[j] - 50));
  for (const i of centreOut) orderStatistic(Math.floor(positions[i]));
  for (let i = 0; i < ranks.length; i++) {
    const lower = Math.floor(positions[i]);
    const t = positions[i] - lower;
    const a = orderStatistic(lower);
    // t > 0 implies lower < length − 1.
    const b = t > 0 ? orderStatistic(lower + 1) : a;
    out[offset + i] = t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
  }
}

/**
 * Floyd & Rivest's SELECT (CACM 18(3):173, 1975, Algorithm 489): rearranges work[left, right]
 * so that work[k] holds the value it would hold were the range sorted, with nothing greater
 * before it and nothing smaller after it. Ranges over 600 values first select within a sample
 * around the expected position, which puts the pivot near the k-th value, so each pass shrinks
 * the range to a small neighbourhood of k. Needs NaN-free input.
 *
 * The partition is branch-free (Lomuto's scheme with an unconditional swap, as in Alexandrescu's
 * "branchless Lomuto"): near the median, whether a value is below the pivot is a coin flip the
 * CPU cannot predict, and Hoare's branching loops ran 2-3 times slower here. A second pass
 * gathers values equal to the pivot only when there are some, so long runs of equal values
 * (zeros of a ReLU or of MNIST pixels) cost one pass, not one pass per value.
 */
function select(work: Float32Array, left: number, right: number, k: number): void {
  // The extremes (P0, P100, and x₍ₖ₊₁₎ just after a placed x₍ₖ₎) take one scan, not partitions.
  if (k === left || k === right) {
    swap(work, k, indexOfExtreme(work, left, right, k === left ? -1 : 1));
    return;
  }
  // Sampled pivots make a long run of bad splits practically impossible; should one happen
  // anyway, the native sort bounds the cost at O(n log n).
  let passesLeft = 2 * Math.ceil(Math.log2(right - left + 1)) + 8;
  while (right > left) {
    if (passesLeft-- === 0) {
      work.subarray(left, right + 1).sort();
      return;
    }
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * Math.sign(m - n / 2);
      select(work, Math.max(left, Math.floor(k - (m * s) / n + sd)), Math.min(right, Math.floor(k + ((n - m) * s) / n + sd)), k);
    }
    const pivot = work[k];
    work[k] = work[right];
    work[right] = pivot;
    // work[left, below) < pivot ≤ work[below, i)
    let below = left;
    let equal = 0;
    for (let i = left; i < right; i++) {
      const value = work[i];
      work[i] = work[below];
      work[below] = value;
      below += Number(value < pivot);
      equal += Number(value === pivot);
    }
    work[right] = work[below];
    work[below] = pivot;
    if (k === below) return;
    if (k < below) {
      right = below - 1;
      continue;
    }
    left = below + 1;
    if (equal > 0) {
      // Everything in [left, right] is ≥ pivot, so `≤ pivot` picks the pivot's equals.
      let same = left;
      for (let i = left; i <= right; i++) {
        const value = work[i];
        work[i] = work[same];
        work[same] = value;
        same += Number(value <= pivot);
      }
      if (k < same) return;
      left = same;
    }
  }
}

function swap(work: Float32Array, i: number, j: number): void {
  const value = work[i];
  work[i] = work[j];
  work[j] = value;
}

/** The index of the smallest (sign −1) or largest (sign 1) value of work[left, right]. */
function indexOfExtreme(work: Float32Array, left: number, right: number, sign: -1 | 1): number {
  let best = left;
  let bestKey = sign * work[left];
  for (let i = left + 1; i <= right; i++) {
    const key = sign * work[i];
    if (key > bestKey) {
      best = i;
      bestKey = key;
    }
  }
  return best;
}

function assertRank(rank: number): void {
  if (!(rank >= 0 && rank <= 100)) throw new RangeError(`percentile rank must lie in [0, 100], got ${rank}`);
}
