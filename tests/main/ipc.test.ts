import type { BrowserWindow, IpcMain } from 'electron';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from '../../main/autosave';
import { IPC_CHANNELS, type InvokeMethod } from '../../main/ipc-contract';
import { assertTrustedSender, createIpcRoutes, registerIpcHandlers, type IpcDependencies, type SenderEvent } from '../../main/ipc';
import { RecentDocuments } from '../../main/recent-documents';

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
let guard: { setDirty: ReturnType<typeof vi.fn>; saveSettled: ReturnType<typeof vi.fn> };
let recent: RecentDocuments;
let autosave: Autosave;
let dependencies: IpcDependencies;
let routes: ReturnType<typeof createIpcRoutes>;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'netoscope-ipc-'));
  dialog = fakeDialog();
  guard = { setDirty: vi.fn(), saveSettled: vi.fn() };
  recent = new RecentDocuments(path.join(folder, 'user-data', 'recent-documents.json'), () => undefined);
  autosave = new Autosave(path.join(folder, 'user-data', 'Autosave', 'unsaved.netoscope'));
  dependencies = {
    dialog,
    windowOf: () => ownerWindow,
    pathsChosenByUser: new Set(),
    recent,
    autosave,
    closeGuardOf: () => guard,
  } as unknown as IpcDependencies;
  routes = createIpcRoutes(dependencies);
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function documentFile(name: string, text: string): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, text);
  return file;
}

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels', () => {
    const ipcMain = { handle: vi.fn() };
    registerIpcHandlers(ipcMain as unknown as IpcMain, dependencies);
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
  it.each(Object.keys(IPC_CHANNELS) as InvokeMethod[])('%s refuses an untrusted sender before validating anything', async (method) => {
    const route = routes[method] as (event: SenderEvent, ...args: unknown[]) => Promise<unknown>;
    await expect(route(eventFrom('https://example.com/'))).rejects.toThrow(`${IPC_CHANNELS[method]}: refused`);
  });

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
    const orphanRoutes = createIpcRoutes({ ...dependencies, windowOf: () => null });
    await orphanRoutes.saveDocument(trusted, { suggestedName: 'a.netoscope', text: '' });
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'a.netoscope' }));
  });
});

describe('saveDocument and the close guard', () => {
  it('reports a save that happened', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(folder, 'a.netoscope') });
    await routes.saveDocument(trusted, { suggestedName: 'a.netoscope', text: 'v1' });
    expect(guard.saveSettled).toHaveBeenCalledExactlyOnceWith(true);
  });

  it('reports a cancelled save', async () => {
    await routes.saveDocument(trusted, { suggestedName: 'a.netoscope', text: 'v1' });
    expect(guard.saveSettled).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('reports a failed save and passes the error on', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(folder, 'missing', 'a.netoscope') });
    await expect(routes.saveDocument(trusted, { suggestedName: 'a.netoscope', text: 'v1' })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(guard.saveSettled).toHaveBeenCalledExactlyOnceWith(false);
  });
});

describe('setDirty', () => {
  it("tells the sender's window guard", async () => {
    await routes.setDirty(trusted, true);
    expect(guard.setDirty).toHaveBeenCalledExactlyOnceWith(true);
  });

  it('refuses anything but a boolean', async () => {
    await expect(routes.setDirty(trusted, 'false')).rejects.toThrow(/setDirty\.dirty must be a boolean/);
    expect(guard.setDirty).not.toHaveBeenCalled();
  });
});

describe('the recent documents', () => {
  it('lists the recent files with their names, most recent first', async () => {
    await recent.note('/home/ada/Old.netoscope', 1000);
    await recent.note('/home/ada/New.netoscope', 2000);
    expect(await routes.recentDocuments(trusted)).toEqual([
      { name: 'New.netoscope', path: '/home/ada/New.netoscope', openedAt: 2000 },
      { name: 'Old.netoscope', path: '/home/ada/Old.netoscope', openedAt: 1000 },
    ]);
  });

  it('opens a file of the list, after which Save writes back to it without asking', async () => {
    const file = await documentFile('Spirals.netoscope', 'old');
    await recent.note(file);
    expect(await routes.openRecent(trusted, file)).toEqual({ path: file, text: 'old' });
    await routes.saveDocument(trusted, { path: file, suggestedName: 'Spirals.netoscope', text: 'new' });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(await readFile(file, 'utf8')).toBe('new');
  });

  it('refuses to open a file that is not on the list, so the page cannot read any document by path', async () => {
    const file = await documentFile('Secret.netoscope', 'secret');
    await expect(routes.openRecent(trusted, file)).rejects.toThrow(/is not on the recent documents list/);
  });

  it('returns null for a file that is gone, and drops it from the list', async () => {
    const file = path.join(folder, 'Gone.netoscope');
    await recent.note(file);
    expect(await routes.openRecent(trusted, file)).toBeNull();
    expect(recent.has(file)).toBe(false);
  });

  it('returns null for a file that cannot be read, and keeps it on the list', async () => {
    const file = path.join(folder, 'Folder.netoscope');
    await mkdir(file);
    await recent.note(file);
    expect(await routes.openRecent(trusted, file)).toBeNull();
    expect(recent.has(file)).toBe(true);
  });

  it('notes a document the user opened', async () => {
    const file = await documentFile('Opened.netoscope', '{}');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    await routes.openDocument(trusted);
    await routes.noteRecent(trusted, file);
    expect(recent.entries().map((entry) => entry.path)).toEqual([file]);
  });

  it('refuses to note a path the user never chose', async () => {
    await expect(routes.noteRecent(trusted, '/home/ada/planted.netoscope')).rejects.toThrow(/was not opened or saved by the user/);
    expect(recent.entries()).toEqual([]);
  });
});

describe('the autosave', () => {
  it('writes, reads back and clears the autosave in the user-data folder', async () => {
    expect(await routes.readAutosave(trusted)).toBeNull();
    await routes.writeAutosave(trusted, '{"name":"unsaved"}');
    expect(await readFile(path.join(folder, 'user-data', 'Autosave', 'unsaved.netoscope'), 'utf8')).toBe('{"name":"unsaved"}');
    expect(await routes.readAutosave(trusted)).toBe('{"name":"unsaved"}');
    await routes.clearAutosave(trusted);
    expect(await routes.readAutosave(trusted)).toBeNull();
  });

  it('validates what it writes', async () => {
    await expect(routes.writeAutosave(trusted, { text: '{}' })).rejects.toThrow(/writeAutosave\.text must be a string/);
    await expect(routes.readAutosave(trusted, 'x')).rejects.toThrow(/readAutosave takes no arguments/);
  });
});

describe('exportFile', () => {
  const csv = { suggestedName: 'loss.csv', mimeType: 'text/csv', data: 'step,loss\n' };

  it('asks where to export, filtered by the MIME type, and writes the text there', async () => {
    const file = path.join(folder, 'loss.csv');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file });
    expect(await routes.exportFile(trusted, csv)).toBe(true);
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      ownerWindow,
      expect.objectContaining({ defaultPath: 'loss.csv', filters: [{ name: 'CSV table', extensions: ['csv'] }] }),
    );
    expect(await readFile(file, 'utf8')).toBe('step,loss\n');
  });

  it('writes bytes as they are, adding the extension to a bare name', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(folder, 'chart') });
    expect(await routes.exportFile(trusted, { suggestedName: 'chart.png', mimeType: 'image/png', data: bytes })).toBe(true);
    expect(new Uint8Array(await readFile(path.join(folder, 'chart.png')))).toEqual(bytes);
  });

  it('returns false and writes nothing when the user cancels', async () => {
    expect(await routes.exportFile(trusted, csv)).toBe(false);
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses an unknown format before showing any dialog', async () => {
    await expect(routes.exportFile(trusted, { ...csv, mimeType: 'application/x-msdownload' })).rejects.toThrow(/mimeType must be one of/);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});

describe('exportFiles', () => {
  const request = {
    suggestedName: 'Spirals (PyTorch)',
    files: [
      { name: 'model.py', data: 'import torch\n' },
      { name: 'weights.bin', data: new Uint8Array([0, 0, 128, 63]) },
    ],
  };

  it('asks for a folder name, creates the folder and writes every file into it', async () => {
    const target = path.join(folder, 'exported', 'Spirals (PyTorch)');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await routes.exportFiles(trusted, request)).toBe(true);
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(ownerWindow, expect.objectContaining({ defaultPath: 'Spirals (PyTorch)', buttonLabel: 'Export' }));
    expect((await readdir(target)).sort()).toEqual(['model.py', 'weights.bin']);
    expect(await readFile(path.join(target, 'model.py'), 'utf8')).toBe('import torch\n');
    expect(new Uint8Array(await readFile(path.join(target, 'weights.bin')))).toEqual(new Uint8Array([0, 0, 128, 63]));
  });

  it('returns false and writes nothing when the user cancels', async () => {
    expect(await routes.exportFiles(trusted, request)).toBe(false);
    expect(await readdir(folder)).toEqual([]);
  });

  it.each([
    [{ ...request, files: [{ name: '../escape.py', data: '' }] }, /files\[0\]\.name must be a bare file name/],
    [{ ...request, files: [{ name: '.bashrc', data: '' }] }, /files\[0\]\.name must be a bare file name/],
    [{ ...request, files: [request.files[0], { name: 'MODEL.py', data: '' }] }, /files\[1\]\.name repeats/],
    [{ ...request, files: [] }, /array of 1 to 16 files/],
    [{ ...request, files: [{ name: 'a.py', data: 3 }] }, /data must be a string or a Uint8Array/],
    [{ ...request, suggestedName: 'a/b' }, /bare file name without slashes/],
    [{ ...request, suggestedName: '..' }, /must name a folder/],
    [{ ...request, overwrite: true }, /unknown field\(s\) overwrite/],
  ])('refuses %j before showing any dialog', async (bad, message) => {
    await expect(routes.exportFiles(trusted, bad)).rejects.toThrow(message);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});
