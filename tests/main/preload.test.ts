import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type DesktopApi } from '../../main/ipc-contract';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => null), send: vi.fn(), on: vi.fn() },
}));
vi.mock('electron', () => electron);

await import('../../main/preload/index');

function exposedApi(): DesktopApi {
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, DesktopApi];
  expect(key).toBe('netoscope');
  return api;
}

describe('the preload', () => {
  it('exposes exactly the DesktopApi methods as window.netoscope', () => {
    const api = exposedApi();
    expect(Object.keys(api).sort()).toEqual(Object.keys(IPC_CHANNELS).sort());
    for (const method of Object.values(api)) expect(typeof method).toBe('function');
  });

  it('invokes the open channel without arguments', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ path: '/a.netoscope', text: '{}' });
    expect(await exposedApi().openDocument()).toEqual({ path: '/a.netoscope', text: '{}' });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.openDocument);
  });

  it('invokes the save channel with the request', async () => {
    const request = { suggestedName: 'a.netoscope', text: '{}' };
    await exposedApi().saveDocument(request);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.saveDocument, request);
  });

  it('never uses the other ipcRenderer methods', () => {
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
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
