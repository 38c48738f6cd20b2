import { assertExtent } from './extent';

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
 * The order statistics come from a selection algorithm on a scratch copy, not a sort: for the
 * default ranks of 64 × 100 values, about 90 µs where V8's typed-array sort alone takes 600 µs
 * (measured on the 2-core build machine), which made it the dominant cost of the instruments.
 * Long arrays (an MNIST batch at the Input node: 60 × 784 values) first count their values
 * into equal-width buckets between the extremes; only the buckets that hold a wanted order
 * statistic are gathered and searched, which takes about a third of the time of selecting
 * in the whole copy.
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
  if (length >= BUCKETED_LENGTH && !extremes.hasNaN && bucketedPercentiles(values, length, extremes, ranks, scratch, out)) return;
  // A block copy, then a read-only pass: storing element by element converts each value twice.
  scratch.set(values.subarray(0, length));
  writePercentiles(scratch, length, extremes, ranks, out, 0);
}

/** From this many values on, `percentiles` narrows the search with buckets first. */
const BUCKETED_LENGTH = 1024;
const BUCKETS = 1024;
/**
 * Four sets of bucket counters, summed at the end: a run of values in one bucket (the zero
 * pixels of MNIST) then increments four counters in turn instead of waiting on one.
 */
const bucketLanes = [0, 1, 2, 3].map(() => new Int32Array(BUCKETS + 1));
/** Per bucket: where its gathered values go in the scratch array, or −1 when it is not wanted. */
const gatherCursor = new Int32Array(BUCKETS + 1);

/**
 * The percentiles of NaN-free values through buckets of equal width between the extremes.
 * The bucket index ⌊(x − min)·scale⌋ never decreases as x grows, so the k-th smallest value lies
 * in the bucket whose cumulative count first exceeds k, and is the (k − values before the
 * bucket)-th smallest within it. False, writing nothing, when the extremes leave no span to
 * divide (all values equal, or infinite ones).
 */
function bucketedPercentiles(
  values: Float32Array,
  length: number,
  { min, max }: Extremes,
  ranks: readonly number[],
  scratch: Float32Array,
  out: Float64Array,
): boolean {
  const scale = BUCKETS / (max - min);
  if (!(max > min) || !Number.isFinite(scale) || !Number.isFinite(max - min)) return false;
  if (out.length < ranks.length) throw new RangeError(`percentiles: out holds ${out.length} values, needs ${ranks.length}`);
  ranks.forEach(assertRank);
  // The maximum itself, and values that round to it, fall at index BUCKETS: one more bucket,
  // which spares a clamp on every value.
  const [lane0, lane1, lane2, lane3] = bucketLanes;
  for (const lane of bucketLanes) lane.fill(0);
  let i = 0;
  for (; i + 3 < length; i += 4) {
    lane0[((values[i] - min) * scale) | 0]++;
    lane1[((values[i + 1] - min) * scale) | 0]++;
    lane2[((values[i + 2] - min) * scale) | 0]++;
    lane3[((values[i + 3] - min) * scale) | 0]++;
  }
  for (; i < length; i++) lane0[((values[i] - min) * scale) | 0]++;

  const positions = ranks.map((rank) => (length - 1) * (rank / 100));
  const wanted = [...new Set(positions.flatMap((h) => (h > Math.floor(h) ? [Math.floor(h), Math.floor(h) + 1] : [h])))].sort((a, b) => a - b);
  // Walk the buckets once: which hold a wanted order statistic, and where they are gathered.
  const gathered: { start: number; count: number; before: number }[] = [];
  gatherCursor.fill(-1);
  let before = 0;
  let next = 0;
  let gatheredLength = 0;
  for (let bucket = 0; bucket <= BUCKETS && next < wanted.length; bucket++) {
    const count = lane0[bucket] + lane1[bucket] + lane2[bucket] + lane3[bucket];
    if (wanted[next] < before + count) {
      gatherCursor[bucket] = gatheredLength;
      gathered.push({ start: gatheredLength, count, before });
      gatheredLength += count;
      while (next < wanted.length && wanted[next] < before + count) next++;
    }
    before += count;
  }
  for (let j = 0; j < length; j++) {
    const value = values[j];
    const bucket = ((value - min) * scale) | 0;
    const cursor = gatherCursor[bucket];
    if (cursor >= 0) {
      scratch[cursor] = value;
      gatherCursor[bucket] = cursor + 1;
    }
  }
  // Within a bucket the wanted statistics ascend, and each selection leaves nothing smaller
  // after its position, so the next one searches only what lies beyond it.
  const valueAt = new Map<number, number>();
  for (const { start, count, before: offset } of gathered) {
    let left = start;
    for (const k of wanted) {
      if (k < offset || k >= offset + count) continue;
      const index = start + (k - offset);
      select(scratch, left, start + count - 1, index);
      valueAt.set(k, scratch[index]);
      left = index + 1;
    }
  }
  positions.forEach((h, index) => {
    const lower = Math.floor(h);
    const t = h - lower;
    const a = valueAt.get(lower) as number;
    const b = t > 0 ? (valueAt.get(lower + 1) as number) : a;
    out[index] = t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
  });
  return true;
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
