import { NODE_DEFINITIONS, defaultParams } from '../../engine/document/nodes';
import type { Graph, GraphEdge, GraphNode, NodeKind, ParamValue } from '../../engine/document/types';

/**
 * Graph edits as pure functions: the editor's actions (actions.ts) compose them, the canvas asks
 * `connectionProblem` while a wire is dragged, and tests call them directly.
 */

export interface Position {
  x: number;
  y: number;
}

/** The width of a node's output when known: see shapes.ts. */
export type WidthOf = (nodeId: string) => number | null;

/** Hands out the first free ids of the form `dense-1`, `dense-2`…, readable in saved files and tests. */
export function idAllocator(graph: Graph): (kind: NodeKind) => string {
  const taken = new Set(graph.nodes.map((node) => node.id));
  return (kind) => {
    let index = 1;
    while (taken.has(`${kind}-${index}`)) index += 1;
    const id = `${kind}-${index}`;
    taken.add(id);
    return id;
  };
}

export function nextNodeId(graph: Graph, kind: NodeKind): string {
  return idAllocator(graph)(kind);
}

export function createNode(graph: Graph, kind: NodeKind, position: Position): GraphNode {
  return { id: nextNodeId(graph, kind), kind, params: defaultParams(kind), position: { x: position.x, y: position.y } };
}

export function edgeId(source: string, target: string): string {
  return `e-${source}-${target}`;
}

/** Why a wire cannot be drawn; the UI words each one (i18n). */
export type ConnectionProblem =
  | { code: 'missing-node' }
  | { code: 'self-loop' }
  | { code: 'no-output'; source: NodeKind }
  | { code: 'no-input'; target: NodeKind }
  | { code: 'already-connected' }
  | { code: 'input-taken'; target: NodeKind }
  | { code: 'cycle' }
  | { code: 'width-mismatch'; target: NodeKind; expected: number; got: number };

/**
 * Why `source → target` cannot be wired, or null when it can. A kind that takes one input
 * refuses a second wire (delete the first, or drop a layer onto it). Add needs inputs of equal
 * width, so a wire of another known width is refused while it is dragged.
 */
export function connectionProblem(graph: Graph, source: string, target: string, widthOf?: WidthOf): ConnectionProblem | null {
  const sourceNode = graph.nodes.find((node) => node.id === source);
  const targetNode = graph.nodes.find((node) => node.id === target);
  if (!sourceNode || !targetNode) return { code: 'missing-node' };
  if (source === target) return { code: 'self-loop' };
  if (!NODE_DEFINITIONS[sourceNode.kind].hasOutput) return { code: 'no-output', source: sourceNode.kind };
  const takes = NODE_DEFINITIONS[targetNode.kind].inputs;
  if (takes === 0) return { code: 'no-input', target: targetNode.kind };
  const incoming = graph.edges.filter((edge) => edge.target === target);
  if (incoming.some((edge) => edge.source === source)) return { code: 'already-connected' };
  if (takes === 1 && incoming.length > 0) return { code: 'input-taken', target: targetNode.kind };
  if (reaches(graph, target, source)) return { code: 'cycle' };
  if (targetNode.kind === 'add' && widthOf) {
    const got = widthOf(source);
    const expected = incoming.map((edge) => widthOf(edge.source)).find((width) => width !== null) ?? null;
    if (got !== null && expected !== null && got !== expected) return { code: 'width-mismatch', target: targetNode.kind, expected, got };
  }
  return null;
}

function reaches(graph: Graph, from: string, to: string): boolean {
  const outgoing = new Map<string, string[]>();
  for (const edge of graph.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  const pending = [from];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const current = pending.pop() as string;
    if (current === to) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    pending.push(...(outgoing.get(current) ?? []));
  }
  return false;
}

/** Adds `source → target`; returns the graph unchanged when `connectionProblem` objects. */
export function withEdge(graph: Graph, source: string, target: string, widthOf?: WidthOf): Graph {
  if (connectionProblem(graph, source, target, widthOf) !== null) return graph;
  const edge: GraphEdge = { id: edgeId(source, target), source, target };
  return { nodes: graph.nodes, edges: [...graph.edges, edge] };
}

/**
 * Splits `edge` with `nodeId`: `source → node → target`, the new wires taking the old one's
 * place in the edge order (Concat reads its inputs in that order). Unchanged when the node
 * cannot sit in the middle of a wire (an Input or an Output) or already has wires.
 */
export function withNodeOnEdge(graph: Graph, edgeIdToSplit: string, nodeId: string): Graph {
  const edge = graph.edges.find((candidate) => candidate.id === edgeIdToSplit);
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  if (!edge || !node || edge.source === nodeId || edge.target === nodeId) return graph;
  const definition = NODE_DEFINITIONS[node.kind];
  if (definition.inputs === 0 || !definition.hasOutput) return graph;
  if (graph.edges.some((other) => other.source === nodeId || other.target === nodeId)) return graph;
  const index = graph.edges.indexOf(edge);
  const edges = [...graph.edges];
  edges.splice(index, 1, { id: edgeId(edge.source, nodeId), source: edge.source, target: nodeId }, { id: edgeId(nodeId, edge.target), source: nodeId, target: edge.target });
  return { nodes: graph.nodes, edges };
}

/** Removes the nodes, the edges, and every edge that touched a removed node. */
export function withoutElements(graph: Graph, nodeIds: readonly string[], edgeIds: readonly string[]): Graph {
  const removedNodes = new Set(nodeIds);
  const removedEdges = new Set(edgeIds);
  return {
    nodes: graph.nodes.filter((node) => !removedNodes.has(node.id)),
    edges: graph.edges.filter((edge) => !removedEdges.has(edge.id) && !removedNodes.has(edge.source) && !removedNodes.has(edge.target)),
  };
}

/** Moves the named nodes; nodes not named keep their identity, so cards that did not move do not redraw. */
export function withPositions(graph: Graph, positions: Readonly<Record<string, Position>>): Graph {
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    const position = positions[node.id];
    if (!position || (position.x === node.position.x && position.y === node.position.y)) return node;
    changed = true;
    return { ...node, position: { x: position.x, y: position.y } };
  });
  return changed ? { nodes, edges: graph.edges } : graph;
}

export function withParams(graph: Graph, nodeId: string, patch: Record<string, ParamValue>): Graph {
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  if (!node || Object.entries(patch).every(([name, value]) => node.params[name] === value)) return graph;
  return {
    nodes: graph.nodes.map((each) => (each === node ? { ...each, params: { ...each.params, ...patch } } : each)),
    edges: graph.edges,
  };
}

/** Sets a node's label; an empty one removes it, so the card shows the kind's title again. */
export function withLabel(graph: Graph, nodeId: string, label: string): Graph {
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  const trimmed = label.trim() === '' ? undefined : label;
  if (!node || node.label === trimmed) return graph;
  return {
    nodes: graph.nodes.map((each) => {
      if (each !== node) return each;
      const { label: _previous, ...rest } = each;
      return trimmed === undefined ? rest : { ...rest, label: trimmed };
    }),
    edges: graph.edges,
  };
}

/** A set of nodes and the wires between them, as copied, duplicated or repeated. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The named nodes and the edges that run between two of them. */
export function fragmentOf(graph: Graph, nodeIds: readonly string[]): Fragment {
  const ids = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((node) => ids.has(node.id)),
    edges: graph.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)),
  };
}

/**
 * Adds a copy of `fragment` moved by `offset`, with fresh ids (its inner wires follow), and
 * returns the new graph and the copies' ids in the fragment's order. `idMap` receives old → new.
 */
export function withFragment(graph: Graph, fragment: Fragment, offset: Position, idMap = new Map<string, string>()): { graph: Graph; ids: string[] } {
  const allocate = idAllocator(graph);
  const nodes = fragment.nodes.map((node) => {
    const id = allocate(node.kind);
    idMap.set(node.id, id);
    return { ...node, id, params: { ...node.params }, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } };
  });
  const edges = fragment.edges.flatMap((edge) => {
    const source = idMap.get(edge.source);
    const target = idMap.get(edge.target);
    return source && target ? [{ id: edgeId(source, target), source, target }] : [];
  });
  return { graph: { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, ids: nodes.map((node) => node.id) };
}
