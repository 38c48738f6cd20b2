import type { ExportFilesRequest, Host, HostCommand, OpenedFile, SaveRequest, SavedFile } from '../../renderer/host/host';
import type { StatFrame } from '../../engine/protocol';

/** A frame of consecutive reported steps ending at the last of `steps`. */
export function frame(runId: string, steps: number[], loss: number[], testAccuracy = 0.5): StatFrame {
  return {
    type: 'frame',
    runId,
    step: steps[steps.length - 1],
    epoch: 0,
    steps: Float64Array.from(steps),
    loss: Float32Array.from(loss),
    accuracy: Float32Array.from(loss.map((value) => 1 - value / 2)),
    seq: 1,
    test: { loss: 1 - testAccuracy, accuracy: testAccuracy },
    stats: [],
  };
}

/** A host whose dialogs answer with what the test queued, and which records what it was asked. */
export function fakeHost(options: { opened?: OpenedFile | null; saved?: SavedFile | null; recent?: Record<string, OpenedFile> } = {}) {
  const saves: SaveRequest[] = [];
  const exports: { suggestedName: string; mimeType: string; data: string | Uint8Array }[] = [];
  const folderExports: ExportFilesRequest[] = [];
  const noted: { name: string; path?: string }[] = [];
  const dirtyCalls: boolean[] = [];
  const autosave = { text: null as string | null, writes: 0 };
  const listeners: ((command: HostCommand) => void)[] = [];
  const host: Host = {
    kind: 'electron',
    openDocument: async () => options.opened ?? null,
    saveDocument: async (request) => {
      saves.push(request);
      return options.saved === undefined ? { path: request.path ?? '/docs/saved.netoscope' } : options.saved;
    },
    recentDocuments: async () => noted.map((entry, index) => ({ ...entry, openedAt: index })),
    openRecent: async (path) => options.recent?.[path] ?? null,
    noteRecent: async (document) => {
      noted.push(document);
    },
    autosave: {
      write: async (text) => {
        autosave.text = text;
        autosave.writes += 1;
      },
      read: async () => autosave.text,
      clear: async () => {
        autosave.text = null;
      },
    },
    setDirty: (dirty) => dirtyCalls.push(dirty),
    exportFile: async (request) => {
      exports.push(request);
      return true;
    },
    exportFiles: async (request) => {
      folderExports.push(request);
      return true;
    },
    onCommand: (listener) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
  return { host, saves, exports, folderExports, noted, dirtyCalls, autosave, send: (command: HostCommand) => listeners.forEach((listener) => listener(command)) };
}
