import { assertNever } from '../protocol';
import type { Dataset, DatasetSplit } from './dataset';
import { columnMeans, momentMatrix, symmetricEigen, type FeatureMatrix } from './linalg';

/**
 * Input normalisation as in LeCun et al., "Efficient BackProp" §4.3: centre, equalise the
 * scales, decorrelate. Every transform is fitted on the training set only and then applied
 * unchanged to training and test rows, so the test set never leaks into the statistics.
 * Statistics and maps are float64; the covariance divides by N.
 *
 * - `center`: x − E x.
 * - `standardize`: (x_j − μ_j) / (σ_j + ε) per feature. With ε = 0 (the default) a feature that
 *   is constant on the training set is an error rather than a division by zero; pass ε > 0 for
 *   such data (EXPERIMENTS.md E3 uses ε = 0.1 for MNIST pixels in [0, 1]).
 * - `pca`: Uᵀ(x − E x), the coordinates on the covariance's eigenvectors, largest variance first
 *   (decorrelated, variances λ_k).
 * - `pca-whiten`: diag(λ + ε)^(−1/2) Uᵀ (x − E x): decorrelated with unit variances.
 * - `zca-whiten`: U diag(λ + ε)^(−1/2) Uᵀ (x − E x) = Cov^(−1/2)(x − E x): white, and the
 *   closest white signal to the centred input, so images still look like images.
 *   The whitenings with ε = 0 reject a (numerically) singular covariance; pass ε > 0, which
 *   damps the directions of variance below ε instead of blowing them up.
 */
export type PreprocessingSpec =
  | { kind: 'center' }
  | { kind: 'standardize'; epsilon?: number }
  | { kind: 'pca' }
  | { kind: 'pca-whiten'; epsilon?: number }
  | { kind: 'zca-whiten'; epsilon?: number };

export type FittedPreprocessing =
  | { kind: 'center'; width: number; mean: Float64Array }
  | { kind: 'standardize'; width: number; mean: Float64Array; divisor: Float64Array }
  | {
      kind: 'pca' | 'pca-whiten' | 'zca-whiten';
      width: number;
      mean: Float64Array;
      /** Covariance eigenvalues, largest first. */
      eigenvalues: Float64Array;
      /** y = matrix·(x − mean), row-major [width × width]. */
      matrix: Float64Array;
    };

/** A feature whose standard deviation is below this, relative to its magnitude, counts as constant. */
const CONSTANT_FEATURE = 1e-10;
/** An eigenvalue below this fraction of the largest makes the covariance singular to float64. */
const SINGULAR_COVARIANCE = 1e-12;

export function fitPreprocessing(spec: PreprocessingSpec, train: FeatureMatrix): FittedPreprocessing {
  const { width } = train;
  const mean = columnMeans(train);
  switch (spec.kind) {
    case 'center':
      return { kind: 'center', width, mean };
    case 'standardize': {
      const epsilon = checkedEpsilon(spec.kind, spec.epsilon);
      const variance = featureVariances(train, mean);
      const divisor = new Float64Array(width);
      for (let j = 0; j < width; j++) {
        const std = Math.sqrt(variance[j]);
        if (epsilon === 0 && std <= CONSTANT_FEATURE * Math.max(1, Math.abs(mean[j]))) {
          throw new Error(`standardize: feature ${j} is constant on the training set (σ = ${std}); pass epsilon > 0 to divide by σ + ε`);
        }
        divisor[j] = std + epsilon;
      }
      return { kind: 'standardize', width, mean, divisor };
    }
    case 'pca':
    case 'pca-whiten':
    case 'zca-whiten': {
      const epsilon = spec.kind === 'pca' ? 0 : checkedEpsilon(spec.kind, spec.epsilon);
      const { values: eigenvalues, vectors } = symmetricEigen(momentMatrix(train, mean));
      const largest = eigenvalues[0];
      const smallest = eigenvalues[width - 1];
      if (spec.kind !== 'pca' && epsilon === 0 && !(smallest > SINGULAR_COVARIANCE * largest)) {
        throw new Error(
          `${spec.kind}: the training covariance is singular (eigenvalues from ${largest} down to ${smallest}); pass epsilon > 0 to whiten by (λ + ε)^(−1/2)`,
        );
      }
      const gain = Float64Array.from(eigenvalues, (lambda) => (spec.kind === 'pca' ? 1 : 1 / Math.sqrt(Math.max(lambda, 0) + epsilon)));
      // Rows of diag(gain)·Uᵀ: component k is gain_k · (column k of U)ᵀ.
      const projection = new Float64Array(width * width);
      for (let k = 0; k < width; k++) for (let j = 0; j < width; j++) projection[k * width + j] = gain[k] * vectors[j * width + k];
      if (spec.kind !== 'zca-whiten') return { kind: spec.kind, width, mean, eigenvalues, matrix: projection };
      // ZCA rotates back: U · diag(gain) · Uᵀ, symmetric by construction.
      const matrix = new Float64Array(width * width);
      for (let i = 0; i < width; i++) {
        for (let j = i; j < width; j++) {
          let sum = 0;
          for (let k = 0; k < width; k++) sum += vectors[i * width + k] * projection[k * width + j];
          matrix[i * width + j] = sum;
          matrix[j * width + i] = sum;
        }
      }
      return { kind: 'zca-whiten', width, mean, eigenvalues, matrix };
    }
    default:
      return assertNever(spec);
  }
}

/** Applies a fitted transform to rows of the same width, in float64. */
export function transformFeatures(fitted: FittedPreprocessing, table: FeatureMatrix): Float64Array {
  const { width } = fitted;
  if (table.width !== width) throw new Error(`${fitted.kind}: fitted on ${width} features, applied to ${table.width}`);
  const { features, rows } = table;
  const out = new Float64Array(rows * width);
  const centred = new Float64Array(width);
  for (let row = 0; row < rows; row++) {
    const offset = row * width;
    for (let j = 0; j < width; j++) centred[j] = features[offset + j] - fitted.mean[j];
    switch (fitted.kind) {
      case 'center':
        out.set(centred, offset);
        break;
      case 'standardize':
        for (let j = 0; j < width; j++) out[offset + j] = centred[j] / fitted.divisor[j];
        break;
      case 'pca':
      case 'pca-whiten':
      case 'zca-whiten':
        for (let i = 0; i < width; i++) {
          let sum = 0;
          for (let j = 0; j < width; j++) sum += fitted.matrix[i * width + j] * centred[j];
          out[offset + i] = sum;
        }
        break;
      default:
        return assertNever(fitted);
    }
  }
  return out;
}

/**
 * The dataset with transformed float32 features and the same labels. Only the core Dataset
 * fields are kept: after PCA the columns are components, no longer pixels or named features.
 */
export function applyPreprocessing(fitted: FittedPreprocessing, dataset: Dataset): Dataset {
  return { features: Float32Array.from(transformFeatures(fitted, dataset)), labels: dataset.labels, rows: dataset.rows, width: dataset.width, classes: dataset.classes };
}

/** Fits on `split.train` and applies to both sides. */
export function preprocessSplit(spec: PreprocessingSpec, split: DatasetSplit): { split: DatasetSplit; fitted: FittedPreprocessing } {
  const fitted = fitPreprocessing(spec, split.train);
  return { fitted, split: { train: applyPreprocessing(fitted, split.train), test: applyPreprocessing(fitted, split.test) } };
}

function checkedEpsilon(kind: string, epsilon: number | undefined): number {
  const value = epsilon ?? 0;
  if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`${kind}: epsilon must be a finite number ≥ 0, got ${epsilon}`);
  return value;
}

/** The per-feature variances E[(x_j − μ_j)²] without forming the whole covariance. */
function featureVariances({ features, rows, width }: FeatureMatrix, mean: Float64Array): Float64Array {
  const variance = new Float64Array(width);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < width; j++) {
      const deviation = features[row * width + j] - mean[j];
      variance[j] += deviation * deviation;
    }
  }
  return variance.map((sum) => sum / rows);
}
