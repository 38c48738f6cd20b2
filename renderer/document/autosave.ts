import type { NetDocument } from '../../engine/document/types';
import type { Host } from '../host/host';
import { CATALOGS } from '../i18n';
import { isDirty, type AppStore, type Recovery } from '../store';
import { isRecord, readDocument } from './file';

/**
 * Unsaved work survives a crash or a reload: while the document is dirty it is written to the
 * host's autosave slot (debounced), read back at start-up and offered for recovery, and the slot
 * is cleared once the work is saved or knowingly discarded.
 */
const AUTOSAVE_FORMAT = 'netoscope-autosave';
const AUTOSAVE_VERSION = 1;
export const AUTOSAVE_DELAY_MS = 800;

export function writeAutosave(document: NetDocument, path: string | null, savedAt: number): string {
  return JSON.stringify({ format: AUTOSAVE_FORMAT, version: AUTOSAVE_VERSION, path, savedAt, document });
}

/** The work kept in an autosave text, or null when there is none or it is unreadable. */
export function readAutosave(text: string | null): Recovery | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.format !== AUTOSAVE_FORMAT || value.version !== AUTOSAVE_VERSION || typeof value.savedAt !== 'number') return null;
  const read = readDocument(JSON.stringify(value.document));
  if (!read.ok) return null;
  return { document: read.document, path: typeof value.path === 'string' ? value.path : null, savedAt: value.savedAt };
}

export async function clearAutosave(store: AppStore, host: Host): Promise<void> {
  store.getState().setAutosavedAt(null);
  try {
    await host.autosave.clear();
  } catch {
    // Nothing is lost if an old autosave stays: it is offered again and can be discarded then.
  }
}

/** Follows the store from now on; returns the unsubscribe function. */
export function startAutosave(store: AppStore, host: Host, now: () => number = Date.now): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const write = async () => {
    timer = null;
    const { document, documentPath } = store.getState();
    if (!isDirty(store.getState())) return;
    const time = now();
    try {
      await host.autosave.write(writeAutosave(document, documentPath, time));
    } catch (error) {
      store.getState().showNotice({ tone: 'error', text: CATALOGS[store.getState().preferences.locale].notice.autosaveFailed((error as Error).message) });
      return;
    }
    if (store.getState().document === document && isDirty(store.getState())) store.getState().setAutosavedAt(time);
  };

  host.setDirty(isDirty(store.getState()));
  return store.subscribe((state, previous) => {
    if (state.document === previous.document && state.savedDocument === previous.savedDocument) return;
    const dirty = isDirty(state);
    const wasDirty = isDirty(previous);
    if (dirty !== wasDirty) host.setDirty(dirty);
    if (dirty) {
      cancel();
      timer = setTimeout(() => void write(), AUTOSAVE_DELAY_MS);
    } else if (wasDirty) {
      cancel();
      void clearAutosave(store, host);
    }
  });
}
