import type { DatasetSpec, NetDocument, NodeKind, ParamValue, TrainingSettings } from '../../engine/document/types';
import { alignedPositions, layeredPositions, type AlignMode, type Sizes } from './arrange';
import {
  createNode,
  fragmentOf,
  withEdge,
  withFragment,
  withLabel,
  withNodeOnEdge,
  withoutElements,
  withParams,
  withPositions,
  type Fragment,
  type Position,
  type WidthOf,
} from './graph';
import type { HistoryMode } from './history';
import { MAX_REPEATS, withRepeats } from './repeat';

/**
 * The editor's commands, Excalidraw style: each is a pure function of the editor state and its
 * input, returning what changes and how the change enters undo history, or null when it changes
 * nothing. The store applies them (store/documentSlice.ts); tests call both.
 */
export interface EditorState {
  document: NetDocument;
  selectedNodeIds: readonly string[];
  selectedEdgeIds: readonly string[];
}

export interface Change {
  document?: NetDocument;
  selectedNodeIds?: string[];
  selectedEdgeIds?: string[];
  history: HistoryMode;
}

export type Action<Input> = (state: EditorState, input: Input) => Change | null;

/** Where duplicates land relative to their originals, in canvas units. */
export const DUPLICATE_OFFSET: Position = { x: 40, y: 40 };

function withGraph(state: EditorState, graph: NetDocument['graph']): NetDocument | null {
  return graph === state.document.graph ? null : { ...state.document, graph };
}

export const addNode: Action<{ kind: NodeKind; position: Position; onEdge?: string }> = (state, { kind, position, onEdge }) => {
  const node = createNode(state.document.graph, kind, position);
  let graph = { nodes: [...state.document.graph.nodes, node], edges: state.document.graph.edges };
  if (onEdge) graph = withNodeOnEdge(graph, onEdge, node.id);
  return { document: { ...state.document, graph }, selectedNodeIds: [node.id], selectedEdgeIds: [], history: 'step' };
};

/** One drag of one set of nodes is one step, however many moves it makes. */
export const moveNodes: Action<{ positions: Readonly<Record<string, Position>> }> = (state, { positions }) => {
  const document = withGraph(state, withPositions(state.document.graph, positions));
  return document && { document, history: { merge: `move:${Object.keys(positions).sort().join(',')}` } };
};

/** Drops an unwired node onto a wire: the wire now runs through it. */
export const insertOnEdge: Action<{ nodeId: string; edgeId: string }> = (state, { nodeId, edgeId }) => {
  const document = withGraph(state, withNodeOnEdge(state.document.graph, edgeId, nodeId));
  return document && { document, history: 'step' };
};

export const connect: Action<{ source: string; target: string; widthOf?: WidthOf }> = (state, { source, target, widthOf }) => {
  const document = withGraph(state, withEdge(state.document.graph, source, target, widthOf));
  return document && { document, history: 'step' };
};

export const removeElements: Action<{ nodeIds?: readonly string[]; edgeIds?: readonly string[] }> = (state, { nodeIds = [], edgeIds = [] }) => {
  const graph = withoutElements(state.document.graph, nodeIds, edgeIds);
  const document = withGraph(state, graph);
  if (!document) return null;
  return {
    document,
    selectedNodeIds: state.selectedNodeIds.filter((id) => graph.nodes.some((node) => node.id === id)),
    selectedEdgeIds: state.selectedEdgeIds.filter((id) => graph.edges.some((edge) => edge.id === id)),
    history: 'step',
  };
};

export const removeSelection: Action<void> = (state) => removeElements(state, { nodeIds: state.selectedNodeIds, edgeIds: state.selectedEdgeIds });

/** Typing into one field is one step: the key names the node and the fields. */
export const updateParams: Action<{ nodeId: string; patch: Record<string, ParamValue> }> = (state, { nodeId, patch }) => {
  const document = withGraph(state, withParams(state.document.graph, nodeId, patch));
  return document && { document, history: { merge: `params:${nodeId}:${Object.keys(patch).sort().join(',')}` } };
};

export const renameNode: Action<{ nodeId: string; label: string }> = (state, { nodeId, label }) => {
  const document = withGraph(state, withLabel(state.document.graph, nodeId, label));
  return document && { document, history: { merge: `label:${nodeId}` } };
};

function changedKeys<T extends object>(current: T, patch: Partial<T>): string[] {
  return (Object.keys(patch) as (keyof T)[]).filter((key) => current[key] !== patch[key]).map(String);
}

export const updateTraining: Action<Partial<TrainingSettings>> = (state, patch) => {
  const keys = changedKeys(state.document.training, patch);
  if (keys.length === 0) return null;
  return { document: { ...state.document, training: { ...state.document.training, ...patch } }, history: { merge: `training:${keys.sort().join(',')}` } };
};

export const updateDataset: Action<Partial<DatasetSpec>> = (state, patch) => {
  const keys = changedKeys(state.document.dataset, patch);
  if (keys.length === 0) return null;
  return { document: { ...state.document, dataset: { ...state.document.dataset, ...patch } as DatasetSpec }, history: { merge: `dataset:${keys.sort().join(',')}` } };
};

/** Another dataset altogether (another kind): one step. */
export const setDataset: Action<DatasetSpec> = (state, dataset) => (dataset === state.document.dataset ? null : { document: { ...state.document, dataset }, history: 'step' });

export const renameDocument: Action<string> = (state, name) =>
  name === state.document.name ? null : { document: { ...state.document, name }, history: { merge: 'name' } };

/** Adds a copy of `fragment` (from this or another document) moved by `offset`, and selects the copy. */
export const paste: Action<{ fragment: Fragment; offset: Position }> = (state, { fragment, offset }) => {
  if (fragment.nodes.length === 0) return null;
  const { graph, ids } = withFragment(state.document.graph, fragment, offset);
  return { document: { ...state.document, graph }, selectedNodeIds: ids, selectedEdgeIds: [], history: 'step' };
};

export const duplicateSelection: Action<void> = (state) => paste(state, { fragment: fragmentOf(state.document.graph, state.selectedNodeIds), offset: DUPLICATE_OFFSET });

export const alignSelection: Action<{ mode: AlignMode; sizes: Sizes }> = (state, { mode, sizes }) => {
  const document = withGraph(state, withPositions(state.document.graph, alignedPositions(state.document.graph, state.selectedNodeIds, mode, sizes)));
  return document && { document, history: 'step' };
};

export const autoLayout: Action<{ sizes: Sizes }> = (state, { sizes }) => {
  const document = withGraph(state, withPositions(state.document.graph, layeredPositions(state.document.graph, sizes)));
  return document && { document, history: 'step' };
};

/** Repeats the selected chain `count` times (see repeat.ts) and selects the copies. */
export const repeatSelection: Action<{ count: number; sizes: Sizes }> = (state, { count, sizes }) => {
  if (!Number.isInteger(count) || count < 1 || count > MAX_REPEATS) return null;
  const repeated = withRepeats(state.document.graph, state.selectedNodeIds, count, sizes);
  if ('problem' in repeated) return null;
  return { document: { ...state.document, graph: repeated.graph }, selectedNodeIds: repeated.ids, selectedEdgeIds: [], history: 'step' };
};

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/** Selection is view state: it never enters history by itself (undo restores it with the document). */
export const select: Action<{ nodeIds: readonly string[]; edgeIds: readonly string[] }> = (state, { nodeIds, edgeIds }) => {
  if (sameIds(state.selectedNodeIds, nodeIds) && sameIds(state.selectedEdgeIds, edgeIds)) return null;
  return { selectedNodeIds: [...nodeIds], selectedEdgeIds: [...edgeIds], history: 'skip' };
};

export const selectAll: Action<void> = (state) =>
  select(state, { nodeIds: state.document.graph.nodes.map((node) => node.id), edgeIds: state.document.graph.edges.map((edge) => edge.id) });
