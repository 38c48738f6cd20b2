import type { CompileError } from '../../engine/document/plan';
import type { AppSlice } from './types';

export interface DiagnosticsSlice {
  compileErrors: CompileError[];
  /** Messages per node id, kept as their own field so each node card selects only its own. */
  errorsByNode: Record<string, string[]>;
  /** Errors that belong to no node (dataset, training settings, the graph as a whole). */
  documentErrors: string[];
  setCompileErrors(errors: readonly CompileError[]): void;
  clearCompileErrors(): void;
}

export const createDiagnosticsSlice: AppSlice<DiagnosticsSlice> = (set, get) => ({
  compileErrors: [],
  errorsByNode: {},
  documentErrors: [],

  setCompileErrors(errors) {
    const errorsByNode: Record<string, string[]> = {};
    const documentErrors: string[] = [];
    for (const error of errors) {
      if (error.nodeId === undefined) documentErrors.push(error.message);
      else (errorsByNode[error.nodeId] ??= []).push(error.message);
    }
    set({ compileErrors: [...errors], errorsByNode, documentErrors });
  },
  clearCompileErrors() {
    if (get().compileErrors.length === 0) return;
    set({ compileErrors: [], errorsByNode: {}, documentErrors: [] });
  },
});
