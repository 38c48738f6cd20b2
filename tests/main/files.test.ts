import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Lets one test make the final rename fail, as a full disk or a locked file would.
const renameFailure = vi.hoisted(() => ({ next: null as Error | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      const failure = renameFailure.next;
      renameFailure.next = null;
      if (failure) throw failure;
      return actual.rename(from, to);
    },
  };
});

const { MAX_DOCUMENT_BYTES, readDocumentFile, removeFile, writeFileAtomic, writeFileAtomicSync } = await import('../../main/files');
const { MAX_DOCUMENT_CHARS } = await import('../../main/validate');

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'netoscope-files-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a new file and leaves no temporary file behind', async () => {
    const target = path.join(folder, 'Two spirals.netoscope');
    await writeFileAtomic(target, '{"name":"Two spirals ✓"}');
    expect(await readFile(target, 'utf8')).toBe('{"name":"Two spirals ✓"}');
    expect(await readdir(folder)).toEqual(['Two spirals.netoscope']);
  });

  it('replaces an existing file', async () => {
    const target = path.join(folder, 'a.netoscope');
    await writeFile(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(folder)).toEqual(['a.netoscope']);
  });

  it('leaves the original untouched and removes the temporary file when the rename fails', async () => {
    const target = path.join(folder, 'a.netoscope');
    await writeFile(target, 'original');
    renameFailure.next = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    await expect(writeFileAtomic(target, 'replacement')).rejects.toThrow(/ENOSPC/);
    expect(await readFile(target, 'utf8')).toBe('original');
    expect(await readdir(folder)).toEqual(['a.netoscope']);
  });

  it('fails without creating anything when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(folder, 'missing', 'a.netoscope'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(folder)).toEqual([]);
  });

  it('writes bytes unchanged', async () => {
    const target = path.join(folder, 'chart.png');
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    await writeFileAtomic(target, bytes);
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
  });
});

describe('writeFileAtomicSync', () => {
  it('replaces a file and leaves no temporary file behind', async () => {
    const target = path.join(folder, 'window-state.json');
    await writeFile(target, 'old');
    writeFileAtomicSync(target, '{"maximized":true}');
    expect(await readFile(target, 'utf8')).toBe('{"maximized":true}');
    expect(await readdir(folder)).toEqual(['window-state.json']);
  });

  it('fails without creating anything when the folder does not exist', async () => {
    expect(() => writeFileAtomicSync(path.join(folder, 'missing', 'state.json'), 'x')).toThrow(/ENOENT/);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('removeFile', () => {
  it('removes a file, and a file already gone is fine', async () => {
    const target = path.join(folder, 'a.netoscope');
    await writeFile(target, 'x');
    await removeFile(target);
    await removeFile(target);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('readDocumentFile', () => {
  it('reads UTF-8 text and drops a byte-order mark', async () => {
    const target = path.join(folder, 'a.netoscope');
    await writeFile(target, '\ufeff{"name":"é"}', 'utf8');
    expect(await readDocumentFile(target)).toBe('{"name":"é"}');
  });

  it('refuses a file larger than any document', async () => {
    const target = path.join(folder, 'huge.netoscope');
    await writeFile(target, Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20));
    await expect(readDocumentFile(target)).rejects.toThrow(/too large for a Netoscope document/);
  });

  it('refuses a file with more characters than a document may hold', async () => {
    const target = path.join(folder, 'long.netoscope');
    await writeFile(target, 'x'.repeat(MAX_DOCUMENT_CHARS + 1));
    await expect(readDocumentFile(target)).rejects.toThrow(/too many for a Netoscope document/);
  });
});
