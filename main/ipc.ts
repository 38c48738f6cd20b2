/**
 * The main-process side of the desktop API. Every handler is wrapped: the sender must be the
 * top frame of a page we served over app://, and its arguments must pass the validators, before
 * anything touches a dialog or the disk. Only the channels of IPC_CHANNELS are registered.
 */
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions, WebContents } from 'electron';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Autosave } from './autosave';
import type { CloseGuard } from './close-guard';
import {
  IPC_CHANNELS,
  type DesktopApi,
  type ExportFilesRequest,
  type ExportRequest,
  type InvokeMethod,
  type OpenedDocument,
  type RecentFile,
  type SavedDocument,
  type SaveRequest,
} from './ipc-contract';
import { APP_ORIGIN, isAppUrl } from './app-protocol';
import { isMissingFileError, readDocumentFile, writeFileAtomic } from './files';
import type { RecentDocuments } from './recent-documents';
import {
  DOCUMENT_EXTENSION,
  EXPORT_FORMATS,
  hasDocumentExtension,
  hasExtension,
  IpcValidationError,
  validateExportFileArgs,
  validateExportFilesArgs,
  validateNoArgs,
  validateOpenDocumentArgs,
  validatePathArgs,
  validateSaveDocumentArgs,
  validateSetDirtyArgs,
  validateWriteAutosaveArgs,
} from './validate';

export interface IpcDependencies {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The window a request came from, to parent its dialog. */
  windowOf(sender: WebContents): BrowserWindow | null;
  /**
   * Documents the user picked this session: in a dialog, from the recent list or by opening a
   * file with the app. Only these may be written without asking or added to the recent list.
   */
  pathsChosenByUser: Set<string>;
  recent: Pick<RecentDocuments, 'entries' | 'has' | 'note' | 'remove'>;
  autosave: Pick<Autosave, 'read' | 'write' | 'clear'>;
  /** The unsaved-changes guard of the sender's window. */
  closeGuardOf(sender: WebContents): Pick<CloseGuard, 'setDirty' | 'saveSettled'> | null;
}

export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>;

type Handler<Result> = (event: SenderEvent, ...args: unknown[]) => Promise<Result>;

/** One handler per invoked DesktopApi method, each returning what that method promises. */
export type IpcRoutes = { [Method in InvokeMethod]: Handler<Awaited<ReturnType<DesktopApi[Method]>>> };

const DOCUMENT_FILTERS = [{ name: 'Netoscope document', extensions: [DOCUMENT_EXTENSION.slice(1)] }];

export class UntrustedSenderError extends Error {
  override name = 'UntrustedSenderError';
}

export function assertTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, channel: string): void {
  const frame = event.senderFrame;
  if (frame === null) {
    throw new UntrustedSenderError(`${channel}: refused, the frame that sent it is gone`);
  }
  if (frame.parent !== null) {
    throw new UntrustedSenderError(`${channel}: refused, only the top-level page may call the desktop API`);
  }
  if (!isAppUrl(frame.url)) {
    throw new UntrustedSenderError(`${channel}: refused a request from ${JSON.stringify(frame.url)}, which is not ${APP_ORIGIN}`);
  }
}

/**
 * The handlers, before they are bound to ipcMain. A save may go straight to `request.path` only
 * when the user chose that path during this session; any other path is treated as a suggestion
 * for the Save dialog, so the page alone can never choose where a file is written. Likewise the
 * page can read only files the user picked or that are on the recent list.
 */
export function createIpcRoutes(dependencies: IpcDependencies): IpcRoutes {
  const { pathsChosenByUser, recent, autosave } = dependencies;

  const showOpenDialog = (event: SenderEvent, options: OpenDialogOptions) => {
    const owner = dependencies.windowOf(event.sender);
    return owner ? dependencies.dialog.showOpenDialog(owner, options) : dependencies.dialog.showOpenDialog(options);
  };

  const showSaveDialog = (event: SenderEvent, options: SaveDialogOptions) => {
    const owner = dependencies.windowOf(event.sender);
    return owner ? dependencies.dialog.showSaveDialog(owner, options) : dependencies.dialog.showSaveDialog(options);
  };

  /** The path the user chose, with `extension` added when they typed a bare name (Linux file choosers do not). */
  const askWhereToSave = async (event: SenderEvent, options: SaveDialogOptions, extension: string): Promise<string | null> => {
    const choice = await showSaveDialog(event, { ...options, properties: ['showOverwriteConfirmation', 'createDirectory'] });
    if (choice.canceled || !choice.filePath) return null;
    return hasExtension(choice.filePath, extension) ? choice.filePath : choice.filePath + extension;
  };

  const openDocument = async (event: SenderEvent): Promise<OpenedDocument | null> => {
    const choice = await showOpenDialog(event, { title: 'Open a Netoscope document', properties: ['openFile'], filters: DOCUMENT_FILTERS });
    const chosenPath = choice.canceled ? undefined : choice.filePaths[0];
    if (chosenPath === undefined) return null;
    if (!hasDocumentExtension(chosenPath)) {
      throw new Error(`Netoscope opens ${DOCUMENT_EXTENSION} files only, not ${chosenPath}`);
    }
    const text = await readDocumentFile(chosenPath);
    pathsChosenByUser.add(chosenPath);
    return { path: chosenPath, text };
  };

  const writeDocument = async (event: SenderEvent, request: SaveRequest): Promise<SavedDocument | null> => {
    const target =
      request.path !== undefined && pathsChosenByUser.has(request.path)
        ? request.path
        : await askWhereToSave(
            event,
            { title: 'Save the Netoscope document', defaultPath: request.path ?? request.suggestedName, filters: DOCUMENT_FILTERS },
            DOCUMENT_EXTENSION,
          );
    if (target === null) return null;
    await writeFileAtomic(target, request.text);
    pathsChosenByUser.add(target);
    return { path: target };
  };

  /** Tells the window's close guard how the save went: a pending "Save, then close" depends on it. */
  const saveDocument = async (event: SenderEvent, request: SaveRequest): Promise<SavedDocument | null> => {
    const guard = dependencies.closeGuardOf(event.sender);
    try {
      const saved = await writeDocument(event, request);
      guard?.saveSettled(saved !== null);
      return saved;
    } catch (error) {
      guard?.saveSettled(false);
      throw error;
    }
  };

  const recentDocuments = async (): Promise<RecentFile[]> =>
    recent.entries().map((entry) => ({ name: path.basename(entry.path), path: entry.path, openedAt: entry.openedAt }));

  const openRecent = async (_event: SenderEvent, filePath: string): Promise<OpenedDocument | null> => {
    if (!recent.has(filePath)) {
      throw new IpcValidationError(`openRecent: ${JSON.stringify(filePath)} is not on the recent documents list`);
    }
    let text: string;
    try {
      text = await readDocumentFile(filePath);
    } catch (error) {
      if (isMissingFileError(error)) await recent.remove(filePath);
      return null;
    }
    pathsChosenByUser.add(filePath);
    return { path: filePath, text };
  };

  const noteRecent = async (_event: SenderEvent, filePath: string): Promise<void> => {
    if (!pathsChosenByUser.has(filePath)) {
      throw new IpcValidationError(`noteRecent: ${JSON.stringify(filePath)} was not opened or saved by the user in this session`);
    }
    await recent.note(filePath);
  };

  const setDirty = async (event: SenderEvent, dirty: boolean): Promise<void> => {
    dependencies.closeGuardOf(event.sender)?.setDirty(dirty);
  };

  const exportFile = async (event: SenderEvent, request: ExportRequest): Promise<boolean> => {
    const format = EXPORT_FORMATS[request.mimeType];
    const target = await askWhereToSave(
      event,
      { title: 'Export', defaultPath: request.suggestedName, filters: [{ name: format.name, extensions: [format.extension] }] },
      `.${format.extension}`,
    );
    if (target === null) return false;
    await writeFileAtomic(target, request.data);
    return true;
  };

  /**
   * The user names a folder in a Save dialog; it is created if need be and each file written into
   * it atomically. The names were checked to be bare, so nothing lands outside the folder.
   */
  const exportFiles = async (event: SenderEvent, request: ExportFilesRequest): Promise<boolean> => {
    const choice = await showSaveDialog(event, {
      title: 'Export to a folder',
      defaultPath: request.suggestedName,
      buttonLabel: 'Export',
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (choice.canceled || !choice.filePath) return false;
    await mkdir(choice.filePath, { recursive: true });
    for (const file of request.files) await writeFileAtomic(path.join(choice.filePath, file.name), file.data);
    return true;
  };

  return {
    openDocument: guarded(IPC_CHANNELS.openDocument, validateOpenDocumentArgs, openDocument),
    saveDocument: guarded(IPC_CHANNELS.saveDocument, (args) => validateSaveDocumentArgs(args), saveDocument),
    recentDocuments: guarded(IPC_CHANNELS.recentDocuments, (args) => validateNoArgs('recentDocuments', args), recentDocuments),
    openRecent: guarded(IPC_CHANNELS.openRecent, (args) => validatePathArgs('openRecent', args), openRecent),
    noteRecent: guarded(IPC_CHANNELS.noteRecent, (args) => validatePathArgs('noteRecent', args), noteRecent),
    readAutosave: guarded(IPC_CHANNELS.readAutosave, (args) => validateNoArgs('readAutosave', args), () => autosave.read()),
    writeAutosave: guarded(IPC_CHANNELS.writeAutosave, validateWriteAutosaveArgs, (_event, text) => autosave.write(text)),
    clearAutosave: guarded(IPC_CHANNELS.clearAutosave, (args) => validateNoArgs('clearAutosave', args), () => autosave.clear()),
    setDirty: guarded(IPC_CHANNELS.setDirty, validateSetDirtyArgs, setDirty),
    exportFile: guarded(IPC_CHANNELS.exportFile, validateExportFileArgs, exportFile),
    exportFiles: guarded(IPC_CHANNELS.exportFiles, validateExportFilesArgs, exportFiles),
  };
}

export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, dependencies: IpcDependencies): void {
  const routes = createIpcRoutes(dependencies);
  for (const method of Object.keys(IPC_CHANNELS) as InvokeMethod[]) {
    ipcMain.handle(IPC_CHANNELS[method], routes[method]);
  }
}

function guarded<Payload, Result>(
  channel: string,
  validate: (args: readonly unknown[]) => Payload,
  handle: (event: SenderEvent, payload: Payload) => Promise<Result>,
): Handler<Result> {
  return async (event, ...args) => {
    assertTrustedSender(event, channel);
    return handle(event, validate(args));
  };
}
