import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultConcurrency } from '../engine/run/manager';
import { parseCommand, USAGE } from './args';
import { CliError, EXIT, type ExitCode } from './exit';
import { exportCommand } from './export';
import { runCommand } from './run';
import { validateCommand } from './validate';

/**
 * The `netoscope` command (docs/CLI.md), bundled to out/cli/netoscope.mjs beside the training
 * worker out/engine/node-worker.mjs. Every failure ends in one line on the standard error and a
 * documented exit code, never a stack trace.
 */
async function main(argv: readonly string[]): Promise<ExitCode> {
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case 'help':
        process.stdout.write(USAGE);
        return EXIT.ok;
      case 'validate':
        return await validateCommand(command.file, process.stdout);
      case 'export':
        return await exportCommand(command, { stdout: process.stdout, stderr: process.stderr });
      case 'run':
        return await runCommand(command, {
          stdout: process.stdout,
          stderr: process.stderr,
          workerScript: trainingWorker(),
          maxConcurrent: defaultConcurrency(availableParallelism()),
          interrupted: new Promise((resolve) => process.once('SIGINT', () => resolve())),
        });
      default: {
        const unknown: never = command;
        throw new Error(`Unhandled command ${JSON.stringify(unknown)}`);
      }
    }
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`netoscope: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`netoscope: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.runFailed;
  }
}

function trainingWorker(): URL {
  const script = new URL('../engine/node-worker.mjs', import.meta.url);
  if (!existsSync(fileURLToPath(script))) throw new CliError(`The training worker ${fileURLToPath(script)} is missing: build it with 'npm run build'.`, EXIT.io);
  return script;
}

process.exitCode = await main(process.argv.slice(2));
