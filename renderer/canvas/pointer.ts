import type { Position } from '../document/graph';

/**
 * Where the pointer last was over the canvas, in screen coordinates, or null once it left:
 * paste and the add-a-node search put things there. Read on demand, never rendered, so it lives
 * outside the store and costs nothing while the mouse moves.
 */
export const canvasPointer: { client: Position | null } = { client: null };

/** The id of the wire under a screen point, if any (dropping a layer there inserts it). */
export function edgeAtPoint(point: Position): string | null {
  for (const element of document.elementsFromPoint(point.x, point.y)) {
    const edge = element.closest('.react-flow__edge');
    const id = edge?.getAttribute('data-id');
    if (id) return id;
  }
  return null;
}
