import { elementwiseLayer, type Layer } from './layer';

/**
 * Rectified linear unit, element-wise:
 *
 *   forward   y = max(0, x)
 *   backward  ∂L/∂x = ∂L/∂y if x > 0, else 0
 *
 * ReLU has no derivative at 0; like PyTorch we use 0 there. NaN inputs stay NaN
 * (Math.max(0, NaN) is NaN) so a divergence is seen where it happens.
 */
export function createRelu(nodeId: string, width: number): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      for (let i = 0; i < length; i++) y[i] = Math.max(0, x[i]);
    },
    backward(x, _y, dy, dx, length) {
      for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
    },
  });
}
