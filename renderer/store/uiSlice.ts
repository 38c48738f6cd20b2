import type { NetDocument } from '../../engine/document/types';
import type { Position } from '../document/graph';
import type { AppSlice } from './types';

export type Theme = 'light' | 'dark';
export type Locale = 'en' | 'ru';

/** How the user likes the editor; kept across sessions (see renderer/preferences.ts), never in documents. */
export interface Preferences {
  theme: Theme;
  locale: Locale;
  snapToGrid: boolean;
  showMinimap: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { theme: 'light', locale: 'en', snapToGrid: true, showMinimap: true };

/** At most one modal surface at a time. */
export type Dialog =
  | { kind: 'start' }
  | { kind: 'shortcuts' }
  | { kind: 'repeat' }
  /** The add-a-node search, opened from the keyboard at the pointer (screen coordinates). */
  | { kind: 'quick-add'; at: Position }
  /** Unsaved changes would be replaced: `proceed` runs once the user agrees. */
  | { kind: 'confirm-discard'; proceed: () => void };

/** Unsaved work found at start-up (see document/autosave.ts). */
export interface Recovery {
  document: NetDocument;
  path: string | null;
  savedAt: number;
}

export interface UiSlice {
  preferences: Preferences;
  dialog: Dialog | null;
  recovery: Recovery | null;
  /** When the current unsaved changes were last written to the autosave; null while there are none. */
  autosavedAt: number | null;
  setPreferences(patch: Partial<Preferences>): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  setRecovery(recovery: Recovery | null): void;
  setAutosavedAt(time: number | null): void;
}

export function createUiSlice(preferences: Partial<Preferences>): AppSlice<UiSlice> {
  return (set) => ({
    preferences: { ...DEFAULT_PREFERENCES, ...preferences },
    dialog: null,
    recovery: null,
    autosavedAt: null,
    setPreferences(patch) {
      set((state) => ({ preferences: { ...state.preferences, ...patch } }));
    },
    openDialog(dialog) {
      set({ dialog });
    },
    closeDialog() {
      set({ dialog: null });
    },
    setRecovery(recovery) {
      set({ recovery });
    },
    setAutosavedAt(autosavedAt) {
      set({ autosavedAt });
    },
  });
}
