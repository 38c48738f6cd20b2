import { build } from 'esbuild';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_CHANNEL, IPC_CHANNELS, type DesktopApi, type DesktopCommand, type InvokeMethod } from '../../main/ipc-contract';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => null), send: vi.fn(), sendSync: vi.fn(), on: vi.fn() },
}));
vi.mock('electron', () => electron);

// Loaded once, as in a page: the command backlog below depends on the order of the tests.
await import('../../main/preload/index');

function exposedApi(): DesktopApi {
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, DesktopApi];
  expect(key).toBe('netoscope');
  return api;
}

/** Delivers a payload as the main process's `webContents.send(COMMAND_CHANNEL, payload)` would. */
function sendFromMain(payload: unknown): void {
  const [channel, listener] = electron.ipcRenderer.on.mock.calls[0] as [string, (event: unknown, payload: unknown) => void];
  expect(channel).toBe(COMMAND_CHANNEL);
  listener({}, payload);
}

const openFile: DesktopCommand = { type: 'open-file', document: { path: '/home/ada/a.netoscope', text: '{}' } };

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
});

describe('the preload', () => {
  it('exposes exactly the DesktopApi: one method per invoke channel, and onCommand', () => {
    const api = exposedApi();
    expect(Object.keys(api).sort()).toEqual([...Object.keys(IPC_CHANNELS), 'onCommand'].sort());
    for (const method of Object.values(api)) expect(typeof method).toBe('function');
  });

  const calls: [InvokeMethod, unknown[]][] = [
    ['openDocument', []],
    ['saveDocument', [{ suggestedName: 'a.netoscope', text: '{}' }]],
    ['recentDocuments', []],
    ['openRecent', ['/home/ada/a.netoscope']],
    ['noteRecent', ['/home/ada/a.netoscope']],
    ['readAutosave', []],
    ['writeAutosave', ['{}']],
    ['clearAutosave', []],
    ['setDirty', [true]],
    ['exportFile', [{ suggestedName: 'loss.csv', mimeType: 'text/csv', data: 'step,loss\n' }]],
    ['exportFiles', [{ suggestedName: 'Spirals (PyTorch)', files: [{ name: 'model.py', data: 'import torch\n' }] }]],
  ];

  it('covers every invoke channel in these tests', () => {
    expect(calls.map(([method]) => method).sort()).toEqual(Object.keys(IPC_CHANNELS).sort());
  });

  it.each(calls)('%s invokes its channel with its arguments and returns the answer', async (method, args) => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce('answer');
    const call = exposedApi()[method] as (...args: unknown[]) => Promise<unknown>;
    expect(await call(...args)).toBe('answer');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(IPC_CHANNELS[method], ...args);
  });

  it('keeps commands that arrive before anyone subscribed and hands them to the first subscriber', () => {
    sendFromMain(openFile);
    sendFromMain({ type: 'save' });
    const first = vi.fn();
    const unsubscribe = exposedApi().onCommand(first);
    expect(first.mock.calls).toEqual([[openFile], [{ type: 'save' }]]);
    const second = vi.fn();
    exposedApi().onCommand(second)();
    expect(second).not.toHaveBeenCalled();
    unsubscribe();
  });

  it('delivers live commands to every subscriber until it unsubscribes', () => {
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = exposedApi().onCommand(first);
    const unsubscribeSecond = exposedApi().onCommand(second);
    sendFromMain({ type: 'undo' });
    unsubscribeFirst();
    sendFromMain({ type: 'redo' });
    expect(first.mock.calls).toEqual([[{ type: 'undo' }]]);
    expect(second.mock.calls).toEqual([[{ type: 'undo' }], [{ type: 'redo' }]]);
    unsubscribeSecond();
  });

  it('drops a malformed command instead of handing it to the page, and passes only the checked fields', () => {
    const listener = vi.fn();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const unsubscribe = exposedApi().onCommand(listener);
    sendFromMain({ type: 'format-disk' });
    sendFromMain({ type: 'open-file', document: { path: 42, text: '' } });
    sendFromMain({ type: 'new', extra: '<script>' });
    expect(listener.mock.calls).toEqual([[{ type: 'new' }]]);
    expect(consoleError).toHaveBeenCalledTimes(2);
    consoleError.mockRestore();
    unsubscribe();
  });

  it('refuses a listener that is not a function', () => {
    expect(() => exposedApi().onCommand('alert(1)' as unknown as () => void)).toThrow(/needs a function/);
  });

  it('never sends on a channel of its own or listens on any but the command channel', () => {
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.on.mock.calls.map(([channel]) => channel)).toEqual([COMMAND_CHANNEL]);
  });

  it('bundles to one CommonJS file that requires nothing but electron, as the sandbox demands', async () => {
    const result = await build({
      entryPoints: ['main/preload/index.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.outputFiles).toHaveLength(1);
    const required = [...result.outputFiles[0].text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});
