import { DATASET_FIELDS, PREPROCESSING_FIELDS } from './datasets';
import { migrate, OLDEST_VERSION } from './migrate';
import { NODE_DEFINITIONS } from './nodes';
import { describeValue, isRecord } from './params';
import { INSTRUMENT_FIELDS, TRAINING_FIELDS } from './settings';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type NetDocument } from './types';
import { validateDocument, type DocumentProblem } from './validate';

export type { DocumentProblem } from './validate';

export const DOCUMENT_EXTENSION = '.netoscope';

export type ReadDocumentResult = { ok: true; document: NetDocument; migratedFrom?: number } | { ok: false; problems: DocumentProblem[] };

/**
 * Parses and checks the text of a `.netoscope` file. A document of an older version is
 * migrated first (`migratedFrom` says from which). Every problem is reported, each with its
 * JSON path and node id; nothing is dropped or defaulted: the document is returned as written.
 */
export function readDocument(text: string): ReadDocumentResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return failed('', `The file is not valid JSON (${(error as Error).message}).`);
  }
  if (!isRecord(value)) return failed('', `The file does not hold a Netoscope document (expected a JSON object, got ${describeValue(value)}).`);
  if (value.format !== DOCUMENT_FORMAT) return failed('format', `The file is not a Netoscope document (its format is ${describeValue(value.format)}, expected '${DOCUMENT_FORMAT}').`);
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_VERSION) {
    return failed('version', `The document version must be a whole number from ${OLDEST_VERSION} to ${DOCUMENT_VERSION} (got ${describeValue(version)}).`);
  }
  if (version > DOCUMENT_VERSION) {
    return failed('version', `The document was written by a newer Netoscope (format version ${version}); this one reads versions up to ${DOCUMENT_VERSION}. Update Netoscope to open it.`);
  }
  const migrated = migrate(value, version);
  if (!migrated.ok) return migrated;
  const problems = validateDocument(migrated.doc);
  if (problems.length > 0) return { ok: false, problems };
  const current = migrated.doc as unknown as NetDocument;
  return version === DOCUMENT_VERSION ? { ok: true, document: current } : { ok: true, document: current, migratedFrom: version };
}

function failed(path: string, message: string): ReadDocumentResult {
  return { ok: false, problems: [{ path, message }] };
}

/**
 * The document as `.netoscope` text: 2-space indented JSON with a final newline, keys in a
 * fixed order (known fields in the order of the format, then any others alphabetically), so
 * that saving an unchanged document gives the same bytes and a diff shows only what changed.
 */
export function writeDocument(doc: NetDocument): string {
  return `${JSON.stringify(ordered(doc), null, 2)}\n`;
}

const KEY_ORDER: readonly string[] = [
  ...['format', 'version', 'name', 'description', 'display', 'graph', 'dataset', 'training', 'instruments', 'variants'],
  ...['nodes', 'edges', 'id', 'kind', 'label', 'position', 'x', 'y', 'params', 'source', 'target'],
  ...Object.values(DATASET_FIELDS).flatMap((fields) => fields.map((field) => field.name)),
  ...['fileName', 'labelColumn', 'featureColumns', 'text'],
  ...PREPROCESSING_FIELDS.map((field) => field.name),
  ...TRAINING_FIELDS.map((field) => field.name),
  ...INSTRUMENT_FIELDS.map((field) => field.name),
  'percentiles',
  ...['patches', 'op', 'nodes', 'ids'],
  ...Object.values(NODE_DEFINITIONS).flatMap((definition) => definition.params.map((field) => field.name)),
];

const KEY_RANK = new Map<string, number>();
KEY_ORDER.forEach((key, rank) => {
  if (!KEY_RANK.has(key)) KEY_RANK.set(key, rank);
});

function compareKeys(a: string, b: string): number {
  const rankA = KEY_RANK.get(a) ?? Infinity;
  const rankB = KEY_RANK.get(b) ?? Infinity;
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort(compareKeys)
      .map((key) => [key, ordered(value[key])]),
  );
}
