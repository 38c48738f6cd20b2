/**
 * The desktop API the preload exposes to the renderer as `window.netoscope`, the IPC channels
 * behind it, and the validators the main process runs on every payload. Pure TypeScript: the
 * preload, the main process and (for types) the renderer import it.
 */

export interface OpenedDocument {
  /** Absolute path of the file, so a later Save writes back to it. */
  path: string;
  text: string;
}

export interface SaveRequest {
  /** Where to write; absent means ask the user (Save As). */
  path?: string;
  /** Proposed file name for the dialog, e.g. "Two spirals.netoscope". */
  suggestedName: string;
  text: string;
}

export interface SavedDocument {
  path: string;
}

export interface DesktopApi {
  openDocument(): Promise<OpenedDocument | null>;
  saveDocument(request: SaveRequest): Promise<SavedDocument | null>;
}

export const IPC_CHANNELS = {
  openDocument: 'netoscope:open-document',
  saveDocument: 'netoscope:save-document',
} as const;
