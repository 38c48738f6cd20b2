import dagre from '@dagrejs/dagre';
import type { Graph, GraphNode } from '../../engine/document/types';
import type { Position } from './graph';

/** Node sizes as React Flow measured them; a node not yet measured counts as a typical card. */
export interface Size {
  width: number;
  height: number;
}
export type Sizes = Readonly<Record<string, Size>>;

export const DEFAULT_CARD_SIZE: Size = { width: 190, height: 74 };

export function sizeOf(sizes: Sizes, nodeId: string): Size {
  return sizes[nodeId] ?? DEFAULT_CARD_SIZE;
}

export type AlignMode = 'left' | 'right' | 'top' | 'bottom' | 'distribute-horizontally' | 'distribute-vertically';

export const ALIGN_MODES: readonly AlignMode[] = ['left', 'right', 'top', 'bottom', 'distribute-horizontally', 'distribute-vertically'];

/** The fewest nodes each mode needs to do anything. */
export function alignMinimum(mode: AlignMode): number {
  return mode.startsWith('distribute') ? 3 : 2;
}

/**
 * New positions for the named nodes: lined up on a common edge, or spread so the gaps between
 * neighbours are equal (the outermost two stay). Empty when there are too few nodes.
 */
export function alignedPositions(graph: Graph, nodeIds: readonly string[], mode: AlignMode, sizes: Sizes): Record<string, Position> {
  const ids = new Set(nodeIds);
  const nodes = graph.nodes.filter((node) => ids.has(node.id));
  if (nodes.length < alignMinimum(mode)) return {};
  const size = (node: GraphNode) => sizeOf(sizes, node.id);
  const positions: Record<string, Position> = {};
  const set = (node: GraphNode, x: number, y: number) => (positions[node.id] = { x, y });
  switch (mode) {
    case 'left': {
      const left = Math.min(...nodes.map((node) => node.position.x));
      for (const node of nodes) set(node, left, node.position.y);
      break;
    }
    case 'right': {
      const right = Math.max(...nodes.map((node) => node.position.x + size(node).width));
      for (const node of nodes) set(node, right - size(node).width, node.position.y);
      break;
    }
    case 'top': {
      const top = Math.min(...nodes.map((node) => node.position.y));
      for (const node of nodes) set(node, node.position.x, top);
      break;
    }
    case 'bottom': {
      const bottom = Math.max(...nodes.map((node) => node.position.y + size(node).height));
      for (const node of nodes) set(node, node.position.x, bottom - size(node).height);
      break;
    }
    case 'distribute-horizontally':
      distribute(nodes, 'x', (node) => size(node).width, set);
      break;
    case 'distribute-vertically':
      distribute(nodes, 'y', (node) => size(node).height, set);
      break;
  }
  return positions;
}

function distribute(nodes: GraphNode[], axis: 'x' | 'y', extent: (node: GraphNode) => number, set: (node: GraphNode, x: number, y: number) => void) {
  const sorted = [...nodes].sort((a, b) => a.position[axis] - b.position[axis]);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const span = last.position[axis] + extent(last) - first.position[axis];
  const gap = (span - sorted.reduce((sum, node) => sum + extent(node), 0)) / (sorted.length - 1);
  let cursor = first.position[axis];
  for (const node of sorted) {
    if (axis === 'x') set(node, cursor, node.position.y);
    else set(node, node.position.x, cursor);
    cursor += extent(node) + gap;
  }
}

export const LAYOUT_SPACING = { nodesep: 40, ranksep: 56 };

/**
 * A left-to-right layered layout of the whole graph (dagre): each node one rank right of its
 * inputs, crossings reduced. The drawing keeps its top-left corner, so the view does not jump.
 */
export function layeredPositions(graph: Graph, sizes: Sizes): Record<string, Position> {
  if (graph.nodes.length === 0) return {};
  const layout = new dagre.graphlib.Graph();
  layout.setGraph({ rankdir: 'LR', ...LAYOUT_SPACING, marginx: 0, marginy: 0 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) layout.setNode(node.id, { ...sizeOf(sizes, node.id) });
  for (const edge of graph.edges) layout.setEdge(edge.source, edge.target);
  dagre.layout(layout);

  const placed = graph.nodes.map((node) => {
    const { x, y } = layout.node(node.id) as { x: number; y: number };
    const { width, height } = sizeOf(sizes, node.id);
    return { id: node.id, x: x - width / 2, y: y - height / 2 };
  });
  const shift = {
    x: Math.min(...graph.nodes.map((node) => node.position.x)) - Math.min(...placed.map((node) => node.x)),
    y: Math.min(...graph.nodes.map((node) => node.position.y)) - Math.min(...placed.map((node) => node.y)),
  };
  return Object.fromEntries(placed.map((node) => [node.id, { x: Math.round(node.x + shift.x), y: Math.round(node.y + shift.y) }]));
}
