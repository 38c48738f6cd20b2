import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentPathFromArgv, readDocumentForSystem } from '../../main/system-open';

describe('documentPathFromArgv', () => {
  it('finds a document double-clicked on Linux (packaged: the executable, then the file)', () => {
    expect(documentPathFromArgv(['/opt/Netoscope/netoscope', '/home/ada/Spirals.netoscope'], '/home/ada', path.posix)).toBe(
      '/home/ada/Spirals.netoscope',
    );
  });

  it('resolves a relative path against the working directory of the instance that received it', () => {
    expect(documentPathFromArgv(['netoscope', 'lecture/XOR.netoscope'], '/home/ada', path.posix)).toBe('/home/ada/lecture/XOR.netoscope');
  });

  it('finds a document on Windows, whatever the case of its extension', () => {
    expect(documentPathFromArgv(['C:\\Program Files\\Netoscope\\Netoscope.exe', 'D:\\Kurs\\Spiralen.NETOSCOPE'], 'C:\\', path.win32)).toBe(
      'D:\\Kurs\\Spiralen.NETOSCOPE',
    );
  });

  it('skips the app folder during development (`electron .`)', () => {
    expect(documentPathFromArgv(['/usr/lib/electron/electron', '.', 'a.netoscope'], '/work', path.posix)).toBe('/work/a.netoscope');
  });

  it("skips the switches Chromium adds to a second instance's argv", () => {
    const argv = ['/opt/Netoscope/netoscope', '--allow-file-access-from-files', '--original-process-start-time=1', '/tmp/a.netoscope'];
    expect(documentPathFromArgv(argv, '/', path.posix)).toBe('/tmp/a.netoscope');
  });

  it.each([
    ['nothing but the executable', ['/opt/Netoscope/netoscope']],
    ['other files', ['/opt/Netoscope/netoscope', '/home/ada/notes.txt', '/home/ada/data.json']],
    ['a switch that names a document', ['/opt/Netoscope/netoscope', '--open=/tmp/a.netoscope']],
    ['a bare extension', ['/opt/Netoscope/netoscope', '.netoscope']],
    ['a document as the executable itself', ['/tmp/a.netoscope']],
  ])('finds nothing in %s', (_label, argv) => {
    expect(documentPathFromArgv(argv, '/', path.posix)).toBeNull();
  });
});

describe('readDocumentForSystem', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'netoscope-system-open-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads the document', async () => {
    const file = path.join(folder, 'Spirals.netoscope');
    await writeFile(file, '{"name":"Spirals"}');
    expect(await readDocumentForSystem(file)).toEqual({ ok: true, document: { path: file, text: '{"name":"Spirals"}' } });
  });

  it('says a missing file is gone, and marks it missing so the recent list can drop it', async () => {
    expect(await readDocumentForSystem(path.join(folder, 'Gone.netoscope'))).toEqual({
      ok: false,
      message: 'Gone.netoscope could not be read: the file no longer exists (was it moved or deleted?).',
      missing: true,
    });
  });

  it('refuses another kind of file without reading it', async () => {
    expect(await readDocumentForSystem(path.join(folder, 'notes.txt'))).toEqual({
      ok: false,
      message: 'notes.txt is not a Netoscope document: Netoscope opens .netoscope files only.',
      missing: false,
    });
  });

  it('says a folder is a folder', async () => {
    const fakeDocument = path.join(folder, 'Folder.netoscope');
    await mkdir(fakeDocument);
    expect(await readDocumentForSystem(fakeDocument)).toMatchObject({ ok: false, message: expect.stringMatching(/it is a folder/), missing: false });
  });
});
