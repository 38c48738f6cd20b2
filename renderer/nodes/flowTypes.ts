import type { Edge, Node } from '@xyflow/react';
import type { GraphNode } from '../../engine/document/types';

/** A document node as React Flow sees it: the card reads everything from `data.node`. */
export type NetFlowNode = Node<{ node: GraphNode }, 'net'>;
export type NetFlowEdge = Edge;
