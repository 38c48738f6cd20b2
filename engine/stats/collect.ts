import { gradientMagnitude, updateRatio, type GradientMagnitude } from './gradients';
import { defaultHistogramRange, histogram, symmetricRange, type HistogramRange, type HistogramTally } from './histogram';
import { DEFAULT_PERCENTILE_RANKS, normalizeRanks, percentiles, percentilesWithHistogram, unitPercentiles } from './percentiles';
import { summarize, type Summary } from './summary';
import { reluActivity, sigmoidSaturatedFraction, tanhSaturatedFraction } from './units';

/**
 * One training step's tensors as the trainer hands them to the instruments: a neutral view of
 * its buffers, read and never written. Matrices are batch-major [rows × width], row-major, and
 * only their first rows × width values are read (buffers may be sized for a larger batch).
 */
export interface StatsSnapshot {
  /** Rows of the batch the tensors hold. */
  rows: number;
  nodes: readonly NodeSnapshot[];
}

export interface NodeSnapshot {
  nodeId: string;
  /** 'dense' | 'activation' | 'batchnorm' | 'dropout' | 'add' | 'concat' | 'input' | … */
  kind: string;
  /** The activation function ('sigmoid', 'tanh', 'relu', …); required when kind is 'activation'. */
  fn?: string;
  width: number;
  output: Float32Array;
  /** ∂L/∂output; null where the trainer computes none (an input node). */
  outputGradient: Float32Array | null;
  /** An activation node's input (the pre-activation); required for, and only for, kind 'activation'. */
  preActivation?: Float32Array;
  weight?: WeightSnapshot;
  /**
   * A BatchNorm node's state after the step, as views of the layer's own arrays (each `width`
   * long); measured for, and only for, kind 'batchnorm'.
   */
  batchNorm?: BatchNormStats;
}

/** A Dense layer's weight [rows × columns], taken after the optimizer step. */
export interface WeightSnapshot {
  value: Float32Array;
  /** ∂L/∂W of the step. */
  grad: Float32Array;
  rows: number;
  columns: number;
  /** W just before the step, from `snapshotWeights`; gives the update ratio. */
  before?: Float32Array;
}

export interface NodeHistogramRanges {
  output?: HistogramRange;
  weight?: HistogramRange;
}

export interface InstrumentOptions {
  /** Bins of every histogram; default 30. */
  histogramBins?: number;
  /** Percentile ranks in [0, 100]; default min, 15, 50, 85, max. */
  percentiles?: readonly number[];
  /** Ranks measured as well as `percentiles`. */
  extraPercentiles?: readonly number[];
  weightHistograms: boolean;
  /** Also the percentiles of every unit separately (NodeStats.unitPercentiles); default off. */
  unitPercentiles?: boolean;
  /**
   * Ranges to histogram over, by node id, used as given (e.g. running ranges kept with
   * `growRange`, or one the user pinned). Otherwise outputs use `defaultHistogramRange` of the
   * batch and weights a `symmetricRange` of their extremes.
   */
  histogramRanges?: ReadonlyMap<string, NodeHistogramRanges>;
}

export const DEFAULT_HISTOGRAM_BINS = 30;

export interface HistogramStats extends HistogramTally {
  lo: number;
  hi: number;
  counts: Uint32Array;
}

export interface WeightStats {
  /** Moments of W (after the step). */
  value: Summary;
  /** Mean |∂L/∂W| and RMS of ∂L/∂W: the lecture's paralysis table. */
  gradient: GradientMagnitude;
  /** Only with InstrumentOptions.weightHistograms. */
  histogram: HistogramStats | null;
  /** ‖ΔW‖/‖W‖ of the step; only when the snapshot carries `before`. */
  updateRatio: number | null;
}

/**
 * What the instruments report for one node. Numbers travel by structured clone; every typed
 * array is a view into one ArrayBuffer per `collectNodeStats` call, which `statsTransferables`
 * lists for `postMessage`'s transfer list.
 */
export interface NodeStats {
  nodeId: string;
  output: Summary;
  /** What `percentiles` describe: an activation's pre-activation, any other node's output. */
  percentileSource: 'preActivation' | 'output';
  /** percentiles[i] is P(percentileRanks(options)[i]), numpy's 'linear' definition. */
  percentiles: Float64Array;
  /** [width × ranks] row-major: unit u's percentiles over the batch; only with options.unitPercentiles. */
  unitPercentiles: Float64Array | null;
  /** Of the output. */
  histogram: HistogramStats;
  /** Sigmoid and tanh activations: the fraction of saturated outputs (see units.ts). */
  saturatedFraction: number | null;
  /** ReLU activations: units zero on every row of the batch / outputs that are zero. */
  deadFraction: number | null;
  zeroFraction: number | null;
  /** Mean |∂L/∂a| and RMS of the output's gradient. */
  outputGradient: GradientMagnitude | null;
  /** Nodes with a weight (Dense). */
  weight: WeightStats | null;
  /** BatchNorm nodes: per unit, what the layer normalised with and what it has learned. */
  batchNorm: BatchNormStats | null;
}

/**
 * A BatchNorm node per unit after a step: the training batch's mean and biased variance of the
 * layer's input (what it normalised with), the running averages it will evaluate with, and γ, β
 * (null when the layer is not affine: γ = 1, β = 0).
 */
export interface BatchNormStats {
  batchMean: Float64Array;
  batchVariance: Float64Array;
  runningMean: Float32Array;
  runningVariance: Float32Array;
  gamma: Float32Array | null;
  beta: Float32Array | null;
}

/** Working memory reused across calls, so measuring allocates only its results. */
export interface StatsScratch {
  values: Float32Array;
}

export function createStatsScratch(): StatsScratch {
  return { values: new Float32Array(0) };
}

/** The ranks NodeStats.percentiles follow: `percentiles` and `extraPercentiles`, ascending, without repeats. */
export function percentileRanks(options: InstrumentOptions): number[] {
  return normalizeRanks([...(options.percentiles ?? DEFAULT_PERCENTILE_RANKS), ...(options.extraPercentiles ?? [])]);
}

/** Measures every node of the snapshot. Pure: no input array is written. */
export function collectNodeStats(snapshot: StatsSnapshot, options: InstrumentOptions, scratch: StatsScratch = createStatsScratch()): NodeStats[] {
  validateSnapshot(snapshot);
  const bins = options.histogramBins ?? DEFAULT_HISTOGRAM_BINS;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogramBins must be a positive integer, got ${bins}`);
  const ranks = percentileRanks(options);
  const { rows, nodes } = snapshot;
  const results = allocateResults(snapshot, ranks.length, bins, options);
  let largest = 0;
  for (const node of nodes) largest = Math.max(largest, rows * node.width);
  if (scratch.values.length < largest) scratch.values = new Float32Array(largest);

  // A Dense output is usually the next activation's pre-activation: its percentiles, the costly
  // part of measuring, are computed once per array. A trainer hands out a fresh view of its
  // buffer for each node, so arrays are matched by the memory they view, not by identity.
  const measured: { buffer: ArrayBufferLike; byteOffset: number; width: number; arrays: ResultArrays }[] = [];
  return nodes.map((node, index) => {
    const length = rows * node.width;
    const arrays = results[index];
    const output = summarize(node.output, length);
    const isActivation = node.kind === 'activation';
    const ranges = options.histogramRanges?.get(node.nodeId);
    const outputRange = ranges?.output ?? defaultHistogramRange(node.kind, node.fn, output.min, output.max);
    let outputHistogram: HistogramStats | null = null;
    // Validation guarantees that activation nodes, and only they, carry a pre-activation.
    const percentileInput = node.preActivation ?? node.output;
    // Read once: `buffer` and `byteOffset` are getters, not fields.
    const { buffer, byteOffset } = percentileInput;
    const twin = measured.find((entry) => entry.byteOffset === byteOffset && entry.buffer === buffer && entry.width === node.width);
    if (twin) {
      arrays.percentiles.set(twin.arrays.percentiles);
      if (twin.arrays.unitPercentiles && arrays.unitPercentiles) arrays.unitPercentiles.set(twin.arrays.unitPercentiles);
    } else {
      if (percentileInput === node.output) {
        // The output's summary has scanned it already; NaN extremes mean a NaN value.
        const extremes = { min: output.min, max: output.max, hasNaN: Number.isNaN(output.min) };
        // One counting pass gives the percentiles and the histogram when its range holds every value.
        if (percentilesWithHistogram(node.output, length, ranks, scratch.values, arrays.percentiles, extremes, outputRange, arrays.outputCounts)) {
          outputHistogram = { lo: outputRange.lo, hi: outputRange.hi, counts: arrays.outputCounts, below: 0, above: 0, nan: 0 };
        } else {
          percentiles(node.output, length, ranks, scratch.values, arrays.percentiles, extremes);
        }
      } else {
        percentiles(percentileInput, length, ranks, scratch.values, arrays.percentiles);
      }
      if (arrays.unitPercentiles) unitPercentiles(percentileInput, rows, node.width, ranks, scratch.values, arrays.unitPercentiles);
      measured.push({ buffer, byteOffset, width: node.width, arrays });
    }
    const relu = isActivation && node.fn === 'relu' ? reluActivity(node.output, rows, node.width) : null;
    return {
      nodeId: node.nodeId,
      output,
      percentileSource: node.preActivation ? 'preActivation' : 'output',
      percentiles: arrays.percentiles,
      unitPercentiles: arrays.unitPercentiles,
      histogram: outputHistogram ?? histogramStats(node.output, length, outputRange, arrays.outputCounts),
      saturatedFraction: isActivation ? saturatedFraction(node.fn, node.output, length) : null,
      deadFraction: relu?.deadFraction ?? null,
      zeroFraction: relu?.zeroFraction ?? null,
      outputGradient: node.outputGradient && gradientMagnitude(node.outputGradient, length),
      weight: node.weight ? weightStats(node.weight, ranges?.weight, arrays.weightCounts) : null,
      batchNorm: node.batchNorm && arrays.batchNorm ? copyBatchNorm(node.batchNorm, arrays.batchNorm) : null,
    };
  });
}

/** The ArrayBuffers behind a collectNodeStats result, each once, for postMessage's transfer list. */
export function statsTransferables(stats: readonly NodeStats[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const node of stats) {
    buffers.add(node.percentiles.buffer as ArrayBuffer);
    buffers.add(node.histogram.counts.buffer as ArrayBuffer);
    if (node.unitPercentiles) buffers.add(node.unitPercentiles.buffer as ArrayBuffer);
    if (node.weight?.histogram) buffers.add(node.weight.histogram.counts.buffer as ArrayBuffer);
    if (node.batchNorm) buffers.add(node.batchNorm.batchMean.buffer as ArrayBuffer);
  }
  return [...buffers];
}

function copyBatchNorm(source: BatchNormStats, target: BatchNormStats): BatchNormStats {
  target.batchMean.set(source.batchMean.subarray(0, target.batchMean.length));
  target.batchVariance.set(source.batchVariance.subarray(0, target.batchVariance.length));
  target.runningMean.set(source.runningMean.subarray(0, target.runningMean.length));
  target.runningVariance.set(source.runningVariance.subarray(0, target.runningVariance.length));
  if (source.gamma && target.gamma) target.gamma.set(source.gamma.subarray(0, target.gamma.length));
  if (source.beta && target.beta) target.beta.set(source.beta.subarray(0, target.beta.length));
  return target;
}

function saturatedFraction(fn: string | undefined, y: Float32Array, length: number): number | null {
  switch (fn) {
    case 'sigmoid':
      return sigmoidSaturatedFraction(y, length);
    case 'tanh':
      return tanhSaturatedFraction(y, length);
    default:
      return null;
  }
}

function weightStats(weight: WeightSnapshot, pinnedRange: HistogramRange | undefined, counts: Uint32Array | null): WeightStats {
  const length = weight.rows * weight.columns;
  const value = summarize(weight.value, length);
  return {
    value,
    gradient: gradientMagnitude(weight.grad, length),
    histogram: counts && histogramStats(weight.value, length, pinnedRange ?? symmetricRange(value.min, value.max), counts),
    updateRatio: weight.before ? updateRatio(weight.before, weight.value, length) : null,
  };
}

function histogramStats(values: Float32Array, length: number, range: HistogramRange, counts: Uint32Array): HistogramStats {
  const tally = histogram(values, length, range, counts);
  return { lo: range.lo, hi: range.hi, counts, below: tally.below, above: tally.above, nan: tally.nan };
}

interface ResultArrays {
  percentiles: Float64Array;
  unitPercentiles: Float64Array | null;
  outputCounts: Uint32Array;
  weightCounts: Uint32Array | null;
  batchNorm: BatchNormStats | null;
}

/**
 * Carves every result array of the call out of one ArrayBuffer: one allocation and one
 * transferable per frame instead of a few per node. Float64 views come first, so they stay
 * 8-byte aligned.
 */
function allocateResults(snapshot: StatsSnapshot, rankCount: number, bins: number, options: InstrumentOptions): ResultArrays[] {
  let float64Count = 0;
  let uint32Count = 0;
  for (const node of snapshot.nodes) {
    float64Count += rankCount + (options.unitPercentiles ? node.width * rankCount : 0);
    uint32Count += bins + (options.weightHistograms && node.weight ? bins : 0);
    if (node.batchNorm) {
      float64Count += 2 * node.width;
      uint32Count += (node.batchNorm.gamma ? 4 : 2) * node.width;
    }
  }
  const buffer = new ArrayBuffer(float64Count * 8 + uint32Count * 4);
  let float64Offset = 0;
  let uint32Offset = float64Count * 8;
  const float64 = (count: number): Float64Array => {
    const view = new Float64Array(buffer, float64Offset, count);
    float64Offset += count * 8;
    return view;
  };
  const uint32 = (count: number): Uint32Array => {
    const view = new Uint32Array(buffer, uint32Offset, count);
    uint32Offset += count * 4;
    return view;
  };
  // Float32 arrays share the 4-byte region with the counts.
  const float32 = (count: number): Float32Array => {
    const view = new Float32Array(buffer, uint32Offset, count);
    uint32Offset += count * 4;
    return view;
  };
  const batchNorm = (node: NodeSnapshot): BatchNormStats | null => {
    if (!node.batchNorm) return null;
    const { width } = node;
    const affine = node.batchNorm.gamma !== null;
    return {
      batchMean: float64(width),
      batchVariance: float64(width),
      runningMean: float32(width),
      runningVariance: float32(width),
      gamma: affine ? float32(width) : null,
      beta: affine ? float32(width) : null,
    };
  };
  return snapshot.nodes.map((node) => ({
    percentiles: float64(rankCount),
    unitPercentiles: options.unitPercentiles ? float64(node.width * rankCount) : null,
    outputCounts: uint32(bins),
    weightCounts: options.weightHistograms && node.weight ? uint32(bins) : null,
    batchNorm: batchNorm(node),
  }));
}

function validateSnapshot(snapshot: StatsSnapshot): void {
  const { rows } = snapshot;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`snapshot.rows must be a positive integer, got ${rows}`);
  for (const node of snapshot.nodes) {
    const where = `node "${node.nodeId}"`;
    if (!Number.isInteger(node.width) || node.width < 1) throw new RangeError(`${where}: width must be a positive integer, got ${node.width}`);
    const length = rows * node.width;
    requireLength(node.output, length, `${where}: output`);
    if (node.outputGradient) requireLength(node.outputGradient, length, `${where}: outputGradient`);
    if (node.kind === 'activation') {
      if (!node.fn) throw new Error(`${where}: an activation node needs fn`);
      if (!node.preActivation) throw new Error(`${where}: an activation node needs preActivation`);
      requireLength(node.preActivation, length, `${where}: preActivation`);
    } else if (node.preActivation) {
      throw new Error(`${where}: preActivation is measured on activation nodes only, not on kind '${node.kind}'`);
    }
    if (node.batchNorm) {
      if (node.kind !== 'batchnorm') throw new Error(`${where}: batchNorm is measured on batchnorm nodes only, not on kind '${node.kind}'`);
      const { batchMean, batchVariance, runningMean, runningVariance, gamma, beta } = node.batchNorm;
      for (const [name, array] of Object.entries({ batchMean, batchVariance, runningMean, runningVariance, gamma, beta })) {
        if (array) requireLength(array, node.width, `${where}: batchNorm.${name}`);
      }
      if ((gamma === null) !== (beta === null)) throw new Error(`${where}: batchNorm needs both gamma and beta, or neither`);
    }
    if (node.weight) {
      const { rows: weightRows, columns } = node.weight;
      if (!Number.isInteger(weightRows) || weightRows < 1 || !Number.isInteger(columns) || columns < 1) {
        throw new RangeError(`${where}: weight shape must be positive integers, got ${weightRows} × ${columns}`);
      }
      const weightLength = weightRows * columns;
      requireLength(node.weight.value, weightLength, `${where}: weight.value`);
      requireLength(node.weight.grad, weightLength, `${where}: weight.grad`);
      if (node.weight.before) requireLength(node.weight.before, weightLength, `${where}: weight.before`);
    }
  }
}

function requireLength(values: Float32Array | Float64Array, length: number, what: string): void {
  if (values.length < length) throw new RangeError(`${what} holds ${values.length} values, needs ${length}`);
}
