import type { LossKind } from './document/types';
import { assertNever } from './protocol';
import type { Trainer } from './train';

/**
 * Probes: what the current model makes of inputs the renderer chooses, outside training. A probe
 * runs the trainer's evaluation-mode forward pass (`Trainer.infer`: no dropout, BatchNorm's
 * running statistics, its own buffers), so it changes no state of the run and training stays
 * bit-identical whether or not anyone looks.
 */

/** The part of the input plane to cover: `columns` × `rows` cells over [x0, x1] × [y0, y1]. */
export interface GridProbe {
  x: [number, number];
  y: [number, number];
  columns: number;
  rows: number;
}

/** One example of the run's data, by split and row. */
export interface SampleProbe {
  split: 'train' | 'test';
  index: number;
}

/**
 * The network's predictions over a grid of its 2-D input plane, for the decision boundary.
 * Cell (row, column) is the input x = x0 + (column + ½)(x1 − x0)/columns,
 * y = y0 + (row + ½)(y1 − y0)/rows, in the units the network sees (after preprocessing).
 */
export interface DecisionGrid {
  /** Steps trained when the grid was taken. */
  step: number;
  x: [number, number];
  y: [number, number];
  columns: number;
  rows: number;
  classes: number;
  /**
   * [rows × columns × classes], row 0 at y0: the softmax of the outputs under softmax
   * cross-entropy, each output's sigmoid under binary cross-entropy, the outputs clamped to
   * [0, 1] under MSE.
   */
  probabilities: Float32Array;
}

/** One example through the network (evaluation mode). */
export interface SampleActivations {
  /** Steps trained when the sample was taken. */
  step: number;
  split: 'train' | 'test';
  index: number;
  /** Examples in the split: the valid indices are 0 … splitRows − 1. */
  splitRows: number;
  label: number;
  /** The input row after preprocessing, as the network saw it. */
  input: Float32Array;
  /** Every layer's output for this input, in plan order. */
  layers: { nodeId: string; values: Float32Array }[];
  /** The first Dense layer's weights [units × inputs], each row one learned feature; null without a Dense layer. */
  firstWeights: { nodeId: string; rows: number; columns: number; values: Float32Array } | null;
}

/** The most cells a grid may have along either side. */
export const MAX_GRID_SIDE = 256;

/** A probe that cannot be answered; `field` names the request's field at fault, null when the run is. */
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

export function checkGridProbe(probe: GridProbe): void {
  for (const side of ['columns', 'rows'] as const) {
    const value = probe[side];
    if (!Number.isInteger(value) || value < 1 || value > MAX_GRID_SIDE) {
      throw new ProbeError(`The grid's ${side} must be a whole number from 1 to ${MAX_GRID_SIDE}, got ${String(value)}.`, side);
    }
  }
  for (const axis of ['x', 'y'] as const) {
    const range = probe[axis];
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1])) {
      throw new ProbeError(`The grid's ${axis} must be a range [low, high] of finite numbers with low < high, got ${JSON.stringify(range)}.`, axis);
    }
  }
}

/** The trainer's predictions over the grid of `probe`; the network must read 2 features and predict classes. */
export function probeGrid(trainer: Trainer, probe: GridProbe): DecisionGrid {
  checkGridProbe(probe);
  const { plan } = trainer;
  if (plan.inputWidth !== 2) throw new ProbeError(`A decision boundary needs a network of 2 inputs; this one reads ${plan.inputWidth}.`);
  if (plan.target !== 'labels') throw new ProbeError('A decision boundary needs a network that predicts classes; this one reconstructs its input.');
  const { columns, rows, x, y } = probe;
  const cells = columns * rows;
  const features = new Float32Array(cells * 2);
  for (let row = 0; row < rows; row++) {
    const cellY = y[0] + ((row + 0.5) * (y[1] - y[0])) / rows;
    for (let column = 0; column < columns; column++) {
      const cell = row * columns + column;
      features[cell * 2] = x[0] + ((column + 0.5) * (x[1] - x[0])) / columns;
      features[cell * 2 + 1] = cellY;
    }
  }
  const [outputs] = trainer.infer(features, cells, [plan.lossInput]);
  return { step: trainer.stepCount, x: [x[0], x[1]], y: [y[0], y[1]], columns, rows, classes: plan.classes, probabilities: toProbabilities(plan.loss, outputs, cells, plan.classes) };
}

/** Example `index` of a split through the trainer: its input, every layer's output, and the first Dense layer's weights. */
export function probeSample(trainer: Trainer, probe: SampleProbe): SampleActivations {
  const { split, index } = probe;
  if (split !== 'train' && split !== 'test') throw new ProbeError(`The split must be 'train' or 'test', got ${JSON.stringify(split)}.`, 'split');
  const data = trainer.data[split];
  if (!Number.isInteger(index) || index < 0 || index >= data.rows) {
    throw new ProbeError(`The index must be a whole number from 0 to ${data.rows - 1} (the ${split} split has ${data.rows} examples), got ${String(index)}.`, 'index');
  }
  const { plan } = trainer;
  const input = data.features.slice(index * data.width, (index + 1) * data.width);
  const nodeIds = plan.layers.map((layer) => layer.nodeId);
  const outputs = trainer.infer(input, 1, nodeIds);
  const firstDense = plan.layers.findIndex((layer) => layer.kind === 'dense');
  const weight = firstDense < 0 ? undefined : trainer.layers[firstDense].parameters.find((parameter) => parameter.name === 'weight');
  return {
    step: trainer.stepCount,
    split,
    index,
    splitRows: data.rows,
    label: data.labels[index],
    input,
    layers: nodeIds.map((nodeId, k) => ({ nodeId, values: outputs[k] })),
    firstWeights: weight ? { nodeId: plan.layers[firstDense].nodeId, rows: weight.rows, columns: weight.columns, values: weight.value.slice() } : null,
  };
}

/** The loss's reading of `outputs` [rows × classes] as class probabilities, in place. */
function toProbabilities(loss: LossKind, outputs: Float32Array, rows: number, classes: number): Float32Array {
  switch (loss) {
    case 'softmax-cross-entropy':
      for (let r = 0; r < rows; r++) {
        const row = outputs.subarray(r * classes, (r + 1) * classes);
        const top = Math.max(...row);
        let sum = 0;
        for (let k = 0; k < classes; k++) sum += Math.exp(row[k] - top);
        for (let k = 0; k < classes; k++) row[k] = Math.exp(row[k] - top) / sum;
      }
      return outputs;
    case 'sigmoid-binary-cross-entropy':
      for (let i = 0; i < outputs.length; i++) outputs[i] = 1 / (1 + Math.exp(-outputs[i]));
      return outputs;
    case 'mse':
      for (let i = 0; i < outputs.length; i++) outputs[i] = Math.min(1, Math.max(0, outputs[i]));
      return outputs;
    default:
      return assertNever(loss);
  }
}

/** The typed arrays of a probe's answer, to transfer. */
export function gridTransferables(grid: DecisionGrid): ArrayBuffer[] {
  return [grid.probabilities.buffer as ArrayBuffer];
}

export function sampleTransferables(sample: SampleActivations): ArrayBuffer[] {
  const buffers = [sample.input.buffer, ...sample.layers.map((layer) => layer.values.buffer)];
  if (sample.firstWeights) buffers.push(sample.firstWeights.values.buffer);
  return buffers as ArrayBuffer[];
}
