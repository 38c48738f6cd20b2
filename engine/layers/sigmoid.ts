import type { Kernels } from '../kernels/kernels';
import { tsKernels } from '../kernels/ts';
import { elementwiseLayer, type Layer } from './layer';

/**
 * Logistic sigmoid, element-wise:
 *
 *   forward   y = σ(x) = 1 / (1 + e^(−x))
 *   backward  ∂L/∂x = ∂L/∂y · σ'(x),  σ'(x) = σ(x)(1 − σ(x)) = y(1 − y) ≤ 1/4
 *
 * For x ≪ 0, e^(−x) overflows to Infinity and y rounds to 0, the correct limit, never NaN.
 * The kernels compute both passes (`Kernels.sigmoid`, `Kernels.sigmoidBackward`).
 */
export function createSigmoid(nodeId: string, width: number, kernels: Kernels = tsKernels): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      kernels.sigmoid(x, y, length);
    },
    backward(_x, y, dy, dx, length) {
      kernels.sigmoidBackward(y, dy, dx, length);
    },
  });
}
