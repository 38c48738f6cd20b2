import { createDataset, type Dataset, type DatasetSplit } from './data/dataset';
import type { CompiledPlan } from './document/plan';
import type { Kernels } from './kernels/kernels';
import { tsKernels } from './kernels/ts';
import type { Layer } from './layers/layer';
import { createLayer } from './layers/registry';
import { softmaxCrossEntropy } from './losses/softmax-cross-entropy';
import { sgdStep } from './optim/sgd';
import { createRandom } from './random';

export type Pass = 'forward' | 'backward';

export type StepResult =
  | {
      kind: 'step';
      /** Steps completed, this one included. */
      step: number;
      /** Mean loss over the batch. */
      loss: number;
      /** Batch rows whose prediction was right, and the batch size (smaller at an epoch's end). */
      correct: number;
      rows: number;
    }
  | Divergence;

/** A NaN or ±Infinity appeared: where first, in which pass. Once diverged, a trainer stays so. */
export interface Divergence {
  kind: 'diverged';
  /** The step that failed (1-based); it was not applied. */
  step: number;
  nodeId: string;
  pass: Pass;
  message: string;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
}

/**
 * Buffers of one forward/backward pass over up to `capacity` rows. `tensors[0]` is the input
 * batch, `tensors[i + 1]` the output of `layers[i]` (the last one holds the logits);
 * `gradients[i]` is ∂L/∂tensors[i], null for the input (which needs none) unless it is the logits.
 */
export interface Workspace {
  readonly capacity: number;
  readonly tensors: readonly Float32Array[];
  readonly gradients: readonly (Float32Array | null)[];
  readonly labels: Int32Array;
  /** Rows of the latest pass. */
  rows: number;
}

export interface Trainer {
  readonly plan: CompiledPlan;
  readonly data: DatasetSplit;
  readonly layers: readonly Layer[];
  /** The training step's buffers: after `step()` they hold that step's activations and gradients. */
  readonly workspace: Workspace;
  readonly stepCount: number;
  /** Full passes over the training set completed so far. */
  readonly epoch: number;
  /** One SGD step on the next mini-batch. Never throws on NaN: returns a divergence instead. */
  step(): StepResult;
  /** Mean loss and accuracy over a whole dataset; leaves the training workspace untouched. */
  evaluate(dataset: Dataset): Evaluation;
}

const EVALUATION_ROWS = 256;

/**
 * Builds the layers and the data of a plan. Everything random comes from forks of
 * `training.seed`: the dataset, the initial weights (one stream per layer, so editing one layer
 * leaves the others' weights unchanged) and the batch order. Buffers that enter a matrix
 * product are allocated by `kernels`, so a WASM backend reads them in place.
 */
export function createTrainer(plan: CompiledPlan, kernels: Kernels = tsKernels): Trainer {
  const { training, classes } = plan;
  const root = createRandom(training.seed);
  const initRandom = root.fork('init');
  const batchRandom = root.fork('batches');
  const data = createDataset(plan.dataset, training.seed);
  const layers = plan.layers.map((spec) => createLayer(spec, kernels, initRandom.fork(spec.nodeId)));
  checkWidths(plan, layers);
  const parameters = layers.flatMap((layer) => layer.parameters);

  const allocate = (capacity: number, withGradients: boolean): Workspace => {
    const widths = [plan.inputWidth, ...layers.map((layer) => layer.outWidth)];
    return {
      capacity,
      tensors: widths.map((width) => kernels.alloc(capacity * width)),
      gradients: widths.map((width, i) => (withGradients && (i > 0 || layers.length === 0) ? kernels.alloc(capacity * width) : null)),
      labels: new Int32Array(capacity),
      rows: 0,
    };
  };
  const workspace = allocate(Math.min(training.batchSize, data.train.rows), true);
  let evaluationWorkspace: Workspace | null = null;

  const order = Int32Array.from({ length: data.train.rows }, (_, row) => row);
  let cursor = 0;
  let stepCount = 0;
  let epoch = 0;
  let divergence: Divergence | null = null;

  /** Copies the next rows of the epoch order into the workspace; reshuffles at each epoch's start. */
  const loadBatch = (): number => {
    if (cursor === 0 && training.shuffle) batchRandom.shuffle(order);
    const rows = Math.min(workspace.capacity, order.length - cursor);
    const { features, labels, width } = data.train;
    const input = workspace.tensors[0];
    for (let r = 0; r < rows; r++) {
      const source = order[cursor + r];
      input.set(features.subarray(source * width, (source + 1) * width), r * width);
      workspace.labels[r] = labels[source];
    }
    cursor += rows;
    if (cursor === order.length) {
      cursor = 0;
      epoch++;
    }
    workspace.rows = rows;
    return rows;
  };

  /** Runs the layers; returns the index of the first layer whose output is not finite, or -1. */
  const forward = (space: Workspace, rows: number): number => {
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      layer.forward(space.tensors[i], space.tensors[i + 1], rows);
      if (!allFinite(space.tensors[i + 1], rows * layer.outWidth)) return i;
    }
    return -1;
  };

  const diverge = (nodeId: string, pass: Pass, what: string): Divergence => {
    const step = stepCount + 1;
    divergence = {
      kind: 'diverged',
      step,
      nodeId,
      pass,
      message: `${what} of node '${nodeId}' became NaN or infinite at step ${step} (${pass} pass). Try a smaller learning rate.`,
    };
    return divergence;
  };

  const step = (): StepResult => {
    if (divergence) return divergence;
    const rows = loadBatch();
    const { tensors, gradients, labels } = workspace;

    const failedLayer = forward(workspace, rows);
    if (failedLayer >= 0) return diverge(layers[failedLayer].nodeId, 'forward', 'The output');
    const logitsGradient = gradients[layers.length]!;
    const result = softmaxCrossEntropy(tensors[layers.length], labels, rows, classes, logitsGradient);
    if (!Number.isFinite(result.loss)) return diverge(plan.outputNodeId, 'forward', 'The loss');
    if (!allFinite(logitsGradient, rows * classes)) return diverge(plan.outputNodeId, 'backward', 'The loss gradient');

    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      layer.backward(tensors[i], tensors[i + 1], gradients[i + 1]!, gradients[i], rows);
      const inputGradient = gradients[i];
      if (inputGradient && !allFinite(inputGradient, rows * layer.inWidth)) return diverge(layer.nodeId, 'backward', 'The input gradient');
      for (const parameter of layer.parameters) {
        if (!allFinite(parameter.grad, parameter.grad.length)) return diverge(layer.nodeId, 'backward', `The ${parameter.name} gradient`);
      }
    }

    sgdStep(parameters, training.learningRate);
    stepCount++;
    return { kind: 'step', step: stepCount, loss: result.loss, correct: result.correct, rows };
  };

  const evaluate = (dataset: Dataset): Evaluation => {
    if (!evaluationWorkspace) evaluationWorkspace = allocate(EVALUATION_ROWS, false);
    const space = evaluationWorkspace;
    const logits = space.tensors[layers.length];
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < dataset.rows; start += space.capacity) {
      const rows = Math.min(space.capacity, dataset.rows - start);
      space.tensors[0].set(dataset.features.subarray(start * dataset.width, (start + rows) * dataset.width));
      space.labels.set(dataset.labels.subarray(start, start + rows));
      space.rows = rows;
      if (forward(space, rows) >= 0) return { loss: NaN, accuracy: NaN };
      const result = softmaxCrossEntropy(logits, space.labels, rows, classes, null);
      lossSum += result.loss * rows;
      correct += result.correct;
    }
    return { loss: lossSum / dataset.rows, accuracy: correct / dataset.rows };
  };

  return {
    plan,
    data,
    layers,
    workspace,
    get stepCount() {
      return stepCount;
    },
    get epoch() {
      return epoch;
    },
    step,
    evaluate,
  };
}

/** A plan from elsewhere than `compile` may be inconsistent: refuse it with a clear message. */
function checkWidths(plan: CompiledPlan, layers: readonly Layer[]): void {
  let width = plan.inputWidth;
  for (const layer of layers) {
    if (layer.inWidth !== width) throw new Error(`Invalid plan: node '${layer.nodeId}' takes ${layer.inWidth} features but receives ${width}.`);
    width = layer.outWidth;
  }
  if (width !== plan.classes) throw new Error(`Invalid plan: the logits have ${width} features for ${plan.classes} classes.`);
}

/** True when the first `length` values are all finite: x·0 is 0 for finite x and NaN otherwise. */
function allFinite(values: Float32Array, length: number): boolean {
  let probe = 0;
  for (let i = 0; i < length; i++) probe += values[i] * 0;
  return probe === 0;
}
