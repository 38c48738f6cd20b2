import type { Fragment } from './graph';
import { graphProblem, isRecord } from './file';

/**
 * Copied nodes travel as JSON text on the system clipboard, so they paste into another document
 * or another window, and a text editor shows what was copied.
 */
export const CLIPBOARD_FORMAT = 'netoscope-nodes';
const CLIPBOARD_VERSION = 1;

export function writeClipboard(fragment: Fragment): string {
  return JSON.stringify({ format: CLIPBOARD_FORMAT, version: CLIPBOARD_VERSION, nodes: fragment.nodes, edges: fragment.edges });
}

/** The fragment in a clipboard text, or null when the text is something else (any other copy). */
export function readClipboard(text: string): Fragment | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.format !== CLIPBOARD_FORMAT || value.version !== CLIPBOARD_VERSION) return null;
  const graph = { nodes: value.nodes, edges: value.edges };
  return graphProblem(graph) === null ? (graph as Fragment) : null;
}
