import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import type { NodeKind } from '../../engine/document/types';
import type { Position } from '../document/graph';
import { useServices } from '../services';

/** The MIME type palette items carry while dragged, so the canvas ignores foreign drops. */
export const PALETTE_MIME = 'application/x-netoscope-node-kind';

/** About half a card, so a dropped node lands centred on the pointer rather than hanging from it. */
const CARD_HALF = { x: 90, y: 24 };
/** How far a node added at the centre steps aside when another already sits there. */
const STACK_OFFSET = 32;

export function isNodeKind(value: string): value is NodeKind {
  return Object.hasOwn(NODE_DEFINITIONS, value);
}

/** Adds palette nodes where the user dropped them, or at the centre of the visible canvas. */
export function useNodePlacement() {
  const { store } = useServices();
  const flowStore = useStoreApi();
  const { screenToFlowPosition } = useReactFlow();

  const addAtFlowPoint = useCallback(
    (kind: NodeKind, centre: Position) => {
      const taken = store.getState().document.graph.nodes.map((node) => node.position);
      const position = { x: centre.x - CARD_HALF.x, y: centre.y - CARD_HALF.y };
      while (taken.some((other) => Math.abs(other.x - position.x) < 8 && Math.abs(other.y - position.y) < 8)) {
        position.x += STACK_OFFSET;
        position.y += STACK_OFFSET;
      }
      return store.getState().addNode(kind, position);
    },
    [store],
  );

  const addAtScreenPoint = useCallback(
    (kind: NodeKind, screen: Position) => addAtFlowPoint(kind, screenToFlowPosition(screen)),
    [addAtFlowPoint, screenToFlowPosition],
  );

  const addAtViewportCentre = useCallback(
    (kind: NodeKind) => {
      const pane = flowStore.getState().domNode?.getBoundingClientRect();
      if (!pane) return null;
      return addAtScreenPoint(kind, { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
    },
    [addAtScreenPoint, flowStore],
  );

  return { addAtScreenPoint, addAtViewportCentre };
}
