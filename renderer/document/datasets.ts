import type { ParamField } from '../../engine/document/nodes';
import type { DatasetSpec } from '../../engine/document/types';

type DatasetKind = DatasetSpec['kind'];

const TEST_FRACTION: ParamField = { name: 'testFraction', label: 'Test fraction', type: 'number', default: 0.2, min: 0, max: 1, minExclusive: true, maxExclusive: true };
const POINTS: readonly ParamField[] = [
  { name: 'pointsPerClass', label: 'Points per class', type: 'integer', default: 200, min: 1, max: 100_000 },
  { name: 'noise', label: 'Noise', type: 'number', default: 0.1, min: 0, max: 10 },
  TEST_FRACTION,
];
const IMAGES: readonly ParamField[] = [
  { name: 'trainSize', label: 'Training images', type: 'integer', default: 5000, min: 1, max: 60_000 },
  { name: 'testSize', label: 'Test images', type: 'integer', default: 1000, min: 1, max: 10_000 },
];

/**
 * The dataset panel's form per dataset kind, with the limits the compiler checks. Keyed by kind,
 * so a new kind in DatasetSpec fails the type check until it has a form. (CSV data is imported,
 * not typed in: its form has only what can be tuned after import.)
 */
export const DATASET_FIELDS: Record<DatasetKind, readonly ParamField[]> = {
  spirals: POINTS,
  moons: POINTS,
  circles: POINTS,
  xor: POINTS,
  blobs: [{ name: 'classes', label: 'Classes', type: 'integer', default: 3, min: 2, max: 20 }, ...POINTS],
  mnist: [...IMAGES, { name: 'downsample', label: 'Downsample to 14×14', type: 'boolean', default: true }],
  letters: IMAGES,
  csv: [TEST_FRACTION],
};

/** Preprocessing applies to every kind; it is fitted on the training set only. */
export const PREPROCESSING_FIELDS: readonly ParamField[] = [
  {
    name: 'preprocessing',
    label: 'Preprocessing',
    type: 'choice',
    default: 'none',
    options: [
      { value: 'none', label: 'None' },
      { value: 'center', label: 'Centre (subtract the mean)' },
      { value: 'standardize', label: 'Standardise (zero mean, unit variance)' },
      { value: 'pca', label: 'PCA (decorrelate)' },
      { value: 'pca-whiten', label: 'PCA whitening' },
      { value: 'zca-whiten', label: 'ZCA whitening' },
    ],
  },
  {
    name: 'preprocessingEpsilon',
    label: 'Epsilon',
    type: 'number',
    default: 1e-5,
    min: 0,
    max: 1,
    relevantWhen: { field: 'preprocessing', values: ['standardize', 'pca-whiten', 'zca-whiten'] },
  },
];

/** Kinds the panel can switch to from defaults alone (a CSV needs its file: it comes through import). */
export const SELECTABLE_DATASET_KINDS: readonly DatasetKind[] = (Object.keys(DATASET_FIELDS) as DatasetKind[]).filter((kind) => kind !== 'csv');

/** A dataset of `kind` with every field at its default, keeping the current preprocessing. */
export function datasetWithDefaults(kind: DatasetKind, current: DatasetSpec): DatasetSpec {
  const values: Record<string, unknown> = {};
  for (const field of DATASET_FIELDS[kind]) values[field.name] = field.default;
  const preprocessing = current.preprocessing === undefined ? {} : { preprocessing: current.preprocessing, preprocessingEpsilon: current.preprocessingEpsilon };
  return { kind, ...values, ...preprocessing } as DatasetSpec;
}
