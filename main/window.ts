/**
 * The main window and the locks on every web page the app shows. The page is treated as
 * untrusted: it runs sandboxed and isolated, without Node, cannot navigate away, open windows,
 * attach webviews, be granted a permission or reach the network. Its only door out is the small
 * API the preload exposes.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import path from 'node:path';
import { APP_ENTRY_URL } from './app-protocol';
import type { WindowPlacement, WindowSize } from './window-state';

/** Relative to the app root (the folder holding package.json, or the asar archive). */
export const PRELOAD_FILE = 'out/preload/index.cjs';
export const RENDERER_DIR = 'out/renderer';

/** Matches the canvas' background, so the window does not flash white before the first paint. */
const BACKGROUND_COLOR = '#0f1419';

export const WINDOW_SIZE: WindowSize = { width: 1280, height: 800, minWidth: 900, minHeight: 600 };

export type BrowserWindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/**
 * Opens the app's page in a new window. `placement` is where the user left the window last time
 * (see window-state.ts). The options are written out in the `new BrowserWindow({…})` call itself,
 * with the constructor's parameter named BrowserWindow, because that is the form Electronegativity's
 * window checks (tests/security.test.ts) can read; options built elsewhere would escape them.
 */
export function createMainWindow(BrowserWindow: BrowserWindowConstructor, appRoot: string, placement?: WindowPlacement): BrowserWindow {
  const { maximized = false, ...bounds } = placement ?? {};
  const window = new BrowserWindow({
    ...WINDOW_SIZE,
    ...bounds,
    title: 'Netoscope',
    backgroundColor: BACKGROUND_COLOR,
    show: false,
    webPreferences: {
      preload: path.join(appRoot, PRELOAD_FILE),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  // maximize() also shows the window, so it waits for the first paint like show().
  window.once('ready-to-show', () => (maximized ? window.maximize() : window.show()));
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** Applied to every web contents the app creates (see index.ts), not only the main window's. */
export function lockDownWebContents(contents: WebContents): void {
  // The renderer is a single page: any navigation is a link clicked by mistake or an injected one.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Netoscope needs no camera, microphone, location, notification or any other permission. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Belt and braces behind the CSP: the app works offline, so any http(s) or WebSocket request is a
 * bug or an attack and is cancelled before it leaves.
 */
export function blockNetworkRequests(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
}
