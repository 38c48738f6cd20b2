import { defaultParams } from './nodes';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type GraphNode, type NetDocument, type NodeKind, type ParamValue } from './types';

function node(id: string, kind: NodeKind, x: number, params: Record<string, ParamValue> = {}): GraphNode {
  return { id, kind, params: { ...defaultParams(kind), ...params }, position: { x, y: 120 } };
}

/** The document a new window opens with: a small tanh MLP that learns the two spirals. */
export function newDocument(): NetDocument {
  const nodes = [
    node('input', 'input', 0),
    node('dense1', 'dense', 200, { units: 32 }),
    node('act1', 'activation', 400, { fn: 'tanh' }),
    node('dense2', 'dense', 600, { units: 32 }),
    node('act2', 'activation', 800, { fn: 'tanh' }),
    node('logits', 'dense', 1000, { units: 2 }),
    node('output', 'output', 1200),
  ];
  const edges = nodes.slice(1).map((target, i) => ({ id: `e-${nodes[i].id}-${target.id}`, source: nodes[i].id, target: target.id }));
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: 'Two spirals',
    graph: { nodes, edges },
    dataset: { kind: 'spirals', pointsPerClass: 200, noise: 0.1, testFraction: 0.2 },
    training: {
      optimizer: 'sgd',
      learningRate: 0.1,
      schedule: 'constant',
      l1: 0,
      l2: 0,
      clipNorm: 0,
      batchSize: 32,
      steps: 3000,
      seed: 1,
      shuffle: true,
      reportEvery: 10,
    },
  };
}
