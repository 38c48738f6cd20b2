/**
 * The Electron main process: one instance, one window, the renderer served over app://, the
 * desktop API bound to IPC, the native menu, documents opened by the system, the window's place
 * and the unsaved-changes prompt. Everything with logic lives in the modules it wires together.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session } from 'electron';
import path from 'node:path';
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './app-protocol';
import { Autosave, autosavePath } from './autosave';
import { CLOSE_PROMPT, CloseGuard, closeChoiceOf } from './close-guard';
import { sendCommand } from './command-channel';
import type { DesktopCommand } from './ipc-contract';
import { registerIpcHandlers } from './ipc';
import { buildMenuTemplate, type MenuActions } from './menu';
import { RECENT_DOCUMENTS_FILE, RecentDocuments, type RecentEntry } from './recent-documents';
import { documentPathFromArgv, readDocumentForSystem } from './system-open';
import { blockNetworkRequests, createMainWindow, denyAllPermissions, lockDownWebContents, RENDERER_DIR, WINDOW_SIZE } from './window';
import { currentWindowState, readWindowState, restoreWindowPlacement, WINDOW_STATE_FILE, writeWindowState } from './window-state';

// Before 'ready': Chromium reads the scheme table once at start-up.
registerAppSchemeAsPrivileged(protocol);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: { window: BrowserWindow; guard: CloseGuard } | null = null;
  let quitRequested = false;
  const pathsChosenByUser = new Set<string>();
  // macOS sends 'open-file' for the document that launched the app before 'ready'.
  const opensBeforeReady: string[] = [];
  let openFromSystem = (filePath: string): void => void opensBeforeReady.push(filePath);

  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    openFromSystem(filePath);
  });
  app.on('before-quit', () => {
    quitRequested = true;
  });
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window open; 'activate' brings one back.
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    const windowStateFile = path.join(userData, WINDOW_STATE_FILE);
    const autosave = new Autosave(autosavePath(userData));
    const recent = new RecentDocuments(path.join(userData, RECENT_DOCUMENTS_FILE), (list, noted) => {
      installMenu(list);
      if (noted !== null) app.addRecentDocument(noted);
    });
    // The recent list is a convenience: an unreadable one starts the app with an empty list.
    await recent.load().catch((error: unknown) => console.error('Netoscope could not read its recent documents list:', error));

    const showMainWindow = (): BrowserWindow => {
      if (mainWindow !== null && !mainWindow.window.isDestroyed()) {
        const { window } = mainWindow;
        if (window.isMinimized()) window.restore();
        window.focus();
        return window;
      }
      const placement = restoreWindowPlacement(
        readWindowState(windowStateFile),
        screen.getAllDisplays().map((display) => display.workArea),
        WINDOW_SIZE,
      );
      const window = createMainWindow(BrowserWindow, app.getAppPath(), placement);
      const guard = new CloseGuard({
        ask: async () => closeChoiceOf((await dialog.showMessageBox(window, CLOSE_PROMPT)).response),
        sendCommand: (command) => sendCommand(window.webContents, command),
        discardAutosave: () => autosave.clear(),
        close: () => {
          window.close();
          if (quitRequested) app.quit();
        },
        cancelled: () => {
          quitRequested = false;
        },
      });
      window.on('close', (event) => {
        try {
          writeWindowState(windowStateFile, currentWindowState(window));
        } catch (error) {
          // Losing the window's place is no reason to keep it from closing.
          console.error("Netoscope could not remember the window's size and position:", error);
        }
        guard.onClose(event);
      });
      window.on('closed', () => {
        if (mainWindow?.window === window) mainWindow = null;
      });
      mainWindow = { window, guard };
      return window;
    };

    const sendToWindow = (command: DesktopCommand): void => sendCommand(showMainWindow().webContents, command);

    openFromSystem = (filePath: string): void => {
      void readDocumentForSystem(filePath).then(async (result) => {
        if (result.ok) {
          pathsChosenByUser.add(filePath);
          sendToWindow({ type: 'open-file', document: result.document });
          return;
        }
        if (result.missing && recent.has(filePath)) await recent.remove(filePath);
        await dialog.showMessageBox(showMainWindow(), { type: 'error', message: 'The document was not opened.', detail: result.message });
      });
    };

    const menuActions: MenuActions = {
      command: sendToWindow,
      openRecent: (filePath) => openFromSystem(filePath),
      clearRecent: () => {
        void recent.clear();
        app.clearRecentDocuments();
      },
    };
    function installMenu(list: readonly RecentEntry[]): void {
      const template = buildMenuTemplate({ platform: process.platform, development: !app.isPackaged, recent: list, actions: menuActions });
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));
    }

    app.setAboutPanelOptions({ applicationName: 'Netoscope', applicationVersion: app.getVersion(), copyright: 'The Netoscope authors' });
    denyAllPermissions(session.defaultSession);
    blockNetworkRequests(session.defaultSession);
    handleAppProtocol(protocol, path.join(app.getAppPath(), RENDERER_DIR));
    registerIpcHandlers(ipcMain, {
      dialog,
      windowOf: (sender) => BrowserWindow.fromWebContents(sender),
      pathsChosenByUser,
      recent,
      autosave,
      closeGuardOf: (sender) => (mainWindow !== null && BrowserWindow.fromWebContents(sender) === mainWindow.window ? mainWindow.guard : null),
    });
    installMenu(recent.entries());
    showMainWindow();

    const launchDocument = documentPathFromArgv(process.argv, process.cwd());
    for (const filePath of launchDocument === null ? opensBeforeReady : [...opensBeforeReady, launchDocument]) openFromSystem(filePath);
    // Registered once ready, since both create a window.
    app.on('second-instance', (_event, argv, workingDirectory) => {
      showMainWindow();
      const document = documentPathFromArgv(argv, workingDirectory);
      if (document !== null) openFromSystem(document);
    });
    app.on('activate', () => showMainWindow());
  });
}
