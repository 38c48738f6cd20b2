/**
 * File ▸ Open Recent: the documents last opened or saved, most recent first, kept as JSON in the
 * user-data folder. A list read back from disk is trusted no more than a payload: entries that are
 * not absolute `.netoscope` paths are dropped, and a corrupt file reads as an empty list.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMissingFileError, writeFileAtomic } from './files';
import { validateDocumentPath, type PathFlavour } from './validate';

export const RECENT_DOCUMENTS_FILE = 'recent-documents.json';
export const RECENT_DOCUMENTS_LIMIT = 10;
const FILE_VERSION = 1;

export interface RecentEntry {
  path: string;
  /** Milliseconds since the epoch. */
  openedAt: number;
}

/** `filePath` moved to the front (or added there), the list cut to `limit`. */
export function withRecent(list: readonly RecentEntry[], filePath: string, openedAt: number, limit = RECENT_DOCUMENTS_LIMIT): RecentEntry[] {
  return [{ path: filePath, openedAt }, ...list.filter((entry) => entry.path !== filePath)].slice(0, limit);
}

export function serializeRecentList(list: readonly RecentEntry[]): string {
  return `${JSON.stringify({ version: FILE_VERSION, documents: list }, null, 2)}\n`;
}

export function parseRecentList(text: string, flavour: PathFlavour = path): RecentEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const { version, documents } = (value ?? {}) as { version?: unknown; documents?: unknown };
  if (version !== FILE_VERSION || !Array.isArray(documents)) return [];
  const list: RecentEntry[] = [];
  for (const entry of documents as unknown[]) {
    const checked = checkedEntry(entry, flavour);
    if (checked !== null && !list.some((kept) => kept.path === checked.path)) list.push(checked);
  }
  return list.slice(0, RECENT_DOCUMENTS_LIMIT);
}

/**
 * Menu labels: the file name, or, where two recent files share a name, the name and its folder.
 */
export function recentLabels(list: readonly RecentEntry[], flavour: Pick<typeof path, 'basename' | 'dirname'> = path): string[] {
  const names = list.map((entry) => flavour.basename(entry.path));
  return list.map((entry, index) =>
    names.indexOf(names[index]) === names.lastIndexOf(names[index]) ? names[index] : `${names[index]} — ${flavour.dirname(entry.path)}`,
  );
}

/** The list in memory and on disk. Writes are queued, so the file always ends up as the last change. */
export class RecentDocuments {
  private list: RecentEntry[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly filePath: string,
    /** `noted` is the path just put first, when the change was a note. */
    private readonly onChange: (list: readonly RecentEntry[], noted: string | null) => void,
  ) {}

  async load(): Promise<void> {
    try {
      this.list = parseRecentList(await readFile(this.filePath, 'utf8'));
    } catch (error) {
      if (!isMissingFileError(error)) throw error;
      this.list = [];
    }
  }

  entries(): readonly RecentEntry[] {
    return this.list;
  }

  has(filePath: string): boolean {
    return this.list.some((entry) => entry.path === filePath);
  }

  note(filePath: string, openedAt = Date.now()): Promise<void> {
    return this.replace(withRecent(this.list, filePath, openedAt), filePath);
  }

  remove(filePath: string): Promise<void> {
    return this.replace(this.list.filter((entry) => entry.path !== filePath), null);
  }

  clear(): Promise<void> {
    return this.replace([], null);
  }

  private replace(list: RecentEntry[], noted: string | null): Promise<void> {
    this.list = list;
    this.onChange(list, noted);
    const text = serializeRecentList(list);
    const write = async () => {
      await mkdir(path.dirname(this.filePath), { recursive: true });
      await writeFileAtomic(this.filePath, text);
    };
    this.writing = this.writing.then(write, write);
    return this.writing;
  }
}

function checkedEntry(value: unknown, flavour: PathFlavour): RecentEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const { path: filePath, openedAt } = value as { path?: unknown; openedAt?: unknown };
  if (typeof openedAt !== 'number' || !Number.isFinite(openedAt)) return null;
  try {
    return { path: validateDocumentPath(filePath, 'recent document', flavour), openedAt };
  } catch {
    return null;
  }
}
