import { elementwiseLayer, type Layer } from './layer';

/**
 * Leaky ReLU with negative slope a (PyTorch's `negative_slope`, default 0.01), element-wise:
 *
 *   forward   y = x if x > 0, else a·x
 *   backward  ∂L/∂x = ∂L/∂y if x > 0, else a·∂L/∂y
 *
 * At x = 0 the slope a is used, as PyTorch does.
 */
export function createLeakyRelu(nodeId: string, width: number, slope: number): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      for (let i = 0; i < length; i++) y[i] = x[i] > 0 ? x[i] : slope * x[i];
    },
    backward(x, _y, dy, dx, length) {
      for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : slope * dy[i];
    },
  });
}
