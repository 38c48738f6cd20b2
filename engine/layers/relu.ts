import type { Kernels } from '../kernels/kernels';
import { tsKernels } from '../kernels/ts';
import { elementwiseLayer, type Layer } from './layer';

/**
 * Rectified linear unit, element-wise:
 *
 *   forward   y = max(0, x)
 *   backward  ∂L/∂x = ∂L/∂y if x > 0, else 0
 *
 * ReLU has no derivative at 0; like PyTorch we use 0 there. NaN inputs stay NaN
 * (Math.max(0, NaN) is NaN) so a divergence is seen where it happens. The kernels compute both
 * passes (`Kernels.relu`, `Kernels.reluBackward`).
 */
export function createRelu(nodeId: string, width: number, kernels: Kernels = tsKernels): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      kernels.relu(x, y, length);
    },
    backward(x, _y, dy, dx, length) {
      kernels.reluBackward(x, dy, dx, length);
    },
  });
}
