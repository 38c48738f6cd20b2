import type { HistogramStats } from '../../engine/stats/collect';
import { decimateMinMax, envelopeBuckets, logSafe, MAX_SERIES_POINTS } from './decimate';
import { METRIC_ACCURACY, METRIC_LOSS, METRIC_STEP, type NodeField, type RunHistory } from './history';
import type { RingBuffer } from './ring';

/**
 * Pure transforms from a run's history to what a chart draws. Every series is bounded
 * (decimate.ts); values a chart cannot draw (NaN, or ≤ 0 on a log axis) become null, a gap.
 */

export interface SeriesPoint {
  step: number;
  value: number | null;
}

export interface LossAccuracyData {
  trainLoss: SeriesPoint[];
  testLoss: SeriesPoint[];
  trainAccuracy: SeriesPoint[];
  testAccuracy: SeriesPoint[];
}

export interface SeriesOptions {
  maxPoints?: number;
  /** Loss on a log axis: values ≤ 0 become gaps. */
  logScale?: boolean;
}

const drawable = (value: number, logScale: boolean): number | null => (logScale ? logSafe(value) : Number.isFinite(value) ? value : null);

function metricSeries(ring: RingBuffer, column: number, maxPoints: number, logScale: boolean): SeriesPoint[] {
  return decimateMinMax(ring.length, (index) => ring.get(index, column), maxPoints).map((index) => ({
    step: ring.get(index, METRIC_STEP),
    value: drawable(ring.get(index, column), logScale),
  }));
}

export function lossAccuracyData(history: RunHistory, { maxPoints = MAX_SERIES_POINTS, logScale = false }: SeriesOptions = {}): LossAccuracyData {
  return {
    trainLoss: metricSeries(history.train, METRIC_LOSS, maxPoints, logScale),
    testLoss: metricSeries(history.test, METRIC_LOSS, maxPoints, logScale),
    trainAccuracy: metricSeries(history.train, METRIC_ACCURACY, maxPoints, false),
    testAccuracy: metricSeries(history.test, METRIC_ACCURACY, maxPoints, false),
  };
}

/** One field of a node over the measurements (mean |dL/dW|, update ratio, saturation…). */
export function nodeSeries(history: RunHistory, nodeId: string, field: NodeField, options: SeriesOptions = {}): SeriesPoint[] {
  const { maxPoints = MAX_SERIES_POINTS, logScale = false } = options;
  const value = (index: number) => history.nodeValue(index, nodeId, field);
  return decimateMinMax(history.measurements, value, maxPoints).map((index) => ({
    step: history.measurementStep(index),
    value: drawable(value(index), logScale),
  }));
}

/** Which of a run's percentile ranks draw the bands: the outermost pair, an inner pair, the median. */
export interface BandRanks {
  outer: [number, number];
  inner: [number, number] | null;
  median: number | null;
}

/**
 * The BN paper's figure from whatever ranks the run measures: the outer band is the lowest and
 * highest rank (min and max by default); the inner band the ranks closest to 15 and 85 strictly
 * inside them; the median is rank 50 if measured. Indices into `ranks`.
 */
export function bandRanks(ranks: readonly number[]): BandRanks | null {
  if (ranks.length < 2) return null;
  const last = ranks.length - 1;
  const closest = (target: number, from: number, to: number): number | null => {
    let best: number | null = null;
    for (let index = from; index <= to; index += 1) if (best === null || Math.abs(ranks[index] - target) < Math.abs(ranks[best] - target)) best = index;
    return best;
  };
  const medianIndex = ranks.indexOf(50);
  const lowerInner = closest(15, 1, last - 1);
  const upperInner = closest(85, 1, last - 1);
  const inner: [number, number] | null = lowerInner !== null && upperInner !== null && lowerInner < upperInner ? [lowerInner, upperInner] : null;
  return { outer: [0, last], inner, median: medianIndex >= 0 ? medianIndex : null };
}

export interface BandPoint {
  step: number;
  /** [lowest, highest] rank: recharts draws an Area between the two. */
  outer: [number, number];
  inner: [number, number] | null;
  median: number | null;
  /** Every measured percentile, for the readout: values[i] is P(ranks[i]); a merged point holds its envelope. */
  values: number[];
  /** The measurement steps this point covers (one unless merged by downsampling). */
  fromStep: number;
}

export interface DistributionBands {
  ranks: readonly number[];
  bands: BandRanks;
  points: BandPoint[];
}

/**
 * A node's percentiles over time. Downsampling merges consecutive measurements into their
 * envelope: the lowest value of each rank below the median and the highest above it, the mean
 * median, so a spike in the extremes is never averaged away.
 */
export function distributionBands(history: RunHistory, nodeId: string, maxPoints = MAX_SERIES_POINTS): DistributionBands | null {
  const bands = bandRanks(history.ranks);
  if (!bands || !history.hasNode(nodeId)) return null;
  const rankCount = history.ranks.length;
  const points = envelopeBuckets(history.measurements, maxPoints).map(([start, end]): BandPoint => {
    const values = Array.from({ length: rankCount }, (_, rank) => {
      const below = history.ranks[rank] < 50;
      const above = history.ranks[rank] > 50;
      let merged = below ? Infinity : above ? -Infinity : 0;
      for (let index = start; index < end; index += 1) {
        const value = history.percentile(index, nodeId, rank);
        if (below) merged = Math.min(merged, value);
        else if (above) merged = Math.max(merged, value);
        else merged += value / (end - start);
      }
      return merged;
    });
    const at = (rank: number | null) => (rank === null || !Number.isFinite(values[rank]) ? null : values[rank]);
    const pair = (indices: [number, number] | null): [number, number] | null => {
      if (!indices) return null;
      const [low, high] = [at(indices[0]), at(indices[1])];
      return low === null || high === null ? null : [low, high];
    };
    return {
      step: history.measurementStep(end - 1),
      fromStep: history.measurementStep(start),
      outer: pair(bands.outer) ?? [NaN, NaN],
      inner: pair(bands.inner),
      median: at(bands.median),
      values,
    };
  });
  return { ranks: history.ranks, bands, points };
}

/** The point a pointer at `step` reads: the nearest one. */
export function nearestPoint<Point extends { step: number }>(points: readonly Point[], step: number): Point | null {
  let best: Point | null = null;
  for (const point of points) if (best === null || Math.abs(point.step - step) < Math.abs(best.step - step)) best = point;
  return best;
}

export interface DepthRow {
  /** 1-based Dense layer index. */
  depth: number;
  nodeId: string;
  /** Mean |dL/dW| of the layer (null: not measured, or not drawable on the log axis). */
  gradient: number | null;
  /** Standard deviation of the layer's signal (its activation's output). */
  activationStd: number | null;
}

/** The lecture's paralysis table as a picture: per Dense layer, mean |dL/dW| and the activation std at one measurement (default the latest). */
export function depthProfile(history: RunHistory, measurement = history.measurements - 1): DepthRow[] {
  if (measurement < 0) return [];
  return history.layout.dense.map((layer) => ({
    depth: layer.depth,
    nodeId: layer.nodeId,
    gradient: logSafe(history.nodeValue(measurement, layer.nodeId, 'weightGradientMeanAbs')),
    activationStd: finiteOrNull(history.nodeValue(measurement, layer.signalNodeId, 'outputStd')),
  }));
}

export interface HealthRow {
  depth: number;
  nodeId: string;
  /** Of the layer's activation: sigmoid/tanh outputs in the flat ends. */
  saturated: number | null;
  /** Of the layer's activation: ReLU units zero on the whole batch. */
  dead: number | null;
  /** ‖ΔW‖/‖W‖ of the measured step. */
  updateRatio: number | null;
}

export function layerHealth(history: RunHistory, measurement = history.measurements - 1): HealthRow[] {
  if (measurement < 0) return [];
  return history.layout.dense.map((layer) => ({
    depth: layer.depth,
    nodeId: layer.nodeId,
    saturated: finiteOrNull(history.nodeValue(measurement, layer.signalNodeId, 'saturated')),
    dead: finiteOrNull(history.nodeValue(measurement, layer.signalNodeId, 'dead')),
    updateRatio: logSafe(history.nodeValue(measurement, layer.nodeId, 'updateRatio')),
  }));
}

export interface HistogramBar {
  x0: number;
  x1: number;
  mid: number;
  count: number;
  /** Of every value counted, outliers and NaN included. */
  fraction: number;
}

export interface HistogramData {
  bars: HistogramBar[];
  below: number;
  above: number;
  nan: number;
  total: number;
}

export function histogramData(histogram: HistogramStats): HistogramData {
  const { lo, hi, counts, below, above, nan } = histogram;
  const width = (hi - lo) / counts.length;
  let total = below + above + nan;
  for (const count of counts) total += count;
  const bars = Array.from(counts, (count, bin): HistogramBar => {
    const x0 = lo + bin * width;
    return { x0, x1: x0 + width, mid: x0 + width / 2, count, fraction: total > 0 ? count / total : 0 };
  });
  return { bars, below, above, nan, total };
}

/**
 * Theory beside measurement for a Dense layer y = Wx (+ b), with zero-mean weights of std σ_w
 * drawn independently of x: Var[yⱼ] = fan_in · σ_w² · E[x²] (the bias, zero under every
 * initializer but PyTorch's default, is left out). Two predictions: from the initializer's σ_w,
 * and from the std the weights have now, both with E[x²] = rms² of the layer's measured input.
 */
export interface TheoryRow {
  depth: number;
  nodeId: string;
  fanIn: number;
  initStd: number;
  /** √(fan_in) · σ_init · rms(x). */
  predictedStd: number | null;
  /** √(fan_in) · std(W now) · rms(x). */
  predictedStdNow: number | null;
  measuredStd: number | null;
}

export function theoryVersusMeasurement(history: RunHistory, measurement = history.measurements - 1): TheoryRow[] {
  return history.layout.dense.map((layer) => {
    const measured = measurement >= 0;
    const inputRms = measured ? history.nodeValue(measurement, layer.inputNodeId, 'outputRms') : NaN;
    const weightStd = measured ? history.nodeValue(measurement, layer.nodeId, 'weightStd') : NaN;
    const gain = Math.sqrt(layer.fanIn) * inputRms;
    return {
      depth: layer.depth,
      nodeId: layer.nodeId,
      fanIn: layer.fanIn,
      initStd: layer.initStd,
      predictedStd: finiteOrNull(gain * layer.initStd),
      predictedStdNow: finiteOrNull(gain * weightStd),
      measuredStd: measured ? finiteOrNull(history.nodeValue(measurement, layer.nodeId, 'outputStd')) : null,
    };
  });
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** The [min, max] of every drawable value of several series, e.g. to share an axis across columns; null when there is none. */
export function sharedExtent(series: readonly (readonly (number | null)[])[]): [number, number] | null {
  let low = Infinity;
  let high = -Infinity;
  for (const values of series) {
    for (const value of values) {
      if (value === null || !Number.isFinite(value)) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  return low <= high ? [low, high] : null;
}
