import type { InitializerSpec } from '../init';
import type { OptimizerSettings } from '../optim/optimizer';
import type { ScheduleSettings } from '../optim/schedule';
import type { SamplingSpec } from '../data/sampling';
import type { DatasetSpec, DropoutMode, LossKind, LossTarget } from './types';

/**
 * A compiled, frozen snapshot of a document: the layers of a directed acyclic graph in
 * topological order, every width known, every setting resolved. Editing the document during a
 * run never changes the plan the run trains. Plain JSON data, so it crosses to a worker as is.
 */

/**
 * What every layer of a plan carries. Activation, Dropout, BatchNorm and Add keep the width:
 * their input width is `outWidth`.
 */
export interface PlanNodeBase {
  nodeId: string;
  /**
   * The tensors the layer reads, by the id of the node that produces each: the Input node's id
   * for the data, else an earlier layer's. Every entry names a node before this one in
   * `CompiledPlan.layers`; a node may appear twice (Add of x and x).
   */
  inputs: string[];
  /** The width (features per example) of the output tensor. */
  outWidth: number;
  /** Trainable numbers: Dense W (and b), BatchNorm's γ and β; running statistics are not counted. */
  parameterCount: number;
  /**
   * Floating-point operations per example (one row), the UI's cost estimate: multiplications and
   * additions count one each, as does each exp, log or tanh. `backward` includes the parameter
   * gradients and the input gradients, whether or not the input needs one.
   */
  flops: { forward: number; backward: number };
}

/** An activation function with its own parameters, discriminated by `fn`. */
export type ActivationFunction =
  | { fn: 'sigmoid' }
  | { fn: 'tanh' }
  | { fn: 'relu' }
  | { fn: 'leaky-relu'; slope: number }
  | { fn: 'elu'; alpha: number }
  | { fn: 'softplus' }
  | { fn: 'identity' };

export type PlanLayer = PlanNodeBase &
  (
    | {
        kind: 'dense';
        inWidth: number;
        units: number;
        bias: boolean;
        init: InitializerSpec;
        /** The initializer with this layer's numbers, e.g. "He normal: std = sqrt(2/100) = 0.141". */
        initDescription: string;
      }
    | ({ kind: 'activation' } & ActivationFunction)
    | { kind: 'dropout'; rate: number; mode: DropoutMode }
    | { kind: 'batchnorm'; momentum: number; eps: number; affine: boolean }
    | { kind: 'add' }
    | { kind: 'concat'; inWidths: number[] }
  );

export type PlanLayerKind = PlanLayer['kind'];

/** The training settings with every default applied and optimizer and schedule as their own records. */
export interface PlanTraining {
  optimizer: OptimizerSettings;
  /** The base learning rate; the schedule scales it per step. */
  learningRate: number;
  schedule: ScheduleSettings;
  /** Penalty strengths on the Dense weights: λ₁ Σ|w| + (λ₂/2) Σw². */
  l1: number;
  l2: number;
  /** Maximum global gradient norm; 0 = no clipping. */
  clipNorm: number;
  batchSize: number;
  steps: number;
  seed: number;
  /** Kept for readers of `shuffle`; `sampling` is what decides the batch order. */
  shuffle: boolean;
  /** How batches are drawn: the document's `sampling`, or from `shuffle` when it has none. */
  sampling: SamplingSpec;
  reportEvery: number;
}

export interface EdgeShape {
  /** Features per example. */
  width: number;
}

export interface CompiledPlan {
  /** Node id of the Input node: the name of the data tensor in `inputs`. */
  inputNodeId: string;
  inputWidth: number;
  /** Node id of the Output node. */
  outputNodeId: string;
  /** The node whose output the loss reads (the Output node's input): the logits, or the Input itself. */
  lossInput: string;
  loss: LossKind;
  /**
   * What the loss compares the outputs with: the labels (the loss input has `classes` features)
   * or the input batch (it has `inputWidth` features; accuracy is then not defined).
   */
  target: LossTarget;
  /** The dataset's classes, whatever the target. */
  classes: number;
  /** In topological order: each layer comes after every layer it reads. */
  layers: PlanLayer[];
  /** The tensor each edge of the document carries, by edge id: its producer's output. */
  edgeShapes: Record<string, EdgeShape>;
  dataset: DatasetSpec;
  training: PlanTraining;
}

/** Features per example of the loss input: one per class, or one per input feature when reconstructing. */
export function lossWidth(plan: Pick<CompiledPlan, 'target' | 'classes' | 'inputWidth'>): number {
  return plan.target === 'input' ? plan.inputWidth : plan.classes;
}

/** A problem that stops a document from compiling; `nodeId` and `field` say where. */
export interface CompileError {
  nodeId?: string;
  field?: string;
  message: string;
}

export type CompileResult = { ok: true; plan: CompiledPlan } | { ok: false; errors: CompileError[] };
