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
  secureWindowOptions,
  type BrowserWindowConstructor,
} from '../../main/window';

const appRoot = path.resolve('/opt/Netoscope/resources/app.asar');

describe('secureWindowOptions', () => {
  const { webPreferences } = secureWindowOptions(appRoot);

  it('isolates and sandboxes the page, without Node', () => {
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

  it('loads the bundled preload from the app root', () => {
    expect(webPreferences?.preload).toBe(path.join(appRoot, 'out', 'preload', 'index.cjs'));
  });

  it('opts into nothing that weakens the defaults', () => {
    expect(webPreferences).not.toHaveProperty('experimentalFeatures');
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(webPreferences).not.toHaveProperty('partition');
  });
});

describe('createMainWindow', () => {
  it('opens the app entry page with the secure options and shows the window once painted', () => {
    const created: FakeWindow[] = [];
    class FakeWindow extends EventEmitter {
      readonly loadURL = vi.fn(async (_url: string) => undefined);
      readonly show = vi.fn();
      constructor(readonly options: BrowserWindowConstructorOptions) {
        super();
        created.push(this);
      }
    }
    createMainWindow(FakeWindow as unknown as BrowserWindowConstructor, appRoot);
    const [window] = created;
    expect(window.options).toEqual(secureWindowOptions(appRoot));
    expect(window.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
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
