/**
 * Reading and writing document files. Saving goes through a temporary file in the same folder
 * and a rename, so a crash, a full disk or a failed write never leaves a half-written document
 * in place of the user's file: the rename is atomic on one filesystem.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_CHARS } from './validate';

/** UTF-8 needs at most 3 bytes per UTF-16 code unit, so no larger file fits the character limit. */
export const MAX_DOCUMENT_BYTES = MAX_DOCUMENT_CHARS * 3;

const BYTE_ORDER_MARK = '\ufeff';

export async function writeFileAtomic(filePath: string, text: string): Promise<void> {
  const temporaryPath = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomUUID()}.tmp`);
  try {
    // 'wx' refuses to follow a symlink or reuse a file someone planted at the temporary name.
    const handle = await open(temporaryPath, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, filePath);
  } catch (error) {
    await unlink(temporaryPath).catch(ignoreMissingFile);
    throw error;
  }
}

export async function readDocumentFile(filePath: string): Promise<string> {
  const { size } = await stat(filePath);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new Error(`${filePath} is ${size} bytes, too large for a Netoscope document (limit ${MAX_DOCUMENT_BYTES})`);
  }
  const raw = await readFile(filePath, 'utf8');
  // Editors on Windows may prefix a BOM, which JSON.parse rejects.
  const text = raw.startsWith(BYTE_ORDER_MARK) ? raw.slice(BYTE_ORDER_MARK.length) : raw;
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new Error(`${filePath} holds ${text.length} characters, too many for a Netoscope document (limit ${MAX_DOCUMENT_CHARS})`);
  }
  return text;
}

function ignoreMissingFile(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
