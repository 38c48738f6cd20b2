import { parseArgs } from 'node:util';
import { CliError, EXIT } from './exit';

export type OutputFormat = 'table' | 'json' | 'csv';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

/** What to train: the base document, one named variant, or every variant. */
export type VariantChoice = { kind: 'base' } | { kind: 'named'; name: string } | { kind: 'all' };

/** How long to train: the document's steps, or as given. */
export type RunLength = { kind: 'document' } | { kind: 'steps'; steps: number } | { kind: 'epochs'; epochs: number };

/** The formats `export` writes (docs/EXPORT.md). */
export type ExportTarget = 'pytorch';

export type Command =
  | { kind: 'help' }
  | { kind: 'validate'; file: string }
  | { kind: 'run'; file: string; length: RunLength; variants: VariantChoice; every: number | null; format: OutputFormat; out: string | null }
  | {
      kind: 'export';
      file: string;
      to: ExportTarget;
      /** The folder the files go to. */
      out: string;
      /** Train the document (for `steps`, or its own steps) and write the trained weights too. */
      weights: boolean;
      steps: number | null;
      variant: Extract<VariantChoice, { kind: 'base' | 'named' }>;
    };

type CommandName = Exclude<Command['kind'], 'help'>;

const COMMAND_OPTIONS: Record<CommandName, readonly string[]> = {
  run: ['steps', 'epochs', 'variant', 'all-variants', 'every', 'format', 'out'],
  validate: [],
  export: ['to', 'weights', 'steps', 'variant', 'out'],
};

export const USAGE = `Usage:
  netoscope run <document> [--steps N | --epochs N] [--variant NAME | --all-variants]
                           [--every K] [--format table|json|csv] [--out FILE]
  netoscope validate <document>
  netoscope export <document> --to pytorch --out DIR [--weights [--steps N]] [--variant NAME]
  netoscope --help

run        trains the document headless and reports, every K steps, the loss, the accuracy
           and a table of every layer's statistics (docs/CLI.md)
validate   checks the document and compiles it (and each variant); exits 3 on any problem
export     writes the network as a PyTorch script: model.py, train.py, the data PyTorch cannot
           regenerate and, with --weights, the weights after training the document headless
           (docs/EXPORT.md)

  --steps N        train N steps instead of the document's
  --epochs N       train N passes over the training set instead
  --variant NAME   train this variant of the document instead of the base document
  --all-variants   train every variant, several at once
  --every K        report every K steps (default: the document's instruments.every, or 50)
  --format F       table (default), json (one JSON object per line) or csv
  --out FILE       write the reports to FILE instead of the standard output
                   (export: the folder to write the files to)
  --to pytorch     export: the format (PyTorch is the one there is)
  --weights        export: train the document first and write its trained weights

Exit codes: 0 ok, 1 a run diverged or failed, 2 bad usage, 3 invalid document,
4 a file could not be read or written (document, output, dataset), 130 interrupted.
export also exits 3 for a network that PyTorch cannot express the same way.
`;

const usage = (message: string): CliError => new CliError(`${message}\nRun 'netoscope --help' for the usage.`, EXIT.usage);

function positiveInteger(option: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw usage(`--${option} takes a positive whole number, got '${text}'.`);
  return Number(text);
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_OPTIONS, name);
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
        to: { type: 'string' },
        weights: { type: 'boolean' },
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
  if (name === undefined) throw usage('Missing command: run, validate or export.');
  if (!isCommandName(name)) throw usage(`Unknown command '${name}': expected run, validate or export.`);
  if (file === undefined) throw usage(`Missing document: netoscope ${name} <document>.`);
  if (extra.length > 0) throw usage(`Unexpected argument '${extra[0]}'.`);
  const misplaced = Object.keys(values).find((option) => option !== 'help' && !COMMAND_OPTIONS[name].includes(option));
  if (misplaced) {
    const owners = (Object.keys(COMMAND_OPTIONS) as CommandName[]).filter((command) => COMMAND_OPTIONS[command].includes(misplaced));
    throw usage(`--${misplaced} is an option of ${owners.map((owner) => `'${owner}'`).join(' and ')}, not of '${name}'.`);
  }
  if (name === 'validate') return { kind: 'validate', file };
  if (name === 'export') {
    if (values.to === undefined) throw usage('Missing --to: netoscope export <document> --to pytorch --out DIR.');
    if (values.to !== 'pytorch') throw usage(`--to takes pytorch, got '${values.to}'.`);
    if (values.out === undefined) throw usage('Missing --out: the folder to write the exported files to.');
    const steps = positiveInteger('steps', values.steps);
    if (steps !== null && !values.weights) throw usage('--steps sets how long to train for --weights: give both, or neither.');
    return {
      kind: 'export',
      file,
      to: values.to,
      out: values.out,
      weights: values.weights ?? false,
      steps,
      variant: values.variant !== undefined ? { kind: 'named', name: values.variant } : { kind: 'base' },
    };
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
