import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { RunState } from '../engine/protocol';
import { resolveInstruments } from '../engine/run/instruments';
import { createRunManager, type RunEvent } from '../engine/run/manager';
import { percentileRanks } from '../engine/stats/collect';
import { DEFAULT_PERCENTILE_RANKS } from '../engine/stats/percentiles';
import type { Command } from './args';
import { chooseDocuments, compileRuns, describeIoError, loadDocument, type CompiledRun } from './document';
import { CliError, EXIT, type ExitCode } from './exit';
import { createFormatter, nodeKinds, reportOf, REPORTED_RANKS, type RunInfo } from './report';
import { nodeWorkerPort } from './worker-port';

export interface RunEnvironment {
  stdout: Writable;
  stderr: Writable;
  /** The bundled engine/worker/node.ts. */
  workerScript: URL;
  maxConcurrent: number;
  /** Resolves when the user interrupts (Ctrl-C): every run is stopped. */
  interrupted: Promise<void>;
}

/** What the CLI keeps of a run while it trains. */
interface Tracked {
  info: RunInfo;
  previousStep: number;
  state: RunState | null;
  error: { message: string; source: 'dataset' | 'worker' } | null;
}

const DEFAULT_EVERY = 50;

/** `netoscope run`: trains the chosen documents in worker threads, writes a report at every measured step. */
export async function runCommand(command: Extract<Command, { kind: 'run' }>, environment: RunEnvironment): Promise<ExitCode> {
  const { document } = await loadDocument(command.file);
  const runs = compileRuns(command.file, chooseDocuments(document, command.variants));
  const output = command.out === null ? environment.stdout : await openOutput(command.out);
  let outputError: Error | null = null;
  output.on('error', (error: Error) => {
    outputError ??= error;
    stopAll();
  });
  const write = (text: string): Promise<void> | void => {
    if (text === '' || outputError) return;
    // A full buffer holds the consumer, hence the frame's acknowledgement, hence the worker.
    if (!output.write(text)) return once(output, 'drain').then(() => {});
  };

  const formatter = createFormatter(command.format, runs.length > 1);
  const tracked = new Map<string, Tracked>();
  const consume = (event: RunEvent): Promise<void> | void => {
    const run = tracked.get(event.runId)!;
    switch (event.type) {
      case 'queued':
      case 'reset':
        return;
      case 'frame': {
        const report = reportOf(run.info, event, run.previousStep);
        run.previousStep = event.step;
        return write(formatter.report(report));
      }
      case 'diverged':
        return write(formatter.diverged(run.info, event));
      case 'error':
        run.error = { message: event.message, source: event.source };
        return;
      case 'state':
        if (event.state === 'running' || event.state === 'paused') return;
        run.state = event.state;
        return write(formatter.ended(run.info, event.state, event.step, run.error?.message ?? null));
      default: {
        const unknown: never = event;
        throw new Error(`Unhandled run event ${JSON.stringify(unknown)}`);
      }
    }
  };
  const manager = createRunManager({ spawn: () => nodeWorkerPort(environment.workerScript), maxConcurrent: environment.maxConcurrent, consumer: consume });
  const stopAll = (): void => {
    for (const runId of tracked.keys()) if (manager.status(runId) !== null) manager.stop(runId);
  };
  let interrupted = false;
  void environment.interrupted.then(() => {
    interrupted = true;
    stopAll();
  });

  await write(formatter.header());
  runs.forEach((run, index) => {
    const runId = `run-${index + 1}`;
    const { info, request } = prepare(run, command);
    tracked.set(runId, { info, previousStep: 0, state: null, error: null });
    void write(formatter.started(info));
    manager.start({ ...request, runId });
  });
  await Promise.all([...tracked.keys()].map((runId) => manager.ended(runId)));
  manager.dispose();
  if (command.out !== null && !outputError) await new Promise<void>((resolve) => output.end(resolve));

  if (outputError) {
    // The reader went away (`netoscope run … | head`): it has what it wanted.
    if ((outputError as { code?: string }).code === 'EPIPE') return EXIT.ok;
    throw new CliError(`Cannot write the output${command.out === null ? '' : ` to '${command.out}'`}: ${describeIoError(outputError)}.`, EXIT.io);
  }
  if (interrupted) return EXIT.interrupted;
  return exitCodeOf([...tracked.values()], environment.stderr);
}

/** The run request and the report labels of a compiled document under the command's options. */
function prepare(run: CompiledRun, command: Extract<Command, { kind: 'run' }>) {
  const settings = run.document.instruments ?? {};
  const every = command.every ?? settings.every ?? DEFAULT_EVERY;
  const percentiles = [...new Set([...(settings.percentiles ?? DEFAULT_PERCENTILE_RANKS), ...REPORTED_RANKS])];
  const instruments = resolveInstruments({ ...settings, every, percentiles });
  const { length } = command;
  // One metric point per report, so a report's loss is the mean over exactly the steps since the last one.
  const training = { ...run.plan.training, reportEvery: every, ...(length.kind === 'steps' ? { steps: length.steps } : {}) };
  const info: RunInfo = {
    name: run.name,
    document: run.document.name,
    steps: length.kind === 'epochs' ? null : training.steps,
    epochs: length.kind === 'epochs' ? length.epochs : null,
    every,
    ranks: percentileRanks({ percentiles: instruments.percentiles, weightHistograms: instruments.weightHistograms }),
    kinds: nodeKinds(run.plan),
  };
  const request = {
    plan: { ...run.plan, training },
    instruments,
    delivery: 'lockstep' as const,
    ...(length.kind === 'epochs' ? { epochs: length.epochs } : {}),
  };
  return { info, request };
}

function exitCodeOf(runs: readonly Tracked[], stderr: Writable): ExitCode {
  let code: ExitCode = EXIT.ok;
  for (const { info, state, error } of runs) {
    if (error) {
      // One line: the JSON end record keeps the whole message (Node's module errors append a require stack).
      const what = error.source === 'dataset' ? `cannot load the dataset of '${info.name}'` : `run '${info.name}' failed`;
      stderr.write(`netoscope: ${what}: ${error.message.split('\n')[0]}\n`);
    }
    if (error?.source === 'dataset') code = EXIT.io;
    else if (state !== 'finished' && code === EXIT.ok) code = EXIT.runFailed;
  }
  return code;
}

async function openOutput(file: string): Promise<Writable> {
  try {
    const handle = await open(file, 'w');
    return handle.createWriteStream();
  } catch (error) {
    throw new CliError(`Cannot write '${file}': ${describeIoError(error)}.`, EXIT.io);
  }
}
