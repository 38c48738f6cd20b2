import { elementwiseLayer, type Layer } from './layer';

/**
 * Hyperbolic tangent, element-wise:
 *
 *   forward   y = tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x))
 *   backward  ∂L/∂x = ∂L/∂y · (1 − y²)
 */
export function createTanh(nodeId: string, width: number): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      for (let i = 0; i < length; i++) y[i] = Math.tanh(x[i]);
    },
    backward(_x, y, dy, dx, length) {
      for (let i = 0; i < length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
    },
  });
}
