/**
 * The checks the main process runs on every IPC payload before acting on it. The renderer is
 * treated as untrusted (a compromised page must not be able to write where the user never
 * meant to), so each validator rejects wrong types, unknown keys, oversize text and any path that
 * is relative, unnormalised or not a `.netoscope` file, and returns a fresh object holding only
 * the checked fields.
 *
 * These live here rather than in ipc-contract.ts because they need node:path, which the
 * sandboxed preload (which bundles ipc-contract.ts) cannot load.
 */
import path from 'node:path';
import type { SaveRequest } from './ipc-contract';

export const DOCUMENT_EXTENSION = '.netoscope';

/** Far above any real document (a graph and its settings), low enough to refuse a memory bomb. */
export const MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;

const MAX_FILE_NAME_CHARS = 255;
const MAX_PATH_CHARS = 4096;
const SAVE_REQUEST_KEYS: ReadonlySet<string> = new Set(['path', 'suggestedName', 'text']);
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

/** The parts of node:path the checks use; tests pass path.win32 to check Windows paths on Linux. */
export type PathFlavour = Pick<typeof path, 'isAbsolute' | 'normalize' | 'basename'>;

export function validateOpenDocumentArgs(args: readonly unknown[]): void {
  if (args.length !== 0) {
    throw new IpcValidationError(`openDocument takes no arguments, got ${args.length}`);
  }
}

export function validateSaveDocumentArgs(args: readonly unknown[], flavour: PathFlavour = path): SaveRequest {
  if (args.length !== 1) {
    throw new IpcValidationError(`saveDocument takes one request object, got ${args.length} arguments`);
  }
  const request = args[0];
  if (!isPlainObject(request)) {
    throw new IpcValidationError(`saveDocument: the request must be a plain object, got ${describe(request)}`);
  }
  const unknownKeys = Object.keys(request).filter((key) => !SAVE_REQUEST_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw new IpcValidationError(`saveDocument: unknown field(s) ${unknownKeys.join(', ')}`);
  }
  const text = validateDocumentText(request.text, 'saveDocument.text');
  const suggestedName = validateFileName(request.suggestedName, 'saveDocument.suggestedName');
  if (request.path === undefined) return { suggestedName, text };
  return { path: validateDocumentPath(request.path, 'saveDocument.path', flavour), suggestedName, text };
}

export function validateDocumentText(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new IpcValidationError(`${field} must be a string, got ${describe(value)}`);
  }
  if (value.length > MAX_DOCUMENT_CHARS) {
    throw new IpcValidationError(`${field} is ${value.length} characters, more than the limit of ${MAX_DOCUMENT_CHARS}`);
  }
  return value;
}

/** A bare file name such as "Two spirals.netoscope": only proposed to the save dialog. */
export function validateFileName(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new IpcValidationError(`${field} must be a string, got ${describe(value)}`);
  }
  if (value.length === 0 || value.length > MAX_FILE_NAME_CHARS) {
    throw new IpcValidationError(`${field} must be 1 to ${MAX_FILE_NAME_CHARS} characters long, got ${value.length}`);
  }
  if (/[/\\]/.test(value) || CONTROL_CHARACTERS.test(value)) {
    throw new IpcValidationError(`${field} must be a bare file name without slashes or control characters: ${JSON.stringify(value)}`);
  }
  if (!hasDocumentExtension(value)) {
    throw new IpcValidationError(`${field} must end in ${DOCUMENT_EXTENSION}: ${JSON.stringify(value)}`);
  }
  return value;
}

/** An absolute, normalised path to a `.netoscope` file. */
export function validateDocumentPath(value: unknown, field: string, flavour: PathFlavour = path): string {
  if (typeof value !== 'string') {
    throw new IpcValidationError(`${field} must be a string, got ${describe(value)}`);
  }
  if (value.length === 0 || value.length > MAX_PATH_CHARS) {
    throw new IpcValidationError(`${field} must be 1 to ${MAX_PATH_CHARS} characters long, got ${value.length}`);
  }
  if (CONTROL_CHARACTERS.test(value)) {
    throw new IpcValidationError(`${field} contains control characters: ${JSON.stringify(value)}`);
  }
  if (!flavour.isAbsolute(value)) {
    throw new IpcValidationError(`${field} must be an absolute path: ${JSON.stringify(value)}`);
  }
  if (flavour.normalize(value) !== value) {
    throw new IpcValidationError(`${field} must be normalised (no "..", "." or doubled separators): ${JSON.stringify(value)}`);
  }
  if (!hasDocumentExtension(flavour.basename(value))) {
    throw new IpcValidationError(`${field} must name a ${DOCUMENT_EXTENSION} file: ${JSON.stringify(value)}`);
  }
  return value;
}

/** True for "x.netoscope" (any case), false for ".netoscope" alone, which names no document. */
export function hasDocumentExtension(fileName: string): boolean {
  return fileName.length > DOCUMENT_EXTENSION.length && fileName.toLowerCase().endsWith(DOCUMENT_EXTENSION);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
