import { DOCUMENT_EXTENSION } from '../document/file';
import type { Host, OpenedFile } from './host';

/** Long enough for the browser to start the download; the URL is only freed afterwards. */
const DOWNLOAD_URL_LIFETIME_MS = 60_000;

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

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
}

export function createBrowserHost(): Host {
  return {
    kind: 'browser',
    openDocument: pickFile,
    async saveDocument({ suggestedName, text }) {
      download(suggestedName, text);
      return {};
    },
  };
}
