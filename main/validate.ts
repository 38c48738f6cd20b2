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
import { MAX_DOCUMENT_CHARS, type ExportFilesRequest, type ExportRequest, type SaveRequest } from './ipc-contract';

export { MAX_DOCUMENT_CHARS };

export const DOCUMENT_EXTENSION = '.netoscope';

/** What File ▸ Export may write, by MIME type: the dialog's filter and the extension the name must end in. */
export const EXPORT_FORMATS: Readonly<Record<string, { name: string; extension: string }>> = {
  'image/png': { name: 'PNG image', extension: 'png' },
  'image/svg+xml': { name: 'SVG image', extension: 'svg' },
  'text/csv': { name: 'CSV table', extension: 'csv' },
  'application/json': { name: 'JSON file', extension: 'json' },
};

/** A chart image or a long training log, with room to spare. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
/** Text exports (CSV, SVG, JSON): a UTF-16 code unit takes at most 3 bytes in UTF-8. */
export const MAX_EXPORT_CHARS = 16 * 1024 * 1024;

const MAX_FILE_NAME_CHARS = 255;
const MAX_PATH_CHARS = 4096;
const SAVE_REQUEST_KEYS: ReadonlySet<string> = new Set(['path', 'suggestedName', 'text']);
const EXPORT_REQUEST_KEYS: ReadonlySet<string> = new Set(['suggestedName', 'mimeType', 'data']);
const EXPORT_FILES_REQUEST_KEYS: ReadonlySet<string> = new Set(['suggestedName', 'files']);
const EXPORTED_FILE_KEYS: ReadonlySet<string> = new Set(['name', 'data']);
/** A PyTorch export is a handful of files (scripts, data, weights). */
export const MAX_EXPORT_FILES = 16;
/** All the files of one export together, counting 3 bytes per character of text. */
export const MAX_EXPORT_FILES_BYTES = 256 * 1024 * 1024;
/** A file name the export folder may hold: no path, no leading dot, nothing a shell or file system reads specially. */
const EXPORTED_FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

/** The parts of node:path the checks use; tests pass path.win32 to check Windows paths on Linux. */
export type PathFlavour = Pick<typeof path, 'isAbsolute' | 'normalize' | 'basename'>;

export function validateOpenDocumentArgs(args: readonly unknown[]): void {
  validateNoArgs('openDocument', args);
}

/** For the methods that take nothing: recentDocuments, readAutosave, clearAutosave. */
export function validateNoArgs(method: string, args: readonly unknown[]): void {
  if (args.length !== 0) {
    throw new IpcValidationError(`${method} takes no arguments, got ${args.length}`);
  }
}

/** openRecent and noteRecent: one absolute, normalised path to a `.netoscope` file. */
export function validatePathArgs(method: string, args: readonly unknown[], flavour: PathFlavour = path): string {
  return validateDocumentPath(singleArgument(method, args), `${method}.path`, flavour);
}

export function validateWriteAutosaveArgs(args: readonly unknown[]): string {
  return validateDocumentText(singleArgument('writeAutosave', args), 'writeAutosave.text');
}

export function validateSetDirtyArgs(args: readonly unknown[]): boolean {
  const dirty = singleArgument('setDirty', args);
  if (typeof dirty !== 'boolean') {
    throw new IpcValidationError(`setDirty.dirty must be a boolean, got ${describe(dirty)}`);
  }
  return dirty;
}

export function validateExportFileArgs(args: readonly unknown[]): ExportRequest {
  const request = singleArgument('exportFile', args);
  if (!isPlainObject(request)) {
    throw new IpcValidationError(`exportFile: the request must be a plain object, got ${describe(request)}`);
  }
  const unknownKeys = Object.keys(request).filter((key) => !EXPORT_REQUEST_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw new IpcValidationError(`exportFile: unknown field(s) ${unknownKeys.join(', ')}`);
  }
  const { mimeType, data } = request;
  if (typeof mimeType !== 'string' || !Object.hasOwn(EXPORT_FORMATS, mimeType)) {
    throw new IpcValidationError(
      `exportFile.mimeType must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}, got ${JSON.stringify(mimeType)}`,
    );
  }
  const { extension } = EXPORT_FORMATS[mimeType];
  const suggestedName = validateBareFileName(request.suggestedName, 'exportFile.suggestedName');
  if (!hasExtension(suggestedName, `.${extension}`)) {
    throw new IpcValidationError(`exportFile.suggestedName must end in .${extension} for ${mimeType}: ${JSON.stringify(suggestedName)}`);
  }
  if (typeof data === 'string') {
    if (data.length > MAX_EXPORT_CHARS) {
      throw new IpcValidationError(`exportFile.data is ${data.length} characters, more than the limit of ${MAX_EXPORT_CHARS}`);
    }
  } else if (data instanceof Uint8Array) {
    if (data.byteLength > MAX_EXPORT_BYTES) {
      throw new IpcValidationError(`exportFile.data is ${data.byteLength} bytes, more than the limit of ${MAX_EXPORT_BYTES}`);
    }
  } else {
    throw new IpcValidationError(`exportFile.data must be a string or a Uint8Array, got ${describe(data)}`);
  }
  return { suggestedName, mimeType, data };
}

/** exportFiles: a bare folder name and 1 to MAX_EXPORT_FILES files with safe, distinct bare names. */
export function validateExportFilesArgs(args: readonly unknown[]): ExportFilesRequest {
  const request = singleArgument('exportFiles', args);
  if (!isPlainObject(request)) {
    throw new IpcValidationError(`exportFiles: the request must be a plain object, got ${describe(request)}`);
  }
  const unknownKeys = Object.keys(request).filter((key) => !EXPORT_FILES_REQUEST_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw new IpcValidationError(`exportFiles: unknown field(s) ${unknownKeys.join(', ')}`);
  }
  const suggestedName = validateBareFileName(request.suggestedName, 'exportFiles.suggestedName');
  if (suggestedName === '.' || suggestedName === '..') {
    throw new IpcValidationError(`exportFiles.suggestedName must name a folder, got ${JSON.stringify(suggestedName)}`);
  }
  const { files } = request;
  if (!Array.isArray(files) || files.length === 0 || files.length > MAX_EXPORT_FILES) {
    throw new IpcValidationError(`exportFiles.files must be an array of 1 to ${MAX_EXPORT_FILES} files, got ${describe(files)}`);
  }
  const names = new Set<string>();
  let totalBytes = 0;
  const checked = files.map((file: unknown, index) => {
    const field = `exportFiles.files[${index}]`;
    if (!isPlainObject(file) || Object.keys(file).some((key) => !EXPORTED_FILE_KEYS.has(key))) {
      throw new IpcValidationError(`${field} must be a plain object with a name and data, got ${describe(file)}`);
    }
    const { name, data } = file;
    if (typeof name !== 'string' || !EXPORTED_FILE_NAME.test(name)) {
      throw new IpcValidationError(`${field}.name must be a bare file name of letters, digits, '.', '-' and '_', got ${JSON.stringify(name)}`);
    }
    // Case-insensitive: on Windows and macOS two names differing in case are one file.
    if (names.has(name.toLowerCase())) throw new IpcValidationError(`${field}.name repeats ${JSON.stringify(name)}`);
    names.add(name.toLowerCase());
    if (typeof data === 'string') totalBytes += 3 * data.length;
    else if (data instanceof Uint8Array) totalBytes += data.byteLength;
    else throw new IpcValidationError(`${field}.data must be a string or a Uint8Array, got ${describe(data)}`);
    return { name, data };
  });
  if (totalBytes > MAX_EXPORT_FILES_BYTES) {
    throw new IpcValidationError(`exportFiles: the files take up to ${totalBytes} bytes, more than the limit of ${MAX_EXPORT_FILES_BYTES}`);
  }
  return { suggestedName, files: checked };
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
  const fileName = validateBareFileName(value, field);
  if (!hasDocumentExtension(fileName)) {
    throw new IpcValidationError(`${field} must end in ${DOCUMENT_EXTENSION}: ${JSON.stringify(fileName)}`);
  }
  return fileName;
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
  return hasExtension(fileName, DOCUMENT_EXTENSION);
}

/** True when `fileName` ends in `extension` (with its dot, any case) and has a name before it. */
export function hasExtension(fileName: string, extension: string): boolean {
  return fileName.length > extension.length && fileName.toLowerCase().endsWith(extension);
}

function validateBareFileName(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new IpcValidationError(`${field} must be a string, got ${describe(value)}`);
  }
  if (value.length === 0 || value.length > MAX_FILE_NAME_CHARS) {
    throw new IpcValidationError(`${field} must be 1 to ${MAX_FILE_NAME_CHARS} characters long, got ${value.length}`);
  }
  if (/[/\\]/.test(value) || CONTROL_CHARACTERS.test(value)) {
    throw new IpcValidationError(`${field} must be a bare file name without slashes or control characters: ${JSON.stringify(value)}`);
  }
  return value;
}

function singleArgument(method: string, args: readonly unknown[]): unknown {
  if (args.length !== 1) {
    throw new IpcValidationError(`${method} takes one argument, got ${args.length}`);
  }
  return args[0];
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
