/** The CLI's exit codes (docs/CLI.md). */
export const EXIT = {
  ok: 0,
  /** A run diverged or failed. */
  runFailed: 1,
  /** Unknown command or option, bad option value. */
  usage: 2,
  /** The document is not valid or does not compile. */
  invalidDocument: 3,
  /** A file could not be read or written: the document, the output, the dataset. */
  io: 4,
  /** Interrupted (Ctrl-C): the runs were stopped. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure with its message for the user (no stack trace) and its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}
