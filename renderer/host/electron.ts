import type { DesktopApi } from '../../main/ipc-contract';
import { baseName } from '../document/file';
import type { Host } from './host';

export function createElectronHost(api: DesktopApi): Host {
  return {
    kind: 'electron',
    async openDocument() {
      const opened = await api.openDocument();
      return opened && { name: baseName(opened.path), text: opened.text, path: opened.path };
    },
    saveDocument: (request) => api.saveDocument(request),
  };
}
