import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDataset, type Dataset, type DatasetSplit } from '../../engine/data/dataset';
import { compile } from '../../engine/document/compile';
import type { CompiledPlan } from '../../engine/document/plan';
import { readDocument } from '../../engine/document/read';
import type { NetDocument, TrainingSettings } from '../../engine/document/types';
import { applyVariant } from '../../engine/document/variants';
import { selectKernels } from '../../engine/kernels/select';
import { createTrainer, type Trainer } from '../../engine/train';
import { nodeDataSource } from '../../engine/worker/node-data';

/** Measurements of the lecture's experiments on the engine itself, shared by tests/lecture/*. */

const presetsFolder = path.resolve(import.meta.dirname, '../../presets');

/** A preset file's document, with the named variant applied when one is given. */
export function presetDocument(name: string, variant?: string): NetDocument {
  const read = readDocument(readFileSync(path.join(presetsFolder, `${name}.netoscope`), 'utf8'));
  if (!read.ok) throw new Error(`presets/${name}.netoscope: ${read.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`);
  const { document } = read;
  if (variant === undefined) return document;
  const found = document.variants?.find((candidate) => candidate.name === variant);
  if (!found) throw new Error(`Preset ${name} has no variant "${variant}"`);
  return applyVariant(document, found);
}

/** The document with some training settings replaced (a shorter run, a measuring batch). */
export function withTraining(document: NetDocument, training: Partial<TrainingSettings>): NetDocument {
  return { ...document, training: { ...document.training, ...training } };
}

export function planOf(document: NetDocument): CompiledPlan {
  const result = compile(document);
  if (!result.ok) throw new Error(`${document.name}: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.plan;
}

const source = nodeDataSource();
const loaded = new Map<string, Promise<DatasetSplit>>();

/** The plan's dataset, loaded once per test file (datasets are deterministic in the spec and seed). */
export function dataOf(plan: CompiledPlan): Promise<DatasetSplit> {
  const key = JSON.stringify([plan.dataset, plan.training.seed]);
  let data = loaded.get(key);
  if (!data) loaded.set(key, (data = loadDataset(plan.dataset, plan.training.seed, source)));
  return data;
}

/** A trainer on the fastest kernels this runtime has, on the plan's own data unless `data` is given. */
export async function trainerOf(document: NetDocument, data?: DatasetSplit): Promise<Trainer> {
  const plan = planOf(document);
  return createTrainer(plan, { kernels: selectKernels(), data: data ?? (await dataOf(plan)) });
}

/** The first `rows` rows of a dataset. */
export function firstRows(dataset: Dataset, rows: number): Dataset {
  return { ...dataset, features: dataset.features.slice(0, rows * dataset.width), labels: dataset.labels.slice(0, rows), rows };
}

/** Trains `steps` steps; throws on divergence. */
export function train(trainer: Trainer, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const result = trainer.step();
    if (result.kind === 'diverged') throw new Error(result.message);
  }
}

/**
 * Every node's output for all rows of `dataset` in one pass, in `mode`. A 'train' pass draws
 * dropout masks from the layers' streams and, with BatchNorm, normalises with the statistics of
 * these rows and updates the running averages: use it only where that is intended.
 */
export function forwardOutputs(trainer: Trainer, dataset: Dataset, mode: 'train' | 'eval'): Map<string, Float32Array> {
  const { plan, layers } = trainer;
  const outputs = new Map<string, Float32Array>([[plan.inputNodeId, dataset.features]]);
  plan.layers.forEach((spec, i) => {
    const output = new Float32Array(dataset.rows * spec.outWidth);
    layers[i].forward(
      spec.inputs.map((id) => outputs.get(id)!),
      output,
      dataset.rows,
      mode,
    );
    outputs.set(spec.nodeId, output);
  });
  return outputs;
}

// ---------------------------------------------------------------------------------------------
// Statistics, in float64.

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

export function meanAbs(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]);
  return sum / values.length;
}

/** Population standard deviation. */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / values.length);
}

/** Column `column` of a [rows × width] matrix. */
export function column(matrix: Float32Array, width: number, column: number): Float64Array {
  const rows = matrix.length / width;
  return Float64Array.from({ length: rows }, (_, row) => matrix[row * width + column]);
}

/** Row `row` of a [rows × width] matrix. */
export function row(matrix: Float32Array, width: number, row: number): Float32Array {
  return matrix.subarray(row * width, (row + 1) * width);
}

/** The q-quantile (0…1) by linear interpolation between order statistics, as numpy's default. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

/** The largest singular value ‖W‖₂ of a [rows × columns] matrix, by power iteration on WᵀW. */
export function spectralNorm(matrix: Float32Array, rows: number, columns: number): number {
  let v = new Float64Array(columns).fill(1 / Math.sqrt(columns));
  let norm = 0;
  for (let iteration = 0; iteration < 200; iteration++) {
    const u = new Float64Array(rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) u[i] += matrix[i * columns + j] * v[j];
    const next = new Float64Array(columns);
    for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) next[j] += matrix[i * columns + j] * u[i];
    const length = Math.hypot(...next);
    const estimate = Math.sqrt(length);
    v = next.map((value) => value / length);
    if (Math.abs(estimate - norm) <= 1e-12 * estimate) return estimate;
    norm = estimate;
  }
  return norm;
}

