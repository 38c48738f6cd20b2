import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { defaultParams, NODE_DEFINITIONS } from '../../engine/document/nodes';
import type { CompiledPlan, CompileResult } from '../../engine/document/plan';
import type { GraphEdge, GraphNode, NetDocument, NodeKind, ParamValue } from '../../engine/document/types';
import { createRandom, type Random } from '../../engine/random';
import { pick, randomValidDocument } from '../support/random-documents';

/**
 * Property test of the compiler on random graphs (seeded): a valid graph compiles to a plan
 * whose widths agree everywhere; a broken one gives errors; nothing ever throws.
 */

const GRAPHS = 1500;
interface Mutation {
  name: string;
  /** The mutated graph cannot compile when the graph was valid before. */
  breaksValid: boolean;
  /** Changes the document in place; must not throw, whatever earlier mutations left. */
  apply(doc: NetDocument, random: Random): void;
}

function isNode(value: unknown): value is GraphNode {
  return typeof value === 'object' && value !== null && typeof (value as GraphNode).id === 'string' && typeof (value as GraphNode).kind === 'string';
}

function isEdge(value: unknown): value is GraphEdge {
  return typeof value === 'object' && value !== null && typeof (value as GraphEdge).source === 'string' && typeof (value as GraphEdge).target === 'string';
}

const nodesOf = (doc: NetDocument): GraphNode[] => doc.graph.nodes.filter(isNode);
const layerNodes = (doc: NetDocument): GraphNode[] => nodesOf(doc).filter((n) => n.kind !== 'input' && n.kind !== 'output');

/** The ids of the nodes `id` reads from, directly or not. */
function ancestors(doc: NetDocument, id: string): string[] {
  const found = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const target = stack.pop()!;
    for (const edge of doc.graph.edges.filter(isEdge)) {
      if (edge.target === target && !found.has(edge.source)) {
        found.add(edge.source);
        stack.push(edge.source);
      }
    }
  }
  return [...found];
}

const GARBAGE: unknown[] = [null, 42, -1, 'x', '', [], {}, { id: 3 }, true, Number.NaN, [1, 2]];

const INVALID_PARAMS: Partial<Record<NodeKind, [string, unknown[]][]>> = {
  dense: [['units', [0, -3, 2.5, 5000, '8', null]], ['bias', ['yes', 1]], ['init', ['glorot', 3]]],
  activation: [['fn', ['swish', '', 0]]],
  dropout: [['rate', [1, -0.1, 1.5, 'half']], ['mode', ['scaled']]],
  batchnorm: [['momentum', [-1, 2]], ['eps', [0, -1e-5]], ['affine', [0]]],
  output: [['loss', ['hinge', null]]],
};

const MUTATIONS: Mutation[] = [
  {
    name: 'remove an edge',
    breaksValid: false,
    apply: (doc, random) => doc.graph.edges.splice(random.int(doc.graph.edges.length), 1),
  },
  {
    name: 'add a random edge',
    breaksValid: false,
    apply: (doc, random) => {
      const nodes = nodesOf(doc);
      if (nodes.length > 0) doc.graph.edges.push({ id: 'extra', source: pick(random, nodes).id, target: pick(random, nodes).id });
    },
  },
  {
    name: 'close a cycle',
    breaksValid: true,
    apply: (doc, random) => {
      const layers = layerNodes(doc);
      if (layers.length === 0) return;
      const later = pick(random, layers);
      const earlier = ancestors(doc, later.id).filter((id) => id !== 'in');
      doc.graph.edges.push({ id: 'back', source: later.id, target: earlier.length > 0 ? pick(random, earlier) : later.id });
    },
  },
  {
    name: 'delete a layer',
    breaksValid: false,
    apply: (doc, random) => {
      const layers = layerNodes(doc);
      if (layers.length === 0) return;
      const victim = pick(random, layers).id;
      doc.graph.nodes = doc.graph.nodes.filter((n) => !isNode(n) || n.id !== victim);
      doc.graph.edges = doc.graph.edges.filter((e) => !isEdge(e) || (e.source !== victim && e.target !== victim));
    },
  },
  {
    name: 'delete the Output',
    breaksValid: true,
    apply: (doc) => {
      const output = nodesOf(doc).find((n) => n.kind === 'output')?.id;
      doc.graph.nodes = doc.graph.nodes.filter((n) => !isNode(n) || n.id !== output);
      doc.graph.edges = doc.graph.edges.filter((e) => !isEdge(e) || e.target !== output);
    },
  },
  {
    name: 'delete the Input',
    breaksValid: true,
    apply: (doc) => {
      doc.graph.nodes = doc.graph.nodes.filter((n) => !isNode(n) || n.kind !== 'input');
    },
  },
  {
    name: 'duplicate a node id',
    breaksValid: true,
    apply: (doc, random) => {
      const nodes = nodesOf(doc);
      if (nodes.length > 0) doc.graph.nodes.push({ ...pick(random, nodes), position: { x: 1, y: 1 } });
    },
  },
  {
    name: 'duplicate an edge id',
    breaksValid: true,
    apply: (doc, random) => {
      const edges = doc.graph.edges.filter(isEdge);
      if (edges.length > 0) doc.graph.edges.push({ ...pick(random, edges), target: pick(random, nodesOf(doc)).id });
    },
  },
  {
    name: 'add a second Output or Input',
    breaksValid: true,
    apply: (doc, random) => {
      const kind = pick(random, ['input', 'output'] as const);
      doc.graph.nodes.push({ id: `extra-${kind}`, kind, params: defaultParams(kind), position: { x: 0, y: 0 } });
    },
  },
  {
    name: 'point an edge at a missing node',
    breaksValid: true,
    apply: (doc, random) => {
      const edges = doc.graph.edges.filter(isEdge);
      if (edges.length === 0) return;
      const edge = pick(random, edges);
      if (random.next() < 0.5) edge.source = 'ghost';
      else edge.target = 'ghost';
    },
  },
  {
    name: 'give a node an unknown kind',
    breaksValid: true,
    apply: (doc, random) => {
      const nodes = nodesOf(doc);
      if (nodes.length > 0) (pick(random, nodes) as { kind: string }).kind = pick(random, ['conv2d', '', 'Dense']);
    },
  },
  {
    name: 'set a parameter out of its range',
    breaksValid: true,
    apply: (doc, random) => {
      const candidates = nodesOf(doc).filter((n) => INVALID_PARAMS[n.kind] && typeof n.params === 'object' && n.params !== null);
      if (candidates.length === 0) return;
      const target = pick(random, candidates);
      const [field, values] = pick(random, INVALID_PARAMS[target.kind]!);
      target.params[field] = pick(random, values) as ParamValue;
    },
  },
  {
    name: 'feed an Add a tensor of another width',
    breaksValid: true,
    apply: (doc, random) => {
      const result = compile(doc);
      if (!result.ok) return;
      const { plan } = result;
      const widths = new Map<string, number>([[plan.inputNodeId, plan.inputWidth], ...plan.layers.map((l): [string, number] => [l.nodeId, l.outWidth])]);
      const adds = plan.layers.filter((l) => l.kind === 'add');
      const add = adds.length > 0 ? pick(random, adds) : null;
      const other = add && [...widths].find(([id, width]) => width !== add.outWidth && !descendantsOrSelf(plan, add.nodeId).has(id));
      if (add && other) {
        doc.graph.edges.push({ id: 'mismatch', source: other[0], target: add.nodeId });
        return;
      }
      // No such pair: a new Add of the Input and the logits, which feed the Output; their widths
      // differ unless there are as many classes as input features, where the Add has no consumer.
      doc.graph.nodes.push({ id: 'sum', kind: 'add', params: {}, position: { x: 0, y: 0 } });
      doc.graph.edges.push({ id: 's1', source: plan.inputNodeId, target: 'sum' }, { id: 's2', source: plan.lossInput, target: 'sum' });
    },
  },
  {
    name: 'train with batches of one row',
    breaksValid: false,
    apply: (doc) => {
      if (typeof doc.training === 'object' && doc.training !== null) doc.training.batchSize = 1;
    },
  },
  {
    name: 'put garbage where a node, an edge or parameters belong',
    breaksValid: false,
    apply: (doc, random) => {
      const where = random.int(4);
      const garbage = pick(random, GARBAGE);
      const nodes = nodesOf(doc);
      if (where === 0 && doc.graph.nodes.length > 0) (doc.graph.nodes as unknown[])[random.int(doc.graph.nodes.length)] = garbage;
      else if (where === 1 && doc.graph.edges.length > 0) (doc.graph.edges as unknown[])[random.int(doc.graph.edges.length)] = garbage;
      else if (where === 2 && nodes.length > 0) (pick(random, nodes) as { params: unknown }).params = garbage;
      else (doc as unknown as Record<string, unknown>)[pick(random, ['dataset', 'training', 'instruments'])] = garbage;
    },
  },
];

/** The layers that read `id`, directly or not, and `id` itself: an edge from them into it closes a cycle. */
function descendantsOrSelf(plan: CompiledPlan, id: string): Set<string> {
  const found = new Set([id]);
  for (const layer of plan.layers) {
    if (layer.inputs.some((input) => found.has(input))) found.add(layer.nodeId);
  }
  return found;
}

function planOf(result: CompileResult): CompiledPlan {
  if (!result.ok) throw new Error(`expected a plan: ${result.errors.map((e) => `[${e.nodeId ?? e.field ?? '-'}] ${e.message}`).join('\n')}`);
  return result.plan;
}

/**
 * What disagrees in a plan: a width that is not its producers', an edge without its producer's
 * width, a loss input without one feature per class. Empty for a consistent plan.
 */
function inconsistencies(doc: NetDocument, plan: CompiledPlan): string[] {
  const found: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) found.push(what);
  };
  const widths = new Map<string, number>([[plan.inputNodeId, plan.inputWidth]]);
  for (const layer of plan.layers) {
    const inputs = layer.inputs.map((id) => widths.get(id));
    check(inputs.every((width) => width !== undefined), `${layer.nodeId} reads a later tensor`);
    const known = inputs as number[];
    const same = known.every((width) => width === layer.outWidth);
    switch (layer.kind) {
      case 'dense':
        check(known.length === 1 && known[0] === layer.inWidth && layer.outWidth === layer.units, `${layer.nodeId}: dense widths`);
        check(layer.parameterCount === layer.inWidth * layer.units + (layer.bias ? layer.units : 0), `${layer.nodeId}: parameter count`);
        break;
      case 'activation':
      case 'dropout':
      case 'batchnorm':
        check(known.length === 1 && same, `${layer.nodeId}: element-wise widths`);
        break;
      case 'add':
        check(known.length >= 2 && same, `${layer.nodeId}: add widths`);
        break;
      case 'concat':
        check(JSON.stringify(layer.inWidths) === JSON.stringify(known) && layer.outWidth === known.reduce((sum, width) => sum + width, 0), `${layer.nodeId}: concat widths`);
        break;
    }
    check(layer.flops.forward >= 0 && layer.flops.backward >= 0, `${layer.nodeId}: flops`);
    widths.set(layer.nodeId, layer.outWidth);
  }
  check(widths.get(plan.lossInput) === plan.classes, 'loss input width');
  check(plan.layers.length === doc.graph.nodes.length - 2, 'one layer per node but the Input and Output');
  check(Object.keys(plan.edgeShapes).length === doc.graph.edges.length, 'one shape per edge');
  for (const edge of doc.graph.edges) check(plan.edgeShapes[edge.id]?.width === widths.get(edge.source), `edge ${edge.id} width`);
  return found;
}

/** compile() that fails the test with the graph when it throws. */
function compileOrReport(doc: NetDocument): CompileResult {
  try {
    return compile(doc);
  } catch (error) {
    throw new Error(`compile threw ${String(error)} on ${JSON.stringify(doc.graph)}`);
  }
}

describe('compile on random graphs', () => {
  it(`compiles ${GRAPHS} random valid graphs into plans whose shapes agree`, () => {
    const random = createRandom(20_241_127).fork('valid');
    const kindsSeen = new Set<string>();
    const problems: string[] = [];
    for (let i = 0; i < GRAPHS; i++) {
      const doc = randomValidDocument(random);
      const plan = planOf(compileOrReport(doc));
      problems.push(...inconsistencies(doc, plan).map((problem) => `graph ${i}: ${problem}`));
      for (const layer of plan.layers) kindsSeen.add(layer.kind);
    }
    expect(problems).toEqual([]);
    expect([...kindsSeen].sort()).toEqual(Object.keys(NODE_DEFINITIONS).filter((kind) => kind !== 'input' && kind !== 'output').sort());
  });

  it(`refuses ${GRAPHS} valid graphs broken in one way, with errors on existing nodes`, () => {
    const random = createRandom(20_241_127).fork('broken');
    const breaking = MUTATIONS.filter((mutation) => mutation.breaksValid);
    const compiled: string[] = [];
    const strayIds: string[] = [];
    for (let i = 0; i < GRAPHS; i++) {
      const doc = randomValidDocument(random);
      const mutation = breaking[i % breaking.length];
      mutation.apply(doc, random);
      const result = compileOrReport(doc);
      if (result.ok) {
        compiled.push(`${mutation.name}: ${JSON.stringify(doc.graph)}`);
        continue;
      }
      const ids = new Set(nodesOf(doc).map((n) => n.id));
      for (const error of result.errors) if (error.nodeId !== undefined && !ids.has(error.nodeId)) strayIds.push(`${mutation.name}: ${error.message}`);
    }
    expect(compiled).toEqual([]);
    expect(strayIds).toEqual([]);
  });

  it(`never throws on ${GRAPHS} graphs after random mutations: a consistent plan, or errors`, () => {
    const random = createRandom(20_241_127).fork('mutated');
    const problems: string[] = [];
    let refused = 0;
    for (let i = 0; i < GRAPHS; i++) {
      const doc = randomValidDocument(random);
      const mutations = Array.from({ length: 1 + random.int(3) }, () => pick(random, MUTATIONS));
      for (const mutation of mutations) mutation.apply(doc, random);
      const result = compileOrReport(doc);
      if (result.ok) {
        problems.push(...inconsistencies(doc, result.plan).map((problem) => `${mutations.map((m) => m.name).join(', ')}: ${problem}`));
      } else {
        refused++;
        if (result.errors.length === 0 || result.errors.some((error) => !/\S/.test(error.message))) problems.push(`graph ${i}: refused without a message`);
      }
    }
    expect(problems).toEqual([]);
    expect(refused).toBeGreaterThan(GRAPHS / 2);
  });
});
