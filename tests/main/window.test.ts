import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from '../../main/app-protocol';
import {
  blockNetworkRequests,
  createMainWindow,
  denyAllPermissions,
  lockDownWebContents,
  WINDOW_SIZE,
  type BrowserWindowConstructor,
} from '../../main/window';
import type { WindowPlacement } from '../../main/window-state';

const appRoot = path.resolve('/opt/Netoscope/resources/app.asar');

/** The options createMainWindow passes to the BrowserWindow constructor, and the window it made. */
function createdWindow(placement?: WindowPlacement) {
  const created: FakeWindow[] = [];
  class FakeWindow extends EventEmitter {
    readonly loadURL = vi.fn(async (_url: string) => undefined);
    readonly show = vi.fn();
    readonly maximize = vi.fn();
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      created.push(this);
    }
  }
  const returned = createMainWindow(FakeWindow as unknown as BrowserWindowConstructor, appRoot, placement);
  expect(created).toHaveLength(1);
  expect(returned).toBe(created[0]);
  return created[0];
}

describe("the main window's web preferences", () => {
  const { webPreferences } = createdWindow().options;

  it('isolate and sandbox the page, without Node', () => {
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('load the bundled preload from the app root', () => {
    expect(webPreferences?.preload).toBe(path.join(appRoot, 'out', 'preload', 'index.cjs'));
  });

  it('opt into nothing that weakens the defaults', () => {
    expect(webPreferences).not.toHaveProperty('experimentalFeatures');
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(webPreferences).not.toHaveProperty('partition');
  });
});

describe('createMainWindow', () => {
  it('opens the app entry page, hidden until painted, at the default size the first time', () => {
    const window = createdWindow();
    expect(window.options).toMatchObject({ ...WINDOW_SIZE, show: false });
    expect(window.options).not.toHaveProperty('x');
    expect(window.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('opens where the user left it, maximised once painted if it was', () => {
    const window = createdWindow({ x: 40, y: 30, width: 1000, height: 700, maximized: true });
    expect(window.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700, minWidth: WINDOW_SIZE.minWidth });
    expect(window.options).not.toHaveProperty('maximized');
    expect(window.maximize).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.maximize).toHaveBeenCalledOnce();
    expect(window.show).not.toHaveBeenCalled();
  });

  it('lets the system centre a window without saved coordinates', () => {
    const window = createdWindow({ width: 1024, height: 700, maximized: false });
    expect(window.options).not.toHaveProperty('x');
    expect(window.options).toMatchObject({ width: 1024, height: 700, webPreferences: { sandbox: true } });
  });
});

describe('lockDownWebContents', () => {
  function lockedDown() {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    lockDownWebContents(contents as unknown as WebContents);
    return contents;
  }

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('cancels %s', (eventName) => {
    const contents = lockedDown();
    const event = { preventDefault: vi.fn() };
    contents.emit(eventName, event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('also cancels navigation to our own origin: the renderer is a single page', () => {
    const contents = lockedDown();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-navigate', event, 'app://netoscope/index.html');
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies every window.open', () => {
    const contents = lockedDown();
    const handler = contents.setWindowOpenHandler.mock.calls[0][0] as (details: { url: string }) => unknown;
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://netoscope/index.html' })).toEqual({ action: 'deny' });
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request and check', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    denyAllPermissions(session as unknown as Session);
    const requestHandler = session.setPermissionRequestHandler.mock.calls[0][0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      requestHandler({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const checkHandler = session.setPermissionCheckHandler.mock.calls[0][0] as (contents: unknown, permission: string) => boolean;
    expect(checkHandler({}, 'media')).toBe(false);
  });
});

describe('blockNetworkRequests', () => {
  it('cancels http, https and WebSocket requests', () => {
    const onBeforeRequest = vi.fn();
    blockNetworkRequests({ webRequest: { onBeforeRequest } } as unknown as Session);
    const [filter, listener] = onBeforeRequest.mock.calls[0] as [{ urls: string[] }, (details: unknown, callback: (response: unknown) => void) => void];
    expect(filter.urls).toEqual(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
    const callback = vi.fn();
    listener({ url: 'https://example.com/' }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel: true });
  });
});
