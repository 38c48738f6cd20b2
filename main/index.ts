/**
 * The Electron main process: one instance, one window, the renderer served over app://, the
 * desktop API bound to IPC. Everything with logic lives in the modules it wires together.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import path from 'node:path';
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './app-protocol';
import { registerIpcHandlers } from './ipc';
import { blockNetworkRequests, createMainWindow, denyAllPermissions, lockDownWebContents, RENDERER_DIR } from './window';

// Before 'ready': Chromium reads the scheme table once at start-up.
registerAppSchemeAsPrivileged(protocol);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  const showMainWindow = (): void => {
    if (mainWindow === null || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow(BrowserWindow, app.getAppPath());
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };

  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window open; 'activate' brings one back.
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    blockNetworkRequests(session.defaultSession);
    handleAppProtocol(protocol, path.join(app.getAppPath(), RENDERER_DIR));
    registerIpcHandlers(ipcMain, { dialog, windowOf: (sender) => BrowserWindow.fromWebContents(sender) });
    showMainWindow();
    // Registered once ready, since both create a window.
    app.on('second-instance', showMainWindow);
    app.on('activate', showMainWindow);
  });
}
