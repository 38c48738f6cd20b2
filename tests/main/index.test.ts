import type { MenuItemConstructorOptions } from 'electron';
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_CHANNEL, IPC_CHANNELS } from '../../main/ipc-contract';

let userData: string;
let documents: string;

// A stand-in for the parts of Electron the main process touches, rebuilt for every test.
function fakeElectron(options: { gotLock: boolean }) {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const windows: FakeWindow[] = [];
  class FakeContents extends EventEmitter {
    readonly send = vi.fn();
    isLoading = () => false;
    isDestroyed = () => false;
  }
  class FakeWindow extends EventEmitter {
    static fromWebContents = vi.fn((contents: unknown) => windows.find((window) => window.webContents === contents) ?? null);
    readonly webContents = new FakeContents();
    readonly loadURL = vi.fn(async () => undefined);
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly show = vi.fn();
    readonly maximize = vi.fn();
    destroyed = false;
    isDestroyed = () => this.destroyed;
    isMinimized = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 120, y: 80, width: 1100, height: 720 });
    /** As Electron: 'close' may be prevented, otherwise the window goes and 'closed' follows. */
    readonly close = vi.fn(() => {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      this.destroyed = true;
      this.emit('closed');
    });
    constructor(readonly options: Record<string, unknown>) {
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
    getPath: vi.fn((name: string) => {
      expect(name).toBe('userData');
      return userData;
    }),
    getVersion: () => '0.1.0',
    isPackaged: true,
    setAboutPanelOptions: vi.fn(),
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
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
    dialog: {
      showOpenDialog: vi.fn(),
      showSaveDialog: vi.fn(),
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 2, checkboxChecked: false })),
    },
    ipcMain: { handle: vi.fn() },
    Menu: {
      buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1050 } }] },
    session,
  };
  const becomeReady = async () => {
    markReady();
    await vi.waitFor(() => expect(windows.length).toBeGreaterThan(0));
  };
  /** Calls an IPC handler as the main window's page would. */
  const invoke = (channel: string, ...args: unknown[]) => {
    const handler = electron.ipcMain.handle.mock.calls.find(([registered]) => registered === channel)?.[1] as (
      event: unknown,
      ...args: unknown[]
    ) => Promise<unknown>;
    const event = { sender: windows[0].webContents, senderFrame: { url: 'app://netoscope/index.html', parent: null } };
    return handler(event, ...args);
  };
  /** The labels of File ▸ Open Recent in the menu installed last. */
  const openRecentLabels = () => {
    const template = electron.Menu.buildFromTemplate.mock.calls.at(-1)?.[0] ?? [];
    const file = template.find((item) => item.label === '&File')?.submenu as MenuItemConstructorOptions[];
    return (file.find((item) => item.label === 'Open Recent')?.submenu as MenuItemConstructorOptions[]).map((item) => item.label);
  };
  return { electron, windows, becomeReady, invoke, openRecentLabels };
}

const originalPlatform = process.platform;
const originalArgv = process.argv;

async function startMain(options: { gotLock: boolean; argv?: string[] }) {
  const fake = fakeElectron(options);
  vi.doMock('electron', () => fake.electron);
  process.argv = options.argv ?? ['/opt/netoscope/netoscope'];
  await import('../../main/index');
  return fake;
}

function commandsSentTo(contents: { send: { mock: { calls: unknown[][] } } }): unknown[] {
  return contents.send.mock.calls.filter(([channel]) => channel === COMMAND_CHANNEL).map(([, command]) => command);
}

beforeEach(async () => {
  vi.resetModules();
  userData = await mkdtemp(path.join(os.tmpdir(), 'netoscope-user-data-'));
  documents = await mkdtemp(path.join(os.tmpdir(), 'netoscope-documents-'));
});

afterEach(async () => {
  vi.doUnmock('electron');
  Object.defineProperty(process, 'platform', { value: originalPlatform });
  process.argv = originalArgv;
  await rm(userData, { recursive: true, force: true });
  await rm(documents, { recursive: true, force: true });
});

describe('the main process', () => {
  it('registers the app scheme and sandboxes renderers before ready', async () => {
    const { electron, windows } = await startMain({ gotLock: true });
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(windows).toHaveLength(0);
  });

  it('once ready, locks the session, serves app://, binds the IPC channels, installs the menu and opens one window', async () => {
    const { electron, windows, becomeReady } = await startMain({ gotLock: true });
    await becomeReady();
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(electron.session.defaultSession.webRequest.onBeforeRequest).toHaveBeenCalledOnce();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.ipcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce();
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
    electron.app.emit('second-instance', {}, ['/opt/netoscope/netoscope'], '/home/ada');
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

describe('documents opened by the system', () => {
  it('opens a document named on the command line at first start', async () => {
    const file = path.join(documents, 'Spirals.netoscope');
    await writeFile(file, '{"name":"Spirals"}');
    const { windows, becomeReady } = await startMain({ gotLock: true, argv: ['/opt/netoscope/netoscope', file] });
    await becomeReady();
    await vi.waitFor(() =>
      expect(commandsSentTo(windows[0].webContents)).toEqual([{ type: 'open-file', document: { path: file, text: '{"name":"Spirals"}' } }]),
    );
  });

  it('opens a document double-clicked while the app runs (second instance), relative to its working directory', async () => {
    await writeFile(path.join(documents, 'XOR.netoscope'), '{}');
    const { electron, windows, becomeReady } = await startMain({ gotLock: true });
    await becomeReady();
    electron.app.emit('second-instance', {}, ['/opt/netoscope/netoscope', '--flag', 'XOR.netoscope'], documents);
    await vi.waitFor(() =>
      expect(commandsSentTo(windows[0].webContents)).toEqual([
        { type: 'open-file', document: { path: path.join(documents, 'XOR.netoscope'), text: '{}' } },
      ]),
    );
  });

  it('keeps a macOS open-file that comes before ready, and opens it once the window exists', async () => {
    const file = path.join(documents, 'Early.netoscope');
    await writeFile(file, '{}');
    const { electron, windows, becomeReady } = await startMain({ gotLock: true });
    const event = { preventDefault: vi.fn() };
    electron.app.emit('open-file', event, file);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    await becomeReady();
    await vi.waitFor(() => expect(commandsSentTo(windows[0].webContents)).toEqual([{ type: 'open-file', document: { path: file, text: '{}' } }]));
  });

  it('tells the user why a document cannot be opened, and sends the page nothing', async () => {
    const { electron, windows, becomeReady } = await startMain({ gotLock: true, argv: ['netoscope', path.join(documents, 'Gone.netoscope')] });
    await becomeReady();
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce());
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(
      windows[0],
      expect.objectContaining({ type: 'error', detail: expect.stringMatching(/Gone\.netoscope could not be read: the file no longer exists/) }),
    );
    expect(commandsSentTo(windows[0].webContents)).toEqual([]);
  });

  it('lets the page save back to a document the system opened, without asking where', async () => {
    const file = path.join(documents, 'Spirals.netoscope');
    await writeFile(file, 'old');
    const { electron, windows, becomeReady, invoke } = await startMain({ gotLock: true, argv: ['netoscope', file] });
    await becomeReady();
    await vi.waitFor(() => expect(commandsSentTo(windows[0].webContents)).toHaveLength(1));
    await invoke(IPC_CHANNELS.saveDocument, { path: file, suggestedName: 'Spirals.netoscope', text: 'new' });
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(await readFile(file, 'utf8')).toBe('new');
  });
});

describe('recent documents', () => {
  it('fills File ▸ Open Recent and the system list when the page notes a document, and keeps the list', async () => {
    const file = path.join(documents, 'Spirals.netoscope');
    await writeFile(file, '{}');
    const first = await startMain({ gotLock: true, argv: ['netoscope', file] });
    await first.becomeReady();
    expect(first.openRecentLabels()).toEqual(['No Recent Documents']);
    await vi.waitFor(() => expect(commandsSentTo(first.windows[0].webContents)).toHaveLength(1));
    await first.invoke(IPC_CHANNELS.noteRecent, file);
    expect(first.openRecentLabels()).toEqual(['Spirals.netoscope', undefined, 'Clear Menu']);
    expect(first.electron.app.addRecentDocument).toHaveBeenCalledExactlyOnceWith(file);

    vi.resetModules();
    const second = await startMain({ gotLock: true });
    await second.becomeReady();
    expect(second.openRecentLabels()).toEqual(['Spirals.netoscope', undefined, 'Clear Menu']);
  });
});

describe('the window', () => {
  it('remembers its size and position for the next start', async () => {
    const first = await startMain({ gotLock: true });
    await first.becomeReady();
    first.windows[0].close();
    expect(first.windows[0].destroyed).toBe(true);

    vi.resetModules();
    const second = await startMain({ gotLock: true });
    await second.becomeReady();
    expect(second.windows[0].options).toMatchObject({ x: 120, y: 80, width: 1100, height: 720 });
  });

  it('asks before closing with unsaved changes, and Cancel keeps it open', async () => {
    const { electron, windows, becomeReady, invoke } = await startMain({ gotLock: true });
    await becomeReady();
    await invoke(IPC_CHANNELS.setDirty, true);
    windows[0].close();
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce());
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(windows[0], expect.objectContaining({ buttons: ['Save', "Don't Save", 'Cancel'] }));
    expect(windows[0].destroyed).toBe(false);
  });

  it("quitting with unsaved changes and choosing Don't Save clears the autosave and carries on quitting", async () => {
    const { electron, windows, becomeReady, invoke } = await startMain({ gotLock: true });
    await becomeReady();
    await invoke(IPC_CHANNELS.writeAutosave, '{"unsaved":true}');
    await invoke(IPC_CHANNELS.setDirty, true);
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    electron.app.emit('before-quit');
    windows[0].close();
    await vi.waitFor(() => expect(windows[0].destroyed).toBe(true));
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(await invoke(IPC_CHANNELS.readAutosave)).toBeNull();
  });

  it('Save asks the page to save, then closes once the page is clean', async () => {
    const { electron, windows, becomeReady, invoke } = await startMain({ gotLock: true });
    await becomeReady();
    await invoke(IPC_CHANNELS.setDirty, true);
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    windows[0].close();
    await vi.waitFor(() => expect(commandsSentTo(windows[0].webContents)).toEqual([{ type: 'save' }]));
    expect(windows[0].destroyed).toBe(false);
    await invoke(IPC_CHANNELS.setDirty, false);
    await vi.waitFor(() => expect(windows[0].destroyed).toBe(true));
  });
});
