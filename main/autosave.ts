/**
 * Crash recovery: while the document has unsaved changes the page writes it here (debounced), reads
 * it back at start-up to offer recovery, and clears it once the work is saved or discarded. One
 * file in the user-data folder, since the app has one window; written atomically, so a crash in
 * the middle of an autosave leaves the previous one readable.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isMissingFileError, readDocumentFile, removeFile, writeFileAtomic } from './files';

export const AUTOSAVE_FOLDER = 'Autosave';
export const AUTOSAVE_FILE = 'unsaved.netoscope';

export function autosavePath(userDataFolder: string): string {
  return path.join(userDataFolder, AUTOSAVE_FOLDER, AUTOSAVE_FILE);
}

/** Operations run in the order they were asked for, so a clear is never overtaken by an older write. */
export class Autosave {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly filePath: string) {}

  write(text: string): Promise<void> {
    return this.enqueue(async () => {
      await mkdir(path.dirname(this.filePath), { recursive: true });
      await writeFileAtomic(this.filePath, text);
    });
  }

  read(): Promise<string | null> {
    return this.enqueue(async () => {
      try {
        return await readDocumentFile(this.filePath);
      } catch (error) {
        if (isMissingFileError(error)) return null;
        throw error;
      }
    });
  }

  clear(): Promise<void> {
    return this.enqueue(() => removeFile(this.filePath));
  }

  private enqueue<Result>(operation: () => Promise<Result>): Promise<Result> {
    const result = this.queue.then(operation, operation);
    this.queue = result;
    return result;
  }
}
