import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  parseRecentList,
  RECENT_DOCUMENTS_LIMIT,
  RecentDocuments,
  recentLabels,
  serializeRecentList,
  withRecent,
  type RecentEntry,
} from '../../main/recent-documents';

const entry = (name: string, openedAt: number, folder = '/home/ada'): RecentEntry => ({ path: `${folder}/${name}.netoscope`, openedAt });

describe('withRecent', () => {
  it('puts a new document first', () => {
    expect(withRecent([entry('a', 1)], '/home/ada/b.netoscope', 2)).toEqual([entry('b', 2), entry('a', 1)]);
  });

  it('moves a document already listed to the front instead of listing it twice', () => {
    expect(withRecent([entry('a', 1), entry('b', 2), entry('c', 3)], '/home/ada/b.netoscope', 9)).toEqual([
      entry('b', 9),
      entry('a', 1),
      entry('c', 3),
    ]);
  });

  it('keeps at most the limit, dropping the oldest', () => {
    const full = Array.from({ length: RECENT_DOCUMENTS_LIMIT }, (_, index) => entry(`d${index}`, index));
    const next = withRecent(full, '/home/ada/new.netoscope', 100);
    expect(next).toHaveLength(RECENT_DOCUMENTS_LIMIT);
    expect(next[0]).toEqual(entry('new', 100));
    expect(next.at(-1)).toEqual(entry(`d${RECENT_DOCUMENTS_LIMIT - 2}`, RECENT_DOCUMENTS_LIMIT - 2));
  });
});

describe('parseRecentList', () => {
  it('reads back what serializeRecentList wrote', () => {
    const list = [entry('a', 2), entry('b', 1)];
    expect(parseRecentList(serializeRecentList(list), path.posix)).toEqual(list);
  });

  it.each([
    ['text that is not JSON', '{"version":1,'],
    ['another version', JSON.stringify({ version: 2, documents: [entry('a', 1)] })],
    ['a list without a wrapper', JSON.stringify([entry('a', 1)])],
    ['null', 'null'],
  ])('reads %s as an empty list', (_label, text) => {
    expect(parseRecentList(text, path.posix)).toEqual([]);
  });

  it('drops entries that are not absolute document paths with a time, and duplicates', () => {
    const documents = [
      entry('good', 5),
      { path: 'relative.netoscope', openedAt: 1 },
      { path: '/etc/passwd', openedAt: 1 },
      { path: '/home/ada/../../etc/x.netoscope', openedAt: 1 },
      { path: '/home/ada/no-time.netoscope' },
      { path: '/home/ada/bad-time.netoscope', openedAt: 'yesterday' },
      'just a string',
      entry('good', 4),
    ];
    expect(parseRecentList(JSON.stringify({ version: 1, documents }), path.posix)).toEqual([entry('good', 5)]);
  });
});

describe('recentLabels', () => {
  it('labels by file name, adding the folder only where two names are the same', () => {
    const list = [entry('Spirals', 3, '/home/ada/lecture'), entry('XOR', 2), entry('Spirals', 1, '/home/ada/old')];
    expect(recentLabels(list, path.posix)).toEqual(['Spirals.netoscope — /home/ada/lecture', 'XOR.netoscope', 'Spirals.netoscope — /home/ada/old']);
  });
});

describe('RecentDocuments', () => {
  let folder: string;
  let file: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'netoscope-recent-'));
    file = path.join(folder, 'user data', 'recent-documents.json');
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('starts empty when there is no file yet', async () => {
    const recent = new RecentDocuments(file, () => undefined);
    await recent.load();
    expect(recent.entries()).toEqual([]);
  });

  it('keeps the list on disk across runs, creating the folder', async () => {
    const first = new RecentDocuments(file, () => undefined);
    await first.note(path.join(folder, 'a.netoscope'), 1);
    await first.note(path.join(folder, 'b.netoscope'), 2);
    const second = new RecentDocuments(file, () => undefined);
    await second.load();
    expect(second.entries()).toEqual([
      { path: path.join(folder, 'b.netoscope'), openedAt: 2 },
      { path: path.join(folder, 'a.netoscope'), openedAt: 1 },
    ]);
    expect(second.has(path.join(folder, 'a.netoscope'))).toBe(true);
  });

  it('tells its listener about every change, and which document a note put first', async () => {
    const onChange = vi.fn();
    const recent = new RecentDocuments(file, onChange);
    const a = path.join(folder, 'a.netoscope');
    await recent.note(a, 1);
    await recent.remove(a);
    await recent.note(a, 2);
    await recent.clear();
    expect(onChange.mock.calls).toEqual([[[{ path: a, openedAt: 1 }], a], [[], null], [[{ path: a, openedAt: 2 }], a], [[], null]]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, documents: [] });
  });

  it('writes changes in order, so the file ends as the last change left it', async () => {
    const recent = new RecentDocuments(file, () => undefined);
    await Promise.all(Array.from({ length: 5 }, (_, index) => recent.note(path.join(folder, `d${index}.netoscope`), index)));
    const reloaded = new RecentDocuments(file, () => undefined);
    await reloaded.load();
    expect(reloaded.entries()).toEqual(recent.entries());
    expect(reloaded.entries()[0].path).toBe(path.join(folder, 'd4.netoscope'));
  });

  it('reads a corrupt file as an empty list', async () => {
    const recent = new RecentDocuments(path.join(folder, 'recent.json'), () => undefined);
    await writeFile(path.join(folder, 'recent.json'), '\0\0garbage');
    await recent.load();
    expect(recent.entries()).toEqual([]);
  });
});
