import { NODE_DEFINITIONS, defaultParams } from '../../engine/document/nodes';
import type { Graph, GraphEdge, GraphNode, NodeKind, ParamValue } from '../../engine/document/types';

/**
 * Editor commands as pure functions of a graph: the store's document slice applies them, the
 * canvas asks `connectionProblem` before it lets a wire snap, and tests call them directly.
 */

export interface Position {
  x: number;
  y: number;
}

/** The first free id of the form `dense-1`, `dense-2`…: readable in saved files and tests. */
export function nextNodeId(graph: Graph, kind: NodeKind): string {
  const taken = new Set(graph.nodes.map((node) => node.id));
  let index = 1;
  while (taken.has(`${kind}-${index}`)) index += 1;
  return `${kind}-${index}`;
}

export function createNode(graph: Graph, kind: NodeKind, position: Position): GraphNode {
  return { id: nextNodeId(graph, kind), kind, params: defaultParams(kind), position: { x: position.x, y: position.y } };
}

export function edgeId(source: string, target: string): string {
  return `e-${source}-${target}`;
}

/** Why `source → target` cannot be wired, or null when it can. */
export function connectionProblem(graph: Graph, source: string, target: string): string | null {
  const sourceNode = graph.nodes.find((node) => node.id === source);
  const targetNode = graph.nodes.find((node) => node.id === target);
  if (!sourceNode || !targetNode) return 'Both ends of a connection must be nodes of the graph.';
  if (source === target) return 'A node cannot feed itself.';
  if (!NODE_DEFINITIONS[sourceNode.kind].hasOutput) return `${NODE_DEFINITIONS[sourceNode.kind].title} has no output to connect.`;
  if (NODE_DEFINITIONS[targetNode.kind].inputs === 0) return `${NODE_DEFINITIONS[targetNode.kind].title} takes no input.`;
  if (graph.edges.some((edge) => edge.source === source && edge.target === target)) return 'These nodes are already connected.';
  if (reaches(graph, target, source)) return 'This connection would close a loop.';
  return null;
}

function reaches(graph: Graph, from: string, to: string): boolean {
  const pending = [from];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const current = pending.pop() as string;
    if (current === to) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const edge of graph.edges) if (edge.source === current) pending.push(edge.target);
  }
  return false;
}

/**
 * Adds `source → target`. Every kind takes at most one input, so a new wire into an occupied
 * input replaces the old one, as in most node editors, instead of leaving a graph that cannot
 * compile. Returns the graph unchanged when the connection is not allowed.
 */
export function withEdge(graph: Graph, source: string, target: string): Graph {
  if (connectionProblem(graph, source, target) !== null) return graph;
  const edge: GraphEdge = { id: edgeId(source, target), source, target };
  return { nodes: graph.nodes, edges: [...graph.edges.filter((existing) => existing.target !== target), edge] };
}

/** Removes the nodes, the edges, and every edge that touched a removed node. */
export function withoutElements(graph: Graph, nodeIds: readonly string[], edgeIds: readonly string[]): Graph {
  const removedNodes = new Set(nodeIds);
  const removedEdges = new Set(edgeIds);
  return {
    nodes: graph.nodes.filter((node) => !removedNodes.has(node.id)),
    edges: graph.edges.filter(
      (edge) => !removedEdges.has(edge.id) && !removedNodes.has(edge.source) && !removedNodes.has(edge.target),
    ),
  };
}

export function withNodeMoved(graph: Graph, nodeId: string, position: Position): Graph {
  return {
    nodes: graph.nodes.map((node) => (node.id === nodeId ? { ...node, position: { x: position.x, y: position.y } } : node)),
    edges: graph.edges,
  };
}

export function withParams(graph: Graph, nodeId: string, patch: Record<string, ParamValue>): Graph {
  return {
    nodes: graph.nodes.map((node) => (node.id === nodeId ? { ...node, params: { ...node.params, ...patch } } : node)),
    edges: graph.edges,
  };
}
