import { initializerToParams, type InitializerSpec } from '../init';
import { assertNever } from '../protocol';
import { NODE_DEFINITIONS } from './nodes';
import type { ActivationKind, GraphEdge, NetDocument, NodeSelector, Variant, VariantPatch } from './types';

/**
 * The compare feature: a document's `variants` are patches over its base graph and settings.
 * Patches never touch the seed, so every variant generates the same data and draws the same
 * batches; weight streams are forked per node id, so a node keeps its initial weights unless a
 * patch changes its initializer. Only the patched thing differs between two runs.
 */

export interface ExpandedVariant {
  name: string;
  /** The base document with the variant's patches applied, without `variants`. */
  document: NetDocument;
}

/**
 * One document per variant, in the document's order; the base document alone (under its own
 * name) when it declares none. The document must be valid (as `readDocument` returns it):
 * patches name existing nodes and parameters.
 */
export function expandVariants(doc: NetDocument): ExpandedVariant[] {
  const { variants, ...base } = doc;
  if (!variants || variants.length === 0) return [{ name: doc.name, document: copy(base) }];
  return variants.map((variant) => ({ name: variant.name, document: applyVariant(base, variant) }));
}

/** The base document (without its variants) with one variant's patches applied, renamed "<base> · <variant>". */
export function applyVariant(doc: NetDocument, variant: Variant): NetDocument {
  const { variants: _variants, ...base } = doc;
  const result = copy(base);
  result.name = `${doc.name} · ${variant.name}`;
  for (const patch of variant.patches) applyPatch(result, patch);
  return result;
}

function copy(doc: NetDocument): NetDocument {
  // A document is JSON by definition, so this is an exact deep copy.
  return JSON.parse(JSON.stringify(doc)) as NetDocument;
}

function applyPatch(doc: NetDocument, patch: VariantPatch): void {
  switch (patch.op) {
    case 'set-params':
      for (const node of selectNodes(doc, patch.nodes)) Object.assign(node.params, patch.params);
      return;
    case 'remove-nodes':
      for (const node of selectNodes(doc, patch.nodes)) removeNode(doc, node.id);
      return;
    case 'set-training':
      Object.assign(doc.training, patch.training);
      return;
    default:
      assertNever(patch);
  }
}

function selectNodes(doc: NetDocument, selector: NodeSelector): NetDocument['graph']['nodes'] {
  return 'kind' in selector ? doc.graph.nodes.filter((node) => node.kind === selector.kind) : doc.graph.nodes.filter((node) => selector.ids.includes(node.id));
}

/**
 * Removes a single-input node and feeds its consumers from its producer instead: each outgoing
 * edge keeps its id and its place in the list (the input order of an Add or a Concat). A node
 * without exactly one producer leaves its consumers unfed, which the compiler then reports.
 */
function removeNode(doc: NetDocument, id: string): void {
  const incoming = doc.graph.edges.filter((edge) => edge.target === id);
  const producer = incoming.length === 1 ? incoming[0].source : null;
  doc.graph.nodes = doc.graph.nodes.filter((node) => node.id !== id);
  doc.graph.edges = doc.graph.edges.flatMap((edge): GraphEdge[] => {
    if (edge.target === id) return [];
    if (edge.source !== id) return [edge];
    return producer === null ? [] : [{ ...edge, source: producer }];
  });
}

/** A one-dimensional comparison, the common case, as named variants. */
export type VariantSweep =
  /** The initializer of every Dense layer. */
  | { axis: 'initializer'; values: InitializerSpec[] }
  /** With (true) or without (false) the BatchNorm nodes. */
  | { axis: 'batchnorm'; values: boolean[] }
  /** The rate of every Dropout node. */
  | { axis: 'dropout'; values: number[] }
  /** The function of every Activation node. */
  | { axis: 'activation'; values: ActivationKind[] }
  /** The base learning rate. */
  | { axis: 'learningRate'; values: number[] };

export type VariantAxis = VariantSweep['axis'];

/** The variants of a sweep, one per value, named after the value ("he-normal", "normal(0, 0.01)", "dropout 0.2"). */
export function variantsAlong(sweep: VariantSweep): Variant[] {
  switch (sweep.axis) {
    case 'initializer':
      return sweep.values.map((init) => ({ name: initializerName(init), patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: initializerToParams(init) }] }));
    case 'batchnorm':
      return sweep.values.map((keep) => ({ name: keep ? 'with BatchNorm' : 'without BatchNorm', patches: keep ? [] : [{ op: 'remove-nodes', nodes: { kind: 'batchnorm' } }] }));
    case 'dropout':
      return sweep.values.map((rate) => ({ name: `dropout ${rate}`, patches: [{ op: 'set-params', nodes: { kind: 'dropout' }, params: { rate } }] }));
    case 'activation':
      return sweep.values.map((fn) => ({ name: activationName(fn), patches: [{ op: 'set-params', nodes: { kind: 'activation' }, params: { fn } }] }));
    case 'learningRate':
      return sweep.values.map((learningRate) => ({ name: `learning rate ${learningRate}`, patches: [{ op: 'set-training', training: { learningRate } }] }));
    default:
      return assertNever(sweep);
  }
}

function initializerName(init: InitializerSpec): string {
  switch (init.kind) {
    case 'normal':
      return `normal(${init.mean}, ${init.std})`;
    case 'uniform':
      return `uniform(${init.low}, ${init.high})`;
    case 'constant':
      return `constant(${init.value})`;
    case 'orthogonal':
      return `orthogonal(gain ${init.gain})`;
    case 'he-normal':
    case 'he-uniform':
      return init.fan === 'in' ? init.kind : `${init.kind} (fan_out)`;
    case 'pytorch-default':
    case 'zeros':
    case 'xavier-uniform':
    case 'xavier-normal':
    case 'lecun-normal':
      return init.kind;
    default:
      return assertNever(init);
  }
}

function activationName(fn: ActivationKind): string {
  const field = NODE_DEFINITIONS.activation.params[0];
  return field.options.find((option) => option.value === fn)?.label ?? fn;
}
