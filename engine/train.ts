import { createBatchOrder } from './data/batch-order';
import { createDataset, type Dataset, type DatasetSplit } from './data/dataset';
import { lossWidth, type CompiledPlan } from './document/plan';
import type { Kernels } from './kernels/kernels';
import { tsKernels } from './kernels/ts';
import type { Layer, Mode, Parameter } from './layers/layer';
import { createLayer } from './layers/registry';
import { countCorrect, createLoss, type Loss } from './losses/loss';
import { createReconstructionLoss } from './losses/reconstruction';
import { clipGradientNorm } from './optim/clip';
import { createOptimizer } from './optim/optimizer';
import { addPenaltyGradients, penaltyValue } from './optim/regularization';
import { learningRateAt } from './optim/schedule';
import { createRandom } from './random';

export type Pass = 'forward' | 'backward';

export type StepResult =
  | {
      kind: 'step';
      /** Steps completed, this one included. */
      step: number;
      /** Mean loss over the batch (the data term, without the penalty). */
      loss: number;
      /** λ₁ Σ|w| + (λ₂/2) Σw² of the weights this step started from; 0 without penalties. */
      penalty: number;
      /**
       * Batch rows whose prediction was right (NaN when the target is the input: a
       * reconstruction has no accuracy), and the batch size (smaller at an epoch's end).
       */
      correct: number;
      rows: number;
      /** The rate the schedule gave this step. */
      learningRate: number;
      /** The global gradient norm before clipping; null when clipping is off (it is not computed). */
      gradientNorm: number | null;
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
  /** NaN when the target is the input (a reconstruction has no accuracy). */
  accuracy: number;
}

/**
 * A node's tensors from the last training step: views of the trainer's buffers over that step's
 * rows, overwritten by the next step (copy what must be kept). All are [rows × width],
 * row-major.
 */
export interface NodeTensors {
  readonly nodeId: string;
  readonly rows: number;
  /** The width of `output`. */
  readonly width: number;
  /** The node's output; for the Input node, the batch of features. */
  readonly output: Float32Array;
  /**
   * ∂L/∂output, summed over every consumer of the output; for the loss input, the loss's own
   * gradient. null for the Input node (the data needs no gradient) unless it feeds the loss.
   */
  readonly outputGradient: Float32Array | null;
  /** The tensors the node read, in the order of its plan `inputs`: an activation's pre-activation. */
  readonly inputs: readonly Float32Array[];
  /**
   * The node's parameters. After step() their `grad` is what the optimizer applied: the loss
   * gradient, plus the L1/L2 penalty gradient on Dense weights, then clipped.
   */
  readonly parameters: readonly Parameter[];
}

export interface Trainer {
  readonly plan: CompiledPlan;
  readonly data: DatasetSplit;
  /** The layers in execution (topological) order, one per plan layer. */
  readonly layers: readonly Layer[];
  readonly stepCount: number;
  /** Full passes over the training set completed so far. */
  readonly epoch: number;
  /**
   * One optimisation step on the next mini-batch in training mode: forward, loss, backward,
   * penalties, clipping, optimizer. Never throws on NaN: returns a divergence instead.
   */
  step(): StepResult;
  /**
   * Mean loss and accuracy over a whole dataset in evaluation mode (no dropout, BatchNorm's
   * running statistics). Changes no state of the run: neither the training buffers, nor a
   * random stream, nor the running statistics.
   */
  evaluate(dataset: Dataset): Evaluation;
  /**
   * The outputs of the nodes `nodeIds` (the Input node or layers) for the `rows` examples of
   * `features` [rows × inputWidth], in evaluation mode like `evaluate` and, like it, changing no
   * state of the run. Fresh arrays [rows × width], in the order of `nodeIds`; non-finite values
   * are passed on as they are.
   */
  infer(features: Float32Array, rows: number, nodeIds: readonly string[]): Float32Array[];
  /** The tensors of the Input node or a layer (null for the Output node and unknown ids). */
  tensors(nodeId: string): NodeTensors | null;
  /** A copy of the last training step's batch. */
  lastBatch(): Dataset;
}

export interface TrainerOptions {
  /** The matrix kernels; the plain TypeScript ones by default. */
  kernels?: Kernels;
  /** Train and evaluate on this data instead of generating the plan's dataset. */
  data?: DatasetSplit;
}

const EVALUATION_ROWS = 256;

/**
 * One set of buffers for a pass over up to `capacity` rows. Tensor 0 is the data, tensor i + 1
 * the output of layer i. In the training workspace, `gradients[t]` is ∂L/∂tensor t, and a
 * tensor read by several consumers gets one buffer per reading (`edgeGradients[t]`), summed
 * into `gradients[t]` before its producer's backward pass.
 */
interface Workspace {
  readonly capacity: number;
  readonly tensors: readonly Float32Array[];
  /** Per layer, the tensors it reads (the same arrays as in `tensors`). */
  readonly layerInputs: readonly (readonly Float32Array[])[];
  readonly labels: Int32Array;
  readonly loss: Loss;
  rows: number;
}

interface Gradients {
  readonly gradients: readonly (Float32Array | null)[];
  /** Per layer and input, where its backward pass writes ∂L/∂input (null: not needed). */
  readonly layerTargets: readonly (readonly (Float32Array | null)[])[];
  /** Per tensor, the per-reading buffers to sum, empty when it has a single consumer. */
  readonly edgeGradients: readonly (readonly Float32Array[])[];
  /** Where the loss writes ∂L/∂(its input). */
  readonly lossTarget: Float32Array;
}

/**
 * Builds the layers and the data of a plan. Everything random comes from forks of
 * `training.seed`: the dataset, the initial weights and the dropout masks (one stream per
 * layer, so editing one layer leaves the others' draws unchanged) and the batch order. Buffers
 * that enter a matrix product are allocated by the kernels, so a WASM backend reads them in
 * place. The same plan and seed give bit-identical runs.
 *
 * Throws (with "Invalid plan: …") on a plan whose layers do not fit together, which `compile`
 * never produces.
 */
export function createTrainer(plan: CompiledPlan, options: TrainerOptions = {}): Trainer {
  const kernels = options.kernels ?? tsKernels;
  const { training } = plan;
  const root = createRandom(training.seed);
  const initRandom = root.fork('init');
  const maskRandom = root.fork('masks');
  const batchRandom = root.fork('batches');
  const data = options.data ?? createDataset(plan.dataset, training.seed);
  const layers = plan.layers.map((spec) => createLayer(spec, kernels, { init: initRandom.fork(spec.nodeId), masks: maskRandom.fork(spec.nodeId) }));

  /** Tensor index of each node's output: 0 for the Input node, i + 1 for layers[i]. */
  const tensorOf = new Map<string, number>([[plan.inputNodeId, 0]]);
  plan.layers.forEach((spec, i) => tensorOf.set(spec.nodeId, i + 1));
  const widths = [plan.inputWidth, ...layers.map((layer) => layer.outWidth)];
  const layerReads = checkPlan(plan, layers, tensorOf, widths, data);
  const lossTensor = tensorOf.get(plan.lossInput)!;
  const outputWidth = lossWidth(plan);
  const reconstructs = plan.target === 'input';
  /** Right predictions among the rows; NaN for a reconstruction, which has no classes to get right. */
  const correctOf = (outputs: Float32Array, labels: Int32Array, rows: number): number =>
    reconstructs ? NaN : countCorrect(outputs, labels, rows, plan.classes);

  const parameters = layers.flatMap((layer) => layer.parameters);
  const penalized = parameters.filter((parameter) => parameter.penalized);
  const optimizer = createOptimizer(training.optimizer, parameters, kernels);

  const allocateWorkspace = (capacity: number): Workspace => {
    const tensors = widths.map((width) => kernels.alloc(capacity * width));
    return {
      capacity,
      tensors,
      layerInputs: layerReads.map((reads) => reads.map((t) => tensors[t])),
      labels: new Int32Array(capacity),
      loss: reconstructs ? createReconstructionLoss(plan.loss, outputWidth, tensors[0]) : createLoss(plan.loss, plan.classes, capacity),
      rows: 0,
    };
  };
  const workspace = allocateWorkspace(Math.min(training.batchSize, data.train.rows));
  const { gradients, layerTargets, edgeGradients, lossTarget } = allocateGradients(layerReads, lossTensor, widths, workspace.capacity, kernels);
  let evaluationWorkspace: Workspace | null = null;

  const batchOrder = createBatchOrder(training.sampling, data.train, workspace.capacity, batchRandom);
  const rowLosses = batchOrder.wantsLosses ? new Float64Array(workspace.capacity) : null;
  let stepCount = 0;
  let divergence: Divergence | null = null;

  /** Copies the rows of the next batch (engine/data/batch-order.ts) into the workspace. */
  const loadBatch = (): number => {
    const batch = batchOrder.next();
    const rows = batch.length;
    const { features, labels, width } = data.train;
    const input = workspace.tensors[0];
    for (let r = 0; r < rows; r++) {
      const source = batch[r];
      input.set(features.subarray(source * width, (source + 1) * width), r * width);
      workspace.labels[r] = labels[source];
    }
    workspace.rows = rows;
    return rows;
  };

  /** Runs the layers in order; returns the index of the first layer whose output is not finite, or -1. */
  const forward = (space: Workspace, rows: number, mode: Mode): number => {
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      layer.forward(space.layerInputs[i], space.tensors[i + 1], rows, mode);
      if (!kernels.allFinite(space.tensors[i + 1], rows * layer.outWidth)) return i;
    }
    return -1;
  };

  /** Backward through the layers in reverse order; returns the divergence it met, or null. */
  const backward = (rows: number): Divergence | null => {
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      const t = i + 1;
      sumEdgeGradients(gradients[t]!, edgeGradients[t], rows * widths[t]);
      const targets = layerTargets[i];
      layer.backward(workspace.layerInputs[i], workspace.tensors[t], gradients[t]!, targets, rows);
      for (let k = 0; k < targets.length; k++) {
        const target = targets[k];
        if (target && !kernels.allFinite(target, rows * layer.inWidths[k])) return diverge(layer.nodeId, 'backward', 'The input gradient');
      }
      for (const parameter of layer.parameters) {
        if (!kernels.allFinite(parameter.grad, parameter.grad.length)) return diverge(layer.nodeId, 'backward', `The ${parameter.name} gradient`);
      }
    }
    return null;
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
    const failedLayer = forward(workspace, rows, 'train');
    if (failedLayer >= 0) return diverge(layers[failedLayer].nodeId, 'forward', 'The output');
    const outputs = workspace.tensors[lossTensor];
    const loss = workspace.loss.compute(outputs, workspace.labels, rows, lossTarget, rowLosses);
    if (!Number.isFinite(loss)) return diverge(plan.outputNodeId, 'forward', 'The loss');
    if (rowLosses) batchOrder.recordLosses(rowLosses);
    if (!kernels.allFinite(lossTarget, rows * outputWidth)) return diverge(plan.outputNodeId, 'backward', 'The loss gradient');
    const failure = backward(rows);
    if (failure) return failure;

    const learningRate = learningRateAt(training.schedule, training.learningRate, stepCount, training.steps);
    const hasPenalty = training.l1 > 0 || training.l2 > 0;
    const penalty = hasPenalty ? penaltyValue(penalized, training.l1, training.l2) : 0;
    if (hasPenalty) addPenaltyGradients(penalized, training.l1, training.l2);
    const gradientNorm = training.clipNorm > 0 ? clipGradientNorm(parameters, training.clipNorm) : null;
    optimizer.step(learningRate);
    stepCount++;
    const correct = correctOf(outputs, workspace.labels, rows);
    return { kind: 'step', step: stepCount, loss, penalty, correct, rows, learningRate, gradientNorm };
  };

  const evaluate = (dataset: Dataset): Evaluation => {
    if (!evaluationWorkspace) evaluationWorkspace = allocateWorkspace(EVALUATION_ROWS);
    const space = evaluationWorkspace;
    const outputs = space.tensors[lossTensor];
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < dataset.rows; start += space.capacity) {
      const rows = Math.min(space.capacity, dataset.rows - start);
      space.tensors[0].set(dataset.features.subarray(start * dataset.width, (start + rows) * dataset.width));
      space.labels.set(dataset.labels.subarray(start, start + rows));
      space.rows = rows;
      if (forward(space, rows, 'eval') >= 0) return { loss: NaN, accuracy: NaN };
      lossSum += space.loss.compute(outputs, space.labels, rows, null) * rows;
      correct += correctOf(outputs, space.labels, rows);
    }
    return { loss: lossSum / dataset.rows, accuracy: correct / dataset.rows };
  };

  const infer = (features: Float32Array, rows: number, nodeIds: readonly string[]): Float32Array[] => {
    if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
    if (features.length !== rows * plan.inputWidth) throw new RangeError(`${rows} rows of ${plan.inputWidth} features need ${rows * plan.inputWidth} values, got ${features.length}`);
    const picked = nodeIds.map((nodeId) => {
      const t = tensorOf.get(nodeId);
      if (t === undefined) throw new RangeError(`The network has no node '${nodeId}' to read.`);
      return t;
    });
    const outputs = picked.map((t) => new Float32Array(rows * widths[t]));
    if (!evaluationWorkspace) evaluationWorkspace = allocateWorkspace(EVALUATION_ROWS);
    const space = evaluationWorkspace;
    for (let start = 0; start < rows; start += space.capacity) {
      const count = Math.min(space.capacity, rows - start);
      space.tensors[0].set(features.subarray(start * plan.inputWidth, (start + count) * plan.inputWidth));
      for (let i = 0; i < layers.length; i++) layers[i].forward(space.layerInputs[i], space.tensors[i + 1], count, 'eval');
      picked.forEach((t, k) => outputs[k].set(space.tensors[t].subarray(0, count * widths[t]), start * widths[t]));
    }
    return outputs;
  };

  const tensors = (nodeId: string): NodeTensors | null => {
    const t = tensorOf.get(nodeId);
    if (t === undefined) return null;
    const { rows } = workspace;
    const view = (buffer: Float32Array, tensor: number): Float32Array => buffer.subarray(0, rows * widths[tensor]);
    const gradient = gradients[t];
    return {
      nodeId,
      rows,
      width: widths[t],
      output: view(workspace.tensors[t], t),
      outputGradient: gradient ? view(gradient, t) : null,
      inputs: t === 0 ? [] : layerReads[t - 1].map((read) => view(workspace.tensors[read], read)),
      parameters: t === 0 ? [] : layers[t - 1].parameters,
    };
  };

  const lastBatch = (): Dataset => {
    const { rows } = workspace;
    const { width, classes } = data.train;
    return { features: workspace.tensors[0].slice(0, rows * width), labels: workspace.labels.slice(0, rows), rows, width, classes };
  };

  return {
    plan,
    data,
    layers,
    get stepCount() {
      return stepCount;
    },
    get epoch() {
      return batchOrder.epoch;
    },
    step,
    evaluate,
    infer,
    tensors,
    lastBatch,
  };
}

/**
 * The gradient buffers of the training workspace. A tensor with one consumer receives that
 * consumer's ∂L/∂input directly; one with several gets a buffer per reading, summed later. The
 * data tensor gets no gradient unless the loss reads it directly.
 */
function allocateGradients(layerReads: readonly number[][], lossTensor: number, widths: readonly number[], capacity: number, kernels: Kernels): Gradients {
  const readings: number[] = widths.map(() => 0);
  for (const reads of layerReads) for (const t of reads) readings[t]++;
  readings[lossTensor]++;
  const gradients = widths.map((width, t) => (t > 0 || t === lossTensor ? kernels.alloc(capacity * width) : null));
  const edgeGradients: Float32Array[][] = widths.map(() => []);
  const target = (t: number): Float32Array | null => {
    if (!gradients[t]) return null;
    if (readings[t] === 1) return gradients[t];
    const buffer = kernels.alloc(capacity * widths[t]);
    edgeGradients[t].push(buffer);
    return buffer;
  };
  const layerTargets = layerReads.map((reads) => reads.map(target));
  return { gradients, layerTargets, edgeGradients, lossTarget: target(lossTensor)! };
}

/** gradient = Σ parts over the first `length` values; nothing to do for a single consumer. */
function sumEdgeGradients(gradient: Float32Array, parts: readonly Float32Array[], length: number): void {
  if (parts.length === 0) return;
  const first = parts[0];
  for (let i = 0; i < length; i++) gradient[i] = first[i];
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k];
    for (let i = 0; i < length; i++) gradient[i] += part[i];
  }
}

/**
 * A plan from elsewhere than `compile` (a file, a benchmark) may be inconsistent: refuse it with
 * a clear message. Returns, per layer, the tensor indices it reads.
 */
function checkPlan(plan: CompiledPlan, layers: readonly Layer[], tensorOf: Map<string, number>, widths: readonly number[], data: DatasetSplit): number[][] {
  const fail = (message: string): never => {
    throw new Error(`Invalid plan: ${message}`);
  };
  if (tensorOf.size !== layers.length + 1) fail('two layers, or a layer and the Input, share a node id.');
  const used = widths.map(() => false);
  const reads = plan.layers.map((spec, i) => {
    const layer = layers[i];
    if (spec.inputs.length !== layer.inWidths.length) fail(`node '${spec.nodeId}' takes ${layer.inWidths.length} inputs but names ${spec.inputs.length}.`);
    return spec.inputs.map((producer, k) => {
      const t = tensorOf.get(producer);
      if (t === undefined || t > i) return fail(`node '${spec.nodeId}' reads '${producer}', which is not computed before it.`);
      if (layer.inWidths[k] !== widths[t]) fail(`node '${spec.nodeId}' takes ${layer.inWidths[k]} features but receives ${widths[t]}.`);
      used[t] = true;
      return t;
    });
  });
  const lossTensor = tensorOf.get(plan.lossInput);
  if (lossTensor === undefined) return fail(`the loss reads '${plan.lossInput}', which no layer computes.`);
  used[lossTensor] = true;
  const expected = lossWidth(plan);
  if (widths[lossTensor] !== expected) {
    fail(`the loss input '${plan.lossInput}' has ${widths[lossTensor]} features for ${plan.target === 'input' ? `an input of ${expected}` : `${expected} classes`}.`);
  }
  const unused = plan.layers.find((_, i) => !used[i + 1]);
  if (unused) fail(`the output of node '${unused.nodeId}' is never used.`);
  for (const [name, set] of [['training', data.train], ['test', data.test]] as const) {
    if (set.width !== plan.inputWidth) fail(`the ${name} data has ${set.width} features per example but the Input gives ${plan.inputWidth}.`);
    if (set.classes !== plan.classes) fail(`the ${name} data has ${set.classes} classes but the plan ${plan.classes}.`);
  }
  if (data.train.rows < 1) fail('the training data has no rows.');
  return reads;
}
