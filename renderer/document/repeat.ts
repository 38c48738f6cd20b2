import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import type { Graph } from '../../engine/document/types';
import { sizeOf, type Sizes } from './arrange';
import { edgeId, fragmentOf, withFragment } from './graph';

/** Why a selection cannot be repeated; the UI words each one. */
export type ChainProblem = { code: 'empty' } | { code: 'not-a-chain' } | { code: 'not-a-layer' };

/** Gap between two copies of a block, in canvas units. */
const REPEAT_GAP = 60;
export const MAX_REPEATS = 50;

/**
 * The selected nodes in wire order when they form one chain (each feeds the next, for example
 * Dense → BatchNorm → ReLU), else why not. Every node must take an input and give an output, so
 * copies can be wired one after the other.
 */
export function chainOrder(graph: Graph, nodeIds: readonly string[]): { order: string[] } | { problem: ChainProblem } {
  const ids = new Set(nodeIds);
  const nodes = graph.nodes.filter((node) => ids.has(node.id));
  if (nodes.length === 0) return { problem: { code: 'empty' } };
  if (nodes.some((node) => NODE_DEFINITIONS[node.kind].inputs === 0 || !NODE_DEFINITIONS[node.kind].hasOutput)) return { problem: { code: 'not-a-layer' } };
  const inner = fragmentOf(graph, nodeIds).edges;
  const next = new Map<string, string>();
  const hasPrevious = new Set<string>();
  for (const edge of inner) {
    if (next.has(edge.source) || hasPrevious.has(edge.target)) return { problem: { code: 'not-a-chain' } };
    next.set(edge.source, edge.target);
    hasPrevious.add(edge.target);
  }
  const heads = nodes.filter((node) => !hasPrevious.has(node.id));
  if (heads.length !== 1) return { problem: { code: 'not-a-chain' } };
  const order = [heads[0].id];
  while (next.has(order[order.length - 1])) order.push(next.get(order[order.length - 1])!);
  return order.length === nodes.length ? { order } : { problem: { code: 'not-a-chain' } };
}

/**
 * Appends `count` copies of the chain after it, each fed by the one before: Dense → BN → ReLU
 * becomes Dense → BN → ReLU → Dense' → BN' → ReLU' → … The wires that left the chain's last node
 * now leave the last copy's, and everything downstream moves right to make room. Returns the
 * graph and the ids of the copies.
 */
export function withRepeats(graph: Graph, nodeIds: readonly string[], count: number, sizes: Sizes): { graph: Graph; ids: string[] } | { problem: ChainProblem } {
  const chain = chainOrder(graph, nodeIds);
  if ('problem' in chain) return chain;
  const fragment = fragmentOf(graph, chain.order);
  const left = Math.min(...fragment.nodes.map((node) => node.position.x));
  const right = Math.max(...fragment.nodes.map((node) => node.position.x + sizeOf(sizes, node.id).width));
  const stride = right - left + REPEAT_GAP;
  const tail = chain.order[chain.order.length - 1];
  const leaving = graph.edges.filter((edge) => edge.source === tail && !chain.order.includes(edge.target));
  const downstream = reachableFrom(graph, leaving.map((edge) => edge.target), new Set(chain.order));

  let result: Graph = {
    nodes: graph.nodes.map((node) => (downstream.has(node.id) && node.position.x >= left ? { ...node, position: { x: node.position.x + count * stride, y: node.position.y } } : node)),
    edges: graph.edges,
  };
  const ids: string[] = [];
  let previousTail = tail;
  for (let copy = 1; copy <= count; copy += 1) {
    const idMap = new Map<string, string>();
    const added = withFragment(result, fragment, { x: copy * stride, y: 0 }, idMap);
    const head = idMap.get(chain.order[0])!;
    result = { nodes: added.graph.nodes, edges: [...added.graph.edges, { id: edgeId(previousTail, head), source: previousTail, target: head }] };
    ids.push(...added.ids);
    previousTail = idMap.get(tail)!;
  }
  // In place, so a Concat fed by the chain reads its inputs in the same order.
  const edges = result.edges.map((edge) => (leaving.includes(edge) ? { id: edgeId(previousTail, edge.target), source: previousTail, target: edge.target } : edge));
  return { graph: { nodes: result.nodes, edges }, ids };
}

function reachableFrom(graph: Graph, starts: string[], excluded: Set<string>): Set<string> {
  const seen = new Set<string>();
  const pending = [...starts];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id) || excluded.has(id)) continue;
    seen.add(id);
    for (const edge of graph.edges) if (edge.source === id) pending.push(edge.target);
  }
  return seen;
}
