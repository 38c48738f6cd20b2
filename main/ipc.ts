/**
 * The main-process side of the desktop API. Every handler is wrapped: the sender must be the
 * top frame of a page we served over app://, and its arguments must pass the validators, before
 * anything touches a dialog or the disk. Only the channels of IPC_CHANNELS are registered.
 */
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions, WebContents } from 'electron';
import { IPC_CHANNELS, type DesktopApi, type OpenedDocument, type SavedDocument, type SaveRequest } from './ipc-contract';
import { APP_ORIGIN, isAppUrl } from './app-protocol';
import { readDocumentFile, writeFileAtomic } from './files';
import { DOCUMENT_EXTENSION, hasDocumentExtension, validateOpenDocumentArgs, validateSaveDocumentArgs } from './validate';

export interface IpcDependencies {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The window a request came from, to parent its dialog. */
  windowOf(sender: WebContents): BrowserWindow | null;
}

export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>;

type Handler<Result> = (event: SenderEvent, ...args: unknown[]) => Promise<Result>;

/** One handler per DesktopApi method, each returning what that method promises. */
export type IpcRoutes = { [Method in keyof DesktopApi]: Handler<Awaited<ReturnType<DesktopApi[Method]>>> };

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
 * when the user picked that path in a dialog during this session; any other path is treated as a
 * suggestion for the Save dialog, so the page alone can never choose where a file is written.
 */
export function createIpcRoutes(dependencies: IpcDependencies): IpcRoutes {
  const pathsChosenByUser = new Set<string>();

  const openDocument = async (event: SenderEvent): Promise<OpenedDocument | null> => {
    const options: OpenDialogOptions = { title: 'Open a Netoscope document', properties: ['openFile'], filters: DOCUMENT_FILTERS };
    const owner = dependencies.windowOf(event.sender);
    const choice = owner ? await dependencies.dialog.showOpenDialog(owner, options) : await dependencies.dialog.showOpenDialog(options);
    const chosenPath = choice.canceled ? undefined : choice.filePaths[0];
    if (chosenPath === undefined) return null;
    if (!hasDocumentExtension(chosenPath)) {
      throw new Error(`Netoscope opens ${DOCUMENT_EXTENSION} files only, not ${chosenPath}`);
    }
    const text = await readDocumentFile(chosenPath);
    pathsChosenByUser.add(chosenPath);
    return { path: chosenPath, text };
  };

  const askWhereToSave = async (event: SenderEvent, request: SaveRequest): Promise<string | null> => {
    const options: SaveDialogOptions = {
      title: 'Save the Netoscope document',
      defaultPath: request.path ?? request.suggestedName,
      filters: DOCUMENT_FILTERS,
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    };
    const owner = dependencies.windowOf(event.sender);
    const choice = owner ? await dependencies.dialog.showSaveDialog(owner, options) : await dependencies.dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return null;
    // Linux file choosers do not add the filter's extension when the user types a bare name.
    return hasDocumentExtension(choice.filePath) ? choice.filePath : choice.filePath + DOCUMENT_EXTENSION;
  };

  const saveDocument = async (event: SenderEvent, request: SaveRequest): Promise<SavedDocument | null> => {
    const target =
      request.path !== undefined && pathsChosenByUser.has(request.path) ? request.path : await askWhereToSave(event, request);
    if (target === null) return null;
    await writeFileAtomic(target, request.text);
    pathsChosenByUser.add(target);
    return { path: target };
  };

  return {
    openDocument: guarded(IPC_CHANNELS.openDocument, validateOpenDocumentArgs, openDocument),
    saveDocument: guarded(IPC_CHANNELS.saveDocument, (args) => validateSaveDocumentArgs(args), saveDocument),
  };
}

export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, dependencies: IpcDependencies): void {
  const routes = createIpcRoutes(dependencies);
  for (const method of Object.keys(IPC_CHANNELS) as (keyof DesktopApi)[]) {
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
