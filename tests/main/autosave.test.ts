import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Autosave, autosavePath } from '../../main/autosave';

describe('autosavePath', () => {
  it('is one document in an Autosave folder of the user-data folder', () => {
    expect(autosavePath('/home/ada/.config/Netoscope')).toBe(path.join('/home/ada/.config/Netoscope', 'Autosave', 'unsaved.netoscope'));
  });
});

describe('Autosave', () => {
  let userData: string;
  let autosave: Autosave;

  beforeEach(async () => {
    userData = await mkdtemp(path.join(os.tmpdir(), 'netoscope-autosave-'));
    autosave = new Autosave(autosavePath(userData));
  });

  afterEach(async () => {
    await rm(userData, { recursive: true, force: true });
  });

  it('reads null when nothing was autosaved', async () => {
    expect(await autosave.read()).toBeNull();
  });

  it('creates its folder, replaces the previous autosave and leaves no temporary file', async () => {
    await autosave.write('first');
    await autosave.write('second');
    expect(await autosave.read()).toBe('second');
    expect(await readdir(path.join(userData, 'Autosave'))).toEqual(['unsaved.netoscope']);
  });

  it('survives the app: a new instance reads what the last one wrote', async () => {
    await autosave.write('{"name":"before the crash"}');
    expect(await new Autosave(autosavePath(userData)).read()).toBe('{"name":"before the crash"}');
  });

  it('clears the autosave, and clearing twice is fine', async () => {
    await autosave.write('x');
    await autosave.clear();
    await autosave.clear();
    expect(await autosave.read()).toBeNull();
  });

  it('runs operations in the order they were asked for, so a clear is never overtaken by an older write', async () => {
    const writes = [autosave.write('a'), autosave.write('b'), autosave.clear(), autosave.write('c')];
    const readAfter = autosave.read();
    await Promise.all(writes);
    expect(await readAfter).toBe('c');
    await Promise.all([autosave.write('d'), autosave.clear()]);
    await expect(readFile(autosavePath(userData), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
