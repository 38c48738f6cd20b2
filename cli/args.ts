import { parseArgs } from 'node:util';
import { CliError, EXIT } from './exit';

export type OutputFormat = 'table' | 'json' | 'csv';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

/** What to train: the base document, one named variant, or every variant. */
export type VariantChoice = { kind: 'base' } | { kind: 'named'; name: string } | { kind: 'all' };

/** How long to train: the document's steps, or as given. */
export type RunLength = { kind: 'document' } | { kind: 'steps'; steps: number } | { kind: 'epochs'; epochs: number };

export type Command =
  | { kind: 'help' }
  | { kind: 'validate'; file: string }
  | { kind: 'run'; file: string; length: RunLength; variants: VariantChoice; every: number | null; format: OutputFormat; out: string | null };

export const USAGE = `Usage:
  netoscope run <document> [--steps N | --epochs N] [--variant NAME | --all-variants]
                           [--every K] [--format table|json|csv] [--out FILE]
  netoscope validate <document>
  netoscope --help

run        trains the document headless and reports, every K steps, the loss, the accuracy
           and a table of every layer's statistics (docs/CLI.md)
validate   checks the document and compiles it (and each variant); exits 3 on any problem

  --steps N        train N steps instead of the document's
  --epochs N       train N passes over the training set instead
  --variant NAME   train this variant of the document instead of the base document
  --all-variants   train every variant, several at once
  --every K        report every K steps (default: the document's instruments.every, or 50)
  --format F       table (default), json (one JSON object per line) or csv
  --out FILE       write the reports to FILE instead of the standard output

Exit codes: 0 ok, 1 a run diverged or failed, 2 bad usage, 3 invalid document,
4 a file could not be read or written (document, output, dataset), 130 interrupted.
`;

const usage = (message: string): CliError => new CliError(`${message}\nRun 'netoscope --help' for the usage.`, EXIT.usage);

function positiveInteger(option: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw usage(`--${option} takes a positive whole number, got '${text}'.`);
  return Number(text);
}

/** Reads the command line (without `node` and the script); throws a usage CliError on anything wrong. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        steps: { type: 'string' },
        epochs: { type: 'string' },
        variant: { type: 'string' },
        'all-variants': { type: 'boolean' },
        every: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node's own message goes on about positional arguments that start with '-'.
    const unknown = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(message) : null;
    throw usage(unknown ? `Unknown option '${unknown[1]}'.` : message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [name, file, ...extra] = positionals;
  if (name === undefined) throw usage('Missing command: run or validate.');
  if (name !== 'run' && name !== 'validate') throw usage(`Unknown command '${name}': expected run or validate.`);
  if (file === undefined) throw usage(`Missing document: netoscope ${name} <document>.`);
  if (extra.length > 0) throw usage(`Unexpected argument '${extra[0]}'.`);
  if (name === 'validate') {
    const runOnly = Object.keys(values).find((option) => option !== 'help');
    if (runOnly) throw usage(`--${runOnly} is an option of 'run', not of 'validate'.`);
    return { kind: 'validate', file };
  }

  const steps = positiveInteger('steps', values.steps);
  const epochs = positiveInteger('epochs', values.epochs);
  if (steps !== null && epochs !== null) throw usage('Give --steps or --epochs, not both.');
  if (values.variant !== undefined && values['all-variants']) throw usage('Give --variant or --all-variants, not both.');
  const format = values.format ?? 'table';
  if (!FORMATS.includes(format as OutputFormat)) throw usage(`--format takes table, json or csv, got '${format}'.`);
  return {
    kind: 'run',
    file,
    length: steps !== null ? { kind: 'steps', steps } : epochs !== null ? { kind: 'epochs', epochs } : { kind: 'document' },
    variants: values.variant !== undefined ? { kind: 'named', name: values.variant } : values['all-variants'] ? { kind: 'all' } : { kind: 'base' },
    every: positiveInteger('every', values.every),
    format: format as OutputFormat,
    out: values.out ?? null,
  };
}
