import { newDocument as presetDocument } from '../../engine/document/defaults';
import type { DatasetSpec, NetDocument, NodeKind, ParamValue, TrainingSettings } from '../../engine/document/types';
import * as actions from '../document/actions';
import type { Action, Change } from '../document/actions';
import type { AlignMode, Size } from '../document/arrange';
import { blankDocument } from '../document/blank';
import { connectionProblem, type ConnectionProblem, type Fragment, type Position } from '../document/graph';
import { EMPTY_HISTORY, recorded, redone, sealed, undone, type History, type Snapshot } from '../document/history';
import { inferFacts } from '../document/shapes';
import type { AppSlice, AppState } from './types';

export type { Size };

export interface DocumentSlice {
  document: NetDocument;
  /** Where the document was opened from or last saved to; null until then. */
  documentPath: string | null;
  /** The document as last opened or saved: the document is dirty while it is another object. */
  savedDocument: NetDocument | null;
  /** Counts whole-document replacements (New, Open), so the canvas knows when to refit its view. */
  documentRevision: number;
  history: History;
  /** Sizes React Flow measured for each node: view state, never saved. */
  measured: Record<string, Size>;
  selectedNodeIds: string[];
  selectedEdgeIds: string[];

  /** Adds a node of `kind` with its default parameters (on `onEdge`, splitting it), selects it alone, and returns its id. */
  addNode(kind: NodeKind, position: Position, onEdge?: string): string;
  moveNodes(positions: Readonly<Record<string, Position>>): void;
  moveNode(nodeId: string, position: Position): void;
  /** Ends a gesture (a drag, typing into a field): the next change is a new undo step. */
  endGesture(): void;
  insertOnEdge(nodeId: string, edgeId: string): boolean;
  /** Why `source → target` cannot be wired now, or null. */
  connectionProblem(source: string, target: string): ConnectionProblem | null;
  /** Wires `source → target`; returns false (and changes nothing) when the graph forbids it. */
  connect(source: string, target: string): boolean;
  removeElements(elements: { nodeIds?: readonly string[]; edgeIds?: readonly string[] }): void;
  removeSelection(): void;
  updateParams(nodeId: string, patch: Record<string, ParamValue>): void;
  renameNode(nodeId: string, label: string): void;
  updateTraining(patch: Partial<TrainingSettings>): void;
  updateDataset(patch: Partial<DatasetSpec>): void;
  setDataset(dataset: DatasetSpec): void;
  renameDocument(name: string): void;
  paste(fragment: Fragment, offset: Position): boolean;
  duplicateSelection(): void;
  alignSelection(mode: AlignMode): void;
  autoLayout(): void;
  repeatSelection(count: number): boolean;
  select(nodeIds: readonly string[], edgeIds?: readonly string[]): void;
  selectAll(): void;
  setNodeSelected(nodeId: string, selected: boolean): void;
  setEdgeSelected(edgeId: string, selected: boolean): void;
  undo(): boolean;
  redo(): boolean;

  newDocument(): void;
  /** Replaces the document; `dirty` marks it unsaved (recovered work), otherwise it counts as saved. */
  loadDocument(document: NetDocument, path?: string | null, options?: { dirty?: boolean }): void;
  /** Records that `document` was written to `path`: it is the saved state from now on. */
  markSaved(document: NetDocument, path: string | null): void;
  setDocumentPath(path: string | null): void;
  setMeasured(nodeId: string, size: Size): void;
}

export function isDirty(state: Pick<AppState, 'document' | 'savedDocument'>): boolean {
  return state.document !== state.savedDocument;
}

export const createDocumentSlice: AppSlice<DocumentSlice> = (set, get) => {
  const snapshot = (state: AppState): Snapshot => ({ document: state.document, selectedNodeIds: state.selectedNodeIds, selectedEdgeIds: state.selectedEdgeIds });

  /** Applies an action's change and records it in history; false when the action changed nothing. */
  const run = <Input>(action: Action<Input>, input: Input): boolean => {
    const change: Change | null = action(get(), input);
    if (!change) return false;
    set((state) => ({
      ...(change.document && { document: change.document }),
      ...(change.selectedNodeIds && { selectedNodeIds: change.selectedNodeIds }),
      ...(change.selectedEdgeIds && { selectedEdgeIds: change.selectedEdgeIds }),
      history: change.history === 'skip' ? sealed(state.history) : recorded(state.history, snapshot(state), change.history),
    }));
    return true;
  };

  const restore = (step: { history: History; restore: Snapshot } | null): boolean => {
    if (!step) return false;
    const { document, selectedNodeIds, selectedEdgeIds } = step.restore;
    set({ document, selectedNodeIds, selectedEdgeIds, history: step.history });
    return true;
  };

  const widthOf = () => {
    const facts = inferFacts(get().document);
    return (nodeId: string) => facts[nodeId]?.width ?? null;
  };

  /** A fresh document clears everything that described the previous one, history included. */
  const replaceDocument = (document: NetDocument, path: string | null, dirty: boolean) =>
    set((state) => ({
      document,
      documentPath: path,
      savedDocument: dirty ? null : document,
      documentRevision: state.documentRevision + 1,
      history: EMPTY_HISTORY,
      measured: {},
      selectedNodeIds: [],
      selectedEdgeIds: [],
      compileErrors: [],
      errorsByNode: {},
      documentErrors: [],
    }));

  const initial = presetDocument();
  return {
    document: initial,
    documentPath: null,
    savedDocument: initial,
    documentRevision: 0,
    history: EMPTY_HISTORY,
    measured: {},
    selectedNodeIds: [],
    selectedEdgeIds: [],

    addNode(kind, position, onEdge) {
      run(actions.addNode, { kind, position, onEdge });
      return get().selectedNodeIds[0];
    },
    moveNodes(positions) {
      run(actions.moveNodes, { positions });
    },
    moveNode(nodeId, position) {
      run(actions.moveNodes, { positions: { [nodeId]: position } });
    },
    endGesture() {
      set((state) => ({ history: sealed(state.history) }));
    },
    insertOnEdge(nodeId, edgeId) {
      return run(actions.insertOnEdge, { nodeId, edgeId });
    },
    connectionProblem(source, target) {
      return connectionProblem(get().document.graph, source, target, widthOf());
    },
    connect(source, target) {
      return run(actions.connect, { source, target, widthOf: widthOf() });
    },
    removeElements(elements) {
      run(actions.removeElements, elements);
      const graph = get().document.graph;
      const measured = Object.fromEntries(Object.entries(get().measured).filter(([id]) => graph.nodes.some((node) => node.id === id)));
      if (Object.keys(measured).length !== Object.keys(get().measured).length) set({ measured });
    },
    removeSelection() {
      get().removeElements({ nodeIds: get().selectedNodeIds, edgeIds: get().selectedEdgeIds });
    },
    updateParams(nodeId, patch) {
      run(actions.updateParams, { nodeId, patch });
    },
    renameNode(nodeId, label) {
      run(actions.renameNode, { nodeId, label });
    },
    updateTraining(patch) {
      run(actions.updateTraining, patch);
    },
    updateDataset(patch) {
      run(actions.updateDataset, patch);
    },
    setDataset(dataset) {
      run(actions.setDataset, dataset);
    },
    renameDocument(name) {
      run(actions.renameDocument, name);
    },
    paste(fragment, offset) {
      return run(actions.paste, { fragment, offset });
    },
    duplicateSelection() {
      run(actions.duplicateSelection, undefined);
    },
    alignSelection(mode) {
      run(actions.alignSelection, { mode, sizes: get().measured });
    },
    autoLayout() {
      run(actions.autoLayout, { sizes: get().measured });
    },
    repeatSelection(count) {
      return run(actions.repeatSelection, { count, sizes: get().measured });
    },
    select(nodeIds, edgeIds = []) {
      run(actions.select, { nodeIds, edgeIds });
    },
    selectAll() {
      run(actions.selectAll, undefined);
    },
    setNodeSelected(nodeId, selected) {
      const { selectedNodeIds, selectedEdgeIds } = get();
      if (selectedNodeIds.includes(nodeId) === selected) return;
      run(actions.select, { nodeIds: selected ? [...selectedNodeIds, nodeId] : selectedNodeIds.filter((id) => id !== nodeId), edgeIds: selectedEdgeIds });
    },
    setEdgeSelected(edgeId, selected) {
      const { selectedNodeIds, selectedEdgeIds } = get();
      if (selectedEdgeIds.includes(edgeId) === selected) return;
      run(actions.select, { nodeIds: selectedNodeIds, edgeIds: selected ? [...selectedEdgeIds, edgeId] : selectedEdgeIds.filter((id) => id !== edgeId) });
    },
    undo() {
      return restore(undone(get().history, snapshot(get())));
    },
    redo() {
      return restore(redone(get().history, snapshot(get())));
    },

    newDocument() {
      replaceDocument(blankDocument(), null, false);
    },
    loadDocument(document, path = null, options = {}) {
      replaceDocument(document, path, options.dirty ?? false);
    },
    markSaved(document, path) {
      set({ savedDocument: document, documentPath: path });
    },
    setDocumentPath(path) {
      set({ documentPath: path });
    },
    setMeasured(nodeId, size) {
      const current = get().measured[nodeId];
      if (current && current.width === size.width && current.height === size.height) return;
      set((state) => ({ measured: { ...state.measured, [nodeId]: { width: size.width, height: size.height } } }));
    },
  };
};
