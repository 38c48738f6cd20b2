import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore as useFlowStore,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type PointerEvent } from 'react';
import type { GraphEdge, GraphNode } from '../../engine/document/types';
import type { Size } from '../document/arrange';
import type { Position } from '../document/graph';
import { shapeLabel } from '../document/shapes';
import type { NetFlowEdge, NetFlowNode } from '../nodes/flowTypes';
import { NetNodeCard } from '../nodes/NetNodeCard';
import { useT } from '../i18n';
import { CanvasOverlayContext, useCanvasOverlayStore } from '../instruments/overlays';
import { useAppStore, useServices } from '../services';
import { CanvasRunBadge } from './CanvasRunBadge';
import { ConnectionHint } from './ConnectionHint';
import { NetEdge } from './NetEdge';
import { PALETTE_MIME, isNodeKind, useNodePlacement } from './placement';
import { canvasPointer, edgeAtPoint } from './pointer';

const nodeTypes = { net: NetNodeCard } satisfies NodeTypes;
const edgeTypes = { net: NetEdge } satisfies EdgeTypes;
const FIT_VIEW_OPTIONS = { padding: 0.08, maxZoom: 1 };
const EDGE_MARKER = { type: MarkerType.ArrowClosed, width: 18, height: 18 };
export const GRID = 16;
const SNAP_GRID: [number, number] = [GRID, GRID];
/** Below this zoom cards drop their details and enlarge their titles, so a projector still shows them. */
const FAR_ZOOM = 0.55;
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const LABEL_PADDING: [number, number] = [6, 3];

/**
 * React Flow objects are rebuilt only for document nodes and edges that changed, so dragging one
 * card of three hundred re-renders one card. Keyed by the document's own (immutable) objects.
 */
const flowNodes = new WeakMap<GraphNode, NetFlowNode>();
const flowEdges = new WeakMap<GraphEdge, NetFlowEdge>();

function flowNode(node: GraphNode, selected: boolean, measured: Size | undefined): NetFlowNode {
  const cached = flowNodes.get(node);
  if (cached && cached.selected === selected && cached.measured === measured) return cached;
  const created: NetFlowNode = { id: node.id, type: 'net', position: node.position, data: { node }, selected, measured };
  flowNodes.set(node, created);
  return created;
}

function flowEdge(edge: GraphEdge, selected: boolean, label: string | null, dropTarget: boolean): NetFlowEdge {
  const className = dropTarget ? 'net-edge net-edge--drop-target' : 'net-edge';
  const cached = flowEdges.get(edge);
  if (cached && cached.selected === selected && (cached.label ?? null) === label && cached.className === className) return cached;
  const created: NetFlowEdge = {
    id: edge.id,
    type: 'net',
    source: edge.source,
    target: edge.target,
    selected,
    className,
    markerEnd: EDGE_MARKER,
    ...(label && { label, labelShowBg: true, labelBgPadding: LABEL_PADDING, labelBgBorderRadius: 4 }),
  };
  flowEdges.set(edge, created);
  return created;
}

/**
 * The React Flow canvas over the document slice: nodes and edges are derived from the document,
 * and every change React Flow reports becomes one store action (one drag, one undo step).
 */
export function Canvas() {
  const { store } = useServices();
  const overlay = useCanvasOverlayStore(store);
  const t = useT();
  const graph = useAppStore((state) => state.document.graph);
  const batchSize = useAppStore((state) => state.document.training.batchSize);
  const measured = useAppStore((state) => state.measured);
  const nodeFacts = useAppStore((state) => state.nodeFacts);
  const selectedNodeIds = useAppStore((state) => state.selectedNodeIds);
  const selectedEdgeIds = useAppStore((state) => state.selectedEdgeIds);
  const documentRevision = useAppStore((state) => state.documentRevision);
  const preferences = useAppStore((state) => state.preferences);
  const far = useFlowStore((state) => state.transform[2] < FAR_ZOOM);
  const { fitView } = useReactFlow();
  const { addAtScreenPoint } = useNodePlacement();
  const [dropEdgeId, setDropEdgeId] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const onMoveStart = useCallback(() => setMoving(true), []);
  const onMoveEnd = useCallback(() => setMoving(false), []);

  const nodes = useMemo<NetFlowNode[]>(() => {
    const selected = new Set(selectedNodeIds);
    return graph.nodes.map((node) => flowNode(node, selected.has(node.id), measured[node.id]));
  }, [graph.nodes, measured, selectedNodeIds]);
  const edges = useMemo<NetFlowEdge[]>(() => {
    const selected = new Set(selectedEdgeIds);
    return graph.edges.map((edge) => flowEdge(edge, selected.has(edge.id), shapeLabel(batchSize, nodeFacts[edge.source]?.width ?? null), edge.id === dropEdgeId));
  }, [graph.edges, selectedEdgeIds, batchSize, nodeFacts, dropEdgeId]);

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
      const positions: Record<string, Position> = {};
      const selection = new Set(state.selectedNodeIds);
      let selectionChanged = false;
      for (const change of changes) {
        switch (change.type) {
          case 'position':
            if (change.position) positions[change.id] = change.position;
            break;
          case 'dimensions':
            if (change.dimensions) state.setMeasured(change.id, change.dimensions);
            break;
          case 'select':
            selectionChanged = true;
            if (change.selected) selection.add(change.id);
            else selection.delete(change.id);
            break;
          case 'remove':
          case 'add':
          case 'replace':
            // Nodes are created and deleted only by store actions (Delete is our own shortcut).
            break;
        }
      }
      if (Object.keys(positions).length > 0) state.moveNodes(positions);
      if (selectionChanged) state.select([...selection], store.getState().selectedEdgeIds);
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<NetFlowEdge>[]) => {
      const state = store.getState();
      const selection = new Set(state.selectedEdgeIds);
      let selectionChanged = false;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        selectionChanged = true;
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      }
      if (selectionChanged) state.select(store.getState().selectedNodeIds, [...selection]);
    },
    [store],
  );

  /** A drag is one undo step; an unwired card dropped onto a wire is inserted into it. */
  const onNodeDragStop = useCallback<OnNodeDrag<NetFlowNode>>(
    (_event, node, dragged) => {
      const state = store.getState();
      state.endGesture();
      if (dragged.length !== 1 || state.document.graph.edges.some((edge) => edge.source === node.id || edge.target === node.id)) return;
      const element = document.querySelector(`.react-flow__node[data-id="${CSS.escape(node.id)}"]`);
      const box = element?.getBoundingClientRect();
      const edge = box && edgeAtPoint({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
      if (edge) state.insertOnEdge(node.id, edge);
    },
    [store],
  );

  const onSelectionDragStop = useCallback(() => store.getState().endGesture(), [store]);

  const onConnect = useCallback((connection: Connection) => store.getState().connect(connection.source, connection.target), [store]);
  const isValidConnection = useCallback<IsValidConnection<NetFlowEdge>>(
    (connection) => store.getState().connectionProblem(connection.source, connection.target) === null,
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const edge = edgeAtPoint({ x: event.clientX, y: event.clientY });
    setDropEdgeId((current) => (current === edge ? current : edge));
  }, []);
  const onDragLeave = useCallback(() => setDropEdgeId(null), []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      setDropEdgeId(null);
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (!isNodeKind(kind)) return;
      event.preventDefault();
      const point = { x: event.clientX, y: event.clientY };
      addAtScreenPoint(kind, point, edgeAtPoint(point) ?? undefined);
    },
    [addAtScreenPoint],
  );

  const onPointerMove = useCallback((event: PointerEvent) => {
    canvasPointer.client = { x: event.clientX, y: event.clientY };
  }, []);
  const onPointerLeave = useCallback(() => {
    canvasPointer.client = null;
  }, []);

  return (
    <CanvasOverlayContext.Provider value={overlay}>
      <div
        className={['canvas', far && 'canvas--far', moving && 'canvas--moving'].filter(Boolean).join(' ')}
        data-testid="canvas"
        aria-label={t.canvas.label}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
      >
        <ReactFlow<NetFlowNode, NetFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onSelectionDragStop={onSelectionDragStop}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          onDragOver={onDragOver}
          onDragLeave={onDragLeave}
          onDrop={onDrop}
          onMoveStart={onMoveStart}
          onMoveEnd={onMoveEnd}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          snapToGrid={preferences.snapToGrid}
          snapGrid={SNAP_GRID}
          minZoom={0.1}
          fitView
          fitViewOptions={FIT_VIEW_OPTIONS}
          colorMode={preferences.theme}
        >
          <Background gap={GRID * 2} variant={BackgroundVariant.Dots} />
          <Controls showInteractive={false} />
          {preferences.showMinimap && <MiniMap pannable zoomable ariaLabel={null} className="net-minimap" />}
        </ReactFlow>
        <ConnectionHint />
        <CanvasRunBadge />
      </div>
    </CanvasOverlayContext.Provider>
  );
}
