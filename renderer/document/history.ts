import type { NetDocument } from '../../engine/document/types';

/**
 * Undo history as whole snapshots. Documents are immutable and edits share every untouched
 * part, so a snapshot costs a few references, and "is it saved?" is an identity check.
 */
export interface Snapshot {
  document: NetDocument;
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
}

/**
 * How a change enters history: `skip` (selection, view state), `step` (an undo step of its own),
 * or `merge`: consecutive changes with the same key (one drag, typing into one field) make one
 * step, until `sealed` ends the gesture.
 */
export type HistoryMode = 'skip' | 'step' | { merge: string };

export interface History {
  past: Snapshot[];
  future: Snapshot[];
  /** The merge key of the step still open, or null. */
  openKey: string | null;
}

/** Older steps are forgotten past this many; enough for a lecture, bounded for a long session. */
export const HISTORY_LIMIT = 300;

export const EMPTY_HISTORY: History = { past: [], future: [], openKey: null };

/** History after a change made from `before`. */
export function recorded(history: History, before: Snapshot, mode: HistoryMode): History {
  if (mode === 'skip') return history;
  if (mode !== 'step' && history.openKey === mode.merge) return { ...history, future: [] };
  const past = [...history.past, before];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [], openKey: mode === 'step' ? null : mode.merge };
}

export function sealed(history: History): History {
  return history.openKey === null ? history : { ...history, openKey: null };
}

/** The snapshot to restore and the history after it, or null when there is nothing to undo. */
export function undone(history: History, current: Snapshot): { history: History; restore: Snapshot } | null {
  if (history.past.length === 0) return null;
  const restore = history.past[history.past.length - 1];
  return { restore, history: { past: history.past.slice(0, -1), future: [...history.future, current], openKey: null } };
}

export function redone(history: History, current: Snapshot): { history: History; restore: Snapshot } | null {
  if (history.future.length === 0) return null;
  const restore = history.future[history.future.length - 1];
  return { restore, history: { past: [...history.past, current], future: history.future.slice(0, -1), openKey: null } };
}
