// Netoscope side of `npm run bench`: bench.mjs bundles this file and runs
//   node <bundle> [--instruments] < workloads.json
// printing one JSON line per workload: {"id", "stepsPerSecond", "kernels"}. Each workload is
// built as a document and goes through the app's own path: compile, then createTrainer with the
// kernels the app would select. --instruments also times a second trainer whose steps go
// through the worker's measuring wrapper with the default instruments (every node measured
// every 50th step) and adds its rate and the cost of measuring ("instrumentedStepsPerSecond",
// "instrumentsCost").
import { readFileSync } from 'node:fs';
import type { Dataset, DatasetSplit } from '../../engine/data/dataset';
import { compile } from '../../engine/document/compile';
import { defaultParams } from '../../engine/document/nodes';
import type { CompiledPlan } from '../../engine/document/plan';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type GraphNode, type NetDocument, type NodeKind, type ParamValue } from '../../engine/document/types';
import { selectKernels } from '../../engine/kernels/select';
import { createRandom } from '../../engine/random';
import { DEFAULT_INSTRUMENTS } from '../../engine/run/instruments';
import { createTrainer } from '../../engine/train';
import { measureTrainer } from '../../engine/worker/measure';

interface Workload {
  id: string;
  sizes: number[];
  activation: 'sigmoid' | 'relu' | 'tanh';
  batchNorm: boolean;
  batch: number;
  learningRate: number;
  warmup: number;
  steps: number;
  repeats: number;
}

const TRAINING_ROWS = 2048;

/** The process's CPU time: what a run costs, without the time the shared machine gives to others. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Input → (Dense → [BatchNorm] → activation)… → Dense → Output, softmax cross-entropy, plain SGD. */
function documentOf(workload: Workload): NetDocument {
  const nodes: GraphNode[] = [];
  const add = (id: string, kind: NodeKind, params: Record<string, ParamValue> = {}): void => {
    nodes.push({ id, kind, params: { ...defaultParams(kind), ...params }, position: { x: nodes.length * 200, y: 0 } });
  };
  add('input', 'input');
  const { sizes } = workload;
  for (let i = 1; i < sizes.length; i++) {
    const hidden = i < sizes.length - 1;
    add(`dense${i}`, 'dense', { units: sizes[i], bias: !(hidden && workload.batchNorm) });
    if (!hidden) continue;
    if (workload.batchNorm) add(`bn${i}`, 'batchnorm');
    add(`act${i}`, 'activation', { fn: workload.activation });
  }
  add('output', 'output', { loss: 'softmax-cross-entropy' });
  const edges = nodes.slice(1).map((target, i) => ({ id: `e${i}`, source: nodes[i].id, target: target.id }));
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: workload.id,
    graph: { nodes, edges },
    dataset: { kind: 'spirals', pointsPerClass: 200, noise: 0.1, testFraction: 0.2 },
    training: {
      optimizer: 'sgd',
      learningRate: workload.learningRate,
      schedule: 'constant',
      batchSize: workload.batch,
      steps: 1_000_000,
      seed: 1,
      shuffle: true,
      reportEvery: 10,
    },
  };
}

/** Uniform [0, 1) features (like MNIST's scaled pixels) and uniform labels, from a fixed seed. */
function syntheticData(width: number, classes: number): DatasetSplit {
  const random = createRandom(7);
  const set = (rows: number): Dataset => {
    const features = new Float32Array(rows * width);
    for (let i = 0; i < features.length; i++) features[i] = random.next();
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) labels[r] = random.int(classes);
    return { features, labels, rows, width, classes };
  };
  return { train: set(TRAINING_ROWS), test: set(256) };
}

function planOf(workload: Workload): CompiledPlan {
  const width = workload.sizes[0];
  const classes = workload.sizes[workload.sizes.length - 1];
  const result = compile(documentOf(workload), { dataShape: { title: 'synthetic', width, classes } });
  if (!result.ok) throw new Error(`${workload.id}: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.plan;
}

/**
 * A trainer for the workload, timed over whole instrument intervals (`steps` rounded up to a
 * multiple of 50) so that an instrumented run carries its exact share of measurements.
 */
function createTimedRun(workload: Workload, instruments: boolean): { kernels: string; warmUp(): void; stepsPerSecond(): number } {
  const { every } = DEFAULT_INSTRUMENTS;
  const steps = Math.ceil(workload.steps / every) * every;
  const plan = planOf(workload);
  const kernels = selectKernels('auto');
  const trainer = createTrainer(plan, { kernels, data: syntheticData(plan.inputWidth, plan.classes) });
  const measured = instruments ? measureTrainer(trainer, DEFAULT_INSTRUMENTS) : null;
  const step = (): void => {
    const result = measured ? measured.step((trainer.stepCount + 1) % every === 0).result : trainer.step();
    if (result.kind === 'diverged') throw new Error(`${workload.id}: ${result.message}`);
  };
  return {
    kernels: kernels.name,
    warmUp() {
      for (let i = 0; i < workload.warmup; i++) step();
    },
    stepsPerSecond() {
      const start = cpuSeconds();
      for (let i = 0; i < steps; i++) step();
      return steps / (cpuSeconds() - start);
    },
  };
}

/** Timed pairs of an instrumented and a plain run behind the instruments' cost. */
const COST_PAIRS = 15;

interface Measurement {
  id: string;
  kernels: string;
  /** The best of `repeats` timed runs after `warmup` steps, in steps per CPU-second. */
  stepsPerSecond: number;
  /** The same with instruments, and what they cost: 1 − the median ratio of the pairs' rates. */
  instrumentedStepsPerSecond?: number;
  instrumentsCost?: number;
}

/**
 * Times the workload. With instruments, an instrumented and a plain trainer take turns over
 * COST_PAIRS pairs of runs (each pair meets the same load on a shared machine; which goes first
 * alternates); the rates are the best of the first `repeats` runs of each, as on every side.
 */
function measure(workload: Workload, instruments: boolean): Measurement {
  const plain = createTimedRun(workload, false);
  plain.warmUp();
  if (!instruments) {
    const rates = Array.from({ length: workload.repeats }, () => plain.stepsPerSecond());
    return { id: workload.id, kernels: plain.kernels, stepsPerSecond: Math.max(...rates) };
  }
  const instrumented = createTimedRun(workload, true);
  instrumented.warmUp();
  const plainRates: number[] = [];
  const instrumentedRates: number[] = [];
  for (let pair = 0; pair < Math.max(COST_PAIRS, workload.repeats); pair++) {
    if (pair % 2 === 0) plainRates.push(plain.stepsPerSecond());
    instrumentedRates.push(instrumented.stepsPerSecond());
    if (pair % 2 === 1) plainRates.push(plain.stepsPerSecond());
  }
  const ratios = instrumentedRates.map((rate, pair) => rate / plainRates[pair]).sort((a, b) => a - b);
  return {
    id: workload.id,
    kernels: plain.kernels,
    stepsPerSecond: Math.max(...plainRates.slice(0, workload.repeats)),
    instrumentedStepsPerSecond: Math.max(...instrumentedRates.slice(0, workload.repeats)),
    instrumentsCost: 1 - ratios[Math.floor(ratios.length / 2)],
  };
}

const instruments = process.argv.includes('--instruments');
const workloads = JSON.parse(readFileSync(0, 'utf8')) as Workload[];
for (const workload of workloads) console.log(JSON.stringify(measure(workload, instruments)));
