import { elementwiseLayer, type Layer } from './layer';

/**
 * Logistic sigmoid, element-wise:
 *
 *   forward   y = σ(x) = 1 / (1 + e^(−x))
 *   backward  ∂L/∂x = ∂L/∂y · σ'(x),  σ'(x) = σ(x)(1 − σ(x)) = y(1 − y) ≤ 1/4
 *
 * For x ≪ 0, e^(−x) overflows to Infinity and y rounds to 0, the correct limit, never NaN.
 */
export function createSigmoid(nodeId: string, width: number): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      for (let i = 0; i < length; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
    },
    backward(_x, y, dy, dx, length) {
      for (let i = 0; i < length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
    },
  });
}
