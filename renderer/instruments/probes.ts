import { createDataset } from '../../engine/data/dataset';
import type { CompiledPlan, PlanLayer } from '../../engine/document/plan';
import type { DecisionGrid, GridProbe } from '../../engine/probe';
import type { BatchNormStats, HistogramStats, NodeStats } from '../../engine/stats/collect';
import type { RunHistory } from './history';

/**
 * Measurements the stat frames do not carry yet, with the shapes the views read. The worker
 * side (engine/protocol.ts) is to add them; until then the views that need them say so.
 */

export interface BatchNormUnitRow {
  unit: number;
  batchMean: number;
  runningMean: number;
  batchVariance: number;
  runningVariance: number;
  gamma: number;
  beta: number;
}

export function batchNormUnits(stats: BatchNormStats): BatchNormUnitRow[] {
  const width = stats.batchMean.length;
  for (const [name, array] of [
    ['batchVariance', stats.batchVariance],
    ['runningMean', stats.runningMean],
    ['runningVariance', stats.runningVariance],
    ['gamma', stats.gamma],
    ['beta', stats.beta],
  ] as const) {
    if (array && array.length !== width) throw new RangeError(`BatchNorm stats: ${name} has ${array.length} units, batchMean ${width}`);
  }
  return Array.from({ length: width }, (_, unit) => ({
    unit,
    batchMean: stats.batchMean[unit],
    runningMean: stats.runningMean[unit],
    batchVariance: stats.batchVariance[unit],
    runningVariance: stats.runningVariance[unit],
    gamma: stats.gamma?.[unit] ?? 1,
    beta: stats.beta?.[unit] ?? 0,
  }));
}

export interface BatchNormOverviewPoint {
  step: number;
  /** Of the layer's input (its producer's output) over the batch, all units together. */
  inputMean: number | null;
  inputStd: number | null;
  outputMean: number | null;
  outputStd: number | null;
}

/** What NodeStats already tell about a BatchNorm node over time: the batch it normalised, and what came out. */
export function batchNormOverview(history: RunHistory, nodeId: string): BatchNormOverviewPoint[] {
  const node = history.layout.nodes[history.layout.indexOf.get(nodeId) ?? -1];
  if (!node || node.kind !== 'batchnorm') return [];
  const input = node.inputs[0];
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  return Array.from({ length: history.measurements }, (_, index) => ({
    step: history.measurementStep(index),
    inputMean: finite(history.nodeValue(index, input, 'outputMean')),
    inputStd: finite(history.nodeValue(index, input, 'outputStd')),
    outputMean: finite(history.nodeValue(index, nodeId, 'outputMean')),
    outputStd: finite(history.nodeValue(index, nodeId, 'outputStd')),
  }));
}

/**
 * What the worker answers to probes (engine/probe.ts): the network's class probabilities over
 * a grid of its 2-D input plane (a `grid` message answering `probe-grid`), and one example
 * through the network (a `sample` answering `probe-sample`), both in evaluation mode.
 */
export type { DecisionGrid, SampleActivations } from '../../engine/probe';

/** The data points under the heat map, in the grid's units (the preprocessed features). */
export interface PlanePoints {
  x: Float32Array;
  y: Float32Array;
  labels: Uint8Array;
}

export interface Plane {
  points: PlanePoints;
  x: [number, number];
  y: [number, number];
}

/**
 * The training points of a run whose input is 2-D and generated (spirals, moons, circles, xor,
 * blobs, a two-column CSV), as the network sees them, and the plane around them (10 % margin):
 * the same data the worker trains on, since generation is seeded. Null for any other input.
 */
export function planeOf(plan: CompiledPlan): Plane | null {
  if (plan.inputWidth !== 2 || plan.dataset.kind === 'mnist' || plan.dataset.kind === 'letters') return null;
  const { train } = createDataset(plan.dataset, plan.training.seed);
  const x = new Float32Array(train.rows);
  const y = new Float32Array(train.rows);
  for (let row = 0; row < train.rows; row += 1) {
    x[row] = train.features[row * 2];
    y[row] = train.features[row * 2 + 1];
  }
  const around = (values: Float32Array): [number, number] => {
    let low = Infinity;
    let high = -Infinity;
    for (const value of values) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    const margin = 0.1 * (high - low || 1);
    return [low - margin, high + margin];
  };
  return { points: { x, y, labels: Uint8Array.from(train.labels) }, x: around(x), y: around(y) };
}

/** What one decision-boundary grid may cost the worker, in floating-point operations: a few milliseconds. */
export const BOUNDARY_GRID_FLOPS = 20e6;
export const BOUNDARY_GRID_SIDE = { min: 16, max: 64 } as const;

/**
 * The grid a run's decision boundary asks for over its plane: square, as fine as
 * BOUNDARY_GRID_SIDE.max while a grid costs at most about BOUNDARY_GRID_FLOPS, so a deep
 * network gets a coarser one (never under BOUNDARY_GRID_SIDE.min; the heat map is smoothed).
 */
export function boundaryGrid(plan: CompiledPlan, plane: Pick<Plane, 'x' | 'y'>): GridProbe {
  const perExample = Math.max(1, plan.layers.reduce((sum, layer) => sum + layer.flops.forward, 0));
  const side = Math.max(BOUNDARY_GRID_SIDE.min, Math.min(BOUNDARY_GRID_SIDE.max, Math.floor(Math.sqrt(BOUNDARY_GRID_FLOPS / perExample))));
  return { x: plane.x, y: plane.y, columns: side, rows: side };
}

/**
 * RGBA pixels of the heat map, row 0 at the top (y1): each cell the probability-weighted mix of
 * the class colours, its opacity the confidence above chance, so the boundary shows pale.
 */
export function decisionImage(grid: DecisionGrid, classColours: readonly (readonly [number, number, number])[]): Uint8ClampedArray {
  const { columns, rows, classes, probabilities } = grid;
  if (probabilities.length !== columns * rows * classes) {
    throw new RangeError(`A ${columns} × ${rows} grid of ${classes} classes needs ${columns * rows * classes} probabilities, got ${probabilities.length}`);
  }
  if (classColours.length < classes) throw new RangeError(`${classes} classes need as many colours, got ${classColours.length}`);
  const pixels = new Uint8ClampedArray(columns * rows * 4);
  const chance = 1 / classes;
  for (let row = 0; row < rows; row += 1) {
    const top = rows - 1 - row;
    for (let column = 0; column < columns; column += 1) {
      const cell = (row * columns + column) * classes;
      let red = 0;
      let green = 0;
      let blue = 0;
      let total = 0;
      let best = 0;
      for (let k = 0; k < classes; k += 1) {
        const p = Math.max(0, probabilities[cell + k]);
        red += p * classColours[k][0];
        green += p * classColours[k][1];
        blue += p * classColours[k][2];
        total += p;
        best = Math.max(best, p);
      }
      const pixel = (top * columns + column) * 4;
      const confidence = total > 0 ? Math.max(0, (best / total - chance) / (1 - chance)) : 0;
      pixels[pixel] = total > 0 ? red / total : 0;
      pixels[pixel + 1] = total > 0 ? green / total : 0;
      pixels[pixel + 2] = total > 0 ? blue / total : 0;
      pixels[pixel + 3] = Math.round(40 + 180 * confidence);
    }
  }
  return pixels;
}

/** The shape a vector of `width` values is drawn as: the data's image shape when it fits, else the squarest grid. */
export function imageShape(width: number, imageSide: number | null = null): { columns: number; rows: number } {
  if (imageSide && imageSide * imageSide === width) return { columns: imageSide, rows: imageSide };
  const columns = Math.ceil(Math.sqrt(width));
  return { columns, rows: Math.ceil(width / columns) };
}

/** The side of a dataset's square images (MNIST 28, or 14 downsampled; letters 29), null for tabular data. */
export function datasetImageSide(dataset: { kind: string; downsample?: boolean }): number | null {
  if (dataset.kind === 'mnist') return dataset.downsample ? 14 : 28;
  if (dataset.kind === 'letters') return 29;
  return null;
}

/**
 * Grey RGBA pixels of `values` laid out row by row in `columns`: black to white over `range`
 * when given (a bounded activation's, so that a layer stuck at one value looks flat), else
 * symmetric about 0 (mid grey, white positive, black negative) when the values change sign, else
 * black to white over their range. Cells past the end stay transparent.
 */
export function greyImage(values: ArrayLike<number>, columns: number, rows: number, range: readonly [number, number] | null = null): Uint8ClampedArray {
  let low = Infinity;
  let high = -Infinity;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (!Number.isFinite(value)) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  if (range) [low, high] = range;
  const symmetric = !range && low < 0 && high > 0;
  const reach = Math.max(Math.abs(low), Math.abs(high));
  const shade = (value: number): number => {
    if (!Number.isFinite(value)) return 0;
    if (symmetric) return 127.5 + (127.5 * value) / reach;
    return high > low ? (255 * (value - low)) / (high - low) : 127.5;
  };
  const pixels = new Uint8ClampedArray(columns * rows * 4);
  const count = Math.min(values.length, columns * rows);
  for (let index = 0; index < count; index += 1) {
    const grey = shade(values[index]);
    pixels.set([grey, grey, grey, 255], index * 4);
  }
  return pixels;
}

/** The range of a bounded activation's output (sigmoid, tanh), null for any other layer. */
export function outputRange(layer: PlanLayer): [number, number] | null {
  if (layer.kind !== 'activation') return null;
  if (layer.fn === 'sigmoid') return [0, 1];
  if (layer.fn === 'tanh') return [-1, 1];
  return null;
}

/** [−r, r] with r the largest |value|, so that 0 is mid grey whatever the signs (a unit's weights); null when every value is 0 or not finite. */
export function symmetricRange(values: ArrayLike<number>): [number, number] | null {
  let reach = 0;
  for (let index = 0; index < values.length; index += 1) if (Number.isFinite(values[index])) reach = Math.max(reach, Math.abs(values[index]));
  return reach > 0 ? [-reach, reach] : null;
}

/** The output range of every bounded layer of a plan, by node id. */
export function outputRanges(plan: CompiledPlan): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  for (const layer of plan.layers) {
    const range = outputRange(layer);
    if (range) ranges.set(layer.nodeId, range);
  }
  return ranges;
}

/** Each bin's count relative to the tallest bin's. */
export function histogramHeights(histogram: HistogramStats): number[] {
  const tallest = Math.max(...histogram.counts);
  return Array.from(histogram.counts, (count) => (tallest > 0 ? count / tallest : 0));
}

/**
 * The gradient flowing back along an edge out of `source`: mean |∂L/∂a| of the source's output at
 * the latest measurement (summed over the source's consumers when it has several); null when it
 * has none or it is not finite.
 */
export function edgeGradient(latest: ReadonlyMap<string, NodeStats>, source: string): number | null {
  const magnitude = latest.get(source)?.outputGradient?.meanAbs;
  return magnitude !== undefined && Number.isFinite(magnitude) ? magnitude : null;
}
