import { DEFAULT_CAP_MULTIPLE, type SamplingSpec } from '../data/sampling';
import type { OptimizerSettings } from '../optim/optimizer';
import type { ScheduleSettings } from '../optim/schedule';
import { assertNever } from '../protocol';
import type { ParamField } from './nodes';
import { isRecord, resolveParams } from './params';
import type { CompileError, PlanTraining } from './plan';
import type { InstrumentSettings, OptimizerKind, SamplingKind, ScheduleKind, TrainingSettings } from './types';

/**
 * The training settings as fields, the same kind of table as a node's parameters: the compiler
 * checks a document against it and fills in the defaults of missing fields, and an inspector can
 * render it. Hyperparameter defaults are PyTorch's.
 */
export const TRAINING_FIELDS: readonly (ParamField & { name: keyof TrainingSettings })[] = [
  {
    name: 'optimizer',
    label: 'Optimizer',
    type: 'choice',
    default: 'sgd',
    options: [
      { value: 'sgd', label: 'SGD' },
      { value: 'momentum', label: 'SGD with momentum' },
      { value: 'nesterov', label: 'Nesterov momentum' },
      { value: 'rmsprop', label: 'RMSProp' },
      { value: 'adam', label: 'Adam' },
    ],
  },
  { name: 'learningRate', label: 'Learning rate', type: 'number', default: 0.1, min: 0, max: Infinity, minExclusive: true },
  { name: 'momentum', label: 'Momentum', type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, relevantWhen: { field: 'optimizer', values: ['momentum', 'nesterov'] } },
  { name: 'rmsAlpha', label: 'RMSProp decay α', type: 'number', default: 0.99, min: 0, max: 1, relevantWhen: { field: 'optimizer', values: ['rmsprop'] } },
  { name: 'beta1', label: 'Adam β₁', type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, relevantWhen: { field: 'optimizer', values: ['adam'] } },
  { name: 'beta2', label: 'Adam β₂', type: 'number', default: 0.999, min: 0, max: 1, maxExclusive: true, relevantWhen: { field: 'optimizer', values: ['adam'] } },
  { name: 'epsilon', label: 'Epsilon', type: 'number', default: 1e-8, min: 0, max: 1, relevantWhen: { field: 'optimizer', values: ['rmsprop', 'adam'] } },
  {
    name: 'schedule',
    label: 'Learning-rate schedule',
    type: 'choice',
    default: 'constant',
    options: [
      { value: 'constant', label: 'Constant' },
      { value: 'step', label: 'Step decay' },
      { value: 'exponential', label: 'Exponential decay' },
      { value: 'cosine', label: 'Cosine annealing' },
    ],
  },
  { name: 'scheduleEvery', label: 'Decay every (steps)', type: 'integer', default: 1000, min: 1, max: Infinity, relevantWhen: { field: 'schedule', values: ['step'] } },
  { name: 'scheduleFactor', label: 'Decay factor', type: 'number', default: 0.1, min: 0, max: Infinity, minExclusive: true, relevantWhen: { field: 'schedule', values: ['step'] } },
  { name: 'scheduleDecay', label: 'Decay per step', type: 'number', default: 0.999, min: 0, max: Infinity, minExclusive: true, relevantWhen: { field: 'schedule', values: ['exponential'] } },
  { name: 'scheduleMinFactor', label: 'Final rate (fraction of the base)', type: 'number', default: 0, min: 0, max: 1, relevantWhen: { field: 'schedule', values: ['cosine'] } },
  { name: 'l1', label: 'L1 penalty λ₁', type: 'number', default: 0, min: 0, max: Infinity },
  { name: 'l2', label: 'L2 penalty λ₂', type: 'number', default: 0, min: 0, max: Infinity },
  { name: 'clipNorm', label: 'Clip gradient norm (0 = off)', type: 'number', default: 0, min: 0, max: Infinity },
  { name: 'batchSize', label: 'Batch size', type: 'integer', default: 32, min: 1, max: Infinity },
  { name: 'steps', label: 'Steps', type: 'integer', default: 3000, min: 1, max: Infinity },
  { name: 'seed', label: 'Seed', type: 'integer', default: 1, min: -Infinity, max: Infinity },
  { name: 'shuffle', label: 'Shuffle', type: 'boolean', default: true },
  {
    name: 'sampling',
    label: 'Batch sampling',
    type: 'choice',
    default: 'shuffled',
    options: [
      { value: 'shuffled', label: 'Shuffled each epoch' },
      { value: 'sequential', label: 'Sequential (file order)' },
      { value: 'class-sorted', label: 'Sorted by class' },
      { value: 'class-balanced', label: 'Class-balanced (alternating classes)' },
      { value: 'emphasize-errors', label: 'Emphasize high-error examples' },
    ],
  },
  { name: 'emphasisCap', label: 'Loss cap (multiple of the mean)', type: 'number', default: DEFAULT_CAP_MULTIPLE, min: 1, max: Infinity, relevantWhen: { field: 'sampling', values: ['emphasize-errors'] } },
  { name: 'reportEvery', label: 'Report every', type: 'integer', default: 10, min: 1, max: Infinity },
];

/**
 * The instrument settings whose value is a single number or flag (the percentile ranks are a
 * list, checked on their own). Every field is optional; engine/run/instruments.ts holds the defaults.
 */
export const INSTRUMENT_FIELDS: readonly (ParamField & { name: Exclude<keyof InstrumentSettings, 'percentiles'> })[] = [
  { name: 'every', label: 'Measure every (steps)', type: 'integer', default: 50, min: 1, max: 1_000_000 },
  { name: 'histogramBins', label: 'Histogram bins', type: 'integer', default: 30, min: 1, max: 1000 },
  { name: 'weightHistograms', label: 'Weight histograms', type: 'boolean', default: true },
];

/** At most this many percentile ranks per node, each in [0, 100]. */
export const MAX_PERCENTILES = 32;

/**
 * The document's training settings, checked and with defaults filled in, as the plan holds
 * them; null (with the reasons in `errors`, each naming `training.<field>`) when any is wrong.
 */
export function resolveTraining(value: unknown, errors: CompileError[]): PlanTraining | null {
  if (!isRecord(value)) {
    errors.push({ field: 'training', message: 'The document has no training settings.' });
    return null;
  }
  const { values, problems } = resolveParams(TRAINING_FIELDS, value);
  for (const { field, problem } of problems) errors.push({ field: `training.${field.name}`, message: `${field.label} ${problem}.` });
  if (problems.length > 0) return null;
  const number = (name: keyof TrainingSettings): number => values[name] as number;
  return {
    optimizer: optimizerSettings(values.optimizer as OptimizerKind, number),
    learningRate: number('learningRate'),
    schedule: scheduleSettings(values.schedule as ScheduleKind, number),
    l1: number('l1'),
    l2: number('l2'),
    clipNorm: number('clipNorm'),
    batchSize: number('batchSize'),
    steps: number('steps'),
    seed: number('seed'),
    shuffle: values.shuffle as boolean,
    sampling: samplingSettings(value.sampling === undefined ? (values.shuffle ? 'shuffled' : 'sequential') : (values.sampling as SamplingKind), number),
    reportEvery: number('reportEvery'),
  };
}

type Read = (name: keyof TrainingSettings) => number;

function optimizerSettings(kind: OptimizerKind, number: Read): OptimizerSettings {
  switch (kind) {
    case 'sgd':
      return { kind };
    case 'momentum':
    case 'nesterov':
      return { kind, momentum: number('momentum') };
    case 'rmsprop':
      return { kind, alpha: number('rmsAlpha'), eps: number('epsilon') };
    case 'adam':
      return { kind, beta1: number('beta1'), beta2: number('beta2'), eps: number('epsilon') };
    default:
      return assertNever(kind);
  }
}

function samplingSettings(kind: SamplingKind, number: Read): SamplingSpec {
  switch (kind) {
    case 'shuffled':
    case 'sequential':
    case 'class-sorted':
    case 'class-balanced':
      return { kind };
    case 'emphasize-errors':
      return { kind, capMultiple: number('emphasisCap') };
    default:
      return assertNever(kind);
  }
}

function scheduleSettings(kind: ScheduleKind, number: Read): ScheduleSettings {
  switch (kind) {
    case 'constant':
      return { kind };
    case 'step':
      return { kind, every: number('scheduleEvery'), factor: number('scheduleFactor') };
    case 'exponential':
      return { kind, decay: number('scheduleDecay') };
    case 'cosine':
      return { kind, minFactor: number('scheduleMinFactor') };
    default:
      return assertNever(kind);
  }
}

