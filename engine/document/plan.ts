import type { ActivationKind, DatasetSpec, TrainingSettings } from './types';

/**
 * A compiled, frozen snapshot of a document: layers in topological order with known widths.
 * Editing the document during a run never changes the plan the run trains.
 */

export type PlanLayer =
  | { kind: 'dense'; nodeId: string; inWidth: number; units: number }
  | { kind: 'activation'; nodeId: string; width: number; fn: ActivationKind };

export interface CompiledPlan {
  /** Node id of the Input node. */
  inputNodeId: string;
  inputWidth: number;
  /** Node id of the Output node (softmax cross-entropy over `classes` logits). */
  outputNodeId: string;
  classes: number;
  /** A chain of layers from the input to the logits, in execution order. */
  layers: PlanLayer[];
  dataset: DatasetSpec;
  training: TrainingSettings;
}

/** A problem that stops a document from compiling; `nodeId` and `field` say where. */
export interface CompileError {
  nodeId?: string;
  field?: string;
  message: string;
}

export type CompileResult = { ok: true; plan: CompiledPlan } | { ok: false; errors: CompileError[] };
