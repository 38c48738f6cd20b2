/**
 * The renderer's only door to the desktop: `window.netoscope`, exactly the DesktopApi, each method
 * one `ipcRenderer.invoke` on its channel. Nothing of ipcRenderer itself is exposed, so the page
 * cannot send on any other channel. Runs sandboxed: bundled to one CommonJS file that requires
 * nothing but 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type DesktopApi, type OpenedDocument, type SavedDocument, type SaveRequest } from '../ipc-contract';

const api: DesktopApi = {
  openDocument: (): Promise<OpenedDocument | null> => ipcRenderer.invoke(IPC_CHANNELS.openDocument),
  saveDocument: (request: SaveRequest): Promise<SavedDocument | null> => ipcRenderer.invoke(IPC_CHANNELS.saveDocument, request),
};

contextBridge.exposeInMainWorld('netoscope', api);
