import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../main/ipc-contract';

// A stand-in for the parts of Electron the lifecycle touches, rebuilt for every test.
function fakeElectron(options: { gotLock: boolean }) {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const windows: FakeWindow[] = [];
  class FakeWindow extends EventEmitter {
    static fromWebContents = vi.fn(() => null);
    readonly loadURL = vi.fn(async () => undefined);
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly show = vi.fn();
    isDestroyed = () => false;
    isMinimized = () => false;
    constructor(readonly options: unknown) {
      super();
      windows.push(this);
    }
  }
  const app = Object.assign(new EventEmitter(), {
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => options.gotLock),
    quit: vi.fn(),
    whenReady: vi.fn(() => ready),
    getAppPath: () => '/opt/netoscope',
  });
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn() },
    },
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    ipcMain: { handle: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session,
  };
  const becomeReady = async () => {
    markReady();
    await vi.waitFor(() => expect(windows.length).toBeGreaterThan(0));
  };
  return { electron, windows, becomeReady };
}

const originalPlatform = process.platform;

async function startMain(options: { gotLock: boolean }) {
  const fake = fakeElectron(options);
  vi.doMock('electron', () => fake.electron);
  await import('../../main/index');
  return fake;
}

beforeEach(() => {
  vi.resetModules();
});

afterEach(() => {
  vi.doUnmock('electron');
  Object.defineProperty(process, 'platform', { value: originalPlatform });
});

describe('the main process', () => {
  it('registers the app scheme and sandboxes renderers before ready', async () => {
    const { electron, windows } = await startMain({ gotLock: true });
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(windows).toHaveLength(0);
  });

  it('once ready, locks the session, serves app://, binds the IPC channels and opens one window', async () => {
    const { electron, windows, becomeReady } = await startMain({ gotLock: true });
    await becomeReady();
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(electron.session.defaultSession.webRequest.onBeforeRequest).toHaveBeenCalledOnce();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.ipcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    expect(windows).toHaveLength(1);
    expect(windows[0].loadURL).toHaveBeenCalledWith('app://netoscope/index.html');
  });

  it('locks down every web contents created', async () => {
    const { electron } = await startMain({ gotLock: true });
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron } = await startMain({ gotLock: false });
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { electron, windows, becomeReady } = await startMain({ gotLock: true });
    await becomeReady();
    electron.app.emit('second-instance');
    expect(windows).toHaveLength(1);
    expect(windows[0].focus).toHaveBeenCalledOnce();
  });

  it('quits when the last window closes, except on macOS', async () => {
    Object.defineProperty(process, 'platform', { value: 'linux' });
    const linux = await startMain({ gotLock: true });
    linux.electron.app.emit('window-all-closed');
    expect(linux.electron.app.quit).toHaveBeenCalledOnce();

    vi.resetModules();
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    const mac = await startMain({ gotLock: true });
    mac.electron.app.emit('window-all-closed');
    expect(mac.electron.app.quit).not.toHaveBeenCalled();
  });
});
