import type { Kernels } from '../kernels/kernels';
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
 * float64 per feature; the results are rounded to float32 once.
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
  const mean = new Float64Array(width);
  const invStd = new Float64Array(width);
  const variance = new Float64Array(width);
  // The evaluation layer y = slope·x + intercept, per feature.
  const evalSlope = new Float64Array(width);
  const evalIntercept = new Float64Array(width);
  // Scratch sums for the backward pass.
  const sumDxhat = new Float64Array(width);
  const sumDxhatCentred = new Float64Array(width);
  const sumCentred = new Float64Array(width);
  const sumDy = new Float64Array(width);
  const sumDyXhat = new Float64Array(width);

  return {
    nodeId,
    inWidths: [width],
    outWidth: width,
    parameters: affine ? [gamma, beta] : [],
    runningMean,
    runningVariance,

    forward(inputs, output, rows, mode) {
      const x = inputs[0];
      const g = gamma.value;
      const b = beta.value;
      if (mode === 'eval') {
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

      mean.fill(0);
      variance.fill(0);
      for (let r = 0; r < rows; r++) {
        const row = r * width;
        for (let j = 0; j < width; j++) mean[j] += x[row + j];
      }
      for (let j = 0; j < width; j++) mean[j] /= rows;
      for (let r = 0; r < rows; r++) {
        const row = r * width;
        for (let j = 0; j < width; j++) {
          const centred = x[row + j] - mean[j];
          variance[j] += centred * centred;
        }
      }
      for (let j = 0; j < width; j++) {
        variance[j] /= rows;
        invStd[j] = 1 / Math.sqrt(variance[j] + eps);
      }
      for (let r = 0; r < rows; r++) {
        const row = r * width;
        for (let j = 0; j < width; j++) output[row + j] = g[j] * ((x[row + j] - mean[j]) * invStd[j]) + b[j];
      }
      if (rows > 1) {
        const unbiased = rows / (rows - 1);
        for (let j = 0; j < width; j++) {
          runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean[j];
          runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance[j] * unbiased;
        }
      }
    },

    backward(inputs, _output, dy, inputGradients, rows) {
      const x = inputs[0];
      const g = gamma.value;
      sumDxhat.fill(0);
      sumDxhatCentred.fill(0);
      sumCentred.fill(0);
      sumDy.fill(0);
      sumDyXhat.fill(0);
      for (let r = 0; r < rows; r++) {
        const row = r * width;
        for (let j = 0; j < width; j++) {
          const centred = x[row + j] - mean[j];
          const dxhat = dy[row + j] * g[j];
          sumDxhat[j] += dxhat;
          sumDxhatCentred[j] += dxhat * centred;
          sumCentred[j] += centred;
          sumDy[j] += dy[row + j];
          sumDyXhat[j] += dy[row + j] * centred * invStd[j];
        }
      }
      if (affine) {
        for (let j = 0; j < width; j++) {
          gamma.grad[j] = sumDyXhat[j];
          beta.grad[j] = sumDy[j];
        }
      }
      const dx = inputGradients[0];
      if (!dx) return;
      // Reuse the sums as ∂L/∂σ² (in sumDxhatCentred) and ∂L/∂μ (in sumDxhat), per feature.
      for (let j = 0; j < width; j++) {
        const dVariance = sumDxhatCentred[j] * -0.5 * invStd[j] * invStd[j] * invStd[j];
        const dMean = -sumDxhat[j] * invStd[j] + (dVariance * -2 * sumCentred[j]) / rows;
        sumDxhatCentred[j] = dVariance;
        sumDxhat[j] = dMean;
      }
      for (let r = 0; r < rows; r++) {
        const row = r * width;
        for (let j = 0; j < width; j++) {
          const centred = x[row + j] - mean[j];
          dx[row + j] = dy[row + j] * g[j] * invStd[j] + (sumDxhatCentred[j] * 2 * centred) / rows + sumDxhat[j] / rows;
        }
      }
    },
  };
}

/** BatchNorm exposes its running statistics (float32, like PyTorch's buffers) for instruments and tests. */
export interface BatchNormLayer extends Layer {
  readonly runningMean: Float32Array;
  readonly runningVariance: Float32Array;
}
