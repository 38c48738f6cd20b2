import { DOCUMENT_EXTENSION } from '../document/file';
import type { Host, OpenedFile, RecentDocument } from './host';
import { zipFiles } from './zip';

/** Long enough for the browser to start the download; the URL is only freed afterwards. */
const DOWNLOAD_URL_LIFETIME_MS = 60_000;

/** localStorage keys, versioned so a later format can tell an old entry from its own. */
export const AUTOSAVE_KEY = 'netoscope:autosave:v1';
export const RECENT_KEY = 'netoscope:recent:v1';
const RECENT_LIMIT = 10;

function pickFile(): Promise<OpenedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = `${DOCUMENT_EXTENSION},.json,application/json`;
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      file.text().then((text) => resolve({ name: file.name, text }), reject);
    });
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

function download(fileName: string, data: string | Uint8Array, mimeType: string): void {
  // A copy, so the Blob gets an ArrayBuffer-backed view whatever buffer `data` lives on.
  const part = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
}

/** The browser cannot reopen a file by path, so it remembers names only, to show what was used last. */
function readRecent(): RecentDocument[] {
  let value: unknown;
  try {
    value = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .filter((entry): entry is RecentDocument => typeof entry?.name === 'string' && Number.isFinite(entry?.openedAt))
    .map(({ name, openedAt }) => ({ name, openedAt }))
    .slice(0, RECENT_LIMIT);
}

/** Asks before the tab closes or reloads; the browser words the question itself. */
function warnBeforeLeaving(event: BeforeUnloadEvent): void {
  event.preventDefault();
  // Older Chromium and Safari ask only when returnValue is set.
  event.returnValue = '';
}

export function createBrowserHost(): Host {
  return {
    kind: 'browser',
    openDocument: pickFile,
    async saveDocument({ suggestedName, text }) {
      download(suggestedName, text, 'application/json');
      return {};
    },
    async recentDocuments() {
      return readRecent();
    },
    async openRecent() {
      return null;
    },
    async noteRecent({ name }) {
      const list = [{ name, openedAt: Date.now() }, ...readRecent().filter((entry) => entry.name !== name)].slice(0, RECENT_LIMIT);
      localStorage.setItem(RECENT_KEY, JSON.stringify(list));
    },
    autosave: {
      async write(text) {
        localStorage.setItem(AUTOSAVE_KEY, text);
      },
      async read() {
        return localStorage.getItem(AUTOSAVE_KEY);
      },
      async clear() {
        localStorage.removeItem(AUTOSAVE_KEY);
      },
    },
    setDirty(dirty) {
      // Adding the same listener twice or removing an absent one does nothing, so no state is kept here.
      if (dirty) window.addEventListener('beforeunload', warnBeforeLeaving);
      else window.removeEventListener('beforeunload', warnBeforeLeaving);
    },
    async exportFile({ suggestedName, mimeType, data }) {
      download(suggestedName, data, mimeType);
      return true;
    },
    async exportFiles({ suggestedName, files }) {
      const archive = zipFiles(files.map((file) => ({ name: `${suggestedName}/${file.name}`, data: file.data })));
      download(`${suggestedName}.zip`, archive, 'application/zip');
      return true;
    },
    onCommand() {
      // The browser has no native menu; the editor's keyboard shortcuts cover these commands.
      return () => undefined;
    },
  };
}
