import type { Host } from '../host/host';
import type { AppStore } from '../store';
import { readDocument, suggestedFileName, writeDocument } from './file';

export interface DocumentCommands {
  newDocument(): void;
  openDocument(): Promise<void>;
  saveDocument(): Promise<void>;
}

/**
 * New, Open and Save: the host does the I/O, these decide what enters the store and what the
 * user is told. `check` compiles the document just opened so its problems show on the nodes.
 */
export function createDocumentCommands(store: AppStore, host: Host, check: () => boolean): DocumentCommands {
  const tell = (tone: 'info' | 'error', text: string) => store.getState().showNotice({ tone, text });

  return {
    newDocument() {
      store.getState().newDocument();
      store.getState().dismissNotice();
    },
    async openDocument() {
      let opened;
      try {
        opened = await host.openDocument();
      } catch (error) {
        tell('error', `The file could not be read: ${(error as Error).message}`);
        return;
      }
      if (!opened) return;
      const read = readDocument(opened.text);
      if (!read.ok) {
        tell('error', `${opened.name} was not opened. ${read.message}`);
        return;
      }
      store.getState().loadDocument(read.document, opened.path ?? null);
      if (check()) tell('info', `Opened ${opened.name}.`);
      else tell('error', `Opened ${opened.name}, but it does not compile yet: see the marked nodes.`);
    },
    async saveDocument() {
      const { document, documentPath } = store.getState();
      const suggestedName = suggestedFileName(document);
      let saved;
      try {
        saved = await host.saveDocument({ path: documentPath ?? undefined, suggestedName, text: writeDocument(document) });
      } catch (error) {
        tell('error', `The document was not saved: ${(error as Error).message}`);
        return;
      }
      if (!saved) return;
      if (saved.path) store.getState().setDocumentPath(saved.path);
      tell('info', saved.path ? `Saved to ${saved.path}.` : `Downloaded ${suggestedName}.`);
    },
  };
}
