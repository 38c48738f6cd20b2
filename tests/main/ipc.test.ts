import type { BrowserWindow, IpcMain } from 'electron';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../main/ipc-contract';
import { assertTrustedSender, createIpcRoutes, registerIpcHandlers, type IpcDependencies, type SenderEvent } from '../../main/ipc';

const ownerWindow = { id: 1 } as unknown as BrowserWindow;

function eventFrom(url: string, options: { subframe?: boolean } = {}): SenderEvent {
  const parent = options.subframe ? { url: 'app://netoscope/index.html' } : null;
  return { sender: {}, senderFrame: { url, parent } } as unknown as SenderEvent;
}

const trusted = eventFrom('app://netoscope/index.html');

function fakeDialog() {
  return {
    showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
    showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  };
}

let folder: string;
let dialog: ReturnType<typeof fakeDialog>;
let routes: ReturnType<typeof createIpcRoutes>;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'netoscope-ipc-'));
  dialog = fakeDialog();
  routes = createIpcRoutes({ dialog, windowOf: () => ownerWindow } as unknown as IpcDependencies);
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels', () => {
    const ipcMain = { handle: vi.fn() };
    registerIpcHandlers(ipcMain as unknown as IpcMain, { dialog, windowOf: () => null } as unknown as IpcDependencies);
    expect(ipcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });
});

describe('assertTrustedSender', () => {
  it('accepts the top frame of our app:// page', () => {
    expect(() => assertTrustedSender(trusted, 'c')).not.toThrow();
  });

  it.each([
    ['an https page', 'https://example.com/', /refused a request from "https:\/\/example.com\/", which is not app:\/\/netoscope/],
    ['a file:// page', 'file:///tmp/evil.html', /which is not app:\/\/netoscope/],
    ['a look-alike host', 'app://netoscope.example.com/index.html', /which is not app:\/\/netoscope/],
    ['the dev server', 'http://localhost:5173/', /which is not app:\/\/netoscope/],
  ])('refuses %s', (_label, url, message) => {
    expect(() => assertTrustedSender(eventFrom(url), 'netoscope:save-document')).toThrow(message);
  });

  it('refuses a subframe, even one of ours', () => {
    expect(() => assertTrustedSender(eventFrom('app://netoscope/index.html', { subframe: true }), 'c')).toThrow(
      /only the top-level page/,
    );
  });

  it('refuses a frame that is gone', () => {
    expect(() => assertTrustedSender({ senderFrame: null }, 'c')).toThrow(/the frame that sent it is gone/);
  });
});

describe('the guards around each route', () => {
  it('check the sender before opening any dialog', async () => {
    await expect(routes.openDocument(eventFrom('https://example.com/'))).rejects.toThrow(/netoscope:open-document: refused/);
    await expect(
      routes.saveDocument(eventFrom('https://example.com/'), { suggestedName: 'a.netoscope', text: '' }),
    ).rejects.toThrow(/netoscope:save-document: refused/);
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('validate the payload before opening any dialog', async () => {
    await expect(routes.openDocument(trusted, 'extra')).rejects.toThrow(/openDocument takes no arguments/);
    await expect(routes.saveDocument(trusted, { suggestedName: 'a.netoscope', text: 1 })).rejects.toThrow(
      /saveDocument\.text must be a string/,
    );
    await expect(routes.saveDocument(trusted, { path: 'relative.netoscope', suggestedName: 'a.netoscope', text: '' })).rejects.toThrow(
      /must be an absolute path/,
    );
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});

describe('openDocument', () => {
  it('returns null when the user cancels', async () => {
    expect(await routes.openDocument(trusted)).toBeNull();
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(ownerWindow, expect.objectContaining({ properties: ['openFile'] }));
  });

  it('returns the chosen file and its text', async () => {
    const file = path.join(folder, 'Spirals.netoscope');
    await writeFile(file, '{"name":"Spirals"}');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    expect(await routes.openDocument(trusted)).toEqual({ path: file, text: '{"name":"Spirals"}' });
  });

  it('refuses a file that is not a document', async () => {
    const file = path.join(folder, 'notes.txt');
    await writeFile(file, 'hello');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    await expect(routes.openDocument(trusted)).rejects.toThrow(/opens \.netoscope files only/);
  });
});

describe('saveDocument', () => {
  it('asks where to save when no path is given, and writes there', async () => {
    const file = path.join(folder, 'Spirals.netoscope');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file });
    expect(await routes.saveDocument(trusted, { suggestedName: 'Spirals.netoscope', text: 'v1' })).toEqual({ path: file });
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(ownerWindow, expect.objectContaining({ defaultPath: 'Spirals.netoscope' }));
    expect(await readFile(file, 'utf8')).toBe('v1');
  });

  it('adds the extension when the user typed a bare name', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(folder, 'Spirals') });
    expect(await routes.saveDocument(trusted, { suggestedName: 'Spirals.netoscope', text: 'v1' })).toEqual({
      path: path.join(folder, 'Spirals.netoscope'),
    });
    expect(await readdir(folder)).toEqual(['Spirals.netoscope']);
  });

  it('returns null and writes nothing when the user cancels', async () => {
    expect(await routes.saveDocument(trusted, { suggestedName: 'Spirals.netoscope', text: 'v1' })).toBeNull();
    expect(await readdir(folder)).toEqual([]);
  });

  it('writes straight back to a path the user chose earlier in the session', async () => {
    const file = path.join(folder, 'Spirals.netoscope');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file });
    await routes.saveDocument(trusted, { suggestedName: 'Spirals.netoscope', text: 'v1' });
    expect(await routes.saveDocument(trusted, { path: file, suggestedName: 'Spirals.netoscope', text: 'v2' })).toEqual({ path: file });
    expect(dialog.showSaveDialog).toHaveBeenCalledOnce();
    expect(await readFile(file, 'utf8')).toBe('v2');
  });

  it('writes straight back to a file the user opened', async () => {
    const file = path.join(folder, 'Opened.netoscope');
    await writeFile(file, 'old');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    await routes.openDocument(trusted);
    await routes.saveDocument(trusted, { path: file, suggestedName: 'Opened.netoscope', text: 'new' });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(await readFile(file, 'utf8')).toBe('new');
  });

  it('only suggests a path the user never chose, so the page cannot pick where to write', async () => {
    const planted = path.join(folder, 'planted.netoscope');
    expect(await routes.saveDocument(trusted, { path: planted, suggestedName: 'planted.netoscope', text: 'x' })).toBeNull();
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(ownerWindow, expect.objectContaining({ defaultPath: planted }));
    expect(await readdir(folder)).toEqual([]);
  });

  it('opens an unparented dialog when the sender has no window', async () => {
    const orphanRoutes = createIpcRoutes({ dialog, windowOf: () => null } as unknown as IpcDependencies);
    await orphanRoutes.saveDocument(trusted, { suggestedName: 'a.netoscope', text: '' });
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'a.netoscope' }));
  });
});
