import type { DatasetShape } from '../data/dataset';
import { describeInitializer, initializerFromParams } from '../init';
import { assertNever } from '../protocol';
import { resolveDataset } from './datasets';
import { NODE_DEFINITIONS, type NodeDefinition } from './nodes';
import { describeValue, isRecord, resolveParams } from './params';
import type { ActivationFunction, CompiledPlan, CompileError, CompileResult, EdgeShape, PlanLayer } from './plan';
import { resolveTraining } from './settings';
import { validateInstruments } from './validate';
import type { ActivationKind, DropoutMode, LossKind, LossTarget, NetDocument, NodeKind, ParamValue } from './types';

export interface CompileOptions {
  /**
   * The shape of data the caller will hand to `createTrainer(plan, { data })` itself
   * (benchmarks, tests): the network is checked against it instead of the document's dataset.
   */
  dataShape?: DatasetShape;
}

/**
 * Turns a document into a {@link CompiledPlan}, or lists every problem that prevents it.
 * Never throws: the document may come from a file, so each field is checked before use.
 * Parameters and settings a document leaves out take their defaults (documents saved before a
 * field existed still load); present ones must be valid.
 *
 * Errors on a node carry its `nodeId` (and `field` for a parameter); errors on the document's
 * settings carry a dotted `field` such as `training.learningRate` or `dataset.noise`. They come
 * in the order: graph, dataset, training, instruments.
 */
export function compile(doc: NetDocument, options: CompileOptions = {}): CompileResult {
  const source: unknown = doc;
  if (!isRecord(source)) return { ok: false, errors: [{ message: 'The document is not an object.' }] };

  const errors: CompileError[] = [];
  const settingsErrors: CompileError[] = [];
  const dataset = resolveDataset(source.dataset, settingsErrors);
  const training = resolveTraining(source.training, settingsErrors);
  if (source.instruments !== undefined) {
    for (const { path, message } of validateInstruments(source.instruments)) settingsErrors.push({ field: path, message });
  }
  const shape = options.dataShape ?? dataset?.shape ?? null;
  const graph = readGraph(source.graph, errors);
  const network = graph ? compileGraph(graph, shape, training?.batchSize ?? null, errors) : null;
  errors.push(...settingsErrors);

  if (errors.length > 0 || !graph || !network || !dataset || !training || !shape) {
    if (errors.length === 0) errors.push({ message: 'The document could not be compiled.' });
    return { ok: false, errors };
  }
  const plan: CompiledPlan = {
    inputNodeId: graph.single('input')!.id,
    inputWidth: shape.width,
    outputNodeId: graph.single('output')!.id,
    lossInput: network.lossInput,
    loss: network.loss,
    target: network.target,
    classes: shape.classes,
    layers: network.layers,
    edgeShapes: network.edgeShapes,
    dataset: dataset.spec,
    training,
  };
  return { ok: true, plan };
}

// ---------------------------------------------------------------------------------------------
// Graph

interface NodeInfo {
  id: string;
  /** "Dense 'dense3'": the kind's title and the node's label (or id) for messages. */
  name: string;
  kind: NodeKind | null;
  definition: NodeDefinition | null;
  params: Record<string, unknown>;
  /** Ids of the nodes feeding this one / fed by it, one entry per edge. */
  incoming: string[];
  outgoing: string[];
}

interface EdgeInfo {
  id: string;
  source: string;
  target: string;
}

interface GraphView {
  nodes: Map<string, NodeInfo>;
  /** The edges between existing nodes, in document order. */
  edges: EdgeInfo[];
  /** The node of a kind that must occur once, or null when it is missing or repeated. */
  single(kind: 'input' | 'output'): NodeInfo | null;
}

function readGraph(value: unknown, errors: CompileError[]): GraphView | null {
  if (!isRecord(value) || !Array.isArray(value.nodes) || !Array.isArray(value.edges)) {
    errors.push({ message: 'The document has no graph (a list of nodes and a list of edges).' });
    return null;
  }
  const nodes = new Map<string, NodeInfo>();
  value.nodes.forEach((raw: unknown, index) => {
    if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '') {
      errors.push({ message: `Node #${index + 1} has no id.` });
      return;
    }
    const id = raw.id;
    const kind = typeof raw.kind === 'string' && Object.hasOwn(NODE_DEFINITIONS, raw.kind) ? (raw.kind as NodeKind) : null;
    const definition: NodeDefinition | null = kind ? NODE_DEFINITIONS[kind] : null;
    const label = typeof raw.label === 'string' && raw.label.trim() !== '' ? raw.label : id;
    const name = `${definition?.title ?? 'Node'} '${label}'`;
    if (nodes.has(id)) {
      errors.push({ nodeId: id, message: `${name} has the same id as another node ('${id}'); ids must be unique.` });
      return;
    }
    if (!kind) errors.push({ nodeId: id, message: `${name} has an unknown kind ${describeValue(raw.kind)}.` });
    nodes.set(id, { id, name, kind, definition, params: isRecord(raw.params) ? raw.params : {}, incoming: [], outgoing: [] });
  });

  const edges: EdgeInfo[] = [];
  const edgeIds = new Set<string>();
  value.edges.forEach((raw: unknown, index) => {
    const edgeName = isRecord(raw) && typeof raw.id === 'string' && raw.id !== '' ? `Edge '${raw.id}'` : `Edge #${index + 1}`;
    if (!isRecord(raw) || typeof raw.source !== 'string' || typeof raw.target !== 'string') {
      errors.push({ message: `${edgeName} does not name a source and a target node.` });
      return;
    }
    const source = nodes.get(raw.source);
    const target = nodes.get(raw.target);
    const endId = (target ?? source)?.id;
    if (typeof raw.id !== 'string' || raw.id === '') {
      errors.push({ ...(endId !== undefined && { nodeId: endId }), message: `${edgeName} (from '${raw.source}' to '${raw.target}') has no id.` });
      return;
    }
    if (edgeIds.has(raw.id)) {
      errors.push({ ...(endId !== undefined && { nodeId: endId }), message: `${edgeName} has the same id as another edge; ids must be unique.` });
      return;
    }
    edgeIds.add(raw.id);
    if (!source || !target) {
      const missing = [!source && `'${raw.source}'`, !target && `'${raw.target}'`].filter(Boolean).join(' and ');
      const present = source ?? target;
      errors.push({ ...(present && { nodeId: present.id }), message: `${edgeName} connects to a missing node ${missing}: delete the edge.` });
      return;
    }
    if (source.definition && !source.definition.hasOutput) {
      errors.push({ nodeId: source.id, message: `${source.name} is the end of the network; nothing can take its output (edge to ${target.name}).` });
      return;
    }
    source.outgoing.push(target.id);
    target.incoming.push(source.id);
    edges.push({ id: raw.id, source: source.id, target: target.id });
  });

  return {
    nodes,
    edges,
    single(kind) {
      const found = [...nodes.values()].filter((node) => node.kind === kind);
      return found.length === 1 ? found[0] : null;
    },
  };
}

interface CompiledNetwork {
  layers: PlanLayer[];
  edgeShapes: Record<string, EdgeShape>;
  lossInput: string;
  loss: LossKind;
  target: LossTarget;
}

/** A node's parameters after defaults, and the fields whose value was wrong. */
interface NodeParams {
  values: Record<string, ParamValue>;
  invalid: ReadonlySet<string>;
}

const NOTHING_INVALID: ReadonlySet<string> = new Set();

/**
 * Checks parameters, arity, the single Input and Output, cycles and connectivity, then orders
 * the nodes topologically and infers the width of every tensor. Returns the plan's layers, or
 * null when the network cannot be built (the reasons are then in `errors`).
 */
function compileGraph(graph: GraphView, shape: DatasetShape | null, batchSize: number | null, errors: CompileError[]): CompiledNetwork | null {
  const { nodes } = graph;
  const params = new Map<string, NodeParams>();

  for (const node of nodes.values()) {
    if (!node.definition) continue;
    const { values, problems } = resolveParams(node.definition.params, node.params);
    for (const { field, problem } of problems) errors.push({ nodeId: node.id, field: field.name, message: `${node.name}: ${field.label} ${problem}.` });
    params.set(node.id, { values, invalid: problems.length === 0 ? NOTHING_INVALID : new Set(problems.map(({ field }) => field.name)) });
    checkArity(node, nodes, errors);
    const problem = kindProblem(node, values, batchSize);
    if (problem) errors.push(problem);
  }

  checkSingle(nodes, 'input', errors);
  checkSingle(nodes, 'output', errors);
  const input = graph.single('input');
  const output = graph.single('output');
  if (!hasKind(nodes, 'input')) reportOpenStarts(nodes, errors);
  if (!hasKind(nodes, 'output')) reportOpenEnds(nodes, errors);

  const inCycle = nodesOnCycles(nodes);
  for (const node of nodes.values()) {
    if (!inCycle.has(node.id)) continue;
    const id = node.id;
    errors.push({ nodeId: id, message: `${node.name} is part of a cycle (${describeCycle(nodes, inCycle, id)}): data must flow from the Input to the Output without loops.` });
  }

  const fromInput = input ? reachable(nodes, input.id, 'outgoing') : null;
  const toOutput = output ? reachable(nodes, output.id, 'incoming') : null;
  for (const node of nodes.values()) {
    if (!node.kind || inCycle.has(node.id)) continue;
    const unfed = fromInput !== null && !fromInput.has(node.id);
    const deadEnd = toOutput !== null && !toOutput.has(node.id);
    if (!unfed && !deadEnd) continue;
    const reason =
      unfed && deadEnd
        ? 'it is on no path from the Input to the Output'
        : unfed
          ? 'no path from the Input reaches it'
          : 'its output does not lead to the Output';
    errors.push({ nodeId: node.id, message: `${node.name} is not connected: ${reason}.` });
  }

  const lastLayer = output?.incoming.length === 1 ? nodes.get(output.incoming[0])! : null;
  if (lastLayer?.kind === 'dropout') {
    errors.push({
      nodeId: lastLayer.id,
      message: `${lastLayer.name} feeds the Output directly and would drop the network's outputs; the output layer is never dropped: put the Dropout before the last Dense layer.`,
    });
  }

  if (!input || !output || !fromInput || inCycle.size > 0 || !shape) return null;
  const order = topologicalOrder(nodes, input, fromInput);
  const widths = inferWidths(order, nodes, params, shape, errors);
  if (errors.length > 0) return null;

  const layers = order
    .filter((node) => node !== input && node !== output)
    .map((node) => planLayer(node, params.get(node.id)!.values, node.incoming.map((id) => widths.get(id)!)));
  const edgeShapes = Object.fromEntries(graph.edges.map((edge) => [edge.id, { width: widths.get(edge.source)! }]));
  const { loss, target } = params.get(output.id)!.values;
  return { layers, edgeShapes, lossInput: output.incoming[0], loss: loss as LossKind, target: target as LossTarget };
}

function checkArity(node: NodeInfo, nodes: Map<string, NodeInfo>, errors: CompileError[]): void {
  const takes = node.definition!.inputs;
  const count = node.incoming.length;
  const from = (): string => node.incoming.map((id) => nodes.get(id)!.name).join(', ');
  if (takes === 0 && count > 0) {
    errors.push({ nodeId: node.id, message: `${node.name} takes no input, but is fed by ${from()}: remove the incoming edge.` });
  } else if (takes === 1 && count > 1) {
    errors.push({ nodeId: node.id, message: `${node.name} takes 1 input but has ${count} (${from()}): remove the extra edges.` });
  } else if (takes === 'many' && count === 1) {
    errors.push({ nodeId: node.id, message: `${node.name} combines two or more inputs but has only 1 (${from()}): connect another layer, or delete the node.` });
  }
}

/** A problem particular to a kind that no single field's range expresses, or null. */
function kindProblem(node: NodeInfo, values: Record<string, ParamValue>, batchSize: number | null): CompileError | null {
  switch (node.kind) {
    case 'dense':
      try {
        initializerFromParams(values);
        return null;
      } catch (error) {
        return { nodeId: node.id, message: `${node.name}: ${(error as Error).message}.` };
      }
    case 'batchnorm':
      // A batch of one row has no spread to normalise by. (The short last batch of an epoch may
      // have one row: the layer copes with that, see engine/layers/batchnorm.ts.)
      return batchSize === 1
        ? { nodeId: node.id, message: `${node.name} normalises over the mini-batch, which needs at least 2 rows while training, but the batch size is 1: raise the batch size.` }
        : null;
    case 'output':
      return values.target === 'input' && values.loss === 'softmax-cross-entropy'
        ? {
            nodeId: node.id,
            field: 'target',
            message: `${node.name} reconstructs the input, but softmax cross-entropy compares a distribution over classes with one label: choose the squared error or sigmoid binary cross-entropy as the loss, or the labels as the target.`,
          }
        : null;
    default:
      return null;
  }
}

function hasKind(nodes: Map<string, NodeInfo>, kind: NodeKind): boolean {
  return [...nodes.values()].some((node) => node.kind === kind);
}

/** Without an Input, each layer that has no producer is where the data should come in. */
function reportOpenStarts(nodes: Map<string, NodeInfo>, errors: CompileError[]): void {
  for (const node of nodes.values()) {
    if (node.definition && node.definition.inputs !== 0 && node.incoming.length === 0) {
      errors.push({ nodeId: node.id, message: `${node.name} has no input: the network has no Input node to feed it.` });
    }
  }
}

/** Without an Output, each node whose output goes nowhere is an end without a loss. */
function reportOpenEnds(nodes: Map<string, NodeInfo>, errors: CompileError[]): void {
  for (const node of nodes.values()) {
    if (node.definition?.hasOutput && node.outgoing.length === 0) {
      errors.push({ nodeId: node.id, message: `${node.name} ends the network without a loss: connect it to an Output node.` });
    }
  }
}

/**
 * Kahn's algorithm over the nodes the Input reaches (the graph has no cycle by now): a node comes
 * once all its producers have. Ties keep the order in which nodes became ready, so the order is
 * a function of the document.
 */
function topologicalOrder(nodes: Map<string, NodeInfo>, input: NodeInfo, fromInput: Set<string>): NodeInfo[] {
  const waitingFor = new Map<string, number>();
  for (const id of fromInput) waitingFor.set(id, nodes.get(id)!.incoming.filter((producer) => fromInput.has(producer)).length);
  const order: NodeInfo[] = [input];
  for (let next = 0; next < order.length; next++) {
    for (const consumer of order[next].outgoing) {
      const remaining = waitingFor.get(consumer)! - 1;
      waitingFor.set(consumer, remaining);
      if (remaining === 0) order.push(nodes.get(consumer)!);
    }
  }
  return order;
}

/**
 * The width of each node's output, in topological order. null means unknown: a producer is
 * not reached from the Input, or a parameter that sets the width is wrong (already reported),
 * and nothing more is said about what depends on it.
 */
function inferWidths(order: readonly NodeInfo[], nodes: Map<string, NodeInfo>, params: Map<string, NodeParams>, shape: DatasetShape, errors: CompileError[]): Map<string, number | null> {
  const widths = new Map<string, number | null>();
  for (const node of order) {
    const kind = node.kind;
    if (!kind) {
      // An unknown kind (already reported): nothing is known of what it gives.
      widths.set(node.id, null);
      continue;
    }
    const inputWidths = node.incoming.map((id) => widths.get(id) ?? null);
    const known = inputWidths.every((width) => width !== null) ? (inputWidths as number[]) : null;
    const { values, invalid } = params.get(node.id)!;
    switch (kind) {
      case 'input':
        widths.set(node.id, shape.width);
        break;
      case 'dense':
        widths.set(node.id, invalid.has('units') ? null : (values.units as number));
        break;
      case 'activation':
      case 'dropout':
      case 'batchnorm':
        widths.set(node.id, known?.length === 1 ? known[0] : null);
        break;
      case 'add':
        widths.set(node.id, known && known.length > 1 ? equalWidth(node, nodes, known, errors) : null);
        break;
      case 'concat':
        widths.set(node.id, known && known.length > 1 ? known.reduce((sum, width) => sum + width, 0) : null);
        break;
      case 'output':
        if (known?.length === 1) checkOutputWidth(node, values.target as LossTarget, nodes.get(node.incoming[0])!, known[0], shape, errors);
        break;
      default:
        assertNever(kind);
    }
  }
  return widths;
}

function equalWidth(node: NodeInfo, nodes: Map<string, NodeInfo>, inputWidths: number[], errors: CompileError[]): number | null {
  const other = inputWidths.findIndex((width) => width !== inputWidths[0]);
  if (other < 0) return inputWidths[0];
  const [first, second] = [nodes.get(node.incoming[0])!, nodes.get(node.incoming[other])!];
  errors.push({
    nodeId: node.id,
    message: `${node.name} sums inputs of equal width, but ${first.name} gives ${inputWidths[0]} features and ${second.name} gives ${inputWidths[other]}: make them equal, or use a Concat.`,
  });
  return null;
}

function checkOutputWidth(output: NodeInfo, target: LossTarget, last: NodeInfo, width: number, shape: DatasetShape, errors: CompileError[]): void {
  if (target === 'input') {
    if (width === shape.width) return;
    const fix = last.kind === 'dense' ? `set the units of ${last.name} to ${shape.width}` : `add a Dense layer with ${shape.width} units before it`;
    errors.push({
      nodeId: output.id,
      message: `${output.name} reconstructs the input, so its width must equal the input width: the Input gives ${shape.width} features (${shape.title}) but ${last.name} gives ${width}: ${fix}.`,
    });
    return;
  }
  if (width === shape.classes) return;
  const fix = last.kind === 'dense' ? `set the units of ${last.name} to ${shape.classes}` : `add a Dense layer with ${shape.classes} units before it`;
  const features = shape.classes === 1 ? 'feature' : 'features';
  errors.push({
    nodeId: output.id,
    message: `Output expects ${shape.classes} ${features} (one per class of ${shape.title}) but gets ${width}: ${fix}.`,
  });
}

// ---------------------------------------------------------------------------------------------
// Plan layers, their parameter counts and costs

/** Per-element FLOPs of each activation (forward, backward), counting exp, log and tanh as one. */
const ACTIVATION_FLOPS: Record<ActivationKind, { forward: number; backward: number }> = {
  sigmoid: { forward: 4, backward: 3 },
  tanh: { forward: 1, backward: 3 },
  relu: { forward: 1, backward: 1 },
  'leaky-relu': { forward: 2, backward: 2 },
  elu: { forward: 3, backward: 3 },
  softplus: { forward: 5, backward: 4 },
  identity: { forward: 0, backward: 0 },
};

/** A node of a valid graph as a plan entry; `inputWidths` are its producers' widths, in edge order. */
function planLayer(node: NodeInfo, values: Record<string, ParamValue>, inputWidths: number[]): PlanLayer {
  const base = { nodeId: node.id, inputs: [...node.incoming] };
  const width = inputWidths[0];
  switch (node.kind) {
    case 'dense': {
      const units = values.units as number;
      const bias = values.bias as boolean;
      const init = initializerFromParams(values);
      const products = width * units;
      return {
        ...base,
        kind: 'dense',
        outWidth: units,
        parameterCount: products + (bias ? units : 0),
        // y = x Wᵀ (+ b); backward dW = dyᵀx and dx = dy W (+ db).
        flops: { forward: 2 * products + (bias ? units : 0), backward: 4 * products + (bias ? units : 0) },
        inWidth: width,
        units,
        bias,
        init,
        initDescription: describeInitializer(init, width, units),
      };
    }
    case 'activation': {
      const cost = ACTIVATION_FLOPS[values.fn as ActivationKind];
      return {
        ...base,
        kind: 'activation',
        outWidth: width,
        parameterCount: 0,
        flops: { forward: cost.forward * width, backward: cost.backward * width },
        ...activationFunction(values),
      };
    }
    case 'dropout':
      return {
        ...base,
        kind: 'dropout',
        outWidth: width,
        parameterCount: 0,
        flops: { forward: width, backward: width },
        rate: values.rate as number,
        mode: values.mode as DropoutMode,
      };
    case 'batchnorm': {
      const affine = values.affine as boolean;
      return {
        ...base,
        kind: 'batchnorm',
        outWidth: width,
        parameterCount: affine ? 2 * width : 0,
        // Mean, variance and the normalised output; backward the five per-feature sums and dx.
        flops: { forward: 8 * width, backward: 18 * width },
        momentum: values.momentum as number,
        eps: values.eps as number,
        affine,
      };
    }
    case 'add':
      return { ...base, kind: 'add', outWidth: width, parameterCount: 0, flops: { forward: (inputWidths.length - 1) * width, backward: 0 } };
    case 'concat':
      return {
        ...base,
        kind: 'concat',
        outWidth: inputWidths.reduce((sum, each) => sum + each, 0),
        parameterCount: 0,
        flops: { forward: 0, backward: 0 },
        inWidths: [...inputWidths],
      };
    default:
      throw new Error(`Node '${node.id}' of kind ${describeValue(node.kind)} is not a layer.`);
  }
}

function activationFunction(values: Record<string, ParamValue>): ActivationFunction {
  const fn = values.fn as ActivationKind;
  switch (fn) {
    case 'leaky-relu':
      return { fn, slope: values.slope as number };
    case 'elu':
      return { fn, alpha: values.alpha as number };
    case 'sigmoid':
    case 'tanh':
    case 'relu':
    case 'softplus':
    case 'identity':
      return { fn };
    default:
      return assertNever(fn);
  }
}

function checkSingle(nodes: Map<string, NodeInfo>, kind: 'input' | 'output', errors: CompileError[]): void {
  const title = NODE_DEFINITIONS[kind].title;
  const found = [...nodes.values()].filter((node) => node.kind === kind);
  if (found.length === 0) {
    errors.push({ message: `The network has no ${title} node: add one from the palette.` });
  } else if (found.length > 1) {
    for (const node of found) {
      errors.push({ nodeId: node.id, message: `${node.name} is one of ${found.length} ${title} nodes; a network has exactly one: delete the others.` });
    }
  }
}

function reachable(nodes: Map<string, NodeInfo>, start: string, direction: 'incoming' | 'outgoing'): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const next of nodes.get(stack.pop()!)![direction]) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/**
 * Every node lying on a directed cycle: members of strongly connected components of more than
 * one node, or with an edge to themselves. Tarjan's algorithm, iterative so that a long chain
 * cannot overflow the call stack.
 */
function nodesOnCycles(nodes: Map<string, NodeInfo>): Set<string> {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Set<string>();
  let counter = 0;

  for (const root of nodes.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const outgoing = nodes.get(frame.id)!.outgoing;
      if (frame.next < outgoing.length) {
        const child = outgoing[frame.next++];
        if (!index.has(child)) {
          index.set(child, counter);
          lowLink.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, next: 0 });
        } else if (onStack.has(child)) {
          lowLink.set(frame.id, Math.min(lowLink.get(frame.id)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        lowLink.set(parent, Math.min(lowLink.get(parent)!, lowLink.get(frame.id)!));
      }
      if (lowLink.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = nodes.get(frame.id)!.outgoing.includes(frame.id);
        if (component.length > 1 || selfLoop) for (const id of component) result.add(id);
      }
    }
  }
  return result;
}

/** "dense1 → act1 → dense1": the loop through `start`, following edges that stay on cycles. */
function describeCycle(nodes: Map<string, NodeInfo>, inCycle: Set<string>, start: string): string {
  const path = [start];
  const seen = new Set(path);
  let current = start;
  for (;;) {
    const next = nodes.get(current)!.outgoing.find((id) => inCycle.has(id) && (id === start || !seen.has(id)));
    if (next === undefined) break;
    path.push(next);
    if (next === start) break;
    seen.add(next);
    current = next;
  }
  return path.map((id) => `'${id}'`).join(' → ');
}
