/**
 * The renderer's only door to the desktop: `window.netoscope`, exactly the DesktopApi. Each method
 * but onCommand is one `ipcRenderer.invoke` on its channel; onCommand subscribes to the one
 * channel the main process sends on, whose payloads are checked before the page sees them.
 * Nothing of ipcRenderer itself is exposed, so the page cannot send or listen on any other
 * channel. Runs sandboxed: bundled to one CommonJS file that requires nothing but 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { COMMAND_CHANNEL, IPC_CHANNELS, parseDesktopCommand, type DesktopApi, type DesktopCommand } from '../ipc-contract';

type CommandListener = (command: DesktopCommand) => void;

const listeners = new Set<CommandListener>();
/** Commands that came before the page subscribed: a document double-clicked to start the app. */
let undelivered: DesktopCommand[] = [];

ipcRenderer.on(COMMAND_CHANNEL, (_event, payload: unknown) => {
  const command = parseDesktopCommand(payload);
  if (command === null) {
    console.error('Netoscope ignored a malformed command from the main process.');
    return;
  }
  if (listeners.size === 0) {
    undelivered.push(command);
    return;
  }
  for (const listener of [...listeners]) listener(command);
});

const api: DesktopApi = {
  openDocument: () => ipcRenderer.invoke(IPC_CHANNELS.openDocument),
  saveDocument: (request) => ipcRenderer.invoke(IPC_CHANNELS.saveDocument, request),
  recentDocuments: () => ipcRenderer.invoke(IPC_CHANNELS.recentDocuments),
  openRecent: (path) => ipcRenderer.invoke(IPC_CHANNELS.openRecent, path),
  noteRecent: (path) => ipcRenderer.invoke(IPC_CHANNELS.noteRecent, path),
  readAutosave: () => ipcRenderer.invoke(IPC_CHANNELS.readAutosave),
  writeAutosave: (text) => ipcRenderer.invoke(IPC_CHANNELS.writeAutosave, text),
  clearAutosave: () => ipcRenderer.invoke(IPC_CHANNELS.clearAutosave),
  setDirty: (dirty) => ipcRenderer.invoke(IPC_CHANNELS.setDirty, dirty),
  exportFile: (request) => ipcRenderer.invoke(IPC_CHANNELS.exportFile, request),
  exportFiles: (request) => ipcRenderer.invoke(IPC_CHANNELS.exportFiles, request),
  onCommand(listener) {
    if (typeof listener !== 'function') throw new TypeError('onCommand needs a function');
    listeners.add(listener);
    const backlog = undelivered;
    undelivered = [];
    for (const command of backlog) listener(command);
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('netoscope', api);
