/**
 * Documents handed to the app by the system rather than chosen in its Open dialog: a double-click
 * on a `.netoscope` file (macOS `open-file`; on Windows and Linux the path arrives in argv, at
 * first start or through the single-instance lock's `second-instance`), a path typed on the
 * command line, or a File ▸ Open Recent entry.
 */
import path from 'node:path';
import { isMissingFileError, readDocumentFile } from './files';
import type { OpenedDocument } from './ipc-contract';
import { hasDocumentExtension } from './validate';

export type SystemOpenResult =
  | { ok: true; document: OpenedDocument }
  /** `missing`: the file is gone, so a recent-list entry for it can go too. */
  | { ok: false; message: string; missing: boolean };

/**
 * The first `.netoscope` argument, as an absolute path. argv[0] is the executable; flags are
 * skipped, including the switches Chromium adds to a second instance's argv. During development
 * (`electron .`) the app folder is an argument too, but it is no document.
 */
export function documentPathFromArgv(
  argv: readonly string[],
  workingDirectory: string,
  flavour: Pick<typeof path, 'resolve'> = path,
): string | null {
  const argument = argv.slice(1).find((candidate) => !candidate.startsWith('-') && hasDocumentExtension(candidate));
  return argument === undefined ? null : flavour.resolve(workingDirectory, argument);
}

/** Reads a document for the page, or says in a sentence why it cannot be opened. */
export async function readDocumentForSystem(filePath: string): Promise<SystemOpenResult> {
  const name = path.basename(filePath);
  if (!hasDocumentExtension(name)) {
    return { ok: false, message: `${name} is not a Netoscope document: Netoscope opens .netoscope files only.`, missing: false };
  }
  try {
    return { ok: true, document: { path: filePath, text: await readDocumentFile(filePath) } };
  } catch (error) {
    return { ok: false, message: `${name} could not be read: ${describeReadError(error)}`, missing: isMissingFileError(error) };
  }
}

function describeReadError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'the file no longer exists (was it moved or deleted?).';
    case 'EACCES':
    case 'EPERM':
      return 'you do not have permission to read it.';
    case 'EISDIR':
      return 'it is a folder, not a file.';
    default:
      return `${(error as Error).message}.`;
  }
}
