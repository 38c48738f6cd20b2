/**
 * The desktop API the preload exposes to the renderer as `window.netoscope`, the IPC channels
 * behind it, and the check the preload runs on every command the main process sends. Pure
 * TypeScript without Node imports: the sandboxed preload bundles it, the main process imports it,
 * and the renderer imports its types.
 */

/** Far above any real document (a graph and its settings), low enough to refuse a memory bomb. */
export const MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;

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

export interface RecentFile {
  /** The file's name, e.g. "Two spirals.netoscope". */
  name: string;
  path: string;
  /** Milliseconds since the epoch. */
  openedAt: number;
}

export interface ExportRequest {
  /** A bare file name whose extension matches the MIME type, e.g. "loss.csv". */
  suggestedName: string;
  /** One of the types main/validate.ts lists in EXPORT_FORMATS. */
  mimeType: string;
  data: string | Uint8Array;
}

/** Several files exported together (File ▸ Export to PyTorch…): written into one folder the user names. */
export interface ExportFilesRequest {
  /** The folder's proposed name, e.g. "Two spirals (PyTorch)". */
  suggestedName: string;
  /** Bare file names, each written once into the folder. */
  files: { name: string; data: string | Uint8Array }[];
}

/** What the main process tells the page: native menu choices and documents opened by the system. */
export type DesktopCommand =
  | { type: 'new' }
  | { type: 'open' }
  | { type: 'save' }
  | { type: 'save-as' }
  | { type: 'export' }
  /** File ▸ Export to PyTorch…: the editor writes the document as PyTorch scripts (docs/EXPORT.md). */
  | { type: 'export-pytorch' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'show-shortcuts' }
  /** A document opened by double-click, the command line or File ▸ Open Recent. */
  | { type: 'open-file'; document: OpenedDocument };

export type SimpleDesktopCommand = Exclude<DesktopCommand, { type: 'open-file' }>;

export interface DesktopApi {
  /** Shows the Open dialog; null when the user cancels. */
  openDocument(): Promise<OpenedDocument | null>;
  /** Writes to `request.path` if the user chose it this session, otherwise asks where; null on cancel. */
  saveDocument(request: SaveRequest): Promise<SavedDocument | null>;
  /** Most recent first. */
  recentDocuments(): Promise<RecentFile[]>;
  /** Reads a file of the recent list; null when it is gone or unreadable. */
  openRecent(path: string): Promise<OpenedDocument | null>;
  /** Puts a document the user opened or saved this session at the top of the recent list. */
  noteRecent(path: string): Promise<void>;
  readAutosave(): Promise<string | null>;
  writeAutosave(text: string): Promise<void>;
  clearAutosave(): Promise<void>;
  /** Whether the page holds unsaved changes, so closing the window asks first. */
  setDirty(dirty: boolean): Promise<void>;
  /** Shows a Save dialog filtered by the MIME type and writes the data; false when the user cancels. */
  exportFile(request: ExportRequest): Promise<boolean>;
  /** Shows a Save dialog for a folder, creates it and writes the files into it; false when the user cancels. */
  exportFiles(request: ExportFilesRequest): Promise<boolean>;
  /**
   * Subscribes to commands from the main process; returns the unsubscribe function. Commands that
   * arrive before anyone subscribed (a document double-clicked to start the app) are kept and
   * handed to the first subscriber during this call.
   */
  onCommand(listener: (command: DesktopCommand) => void): () => void;
}

/** The DesktopApi methods that are one `ipcRenderer.invoke` each. */
export type InvokeMethod = Exclude<keyof DesktopApi, 'onCommand'>;

export const IPC_CHANNELS = {
  openDocument: 'netoscope:open-document',
  saveDocument: 'netoscope:save-document',
  recentDocuments: 'netoscope:recent-documents',
  openRecent: 'netoscope:open-recent',
  noteRecent: 'netoscope:note-recent',
  readAutosave: 'netoscope:read-autosave',
  writeAutosave: 'netoscope:write-autosave',
  clearAutosave: 'netoscope:clear-autosave',
  setDirty: 'netoscope:set-dirty',
  exportFile: 'netoscope:export-file',
  exportFiles: 'netoscope:export-files',
} as const satisfies Record<InvokeMethod, string>;

/** Main to renderer only: `webContents.send(COMMAND_CHANNEL, command)`. */
export const COMMAND_CHANNEL = 'netoscope:command';

const SIMPLE_COMMAND_TYPES: ReadonlySet<string> = new Set<SimpleDesktopCommand['type']>([
  'new',
  'open',
  'save',
  'save-as',
  'export',
  'export-pytorch',
  'undo',
  'redo',
  'show-shortcuts',
]);

/**
 * The command a payload on COMMAND_CHANNEL holds, rebuilt from its checked fields, or null when it
 * is not one. The preload runs it on everything it receives before handing it to the page.
 */
export function parseDesktopCommand(payload: unknown): DesktopCommand | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { type } = payload as { type?: unknown };
  if (typeof type !== 'string') return null;
  if (SIMPLE_COMMAND_TYPES.has(type)) return { type } as SimpleDesktopCommand;
  if (type !== 'open-file') return null;
  const { document } = payload as { document?: unknown };
  if (typeof document !== 'object' || document === null) return null;
  const { path, text } = document as { path?: unknown; text?: unknown };
  if (typeof path !== 'string' || path.length === 0 || typeof text !== 'string' || text.length > MAX_DOCUMENT_CHARS) return null;
  return { type, document: { path, text } };
}
