import type { DesktopApi, DesktopCommand, OpenedDocument } from '../../main/ipc-contract';
import { baseName } from '../document/file';
import type { Host, HostCommand, OpenedFile } from './host';

/** The desktop host: every call goes to the main process through the preload's `window.netoscope`. */
export function createElectronHost(api: DesktopApi): Host {
  return {
    kind: 'electron',
    openDocument: async () => toOpenedFile(await api.openDocument()),
    saveDocument: (request) => api.saveDocument(request),
    recentDocuments: () => api.recentDocuments(),
    openRecent: async (path) => toOpenedFile(await api.openRecent(path)),
    async noteRecent({ path }) {
      // Without a path there is nothing the desktop could reopen.
      if (path !== undefined) await api.noteRecent(path);
    },
    autosave: {
      write: (text) => api.writeAutosave(text),
      read: () => api.readAutosave(),
      clear: () => api.clearAutosave(),
    },
    setDirty(dirty) {
      void api.setDirty(dirty);
    },
    exportFile: (request) => api.exportFile(request),
    exportFiles: (request) => api.exportFiles(request),
    onCommand: (listener) => api.onCommand((command) => listener(toHostCommand(command))),
  };
}

function toOpenedFile(opened: OpenedDocument | null): OpenedFile | null {
  return opened && openedFileOf(opened);
}

function openedFileOf(document: OpenedDocument): OpenedFile {
  return { name: baseName(document.path), text: document.text, path: document.path };
}

function toHostCommand(command: DesktopCommand): HostCommand {
  return command.type === 'open-file' ? { type: 'open-file', file: openedFileOf(command.document) } : command;
}
