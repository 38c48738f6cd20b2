import { datasetShape } from '../data/dataset';
import { NODE_DEFINITIONS, type NodeDefinition, type ParamField } from './nodes';
import type { CompiledPlan, CompileError, CompileResult, PlanLayer } from './plan';
import type { ActivationKind, DatasetSpec, NetDocument, NodeKind, TrainingSettings } from './types';

/**
 * Turns a document into a {@link CompiledPlan}, or lists every problem that prevents it.
 * Never throws: the document may come from a file, so each field is checked before use.
 *
 * Errors on a node carry its `nodeId` (and `field` for a parameter); errors on the document's
 * settings carry a dotted `field` such as `training.learningRate` or `dataset.noise`.
 */
export function compile(doc: NetDocument): CompileResult {
  const errors: CompileError[] = [];
  const source: unknown = doc;
  if (!isRecord(source)) return { ok: false, errors: [{ message: 'The document is not an object.' }] };

  const graph = readGraph(source.graph, errors);
  const layers = graph ? compileGraph(graph, source.dataset, errors) : null;
  const dataset = checkDataset(source.dataset, errors);
  const training = checkTraining(source.training, errors);

  if (errors.length > 0 || !graph || !layers || !dataset || !training) {
    if (errors.length === 0) errors.push({ message: 'The document could not be compiled.' });
    return { ok: false, errors };
  }
  const input = graph.single('input');
  const output = graph.single('output');
  const { width, classes } = datasetShape(dataset);
  const plan: CompiledPlan = {
    inputNodeId: input!.id,
    inputWidth: width,
    outputNodeId: output!.id,
    classes,
    layers,
    dataset: { ...dataset },
    training: { ...training },
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

interface GraphView {
  nodes: Map<string, NodeInfo>;
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

  value.edges.forEach((raw: unknown, index) => {
    const edgeName = isRecord(raw) && typeof raw.id === 'string' ? `Edge '${raw.id}'` : `Edge #${index + 1}`;
    if (!isRecord(raw) || typeof raw.source !== 'string' || typeof raw.target !== 'string') {
      errors.push({ message: `${edgeName} does not name a source and a target node.` });
      return;
    }
    const source = nodes.get(raw.source);
    const target = nodes.get(raw.target);
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
  });

  return {
    nodes,
    single(kind) {
      const found = [...nodes.values()].filter((node) => node.kind === kind);
      return found.length === 1 ? found[0] : null;
    },
  };
}

/**
 * Checks parameters, arity, the single Input and Output, cycles and connectivity, then infers
 * the widths along the chain from Input to Output. Returns the plan's layers, or null when the
 * chain cannot be built (the reason is then in `errors`).
 */
function compileGraph(graph: GraphView, datasetValue: unknown, errors: CompileError[]): PlanLayer[] | null {
  const { nodes } = graph;
  const invalidParams = new Set<string>();

  for (const node of nodes.values()) {
    if (!node.definition) continue;
    for (const field of node.definition.params as readonly ParamField[]) {
      const problem = paramProblem(field, node.params[field.name]);
      if (problem) {
        errors.push({ nodeId: node.id, field: field.name, message: `${node.name}: ${field.label} ${problem}.` });
        invalidParams.add(node.id);
      }
    }
    const takes = node.definition.inputs;
    if (node.incoming.length > takes) {
      const from = node.incoming.map((id) => nodes.get(id)!.name).join(', ');
      errors.push({
        nodeId: node.id,
        message:
          takes === 0
            ? `${node.name} takes no input, but is fed by ${from}: remove the incoming edge.`
            : `${node.name} takes ${takes} input but has ${node.incoming.length} (${from}): remove the extra edges.`,
      });
    }
  }

  checkSingle(nodes, 'input', errors);
  checkSingle(nodes, 'output', errors);
  const input = graph.single('input');
  const output = graph.single('output');

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

  if (!input || !output) return null;
  const chain = chainBetween(nodes, input, output);
  if (!chain) return null;
  const shape = isRecord(datasetValue) && isDatasetKind(datasetValue.kind) ? datasetShape(datasetValue as unknown as DatasetSpec) : null;
  if (!shape) return null;

  // Shape inference: a width of null means "unknown, because a parameter above is invalid".
  const layers: PlanLayer[] = [];
  let width: number | null = shape.width;
  for (const node of chain) {
    if (invalidParams.has(node.id)) {
      width = node.kind === 'activation' ? width : null;
      continue;
    }
    switch (node.kind) {
      case 'dense': {
        const units = node.params.units as number;
        if (width !== null) layers.push({ kind: 'dense', nodeId: node.id, inWidth: width, units });
        width = units;
        break;
      }
      case 'activation':
        if (width !== null) layers.push({ kind: 'activation', nodeId: node.id, width, fn: node.params.fn as ActivationKind });
        break;
      default:
        return null;
    }
  }
  if (width === null) return null;
  if (width !== shape.classes) {
    const last = chain[chain.length - 1];
    const fix =
      last?.kind === 'dense'
        ? `set the units of ${last.name} to ${shape.classes}`
        : `add a Dense layer with ${shape.classes} units before it`;
    const features = shape.classes === 1 ? 'feature' : 'features';
    errors.push({
      nodeId: output.id,
      message: `Output expects ${shape.classes} ${features} (one per class of ${shape.title}) but gets ${width}: ${fix}.`,
    });
    return null;
  }
  return layers;
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

/** The nodes strictly between Input and Output, following the single input of each node back from the Output. */
function chainBetween(nodes: Map<string, NodeInfo>, input: NodeInfo, output: NodeInfo): NodeInfo[] | null {
  const chain: NodeInfo[] = [];
  const seen = new Set<string>([output.id]);
  let current = output;
  for (;;) {
    if (current.incoming.length !== 1) return null;
    const previous = nodes.get(current.incoming[0])!;
    if (previous === input) return chain.reverse();
    if (seen.has(previous.id) || !previous.kind) return null;
    seen.add(previous.id);
    chain.push(previous);
    current = previous;
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

// ---------------------------------------------------------------------------------------------
// Parameters and settings

interface NumberRule {
  integer: boolean;
  min: number;
  max: number;
  /** The value must be strictly greater than `min`. */
  aboveMin?: boolean;
}

function paramProblem(field: ParamField, value: unknown): string | null {
  switch (field.type) {
    case 'integer':
      return numberProblem(value, { integer: true, min: field.min, max: field.max });
    case 'number':
      return numberProblem(value, { integer: false, min: field.min, max: field.max });
    case 'choice':
      return field.options.some((option) => option.value === value)
        ? null
        : `must be one of ${field.options.map((option) => option.label).join(', ')} (got ${describeValue(value)})`;
  }
}

function numberProblem(value: unknown, rule: NumberRule): string | null {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isSafeInteger(value)) &&
    (rule.aboveMin ? value > rule.min : value >= rule.min) &&
    value <= rule.max;
  if (ok) return null;
  const what = rule.integer ? 'a whole number' : 'a number';
  const range =
    rule.max === Infinity
      ? rule.min === -Infinity
        ? ''
        : rule.aboveMin
          ? ` greater than ${rule.min}`
          : ` of at least ${rule.min}`
      : ` from ${rule.min} to ${rule.max}`;
  return `must be ${what}${range} (got ${describeValue(value)})`;
}

type SettingRule = { label: string } & ({ type: 'number'; rule: NumberRule } | { type: 'boolean' } | { type: 'literal'; value: string });

const TRAINING_RULES: Record<keyof TrainingSettings, SettingRule> = {
  optimizer: { label: 'Optimizer', type: 'literal', value: 'sgd' },
  learningRate: { label: 'Learning rate', type: 'number', rule: { integer: false, min: 0, aboveMin: true, max: Infinity } },
  batchSize: { label: 'Batch size', type: 'number', rule: { integer: true, min: 1, max: Infinity } },
  steps: { label: 'Steps', type: 'number', rule: { integer: true, min: 1, max: Infinity } },
  seed: { label: 'Seed', type: 'number', rule: { integer: true, min: -Infinity, max: Infinity } },
  shuffle: { label: 'Shuffle', type: 'boolean' },
  reportEvery: { label: 'Report every', type: 'number', rule: { integer: true, min: 1, max: Infinity } },
};

const SPIRALS_RULES: Record<Exclude<keyof DatasetSpec, 'kind'>, SettingRule> = {
  pointsPerClass: { label: 'Points per class', type: 'number', rule: { integer: true, min: 1, max: 100_000 } },
  noise: { label: 'Noise', type: 'number', rule: { integer: false, min: 0, max: Infinity } },
  testFraction: { label: 'Test fraction', type: 'number', rule: { integer: false, min: 0, aboveMin: true, max: 1 } },
};

/** Checks every field of a settings object against its rule; true when all pass. */
function checkSettings(value: Record<string, unknown>, rules: Record<string, SettingRule>, prefix: string, errors: CompileError[]): boolean {
  let ok = true;
  for (const [name, setting] of Object.entries(rules)) {
    const actual = value[name];
    let problem: string | null = null;
    if (setting.type === 'number') problem = numberProblem(actual, setting.rule);
    else if (setting.type === 'boolean') problem = typeof actual === 'boolean' ? null : `must be true or false (got ${describeValue(actual)})`;
    else problem = actual === setting.value ? null : `must be '${setting.value}' (got ${describeValue(actual)})`;
    if (problem) {
      errors.push({ field: `${prefix}.${name}`, message: `${setting.label} ${problem}.` });
      ok = false;
    }
  }
  return ok;
}

function checkTraining(value: unknown, errors: CompileError[]): TrainingSettings | null {
  if (!isRecord(value)) {
    errors.push({ field: 'training', message: 'The document has no training settings.' });
    return null;
  }
  return checkSettings(value, TRAINING_RULES, 'training', errors) ? (value as unknown as TrainingSettings) : null;
}

function checkDataset(value: unknown, errors: CompileError[]): DatasetSpec | null {
  if (!isRecord(value)) {
    errors.push({ field: 'dataset', message: 'The document has no dataset.' });
    return null;
  }
  if (!isDatasetKind(value.kind)) {
    errors.push({ field: 'dataset.kind', message: `Unknown dataset ${describeValue(value.kind)}.` });
    return null;
  }
  if (!checkSettings(value, SPIRALS_RULES, 'dataset', errors)) return null;
  const spec = value as unknown as DatasetSpec;
  const total = spec.pointsPerClass * datasetShape(spec).classes;
  const testRows = Math.round(total * spec.testFraction);
  if (testRows < 1 || testRows >= total) {
    const which = testRows < 1 ? 'no test examples' : 'no training examples';
    errors.push({ field: 'dataset.testFraction', message: `Test fraction ${spec.testFraction} of ${total} examples leaves ${which}.` });
    return null;
  }
  return spec;
}

function isDatasetKind(kind: unknown): kind is DatasetSpec['kind'] {
  return kind === 'spirals';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return `a ${Array.isArray(value) ? 'list' : typeof value}`;
}
