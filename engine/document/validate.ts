import { DATASET_FIELDS, DATASET_KINDS, isDatasetKind, PREPROCESSING_FIELDS } from './datasets';
import { NODE_DEFINITIONS, NODE_KINDS, type ParamField } from './nodes';
import { describeValue, isRecord, paramProblem } from './params';
import { INSTRUMENT_FIELDS, MAX_PERCENTILES, TRAINING_FIELDS } from './settings';
import { DISPLAY_KINDS, DOCUMENT_FORMAT, DOCUMENT_VERSION, type DisplayKind, type NetDocument, type NodeKind, type TrainingSettings, type VariantPatchOp } from './types';

/**
 * Checking a document (current version) field by field: types, ranges, choices, required and
 * unknown fields, unique ids, edges and variant selectors naming existing nodes. Whether the
 * graph trains (cycles, widths, arity) is the compiler's business: an editor opens a network
 * that is still being wired.
 */

/** One thing wrong with a document, where it is, and on which node. */
export interface DocumentProblem {
  /** JSON path from the document's root, e.g. `graph.nodes[3].params.units`; '' for the root itself. */
  path: string;
  /** The node the problem is on, when it is on one. */
  nodeId?: string;
  message: string;
}

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

const DOCUMENT_KEYS: Record<keyof NetDocument, boolean> = {
  format: true,
  version: true,
  name: true,
  description: false,
  display: false,
  graph: true,
  dataset: true,
  training: true,
  instruments: false,
  variants: false,
};

const REQUIRED_TRAINING: Record<RequiredKeys<TrainingSettings>, true> = {
  optimizer: true,
  learningRate: true,
  batchSize: true,
  steps: true,
  seed: true,
  shuffle: true,
  reportEvery: true,
};

const CSV_TEXT_KEYS = ['fileName', 'text', 'labelColumn', 'featureColumns'] as const;

const PATCH_KEYS: Record<VariantPatchOp, readonly string[]> = {
  'set-params': ['op', 'nodes', 'params'],
  'remove-nodes': ['op', 'nodes'],
  'set-training': ['op', 'training'],
};

/** Nodes a variant may remove: one input, wired through to the consumers in their place. */
export const REMOVABLE_KINDS: readonly NodeKind[] = NODE_KINDS.filter((kind) => NODE_DEFINITIONS[kind].inputs === 1 && NODE_DEFINITIONS[kind].hasOutput);

/** The problems of a document of the current version; empty when it is valid. */
export function validateDocument(value: unknown): DocumentProblem[] {
  const check = new Checker();
  const doc = check.object(value, '', 'The document', DOCUMENT_KEYS);
  if (!doc) return check.problems;
  if (doc.format !== DOCUMENT_FORMAT) check.report('format', `The format must be '${DOCUMENT_FORMAT}' (got ${describeValue(doc.format)}).`);
  if (doc.version !== DOCUMENT_VERSION) check.report('version', `The version must be ${DOCUMENT_VERSION} (got ${describeValue(doc.version)}).`);
  if ('name' in doc) check.text(doc.name, 'name', 'The name', { nonEmpty: false });
  if ('description' in doc) check.text(doc.description, 'description', 'The description', { nonEmpty: false });
  if ('display' in doc) checkDisplay(check, doc.display);
  const kinds = 'graph' in doc ? checkGraph(check, doc.graph, 'graph') : new Map<string, NodeKind>();
  if ('dataset' in doc) checkDataset(check, doc.dataset);
  if ('training' in doc) checkTraining(check, doc.training);
  if ('instruments' in doc) checkInstruments(check, doc.instruments, 'instruments');
  if ('variants' in doc) checkVariants(check, doc.variants, kinds);
  return check.problems;
}

/** The problems of a `{ nodes, edges }` graph at `path` (a document's, or a clipboard fragment). */
export function validateGraph(value: unknown, path = 'graph'): DocumentProblem[] {
  const check = new Checker();
  checkGraph(check, value, path);
  return check.problems;
}

/** The problems of the instrument settings, with paths under `path`. */
export function validateInstruments(value: unknown, path = 'instruments'): DocumentProblem[] {
  const check = new Checker();
  checkInstruments(check, value, path);
  return check.problems;
}

/** `path` extended by an object key or an array index, as JSON paths are written. */
export function pathTo(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

class Checker {
  readonly problems: DocumentProblem[] = [];

  report(path: string, message: string, nodeId?: string): void {
    this.problems.push({ path, ...(nodeId !== undefined && { nodeId }), message });
  }

  /**
   * `value` as an object whose keys are all in `keys` (true = required); reports what is not.
   * `what` names the object at the start of a sentence ("The training settings").
   */
  object(value: unknown, path: string, what: string, keys: Readonly<Record<string, boolean>>, nodeId?: string): Record<string, unknown> | null {
    if (!isRecord(value)) {
      this.report(path, `${what} must be an object (got ${describeValue(value)}).`, nodeId);
      return null;
    }
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(keys, key)) this.report(pathTo(path, key), `${what}: unknown field '${key}'.${suggestion(key, Object.keys(keys))} ${UNKNOWN_FIELD_ADVICE}`, nodeId);
    }
    for (const [key, required] of Object.entries(keys)) {
      if (required && !(key in value)) this.report(pathTo(path, key), `${what}: '${key}' is required.`, nodeId);
    }
    return value;
  }

  /** Each present field of `fields` in `record` against its type and range. */
  fields(record: Record<string, unknown>, fields: readonly ParamField[], path: string, prefix: string, nodeId?: string): void {
    for (const field of fields) {
      if (!(field.name in record)) continue;
      const problem = paramProblem(field, record[field.name]);
      if (problem) this.report(pathTo(path, field.name), `${prefix}${field.label} ${problem}.`, nodeId);
    }
  }

  text(value: unknown, path: string, what: string, options: { nonEmpty: boolean }, nodeId?: string): value is string {
    if (typeof value === 'string' && (!options.nonEmpty || value.trim() !== '')) return true;
    this.report(path, `${what} must be a ${options.nonEmpty ? 'non-empty ' : ''}text (got ${describeValue(value)}).`, nodeId);
    return false;
  }

  list(value: unknown, path: string, what: string, options: { nonEmpty: boolean }): value is unknown[] {
    if (Array.isArray(value) && (!options.nonEmpty || value.length > 0)) return true;
    this.report(path, `${what} must be a ${options.nonEmpty ? 'non-empty ' : ''}list (got ${describeValue(value)}).`);
    return false;
  }
}

const UNKNOWN_FIELD_ADVICE = 'Remove it: this version of Netoscope does not read it, and dropping it silently could lose what it meant.';

/** " Did you mean 'learningRate'?" for a misspelt field, or ''. */
function suggestion(key: string, known: readonly string[]): string {
  // Up to two edits, fewer for short names: 'z' is no misspelling of 'x'.
  const allowed = Math.min(2, Math.floor((key.length - 1) / 2));
  const near = known.find((candidate) => editDistance(candidate.toLowerCase(), key.toLowerCase()) <= allowed);
  return near ? ` Did you mean '${near}'?` : '';
}

/** Levenshtein distance, for "did you mean" on a misspelt field. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** "Node 'a'" → "node 'a'", for the middle of a sentence. */
function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function checkDisplay(check: Checker, value: unknown): void {
  if (!check.list(value, 'display', 'The display', { nonEmpty: false })) return;
  const seen = new Set<unknown>();
  value.forEach((view, index) => {
    if (!DISPLAY_KINDS.includes(view as DisplayKind)) check.report(pathTo('display', index), `A display view must be one of ${DISPLAY_KINDS.join(', ')} (got ${describeValue(view)}).`);
    else if (seen.has(view)) check.report(pathTo('display', index), `The view '${view as string}' is listed twice.`);
    seen.add(view);
  });
}

// ---------------------------------------------------------------------------------------------
// Graph

const NODE_KEYS = { id: true, kind: true, params: true, position: true, label: false };
const EDGE_KEYS = { id: true, source: true, target: true };

/** Checks the graph; returns the kind of each node with a valid id and kind, for the variants. */
function checkGraph(check: Checker, value: unknown, path: string): Map<string, NodeKind> {
  const kinds = new Map<string, NodeKind>();
  const graph = check.object(value, path, 'The graph', { nodes: true, edges: true });
  if (!graph) return kinds;
  const ids = new Set<string>();
  const nodesPath = pathTo(path, 'nodes');
  if ('nodes' in graph && check.list(graph.nodes, nodesPath, 'The graph’s nodes', { nonEmpty: false })) {
    graph.nodes.forEach((raw, index) => {
      const nodePath = pathTo(nodesPath, index);
      const id = isRecord(raw) && typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined;
      const name = id === undefined ? `Node #${index + 1}` : `Node '${id}'`;
      const node = check.object(raw, nodePath, name, NODE_KEYS, id);
      if (!node) return;
      if (id === undefined) {
        if ('id' in node) check.report(pathTo(nodePath, 'id'), `${name}: the id must be a non-empty text (got ${describeValue(node.id)}).`);
      } else if (ids.has(id)) {
        check.report(pathTo(nodePath, 'id'), `Node id '${id}' is used by an earlier node; ids must be unique.`, id);
      } else {
        ids.add(id);
      }
      const kind = typeof node.kind === 'string' && Object.hasOwn(NODE_DEFINITIONS, node.kind) ? (node.kind as NodeKind) : null;
      if (!kind && 'kind' in node) check.report(pathTo(nodePath, 'kind'), `${name} has an unknown kind ${describeValue(node.kind)}: use one of ${NODE_KINDS.join(', ')}.`, id);
      if (kind && id !== undefined && !kinds.has(id)) kinds.set(id, kind);
      if ('label' in node) check.text(node.label, pathTo(nodePath, 'label'), `The label of ${lower(name)}`, { nonEmpty: false }, id);
      const position = 'position' in node ? check.object(node.position, pathTo(nodePath, 'position'), `The position of ${lower(name)}`, { x: true, y: true }, id) : null;
      for (const axis of ['x', 'y'] as const) {
        if (!position || !(axis in position)) continue;
        const coordinate = position[axis];
        if (typeof coordinate !== 'number' || !Number.isFinite(coordinate)) check.report(pathTo(pathTo(nodePath, 'position'), axis), `The position of ${lower(name)}: ${axis} must be a number (got ${describeValue(coordinate)}).`, id);
      }
      if (kind && 'params' in node) checkParams(check, node.params, pathTo(nodePath, 'params'), kind, `${NODE_DEFINITIONS[kind].title} ${id === undefined ? `#${index + 1}` : `'${id}'`}`, id);
      else if ('params' in node && !isRecord(node.params)) check.report(pathTo(nodePath, 'params'), `The params of ${lower(name)} must be an object (got ${describeValue(node.params)}).`, id);
    });
  }
  const edgesPath = pathTo(path, 'edges');
  if ('edges' in graph && check.list(graph.edges, edgesPath, 'The graph’s edges', { nonEmpty: false })) {
    const edgeIds = new Set<string>();
    graph.edges.forEach((raw, index) => {
      const edgePath = pathTo(edgesPath, index);
      const edge = check.object(raw, edgePath, `Edge #${index + 1}`, EDGE_KEYS);
      if (!edge) return;
      const name = typeof edge.id === 'string' && edge.id !== '' ? `Edge '${edge.id}'` : `Edge #${index + 1}`;
      if ('id' in edge && check.text(edge.id, pathTo(edgePath, 'id'), `The id of ${lower(name)}`, { nonEmpty: true })) {
        if (edgeIds.has(edge.id)) check.report(pathTo(edgePath, 'id'), `Edge id '${edge.id}' is used by an earlier edge; ids must be unique.`);
        edgeIds.add(edge.id);
      }
      const ends = (['source', 'target'] as const).filter((end) => end in edge && check.text(edge[end], pathTo(edgePath, end), `The ${end} of ${lower(name)}`, { nonEmpty: true }));
      const present = ends.map((end) => edge[end] as string).find((id) => ids.has(id));
      for (const end of ends) {
        const id = edge[end] as string;
        if (!ids.has(id)) check.report(pathTo(edgePath, end), `${name}: its ${end} '${id}' is not a node of the graph; delete the edge or add the node.`, present);
      }
    });
  }
  return kinds;
}

/** A node's params: every key a parameter of its kind, every value in its field's range. */
function checkParams(check: Checker, value: unknown, path: string, kind: NodeKind, name: string, nodeId: string | undefined): void {
  const fields = NODE_DEFINITIONS[kind].params as readonly ParamField[];
  const params = check.object(value, path, `The params of ${name}`, Object.fromEntries(fields.map((field) => [field.name, false])), nodeId);
  if (params) check.fields(params, fields, path, `${name}: `, nodeId);
}

// ---------------------------------------------------------------------------------------------
// Dataset, training, instruments

function checkDataset(check: Checker, value: unknown): void {
  const kind = isRecord(value) ? value.kind : undefined;
  if (isRecord(value) && !isDatasetKind(kind)) {
    check.report('dataset.kind', `The dataset kind must be one of ${DATASET_KINDS.join(', ')} (got ${describeValue(kind)}).`);
    return;
  }
  const fields = isDatasetKind(kind) ? DATASET_FIELDS[kind] : [];
  const keys: Record<string, boolean> = { kind: true, ...Object.fromEntries(fields.map((field) => [field.name, true])), ...Object.fromEntries(PREPROCESSING_FIELDS.map((field) => [field.name, false])) };
  if (kind === 'csv') Object.assign(keys, { fileName: true, text: true, labelColumn: true, featureColumns: false });
  const what = isDatasetKind(kind) ? `The ${kind} dataset` : 'The dataset';
  const dataset = check.object(value, 'dataset', what, keys);
  if (!dataset) return;
  check.fields(dataset, [...fields, ...PREPROCESSING_FIELDS], 'dataset', '', undefined);
  if (kind !== 'csv') return;
  for (const key of CSV_TEXT_KEYS) {
    if (!(key in dataset)) continue;
    const path = pathTo('dataset', key);
    if (key !== 'featureColumns') {
      check.text(dataset[key], path, `The CSV dataset: ${key}`, { nonEmpty: key !== 'fileName' });
    } else if (check.list(dataset[key], path, 'The CSV dataset: featureColumns', { nonEmpty: true })) {
      (dataset[key] as unknown[]).forEach((column, index) => check.text(column, pathTo(path, index), `Feature column #${index + 1}`, { nonEmpty: true }));
    }
  }
}

const TRAINING_KEYS: Record<string, boolean> = Object.fromEntries(TRAINING_FIELDS.map((field) => [field.name, Object.hasOwn(REQUIRED_TRAINING, field.name)]));

function checkTraining(check: Checker, value: unknown): void {
  const training = check.object(value, 'training', 'The training settings', TRAINING_KEYS);
  if (training) check.fields(training, TRAINING_FIELDS, 'training', '', undefined);
}

function checkInstruments(check: Checker, value: unknown, path: string): void {
  const keys = { ...Object.fromEntries(INSTRUMENT_FIELDS.map((field) => [field.name, false])), percentiles: false };
  const instruments = check.object(value, path, 'The instrument settings', keys);
  if (!instruments) return;
  check.fields(instruments, INSTRUMENT_FIELDS, path, '', undefined);
  if (!('percentiles' in instruments)) return;
  const percentilesPath = pathTo(path, 'percentiles');
  const ranks = instruments.percentiles;
  if (!check.list(ranks, percentilesPath, 'The percentiles', { nonEmpty: false })) return;
  if (ranks.length > MAX_PERCENTILES) check.report(percentilesPath, `At most ${MAX_PERCENTILES} percentiles can be measured (got ${ranks.length}).`);
  ranks.forEach((rank, index) => {
    if (typeof rank !== 'number' || !(rank >= 0 && rank <= 100)) check.report(pathTo(percentilesPath, index), `A percentile rank must be a number from 0 to 100 (got ${describeValue(rank)}).`);
  });
}

// ---------------------------------------------------------------------------------------------
// Variants

function checkVariants(check: Checker, value: unknown, kinds: ReadonlyMap<string, NodeKind>): void {
  if (!check.list(value, 'variants', 'The variants', { nonEmpty: false })) return;
  const names = new Set<string>();
  value.forEach((raw, index) => {
    const path = pathTo('variants', index);
    const variant = check.object(raw, path, `Variant #${index + 1}`, { name: true, patches: true });
    if (!variant) return;
    if ('name' in variant && check.text(variant.name, pathTo(path, 'name'), `The name of variant #${index + 1}`, { nonEmpty: true })) {
      if (names.has(variant.name)) check.report(pathTo(path, 'name'), `Variant name '${variant.name}' is used by an earlier variant; names must be unique.`);
      names.add(variant.name);
    }
    const name = typeof variant.name === 'string' ? `Variant '${variant.name}'` : `Variant #${index + 1}`;
    const patchesPath = pathTo(path, 'patches');
    if (!('patches' in variant) || !check.list(variant.patches, patchesPath, `The patches of ${lower(name)}`, { nonEmpty: false })) return;
    variant.patches.forEach((patch, patchIndex) => checkPatch(check, patch, pathTo(patchesPath, patchIndex), `${name}, patch #${patchIndex + 1}`, kinds));
  });
}

function checkPatch(check: Checker, value: unknown, path: string, name: string, kinds: ReadonlyMap<string, NodeKind>): void {
  const op = isRecord(value) ? value.op : undefined;
  if (!isRecord(value) || typeof op !== 'string' || !Object.hasOwn(PATCH_KEYS, op)) {
    if (isRecord(value)) check.report(pathTo(path, 'op'), `${name}: op must be one of ${Object.keys(PATCH_KEYS).join(', ')} (got ${describeValue(op)}).`);
    else check.report(path, `${name} must be an object (got ${describeValue(value)}).`);
    return;
  }
  const patchOp = op as VariantPatchOp;
  const patch = check.object(value, path, name, Object.fromEntries(PATCH_KEYS[patchOp].map((key) => [key, true])))!;
  switch (patchOp) {
    case 'set-params': {
      const selected = 'nodes' in patch ? checkSelector(check, patch.nodes, pathTo(path, 'nodes'), name, kinds) : null;
      if ('params' in patch) checkPatchParams(check, patch.params, pathTo(path, 'params'), name, selected);
      break;
    }
    case 'remove-nodes': {
      const selected = 'nodes' in patch ? checkSelector(check, patch.nodes, pathTo(path, 'nodes'), name, kinds) : null;
      const wrong = selected?.filter(({ kind }) => !REMOVABLE_KINDS.includes(kind)) ?? [];
      for (const { id, kind, path: at } of wrong) {
        check.report(at, `${name} cannot remove ${NODE_DEFINITIONS[kind].title} '${id}': only ${REMOVABLE_KINDS.map((each) => NODE_DEFINITIONS[each].title).join(', ')} nodes can be removed.`, id);
      }
      break;
    }
    case 'set-training': {
      if (!('training' in patch)) break;
      const trainingPath = pathTo(path, 'training');
      // The seed is a known field, refused with its own reason below.
      const keys = Object.fromEntries(TRAINING_FIELDS.map((field) => [field.name, false]));
      const training = check.object(patch.training, trainingPath, `${name}: the training`, keys);
      if (!training) break;
      if ('seed' in training) check.report(pathTo(trainingPath, 'seed'), `${name} changes the seed, which all variants share so that they see the same data and batches: remove it.`);
      if (Object.keys(training).length === 0) check.report(trainingPath, `${name} changes no training setting.`);
      check.fields(training, TRAINING_FIELDS.filter((field) => field.name !== 'seed'), trainingPath, `${name}: `, undefined);
      break;
    }
  }
}

interface SelectedNode {
  id: string;
  kind: NodeKind;
  /** Where the selector names it (the kind, or its entry in `ids`). */
  path: string;
}

/** The nodes a `{ kind }` or `{ ids }` selector picks; null when the selector is wrong. */
function checkSelector(check: Checker, value: unknown, path: string, name: string, kinds: ReadonlyMap<string, NodeKind>): SelectedNode[] | null {
  const selector = check.object(value, path, `${name}: the nodes`, { kind: false, ids: false });
  if (!selector) return null;
  const hasKind = 'kind' in selector;
  if (hasKind === 'ids' in selector) {
    check.report(path, `${name}: the nodes must name either a kind ({ "kind": "dense" }) or node ids ({ "ids": ["dense1"] }), not ${hasKind ? 'both' : 'neither'}.`);
    return null;
  }
  if (hasKind) {
    const kind = selector.kind;
    const kindPath = pathTo(path, 'kind');
    if (typeof kind !== 'string' || !Object.hasOwn(NODE_DEFINITIONS, kind)) {
      check.report(kindPath, `${name}: the node kind must be one of ${NODE_KINDS.join(', ')} (got ${describeValue(kind)}).`);
      return null;
    }
    const selected = [...kinds].filter(([, each]) => each === kind).map(([id]) => ({ id, kind: kind as NodeKind, path: kindPath }));
    if (selected.length === 0) check.report(kindPath, `${name} selects every ${NODE_DEFINITIONS[kind as NodeKind].title} node, but the graph has none.`);
    return selected;
  }
  const idsPath = pathTo(path, 'ids');
  if (!check.list(selector.ids, idsPath, `${name}: the node ids`, { nonEmpty: true })) return null;
  const selected: SelectedNode[] = [];
  selector.ids.forEach((id, index) => {
    const at = pathTo(idsPath, index);
    if (!check.text(id, at, `${name}: node id #${index + 1}`, { nonEmpty: true })) return;
    const kind = kinds.get(id);
    if (kind) selected.push({ id, kind, path: at });
    else check.report(at, `${name} names node '${id}', which is not in the graph.`);
  });
  return selected.length === selector.ids.length ? selected : null;
}

/** A set-params patch's params: each must be a parameter of every selected node's kind. */
function checkPatchParams(check: Checker, value: unknown, path: string, name: string, selected: readonly SelectedNode[] | null): void {
  if (!isRecord(value) || Object.keys(value).length === 0) {
    check.report(path, `${name}: the params must be an object with at least one parameter (got ${describeValue(value)}).`);
    return;
  }
  if (!selected) return;
  const selectedKinds = [...new Set(selected.map(({ kind }) => kind))];
  for (const [key, param] of Object.entries(value)) {
    for (const kind of selectedKinds) {
      const definition = NODE_DEFINITIONS[kind];
      const field = (definition.params as readonly ParamField[]).find((each) => each.name === key);
      const at = pathTo(path, key);
      const nodeId = selected.length === 1 ? selected[0].id : undefined;
      if (!field) {
        const known = definition.params.map((each) => each.name);
        check.report(at, `${name}: a ${definition.title} node has no parameter '${key}'.${suggestion(key, known)}`, nodeId);
        continue;
      }
      const problem = paramProblem(field, param);
      if (problem) check.report(at, `${name}: ${field.label} ${problem}.`, nodeId);
    }
  }
}
