import type { ExportFilesRequest, SaveRequest } from '../../main/ipc-contract';

/**
 * What the editor needs from where it runs: Electron (native dialogs over the preload's
 * `window.netoscope`) or a plain browser (a file picker and downloads).
 */

export type { ExportFilesRequest, SaveRequest };

export interface OpenedFile {
  /** The file's name, for messages ("spirals.netoscope"). */
  name: string;
  text: string;
  /** Absolute path when the host has one (Electron), so Save writes back to the same file. */
  path?: string;
}

export interface SavedFile {
  /** Where the document went, when the host knows a path. */
  path?: string;
}

export interface RecentDocument {
  name: string;
  /** Electron: the file's path. Browser: absent (the browser cannot reopen a file by path). */
  path?: string;
  /** Milliseconds since the epoch. */
  openedAt: number;
}

/** Commands that reach the editor from outside the page: native menus, a file opened by double-click. */
export type HostCommand =
  | { type: 'new' }
  | { type: 'open' }
  | { type: 'save' }
  | { type: 'save-as' }
  /** File ▸ Export…: the editor offers what can be exported (charts, run data) and calls exportFile. */
  | { type: 'export' }
  /** File ▸ Export to PyTorch…: the document as PyTorch scripts, with the last run's weights (docs/EXPORT.md). */
  | { type: 'export-pytorch' }
  | { type: 'undo' }
  | { type: 'redo' }
  /** Help ▸ Keyboard Shortcuts: the editor shows its list of shortcuts. */
  | { type: 'show-shortcuts' }
  | { type: 'open-file'; file: OpenedFile };

export interface Host {
  kind: 'electron' | 'browser';
  /** Asks the user for a document; null when they cancel. */
  openDocument(): Promise<OpenedFile | null>;
  /** Writes the document's text; null when the user cancels the dialog. */
  saveDocument(request: SaveRequest): Promise<SavedFile | null>;
  /** Most recent first. */
  recentDocuments(): Promise<RecentDocument[]>;
  /** Reopens a recent document by path (Electron only); null when it is gone or unreadable. */
  openRecent(path: string): Promise<OpenedFile | null>;
  /** Remembers a document as recently used (after open or save). */
  noteRecent(document: { name: string; path?: string }): Promise<void>;
  /**
   * Unsaved work survives a crash or a reload: the editor writes the document here (debounced)
   * while it is dirty, reads it back at start-up, and clears it once the work is saved.
   * Browser: localStorage; Electron: a file in the user-data folder, written atomically.
   */
  autosave: {
    write(text: string): Promise<void>;
    read(): Promise<string | null>;
    clear(): Promise<void>;
  };
  /** Tells the host whether there are unsaved changes, so closing the window asks first. */
  setDirty(dirty: boolean): void;
  /** Exports a file (chart PNG/SVG, CSV, JSON): a save dialog in Electron, a download in the browser. */
  exportFile(request: { suggestedName: string; mimeType: string; data: string | Uint8Array }): Promise<boolean>;
  /**
   * Exports several files as one folder named `suggestedName`: Electron asks for the folder in a
   * Save dialog and writes into it; the browser downloads `<suggestedName>.zip` holding the folder.
   */
  exportFiles(request: ExportFilesRequest): Promise<boolean>;
  /** Subscribes to host commands; returns the unsubscribe function. */
  onCommand(listener: (command: HostCommand) => void): () => void;
}
