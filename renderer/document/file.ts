import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type NetDocument } from '../../engine/document/types';

/**
 * `.netoscope` files are the JSON text of a NetDocument. Reading checks the format, the version
 * and the shape the editor relies on; whether the graph trains is the compiler's business.
 */

export const DOCUMENT_EXTENSION = '.netoscope';

export type ReadResult = { ok: true; document: NetDocument } | { ok: false; message: string };

export function writeDocument(document: NetDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function suggestedFileName(document: NetDocument): string {
  const safeName = document.name.replace(/[\\/:*?"<>|]/g, '_').trim() || 'Untitled';
  return `${safeName}${DOCUMENT_EXTENSION}`;
}

/** The last segment of a path, with either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function readDocument(text: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not valid JSON (${(error as Error).message}).` };
  }
  const problem = shapeProblem(value);
  return problem === null ? { ok: true, document: value as NetDocument } : { ok: false, message: problem };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function shapeProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'The file does not hold a Netoscope document (expected a JSON object).';
  if (value.format !== DOCUMENT_FORMAT) return `The file is not a Netoscope document (its "format" is ${JSON.stringify(value.format)}, expected "${DOCUMENT_FORMAT}").`;
  if (value.version !== DOCUMENT_VERSION) return `Document version ${JSON.stringify(value.version)} is not supported: this Netoscope reads version ${DOCUMENT_VERSION}.`;
  if (typeof value.name !== 'string') return 'The document has no "name".';
  if (!isRecord(value.dataset)) return 'The document has no "dataset" settings.';
  if (!isRecord(value.training)) return 'The document has no "training" settings.';
  const graph = value.graph;
  if (!isRecord(graph) || !Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) return 'The document has no "graph" with "nodes" and "edges" lists.';
  const ids = new Set<string>();
  for (const [index, node] of graph.nodes.entries()) {
    if (!isRecord(node) || typeof node.id !== 'string') return `Node #${index + 1} has no "id".`;
    if (ids.has(node.id)) return `Node id "${node.id}" is used twice.`;
    ids.add(node.id);
    if (typeof node.kind !== 'string' || !Object.hasOwn(NODE_DEFINITIONS, node.kind)) return `Node "${node.id}" has an unknown kind ${JSON.stringify(node.kind)}.`;
    if (!isRecord(node.params)) return `Node "${node.id}" has no "params" object.`;
    if (!isRecord(node.position) || !isFiniteNumber(node.position.x) || !isFiniteNumber(node.position.y)) return `Node "${node.id}" has no valid "position".`;
  }
  for (const [index, edge] of graph.edges.entries()) {
    if (!isRecord(edge) || typeof edge.id !== 'string' || typeof edge.source !== 'string' || typeof edge.target !== 'string') return `Edge #${index + 1} needs string "id", "source" and "target".`;
    if (!ids.has(edge.source) || !ids.has(edge.target)) return `Edge "${edge.id}" connects a node that does not exist.`;
  }
  return null;
}
