import { elementwiseLayer, type Layer } from './layer';

/**
 * Softplus, a smooth ReLU, element-wise:
 *
 *   forward   y = log(1 + eˣ) = max(x, 0) + log(1 + e^(−|x|))
 *   backward  ∂L/∂x = ∂L/∂y · σ(x)
 *
 * The second form never overflows (e^(−|x|) ≤ 1) and keeps log1p's accuracy for large |x|.
 * PyTorch returns x itself once x > 20; the two differ by log(1 + e^(−20)) ≈ 2e-9, below float32
 * resolution at 20.
 */
export function createSoftplus(nodeId: string, width: number): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      for (let i = 0; i < length; i++) {
        const value = x[i];
        y[i] = Math.max(value, 0) + Math.log1p(Math.exp(-Math.abs(value)));
      }
    },
    backward(x, _y, dy, dx, length) {
      for (let i = 0; i < length; i++) dx[i] = dy[i] / (1 + Math.exp(-x[i]));
    },
  });
}
