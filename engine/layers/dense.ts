import { initializeWeights, type InitializerSpec } from '../init';
import type { Kernels } from '../kernels/kernels';
import type { Random } from '../random';
import type { Layer, Parameter } from './layer';

/**
 * Fully connected layer, W stored [units × inWidth] like PyTorch's Linear:
 *
 *   forward   y = x Wᵀ + b            y[r][u] = Σᵢ x[r][i] W[u][i] + b[u]
 *   backward  ∂L/∂W = dyᵀ x           ∂L/∂W[u][i] = Σ_r dy[r][u] x[r][i]
 *             ∂L/∂b = Σ_r dy[r]       (column sums of dy)
 *             ∂L/∂x = dy W            ∂L/∂x[r][i] = Σ_u dy[r][u] W[u][i]
 *
 * The loss already divides by the batch size, so these are gradients of the batch mean.
 * Without `bias` the layer is y = x Wᵀ (the usual choice before a BatchNorm, whose β is the bias).
 *
 * Initialisation draws W from the layer's own stream with `init` (see engine/init.ts). The bias
 * follows PyTorch's Linear under the PyTorch default, U(±1/√fan_in) drawn after W; under every
 * other initializer it starts at 0, the convention of the papers the lecture cites.
 */
export function createDense(
  spec: { nodeId: string; inWidth: number; units: number; bias: boolean; init: InitializerSpec },
  kernels: Kernels,
  random: Random,
): Layer {
  const { nodeId, inWidth, units } = spec;
  const weight: Parameter = { name: 'weight', rows: units, columns: inWidth, value: kernels.alloc(units * inWidth), grad: kernels.alloc(units * inWidth), penalized: true };
  const bias: Parameter | null = spec.bias
    ? { name: 'bias', rows: 1, columns: units, value: kernels.alloc(units), grad: kernels.alloc(units), penalized: false }
    : null;
  initializeWeights(spec.init, weight.value, inWidth, units, random);
  if (bias && spec.init.kind === 'pytorch-default') {
    const bound = 1 / Math.sqrt(inWidth);
    for (let u = 0; u < units; u++) bias.value[u] = random.uniform(-bound, bound);
  }

  return {
    nodeId,
    inWidths: [inWidth],
    outWidth: units,
    parameters: bias ? [weight, bias] : [weight],

    forward(inputs, y, rows) {
      kernels.gemmNT(rows, units, inWidth, inputs[0], weight.value, y, false);
      if (bias) kernels.addRowVector(y, bias.value, rows, units);
    },

    backward(inputs, _y, dy, inputGradients, rows) {
      kernels.gemmTN(units, inWidth, rows, dy, inputs[0], weight.grad, false);
      // ∂L/∂b summed in float64 and rounded once.
      if (bias) kernels.columnSums(dy, rows, units, bias.grad);
      const dx = inputGradients[0];
      if (dx) kernels.gemm(rows, inWidth, units, dy, weight.value, dx, false);
    },
  };
}
