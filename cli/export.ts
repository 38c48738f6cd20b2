import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDataset, needsDataSource } from '../engine/data/dataset';
import type { CompiledPlan } from '../engine/document/plan';
import { exportToPyTorch, type ExportFile } from '../engine/export/pytorch';
import { trainedParameters, type TrainedParameters } from '../engine/export/weights';
import { selectKernels } from '../engine/kernels/select';
import { createTrainer } from '../engine/train';
import { nodeDataSource } from '../engine/worker/node-data';
import type { Command } from './args';
import { chooseDocuments, compileRuns, describeCompileError, describeIoError, listProblems, loadDocument } from './document';
import { CliError, EXIT, type ExitCode } from './exit';

export type ExportCommand = Extract<Command, { kind: 'export' }>;

interface ExportIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `netoscope export`: the document (or one variant) as PyTorch files in a folder
 * (docs/EXPORT.md). With --weights it first trains the document in this process, on the same
 * engine and data as `run`, and exports the trained parameters.
 */
export async function exportCommand(command: ExportCommand, io: ExportIo): Promise<ExitCode> {
  const { document } = await loadDocument(command.file);
  const [chosen] = chooseDocuments(document, command.variant);
  let weights: TrainedParameters | null = null;
  if (command.weights) {
    const [{ plan }] = compileRuns(command.file, [chosen]);
    weights = await train(command.steps === null ? plan : { ...plan, training: { ...plan.training, steps: command.steps } }, chosen.name, io);
  }
  const result = exportToPyTorch(chosen.document, { weights });
  if (!result.ok) {
    throw new CliError(listProblems(`${command.file} cannot be exported to PyTorch`, result.problems.map(describeCompileError)), EXIT.invalidDocument);
  }
  await writeFiles(command.out, result.files);
  for (const file of result.files) io.stdout.write(`wrote ${path.join(command.out, file.name)}\n`);
  return EXIT.ok;
}

async function train(plan: CompiledPlan, name: string, io: ExportIo): Promise<TrainedParameters> {
  const { steps } = plan.training;
  io.stderr.write(`Training '${name}' for ${steps} steps to export its weights…\n`);
  let data;
  try {
    data = await loadDataset(plan.dataset, plan.training.seed, needsDataSource(plan.dataset) ? nodeDataSource() : null);
  } catch (error) {
    throw new CliError(`Cannot load the dataset of '${name}': ${error instanceof Error ? error.message : String(error)}`, EXIT.io);
  }
  const trainer = createTrainer(plan, { data, kernels: selectKernels() });
  while (trainer.stepCount < steps) {
    const result = trainer.step();
    if (result.kind === 'diverged') throw new CliError(`'${name}' diverged, so there are no weights to export: ${result.message}`, EXIT.runFailed);
  }
  const test = trainer.evaluate(data.test);
  const accuracy = Number.isNaN(test.accuracy) ? '' : `, accuracy ${test.accuracy.toFixed(4)}`;
  io.stderr.write(`Trained ${steps} steps: test loss ${test.loss.toFixed(4)}${accuracy}\n`);
  return trainedParameters(trainer);
}

/** Each file is written beside its final name and renamed over it, so an interrupted export leaves no half-written file. */
async function writeFiles(folder: string, files: readonly ExportFile[]): Promise<void> {
  let current = folder;
  try {
    await mkdir(folder, { recursive: true });
    for (const file of files) {
      current = path.join(folder, file.name);
      await writeFile(`${current}.partial`, file.data);
      await rename(`${current}.partial`, current);
    }
  } catch (error) {
    throw new CliError(`Cannot write '${current}': ${describeIoError(error)}.`, EXIT.io);
  }
}
