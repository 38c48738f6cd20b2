import { newDocument as presetDocument } from '../../engine/document/defaults';
import type { NetDocument, NodeKind, ParamValue, TrainingSettings } from '../../engine/document/types';
import { blankDocument } from '../document/blank';
import { createNode, withEdge, withNodeMoved, withoutElements, withParams, type Position } from '../document/graph';
import type { AppSlice } from './types';

export interface Size {
  width: number;
  height: number;
}

export interface DocumentSlice {
  document: NetDocument;
  /** Where the document was opened from or last saved to; null until then. */
  documentPath: string | null;
  /** Counts whole-document replacements (New, Open), so the canvas knows when to refit its view. */
  documentRevision: number;
  /** Sizes React Flow measured for each node: view state, never saved. */
  measured: Record<string, Size>;
  selectedNodeIds: string[];
  selectedEdgeIds: string[];

  /** Adds a node of `kind` with its default parameters, selects it alone, and returns its id. */
  addNode(kind: NodeKind, position: Position): string;
  moveNode(nodeId: string, position: Position): void;
  /** Wires `source → target`; returns false (and changes nothing) when the graph forbids it. */
  connect(source: string, target: string): boolean;
  removeElements(elements: { nodeIds?: readonly string[]; edgeIds?: readonly string[] }): void;
  updateParams(nodeId: string, patch: Record<string, ParamValue>): void;
  updateTraining(patch: Partial<TrainingSettings>): void;
  renameDocument(name: string): void;
  newDocument(): void;
  loadDocument(document: NetDocument, path?: string | null): void;
  setDocumentPath(path: string | null): void;
  setMeasured(nodeId: string, size: Size): void;
  setNodeSelected(nodeId: string, selected: boolean): void;
  setEdgeSelected(edgeId: string, selected: boolean): void;
}

/** The same array when nothing changes, so selectors comparing by identity stay quiet. */
function toggled(ids: string[], id: string, selected: boolean): string[] {
  if (ids.includes(id) === selected) return ids;
  return selected ? [...ids, id] : ids.filter((existing) => existing !== id);
}

export const createDocumentSlice: AppSlice<DocumentSlice> = (set, get) => {
  /** A fresh document clears everything that described the previous one. */
  const replaceDocument = (document: NetDocument, path: string | null) =>
    set((state) => ({
      document,
      documentPath: path,
      documentRevision: state.documentRevision + 1,
      measured: {},
      selectedNodeIds: [],
      selectedEdgeIds: [],
      compileErrors: [],
      errorsByNode: {},
      documentErrors: [],
    }));
  const setGraph = (update: (document: NetDocument) => NetDocument['graph']) =>
    set((state) => {
      const graph = update(state.document);
      return graph === state.document.graph ? state : { document: { ...state.document, graph } };
    });

  return {
    document: presetDocument(),
    documentPath: null,
    documentRevision: 0,
    measured: {},
    selectedNodeIds: [],
    selectedEdgeIds: [],

    addNode(kind, position) {
      const node = createNode(get().document.graph, kind, position);
      set((state) => ({
        document: { ...state.document, graph: { nodes: [...state.document.graph.nodes, node], edges: state.document.graph.edges } },
        selectedNodeIds: [node.id],
        selectedEdgeIds: [],
      }));
      return node.id;
    },
    moveNode(nodeId, position) {
      setGraph((document) => withNodeMoved(document.graph, nodeId, position));
    },
    connect(source, target) {
      const before = get().document.graph;
      setGraph((document) => withEdge(document.graph, source, target));
      return get().document.graph !== before;
    },
    removeElements({ nodeIds = [], edgeIds = [] }) {
      if (nodeIds.length === 0 && edgeIds.length === 0) return;
      setGraph((document) => withoutElements(document.graph, nodeIds, edgeIds));
      set((state) => {
        const { nodes, edges } = state.document.graph;
        const measured = Object.fromEntries(Object.entries(state.measured).filter(([id]) => !nodeIds.includes(id)));
        return {
          measured,
          selectedNodeIds: state.selectedNodeIds.filter((id) => nodes.some((node) => node.id === id)),
          selectedEdgeIds: state.selectedEdgeIds.filter((id) => edges.some((edge) => edge.id === id)),
        };
      });
    },
    updateParams(nodeId, patch) {
      setGraph((document) => withParams(document.graph, nodeId, patch));
    },
    updateTraining(patch) {
      set((state) => ({ document: { ...state.document, training: { ...state.document.training, ...patch } } }));
    },
    renameDocument(name) {
      set((state) => ({ document: { ...state.document, name } }));
    },
    newDocument() {
      replaceDocument(blankDocument(), null);
    },
    loadDocument(document, path = null) {
      replaceDocument(document, path);
    },
    setDocumentPath(path) {
      set({ documentPath: path });
    },
    setMeasured(nodeId, size) {
      const current = get().measured[nodeId];
      if (current && current.width === size.width && current.height === size.height) return;
      set((state) => ({ measured: { ...state.measured, [nodeId]: { width: size.width, height: size.height } } }));
    },
    setNodeSelected(nodeId, selected) {
      set((state) => ({ selectedNodeIds: toggled(state.selectedNodeIds, nodeId, selected) }));
    },
    setEdgeSelected(edgeId, selected) {
      set((state) => ({ selectedEdgeIds: toggled(state.selectedEdgeIds, edgeId, selected) }));
    },
  };
};
