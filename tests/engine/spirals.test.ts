import { describe, expect, it } from 'vitest';
import { createDataset, datasetShape } from '../../engine/data/dataset';
import { spirals } from '../../engine/data/spirals';
import type { PointsDataset } from '../../engine/document/types';

const spec: PointsDataset = { kind: 'spirals', pointsPerClass: 200, noise: 0.1, testFraction: 0.2 };

describe('two spirals', () => {
  it('splits 2 × pointsPerClass points by testFraction, each class labelled 0 or 1 and equally represented overall', () => {
    const { train, test } = spirals(spec, 1);
    expect([train.rows, test.rows, train.width, train.classes]).toEqual([320, 80, 2, 2]);
    expect(train.features.length).toBe(640);
    const labels = [...train.labels, ...test.labels];
    expect(labels.filter((label) => label === 0).length).toBe(200);
    expect(labels.filter((label) => label === 1).length).toBe(200);
    // The shuffle spreads both classes over both sides of the split.
    expect(new Set(test.labels).size).toBe(2);
  });

  it('is deterministic in the seed', () => {
    expect(spirals(spec, 7)).toEqual(spirals(spec, 7));
    expect(spirals(spec, 7).train.features).not.toEqual(spirals(spec, 8).train.features);
    expect(createDataset(spec, 7)).toEqual(spirals(spec, 7));
  });

  it('keeps train and test disjoint', () => {
    const { train, test } = spirals(spec, 3);
    const key = (features: Float32Array, row: number): string => `${features[2 * row]},${features[2 * row + 1]}`;
    const trainKeys = new Set(Array.from({ length: train.rows }, (_, row) => key(train.features, row)));
    for (let row = 0; row < test.rows; row++) expect(trainKeys.has(key(test.features, row))).toBe(false);
  });

  it('lays the arms between radius 0.3 and 1, point-symmetric to each other', () => {
    const { train } = spirals({ ...spec, noise: 0 }, 1);
    const radii = Array.from({ length: train.rows }, (_, row) => Math.hypot(train.features[2 * row], train.features[2 * row + 1]));
    expect(Math.min(...radii)).toBeGreaterThanOrEqual(0.3 - 1e-6);
    expect(Math.max(...radii)).toBeLessThan(1);
    // Without noise, class 1 is class 0 rotated by π: the mirrored point exists with the other label.
    const byPoint = new Map<string, number>();
    for (let row = 0; row < train.rows; row++) byPoint.set(`${train.features[2 * row].toFixed(4)},${train.features[2 * row + 1].toFixed(4)}`, train.labels[row]);
    let mirrored = 0;
    for (let row = 0; row < train.rows; row++) {
      const opposite = byPoint.get(`${(-train.features[2 * row]).toFixed(4)},${(-train.features[2 * row + 1]).toFixed(4)}`);
      if (opposite !== undefined) {
        expect(opposite).toBe(1 - train.labels[row]);
        mirrored++;
      }
    }
    // Both partners of a pair land in the training set with probability 0.8², so about 64 %.
    expect(mirrored).toBeGreaterThan(train.rows / 2);
  });

  it('adds Gaussian noise of the requested standard deviation', () => {
    const noisy = spirals({ ...spec, noise: 0.1 }, 1);
    const clean = spirals({ ...spec, noise: 0 }, 1);
    // Same seed: same shuffle, so rows correspond. 800 coordinates of N(0, 0.1²): the sample
    // standard deviation is within 0.1 ± 0.0075 (3 standard errors of 0.1/√1600).
    const all = (split: typeof noisy): number[] => [...split.train.features, ...split.test.features];
    const a = all(noisy);
    const b = all(clean);
    const deviations = a.map((value, i) => value - b[i]);
    const std = Math.sqrt(deviations.reduce((sum, d) => sum + d * d, 0) / deviations.length);
    expect(Math.abs(std - 0.1)).toBeLessThan(0.0075);
  });

  it('describes its shape to the compiler', () => {
    expect(datasetShape(spec)).toEqual({ title: 'Two spirals', width: 2, classes: 2 });
  });
});
