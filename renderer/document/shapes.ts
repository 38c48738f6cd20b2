import { datasetShape } from '../../engine/data/dataset';
import { describeInitializer, initializerFromParams } from '../../engine/init';
import { resolveParams } from '../../engine/document/params';
import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import type { CompiledPlan } from '../../engine/document/plan';
import type { GraphNode, NetDocument } from '../../engine/document/types';
import { assertNever } from '../../engine/protocol';

/**
 * What the canvas shows about each node: the width of its output, its trainable numbers and, for
 * a Dense layer, what its initializer gives. A document that compiles takes them from the
 * compiled plan; one still being built (an unwired Output, a loop elsewhere) gets them from the
 * part that is already well formed, so shapes appear while the network grows.
 */
export interface NodeFacts {
  /** Features per example of the node's output (the Output node: of its input). */
  width: number | null;
  parameterCount: number | null;
  /** "He normal: std = sqrt(2/100) = 0.141". */
  initDescription: string | null;
}

const UNKNOWN: NodeFacts = { width: null, parameterCount: null, initDescription: null };

/** Facts per node id; every node of the document has an entry. */
export function documentFacts(document: NetDocument, plan: CompiledPlan | null): Record<string, NodeFacts> {
  return plan ? factsFromPlan(document, plan) : inferFacts(document);
}

function factsFromPlan(document: NetDocument, plan: CompiledPlan): Record<string, NodeFacts> {
  const facts: Record<string, NodeFacts> = {};
  for (const node of document.graph.nodes) facts[node.id] = UNKNOWN;
  facts[plan.inputNodeId] = { width: plan.inputWidth, parameterCount: 0, initDescription: null };
  for (const layer of plan.layers) {
    facts[layer.nodeId] = { width: layer.outWidth, parameterCount: layer.parameterCount, initDescription: layer.kind === 'dense' ? layer.initDescription : null };
  }
  facts[plan.outputNodeId] = { width: facts[plan.lossInput]?.width ?? null, parameterCount: 0, initDescription: null };
  return facts;
}

/**
 * Widths in topological order over the nodes whose inputs are all known, with the compiler's
 * rules (engine/document/compile.ts); nodes on a loop or fed by an unknown width stay unknown.
 */
export function inferFacts(document: NetDocument): Record<string, NodeFacts> {
  const { nodes, edges } = document.graph;
  const inputsOf = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  for (const edge of edges) inputsOf.get(edge.target)?.push(edge.source);
  const facts: Record<string, NodeFacts> = {};
  const pending = new Map(nodes.map((node) => [node.id, node]));
  let progressed = true;
  while (progressed && pending.size > 0) {
    progressed = false;
    for (const node of pending.values()) {
      const inputs = inputsOf.get(node.id)!;
      if (inputs.some((id) => pending.has(id))) continue;
      facts[node.id] = nodeFacts(document, node, inputs.map((id) => facts[id]?.width ?? null));
      pending.delete(node.id);
      progressed = true;
    }
  }
  for (const id of pending.keys()) facts[id] = UNKNOWN;
  return facts;
}

function nodeFacts(document: NetDocument, node: GraphNode, inputWidths: (number | null)[]): NodeFacts {
  const known = inputWidths.every((width) => width !== null) ? (inputWidths as number[]) : null;
  const single = known?.length === 1 ? known[0] : null;
  const { values, problems } = resolveParams(NODE_DEFINITIONS[node.kind].params, node.params);
  const invalid = new Set(problems.map(({ field }) => field.name));
  switch (node.kind) {
    case 'input':
      return { width: inputWidth(document), parameterCount: 0, initDescription: null };
    case 'dense': {
      const units = invalid.has('units') ? null : (values.units as number);
      const bias = values.bias as boolean;
      return {
        width: units,
        parameterCount: units !== null && single !== null ? single * units + (bias ? units : 0) : null,
        initDescription: units !== null && single !== null ? initializerText(values, single, units) : null,
      };
    }
    case 'activation':
    case 'dropout':
      return { width: single, parameterCount: 0, initDescription: null };
    case 'batchnorm':
      return { width: single, parameterCount: single === null ? null : values.affine ? 2 * single : 0, initDescription: null };
    case 'add':
      return { width: known && known.length > 1 && known.every((width) => width === known[0]) ? known[0] : null, parameterCount: 0, initDescription: null };
    case 'concat':
      return { width: known && known.length > 1 ? known.reduce((sum, width) => sum + width, 0) : null, parameterCount: 0, initDescription: null };
    case 'output':
      return { width: single, parameterCount: 0, initDescription: null };
    default:
      return assertNever(node.kind);
  }
}

function inputWidth(document: NetDocument): number | null {
  try {
    return datasetShape(document.dataset).width;
  } catch {
    return null;
  }
}

function initializerText(values: Record<string, unknown>, fanIn: number, fanOut: number): string | null {
  try {
    return describeInitializer(initializerFromParams(values as Record<string, string | number | boolean>), fanIn, fanOut);
  } catch {
    return null;
  }
}

/** "32×16": the batch by the width, as edges are labelled. */
export function shapeLabel(batchSize: number, width: number | null): string | null {
  return width === null ? null : `${batchSize}×${width}`;
}

/** Facts objects are replaced only when they change, so node cards that select them stay quiet. */
export function reuseEqualFacts(previous: Record<string, NodeFacts>, next: Record<string, NodeFacts>): Record<string, NodeFacts> {
  let same = Object.keys(previous).length === Object.keys(next).length;
  const merged: Record<string, NodeFacts> = {};
  for (const [id, facts] of Object.entries(next)) {
    const before = previous[id];
    const equal = before && before.width === facts.width && before.parameterCount === facts.parameterCount && before.initDescription === facts.initDescription;
    merged[id] = equal ? before : facts;
    if (!equal) same = false;
  }
  return same ? previous : merged;
}
