import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import type { NodeKind } from '../../engine/document/types';
import type { Position } from '../document/graph';
import { useServices } from '../services';
import { canvasPointer } from './pointer';

/** The MIME type palette items carry while dragged, so the canvas ignores foreign drops. */
export const PALETTE_MIME = 'application/x-netoscope-node-kind';

/** About half a card, so a dropped node lands centred on the pointer rather than hanging from it. */
const CARD_HALF = { x: 90, y: 30 };
/** How far a node added at the centre steps aside when another already sits there. */
const STACK_OFFSET = 32;

export function isNodeKind(value: string): value is NodeKind {
  return Object.hasOwn(NODE_DEFINITIONS, value);
}

/** Adds palette nodes where the user dropped them, at the pointer, or at the centre of the visible canvas. */
export function useNodePlacement() {
  const { store } = useServices();
  const flowStore = useStoreApi();
  const { screenToFlowPosition } = useReactFlow();

  const addAtFlowPoint = useCallback(
    (kind: NodeKind, centre: Position, onEdge?: string) => {
      const taken = store.getState().document.graph.nodes.map((node) => node.position);
      const position = { x: Math.round(centre.x - CARD_HALF.x), y: Math.round(centre.y - CARD_HALF.y) };
      while (!onEdge && taken.some((other) => Math.abs(other.x - position.x) < 8 && Math.abs(other.y - position.y) < 8)) {
        position.x += STACK_OFFSET;
        position.y += STACK_OFFSET;
      }
      return store.getState().addNode(kind, position, onEdge);
    },
    [store],
  );

  const addAtScreenPoint = useCallback(
    (kind: NodeKind, screen: Position, onEdge?: string) => addAtFlowPoint(kind, screenToFlowPosition(screen), onEdge),
    [addAtFlowPoint, screenToFlowPosition],
  );

  const viewportCentre = useCallback((): Position | null => {
    const pane = flowStore.getState().domNode?.getBoundingClientRect();
    return pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : null;
  }, [flowStore]);

  const addAtViewportCentre = useCallback(
    (kind: NodeKind) => {
      const centre = viewportCentre();
      return centre ? addAtScreenPoint(kind, centre) : null;
    },
    [addAtScreenPoint, viewportCentre],
  );

  /** The pointer when it is over the canvas, else the centre of the view: where keyboard additions go. */
  const pointerOrCentre = useCallback((): Position | null => canvasPointer.client ?? viewportCentre(), [viewportCentre]);

  return { addAtScreenPoint, addAtViewportCentre, pointerOrCentre, screenToFlowPosition };
}
