import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import { assertNever } from '../../engine/protocol';
import { connectionProblem } from '../document/graph';
import type { NetFlowEdge, NetFlowNode } from '../nodes/flowTypes';
import { NetNodeCard } from '../nodes/NetNodeCard';
import { useAppStore, useServices } from '../services';
import { PALETTE_MIME, isNodeKind, useNodePlacement } from './placement';

const nodeTypes = { net: NetNodeCard } satisfies NodeTypes;
const DELETE_KEYS = ['Delete', 'Backspace'];
const FIT_VIEW_OPTIONS = { padding: 0.08, maxZoom: 1 };
const EDGE_MARKER = { type: MarkerType.ArrowClosed, width: 18, height: 18 };

/**
 * The React Flow canvas over the document slice: nodes and edges are derived from the document,
 * and every change React Flow reports is turned into a store action.
 */
export function Canvas() {
  const { store } = useServices();
  const graph = useAppStore((state) => state.document.graph);
  const measured = useAppStore((state) => state.measured);
  const selectedNodeIds = useAppStore((state) => state.selectedNodeIds);
  const selectedEdgeIds = useAppStore((state) => state.selectedEdgeIds);
  const documentRevision = useAppStore((state) => state.documentRevision);
  const { fitView } = useReactFlow();
  const { addAtScreenPoint } = useNodePlacement();

  const nodes = useMemo<NetFlowNode[]>(
    () =>
      graph.nodes.map((node) => ({
        id: node.id,
        type: 'net',
        position: node.position,
        data: { node },
        selected: selectedNodeIds.includes(node.id),
        measured: measured[node.id],
      })),
    [graph.nodes, measured, selectedNodeIds],
  );
  const edges = useMemo<NetFlowEdge[]>(
    () =>
      graph.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        selected: selectedEdgeIds.includes(edge.id),
        markerEnd: EDGE_MARKER,
      })),
    [graph.edges, selectedEdgeIds],
  );

  // A new or opened document is framed once React Flow has measured all its nodes: framing
  // unmeasured nodes treats them as points and leaves the rightmost card off screen.
  const framedRevision = useRef(documentRevision);
  useEffect(() => {
    if (framedRevision.current === documentRevision || !graph.nodes.every((node) => measured[node.id])) return;
    framedRevision.current = documentRevision;
    void fitView(FIT_VIEW_OPTIONS);
  }, [documentRevision, graph.nodes, measured, fitView]);

  const onNodesChange = useCallback(
    (changes: NodeChange<NetFlowNode>[]) => {
      const state = store.getState();
      const removed: string[] = [];
      for (const change of changes) {
        switch (change.type) {
          case 'position':
            if (change.position) state.moveNode(change.id, change.position);
            break;
          case 'dimensions':
            if (change.dimensions) state.setMeasured(change.id, change.dimensions);
            break;
          case 'select':
            state.setNodeSelected(change.id, change.selected);
            break;
          case 'remove':
            removed.push(change.id);
            break;
          case 'add':
          case 'replace':
            // Nodes are only created by store actions, never by React Flow itself.
            break;
          default:
            assertNever(change);
        }
      }
      state.removeElements({ nodeIds: removed });
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<NetFlowEdge>[]) => {
      const state = store.getState();
      const removed: string[] = [];
      for (const change of changes) {
        switch (change.type) {
          case 'select':
            state.setEdgeSelected(change.id, change.selected);
            break;
          case 'remove':
            removed.push(change.id);
            break;
          case 'add':
          case 'replace':
            // Edges are only created by `connect`, which checks the graph first.
            break;
          default:
            assertNever(change);
        }
      }
      state.removeElements({ edgeIds: removed });
    },
    [store],
  );

  const onConnect = useCallback((connection: Connection) => store.getState().connect(connection.source, connection.target), [store]);
  const isValidConnection = useCallback<IsValidConnection<NetFlowEdge>>(
    (connection) => connectionProblem(store.getState().document.graph, connection.source, connection.target) === null,
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (!isNodeKind(kind)) return;
      event.preventDefault();
      addAtScreenPoint(kind, { x: event.clientX, y: event.clientY });
    },
    [addAtScreenPoint],
  );

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow<NetFlowNode, NetFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={DELETE_KEYS}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        colorMode="light"
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
