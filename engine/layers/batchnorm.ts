import { allocBatchStatistics, type Kernels } from '../kernels/kernels';
import type { Layer, Parameter } from './layer';

/**
 * Batch normalisation per feature (Ioffe & Szegedy 2015, Alg. 1), over a batch of m rows.
 *
 * Training, for each feature:
 *
 *   μ  = (1/m) Σᵢ xᵢ                      σ² = (1/m) Σᵢ (xᵢ − μ)²   (biased, as in the paper)
 *   x̂ᵢ = (xᵢ − μ) / √(σ² + ε)             yᵢ = γ x̂ᵢ + β
 *
 * Backward, exactly as the lecture derives it: μ and σ² depend on every xᵢ, so they are not
 * constants:
 *
 *   ∂L/∂x̂ᵢ = ∂L/∂yᵢ · γ
 *   ∂L/∂σ² = Σᵢ ∂L/∂x̂ᵢ (xᵢ − μ) · (−½)(σ² + ε)^(−3/2)
 *   ∂L/∂μ  = Σᵢ ∂L/∂x̂ᵢ · (−1/√(σ² + ε)) + ∂L/∂σ² · Σᵢ −2(xᵢ − μ) / m
 *   ∂L/∂xᵢ = ∂L/∂x̂ᵢ / √(σ² + ε) + ∂L/∂σ² · 2(xᵢ − μ)/m + ∂L/∂μ / m
 *   ∂L/∂γ  = Σᵢ ∂L/∂yᵢ x̂ᵢ                 ∂L/∂β = Σᵢ ∂L/∂yᵢ
 *
 * Running statistics, the lecture's exponential average with α = `momentum` (PyTorch's name and
 * convention; Keras's momentum is 1 − α):
 *
 *   E ← (1 − α) E + α μ                   D ← (1 − α) D + α σ² · m/(m − 1)
 *
 * The running variance uses the UNBIASED batch variance σ²·m/(m − 1), like PyTorch and the
 * paper's Alg. 2 (Var[x] = m/(m−1) E_B[σ²_B]); the forward pass uses the biased one. They
 * start at E = 0, D = 1. A batch of one row has no unbiased variance: it normalises to x̂ = 0
 * (y = β, ∂L/∂x = 0) and leaves the running statistics unchanged (PyTorch refuses it).
 *
 * Evaluation is the linear layer y = γ (x − E)/√(D + ε) + β.
 *
 * Without `affine`, γ = 1 and β = 0 are fixed and the layer has no parameters. Sums run in
 * float64 per feature; the results are rounded to float32 once. The kernels compute the training
 * passes (`Kernels.batchNormForward`, `Kernels.batchNormBackward`).
 */
export function createBatchNorm(
  spec: { nodeId: string; width: number; momentum: number; eps: number; affine: boolean },
  kernels: Kernels,
): BatchNormLayer {
  const { nodeId, width, momentum, eps, affine } = spec;
  const gamma: Parameter = { name: 'gamma', rows: 1, columns: width, value: kernels.alloc(width).fill(1), grad: kernels.alloc(width), penalized: false };
  const beta: Parameter = { name: 'beta', rows: 1, columns: width, value: kernels.alloc(width), grad: kernels.alloc(width), penalized: false };
  const runningMean = new Float32Array(width);
  const runningVariance = new Float32Array(width).fill(1);

  // Per-feature state of the last training pass, kept in float64 for the backward pass.
  const statistics = allocBatchStatistics(kernels, width);
  const parameterGradients = affine ? { dGamma: gamma.grad, dBeta: beta.grad } : null;
  // The evaluation layer y = slope·x + intercept, per feature.
  const evalSlope = new Float64Array(width);
  const evalIntercept = new Float64Array(width);

  return {
    nodeId,
    inWidths: [width],
    outWidth: width,
    parameters: affine ? [gamma, beta] : [],
    runningMean,
    runningVariance,
    batchMean: statistics.mean,
    batchVariance: statistics.variance,
    gamma: affine ? gamma.value : null,
    beta: affine ? beta.value : null,

    forward(inputs, output, rows, mode) {
      const x = inputs[0];
      if (mode === 'eval') {
        const g = gamma.value;
        const b = beta.value;
        for (let j = 0; j < width; j++) {
          evalSlope[j] = g[j] / Math.sqrt(runningVariance[j] + eps);
          evalIntercept[j] = b[j] - evalSlope[j] * runningMean[j];
        }
        for (let r = 0; r < rows; r++) {
          const row = r * width;
          for (let j = 0; j < width; j++) output[row + j] = evalSlope[j] * x[row + j] + evalIntercept[j];
        }
        return;
      }
      kernels.batchNormForward(x, output, rows, width, gamma.value, beta.value, statistics, eps);
      if (rows > 1) {
        const { mean, variance } = statistics;
        const unbiased = rows / (rows - 1);
        for (let j = 0; j < width; j++) {
          runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean[j];
          runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance[j] * unbiased;
        }
      }
    },

    backward(inputs, _output, dy, inputGradients, rows) {
      kernels.batchNormBackward(inputs[0], dy, rows, width, gamma.value, statistics, parameterGradients, inputGradients[0]);
    },
  };
}

/** BatchNorm exposes its state for instruments and tests: read it, never write it. */
export interface BatchNormLayer extends Layer {
  /** Float32, like PyTorch's buffers. */
  readonly runningMean: Float32Array;
  readonly runningVariance: Float32Array;
  /** μ and the biased σ² of the last training pass, per feature (float64, as the layer used them). */
  readonly batchMean: Float64Array;
  readonly batchVariance: Float64Array;
  /** null without `affine` (γ = 1 and β = 0 fixed). */
  readonly gamma: Float32Array | null;
  readonly beta: Float32Array | null;
}
