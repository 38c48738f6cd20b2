import type { SaveRequest } from '../../main/ipc-contract';

/**
 * What the editor needs from where it runs: Electron (native dialogs over the preload's
 * `window.netoscope`) or a plain browser (a file picker and downloads).
 */

export type { SaveRequest };

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

export interface Host {
  kind: 'electron' | 'browser';
  /** Asks the user for a document; null when they cancel. */
  openDocument(): Promise<OpenedFile | null>;
  /** Writes the document's text; null when the user cancels the dialog. */
  saveDocument(request: SaveRequest): Promise<SavedFile | null>;
}
