import { DOCUMENT_EXTENSION, readDocument as readNetDocument, writeDocument, type DocumentProblem } from '../../engine/document/read';
import type { NetDocument } from '../../engine/document/types';
import { validateGraph } from '../../engine/document/validate';

/**
 * `.netoscope` files: engine/document/read.ts parses, migrates and validates them (every problem
 * with its JSON path and node id) and writes them in a stable key order; this module adds what
 * the editor shows and names.
 */

export { DOCUMENT_EXTENSION, writeDocument };

export type ReadResult =
  | { ok: true; document: NetDocument; migratedFrom?: number }
  /** `message` sums up `problems` for a notice. */
  | { ok: false; message: string; problems: DocumentProblem[] };

/** Problems listed in a notice; the rest are counted. */
const LISTED_PROBLEMS = 5;

export function readDocument(text: string): ReadResult {
  const read = readNetDocument(text);
  return read.ok ? read : { ok: false, message: describeProblems(read.problems), problems: read.problems };
}

/** One line per problem ("graph.nodes[2].params.units: …"), the first few only. */
export function describeProblems(problems: readonly DocumentProblem[]): string {
  const lines = problems.slice(0, LISTED_PROBLEMS).map(({ path, message }) => (path === '' ? message : `${path}: ${message}`));
  const more = problems.length - LISTED_PROBLEMS;
  if (more > 0) lines.push(`… and ${more} more ${more === 1 ? 'problem' : 'problems'}.`);
  return lines.join('\n');
}

export function suggestedFileName(document: NetDocument): string {
  const safeName = document.name.replace(/[\\/:*?"<>|]/g, '_').trim() || 'Untitled';
  return `${safeName}${DOCUMENT_EXTENSION}`;
}

/** The last segment of a path, with either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `value` is not a `{ nodes, edges }` graph the editor can show (a pasted fragment), or null. */
export function graphProblem(graph: unknown): string | null {
  const problems = validateGraph(graph, '');
  return problems.length === 0 ? null : describeProblems(problems);
}
