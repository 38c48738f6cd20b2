import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../engine/data/dataset';
import { augmentedSecondMoment, columnMeans, conditionNumber, covarianceMatrix, symmetricEigen, type FeatureMatrix, type SymmetricMatrix } from '../../engine/data/linalg';
import { applyPreprocessing, fitPreprocessing, preprocessSplit, transformFeatures, type PreprocessingSpec } from '../../engine/data/preprocess';
import { createRandom } from '../../engine/random';

/** EXPERIMENTS.md E1: N = 1000 points x ~ N((3, 3), Σ), standard deviations (2, 0.5), correlation 0.9, in float64. */
function e1Points(seed: number, rows = 1000): FeatureMatrix {
  const random = createRandom(seed);
  const features = new Float64Array(rows * 2);
  for (let row = 0; row < rows; row++) {
    const a = random.normal();
    const b = random.normal();
    features[2 * row] = 3 + 2 * a;
    features[2 * row + 1] = 3 + 0.5 * (0.9 * a + Math.sqrt(1 - 0.81) * b);
  }
  return { features, rows, width: 2 };
}

/** `rows` points in `width` dimensions with a random full-rank covariance and offset. */
function correlatedPoints(seed: number, rows: number, width: number): FeatureMatrix {
  const random = createRandom(seed);
  const mixing = Array.from({ length: width * width }, () => random.normal());
  const offset = Array.from({ length: width }, () => random.uniform(-5, 5));
  const features = new Float64Array(rows * width);
  const z = new Float64Array(width);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < width; j++) z[j] = random.normal();
    for (let i = 0; i < width; i++) {
      let sum = offset[i];
      for (let j = 0; j < width; j++) sum += mixing[i * width + j] * z[j];
      features[row * width + i] = sum;
    }
  }
  return { features, rows, width };
}

/** κ(E[ã ãᵀ]), ã = [x, 1], after fitting `spec` to the points: EXPERIMENTS.md E1's measure. */
function kappaAfter(spec: PreprocessingSpec | null, points: FeatureMatrix): number {
  const transformed = spec ? { ...points, features: transformFeatures(fitPreprocessing(spec, points), points) } : points;
  return conditionNumber(augmentedSecondMoment(transformed));
}

function maxDeviationFromIdentity({ size, values }: SymmetricMatrix): number {
  let worst = 0;
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) worst = Math.max(worst, Math.abs(values[i * size + j] - (i === j ? 1 : 0)));
  return worst;
}

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j] += a[i * n + k] * b[k * n + j];
  return out;
}

function transpose(a: Float64Array, n: number): Float64Array {
  return Float64Array.from(a, (_, index) => a[(index % n) * n + Math.floor(index / n)]);
}

describe('symmetric eigendecomposition (cyclic Jacobi)', () => {
  it('finds the eigenvalues of a 2×2 covariance in closed form', () => {
    // E1's population covariance: variances 4 and 0.25, covariance 0.9·2·0.5.
    const { values } = symmetricEigen({ size: 2, values: Float64Array.from([4, 0.9, 0.9, 0.25]) });
    const root = Math.sqrt(4.25 ** 2 - 4 * (1 - 0.81));
    expect(values[0]).toBeCloseTo((4.25 + root) / 2, 14);
    expect(values[1]).toBeCloseTo((4.25 - root) / 2, 14);
  });

  it.each([3, 12, 40])('reconstructs a random symmetric %i×%i matrix as V Λ Vᵀ with orthonormal V', (n) => {
    const random = createRandom(n);
    const values = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) values[i * n + j] = values[j * n + i] = random.normal();
    const eigen = symmetricEigen({ size: n, values });
    for (let k = 1; k < n; k++) expect(eigen.values[k]).toBeLessThanOrEqual(eigen.values[k - 1]);
    const v = eigen.vectors;
    const scaled = Float64Array.from(v, (entry, index) => entry * eigen.values[index % n]);
    const rebuilt = multiply(scaled, transpose(v, n), n);
    for (let i = 0; i < n * n; i++) expect(Math.abs(rebuilt[i] - values[i])).toBeLessThan(1e-12 * n);
    expect(maxDeviationFromIdentity({ size: n, values: multiply(transpose(v, n), v, n) })).toBeLessThan(1e-13 * n);
  });

  it('handles repeated eigenvalues and diagonal input', () => {
    const identity = symmetricEigen({ size: 3, values: Float64Array.from([2, 0, 0, 0, 2, 0, 0, 0, 2]) });
    expect([...identity.values]).toEqual([2, 2, 2]);
    const diagonal = symmetricEigen({ size: 3, values: Float64Array.from([1, 0, 0, 0, 3, 0, 0, 0, 2]) });
    expect([...diagonal.values]).toEqual([3, 2, 1]);
    expect([...diagonal.vectors]).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  it('gives κ = ∞ for a singular matrix', () => {
    expect(conditionNumber({ size: 2, values: Float64Array.from([1, 1, 1, 1]) })).toBe(Infinity);
  });
});

describe('EXPERIMENTS.md E1: the conditioning ladder of a linear neuron with bias input', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])('seed %i: raw > centred > standardized > whitened = 1, in the published ranges', (seed) => {
    const points = e1Points(seed);
    const raw = kappaAfter(null, points);
    const centred = kappaAfter({ kind: 'center' }, points);
    const standardized = kappaAfter({ kind: 'standardize' }, points);
    expect(raw).toBeGreaterThanOrEqual(2000);
    expect(raw).toBeLessThanOrEqual(4500);
    expect(centred).toBeGreaterThanOrEqual(60);
    expect(centred).toBeLessThanOrEqual(130);
    expect(standardized).toBeGreaterThanOrEqual(12);
    expect(standardized).toBeLessThanOrEqual(28);
    for (const kind of ['pca-whiten', 'zca-whiten'] as const) expect(Math.abs(kappaAfter({ kind }, points) - 1)).toBeLessThan(1e-9);
  });

  it('approaches the population values 3055, 93.1 and 19.2 on a large sample', () => {
    const points = e1Points(42, 200_000);
    expect(kappaAfter(null, points) / 3055).toBeCloseTo(1, 1);
    expect(kappaAfter({ kind: 'center' }, points) / 93.1).toBeCloseTo(1, 1);
    expect(kappaAfter({ kind: 'standardize' }, points) / 19.2).toBeCloseTo(1, 1);
  });
});

describe('preprocessing transforms', () => {
  const train = correlatedPoints(3, 2000, 6);

  it.each(['pca-whiten', 'zca-whiten'] as const)('%s leaves the training data with mean 0 and identity covariance', (kind) => {
    const white = { ...train, features: transformFeatures(fitPreprocessing({ kind }, train), train) };
    for (const mean of columnMeans(white)) expect(Math.abs(mean)).toBeLessThan(1e-12);
    expect(maxDeviationFromIdentity(covarianceMatrix(white))).toBeLessThan(1e-9);
  });

  it('zca-whiten is the symmetric Cov^(−1/2): W = Wᵀ and W·Cov·W = I', () => {
    const fitted = fitPreprocessing({ kind: 'zca-whiten' }, train);
    if (fitted.kind !== 'zca-whiten') throw new Error('unexpected kind');
    const n = train.width;
    expect(fitted.matrix).toEqual(transpose(fitted.matrix, n));
    const w = fitted.matrix;
    expect(maxDeviationFromIdentity({ size: n, values: multiply(multiply(w, covarianceMatrix(train).values, n), w, n) })).toBeLessThan(1e-9);
  });

  it('pca decorrelates onto the eigenvectors: the covariance becomes diag(λ), largest first', () => {
    const fitted = fitPreprocessing({ kind: 'pca' }, train);
    if (fitted.kind !== 'pca') throw new Error('unexpected kind');
    const rotated = covarianceMatrix({ ...train, features: transformFeatures(fitted, train) });
    const n = train.width;
    const scale = fitted.eigenvalues[0];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) expect(Math.abs(rotated.values[i * n + j] - (i === j ? fitted.eigenvalues[i] : 0))).toBeLessThan(1e-10 * scale);
      if (i > 0) expect(fitted.eigenvalues[i]).toBeLessThanOrEqual(fitted.eigenvalues[i - 1]);
    }
    // A rotation keeps the total variance.
    const trace = (m: SymmetricMatrix): number => Array.from({ length: n }, (_, i) => m.values[i * n + i]).reduce((a, b) => a + b);
    expect(trace(rotated)).toBeCloseTo(trace(covarianceMatrix(train)), 9);
  });

  it('standardize gives every feature mean 0 and variance 1, or variance σ²/(σ + ε)² with ε', () => {
    const standardized = { ...train, features: transformFeatures(fitPreprocessing({ kind: 'standardize' }, train), train) };
    const covariance = covarianceMatrix(standardized);
    for (let j = 0; j < train.width; j++) expect(covariance.values[j * train.width + j]).toBeCloseTo(1, 12);
    for (const mean of columnMeans(standardized)) expect(Math.abs(mean)).toBeLessThan(1e-12);

    const fitted = fitPreprocessing({ kind: 'standardize', epsilon: 0.5 }, train);
    if (fitted.kind !== 'standardize') throw new Error('unexpected kind');
    const sigma = Math.sqrt(covarianceMatrix(train).values[0]);
    expect(fitted.divisor[0]).toBeCloseTo(sigma + 0.5, 12);
  });

  it('fits on the training set only and applies the same map to the test set', () => {
    const test = correlatedPoints(4, 500, 6);
    for (const kind of ['center', 'standardize', 'pca', 'pca-whiten', 'zca-whiten'] as const) {
      const fitted = fitPreprocessing({ kind }, train);
      expect(fitted.mean).toEqual(columnMeans(train));
      // The map is affine in x: transforming the test rows one by one agrees with the batch.
      const batch = transformFeatures(fitted, test);
      const single = transformFeatures(fitted, { features: Array.from({ length: 6 }, (_, j) => test.features[6 * 7 + j]), rows: 1, width: 6 });
      expect([...single]).toEqual([...batch.subarray(6 * 7, 6 * 8)]);
    }
    // Centring uses the training mean, so the test set keeps its own offset from it.
    const centredTest = columnMeans({ ...test, features: transformFeatures(fitPreprocessing({ kind: 'center' }, train), test) });
    const expected = columnMeans(test).map((mean, j) => mean - columnMeans(train)[j]);
    centredTest.forEach((mean, j) => expect(mean).toBeCloseTo(expected[j], 12));
  });

  it('rejects a constant feature and a singular covariance unless ε > 0', () => {
    const constant: FeatureMatrix = { features: Float64Array.from([1, 5, 2, 5, 3, 5]), rows: 3, width: 2 };
    expect(() => fitPreprocessing({ kind: 'standardize' }, constant)).toThrow(
      'standardize: feature 1 is constant on the training set (σ = 0); pass epsilon > 0 to divide by σ + ε',
    );
    expect(transformFeatures(fitPreprocessing({ kind: 'standardize', epsilon: 0.1 }, constant), constant)[1]).toBe(0);
    expect(() => fitPreprocessing({ kind: 'zca-whiten' }, constant)).toThrow(/^zca-whiten: the training covariance is singular .*; pass epsilon > 0/);
    const damped = transformFeatures(fitPreprocessing({ kind: 'pca-whiten', epsilon: 1e-3 }, constant), constant);
    expect(damped.every(Number.isFinite)).toBe(true);
    expect(() => fitPreprocessing({ kind: 'pca-whiten', epsilon: -1 }, constant)).toThrow('pca-whiten: epsilon must be a finite number ≥ 0, got -1');
  });

  it('rejects rows of another width', () => {
    const fitted = fitPreprocessing({ kind: 'center' }, train);
    expect(() => transformFeatures(fitted, { features: new Float64Array(4), rows: 1, width: 4 })).toThrow('center: fitted on 6 features, applied to 4');
  });

  it('preprocesses a dataset split into float32 datasets with the same labels', () => {
    const asDataset = (points: FeatureMatrix, seed: number): Dataset => ({
      features: Float32Array.from(points.features),
      labels: Int32Array.from({ length: points.rows }, (_, row) => (row + seed) % 3),
      rows: points.rows,
      width: points.width,
      classes: 3,
    });
    const split = { train: asDataset(train, 0), test: asDataset(correlatedPoints(5, 300, 6), 1) };
    const { split: white, fitted } = preprocessSplit({ kind: 'zca-whiten' }, split);
    expect(fitted.kind).toBe('zca-whiten');
    expect(white.train.features).toBeInstanceOf(Float32Array);
    expect(white.test.labels).toBe(split.test.labels);
    expect([white.test.rows, white.test.width, white.test.classes]).toEqual([300, 6, 3]);
    expect(white.test.features).toEqual(applyPreprocessing(fitted, split.test).features);
    // float32 storage: identity only up to float32 rounding.
    expect(maxDeviationFromIdentity(covarianceMatrix(white.train))).toBeLessThan(1e-5);
  });
});
