import type { CompileResult } from '../../engine/document/plan';
import type { NetDocument } from '../../engine/document/types';
import type { AppStore } from '../store';
import { documentFacts } from './shapes';

/** Long enough to skip the keystrokes of one number, short enough to feel immediate. */
export const ANALYSIS_DELAY_MS = 120;

/** Whether an edit can change a shape or a count: moving cards cannot. */
export function shapesMayDiffer(next: NetDocument, previous: NetDocument): boolean {
  if (next.dataset !== previous.dataset || next.training !== previous.training || next.graph.edges !== previous.graph.edges) return true;
  const before = previous.graph.nodes;
  return next.graph.nodes.length !== before.length || next.graph.nodes.some((node, index) => node.id !== before[index].id || node.kind !== before[index].kind || node.params !== before[index].params);
}

/**
 * Keeps `nodeFacts` (shapes, parameter counts) in step with the document: a compile that never
 * throws, debounced after each edit that can change them. Returns the unsubscribe function.
 */
export function startAnalyser(store: AppStore, compile: (document: NetDocument) => CompileResult): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const analyse = () => {
    timer = null;
    const { document } = store.getState();
    let result: CompileResult;
    try {
      result = compile(document);
    } catch {
      result = { ok: false, errors: [] };
    }
    store.getState().setNodeFacts(documentFacts(document, result.ok ? result.plan : null));
  };
  analyse();
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.document === previous.document || !shapesMayDiffer(state.document, previous.document)) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(analyse, ANALYSIS_DELAY_MS);
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
