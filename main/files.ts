/**
 * Reading and writing document files. Saving goes through a temporary file in the same folder
 * and a rename, so a crash, a full disk or a failed write never leaves a half-written document
 * in place of the user's file: the rename is atomic on one filesystem.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_CHARS } from './validate';

/** UTF-8 needs at most 3 bytes per UTF-16 code unit, so no larger file fits the character limit. */
export const MAX_DOCUMENT_BYTES = MAX_DOCUMENT_CHARS * 3;

const BYTE_ORDER_MARK = '\ufeff';

export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const temporaryPath = temporaryPathFor(filePath);
  try {
    // 'wx' refuses to follow a symlink or reuse a file someone planted at the temporary name.
    const handle = await open(temporaryPath, 'wx', 0o644);
    try {
      await handle.writeFile(data, 'utf8');
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

/**
 * The same, blocking: for the little state written while the app shuts down (the window's
 * bounds), when an asynchronous write might not finish before the process exits.
 */
export function writeFileAtomicSync(filePath: string, text: string): void {
  const temporaryPath = temporaryPathFor(filePath);
  try {
    const descriptor = openSync(temporaryPath, 'wx', 0o644);
    try {
      writeSync(descriptor, text, null, 'utf8');
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporaryPath, filePath);
  } catch (error) {
    try {
      unlinkSync(temporaryPath);
    } catch (unlinkError) {
      ignoreMissingFile(unlinkError);
    }
    throw error;
  }
}

/** Removes a file; one already gone is fine. */
export async function removeFile(filePath: string): Promise<void> {
  await unlink(filePath).catch(ignoreMissingFile);
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

/** True for the error fs raises when a file or one of its folders does not exist. */
export function isMissingFileError(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function temporaryPathFor(filePath: string): string {
  return path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomUUID()}.tmp`);
}

function ignoreMissingFile(error: unknown): void {
  if (!isMissingFileError(error)) throw error;
}
