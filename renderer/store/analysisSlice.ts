import { reuseEqualFacts, type NodeFacts } from '../document/shapes';
import type { AppSlice } from './types';

/** What the canvas shows about each node, recomputed after edits (see document/analyser.ts). */
export interface AnalysisSlice {
  nodeFacts: Record<string, NodeFacts>;
  setNodeFacts(facts: Record<string, NodeFacts>): void;
}

export const createAnalysisSlice: AppSlice<AnalysisSlice> = (set, get) => ({
  nodeFacts: {},
  setNodeFacts(facts) {
    const merged = reuseEqualFacts(get().nodeFacts, facts);
    if (merged !== get().nodeFacts) set({ nodeFacts: merged });
  },
});
