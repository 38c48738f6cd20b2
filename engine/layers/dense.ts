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
 */
export function createDense(
  spec: { nodeId: string; inWidth: number; units: number },
  kernels: Kernels,
  random: Random,
): Layer {
  const { nodeId, inWidth, units } = spec;
  const weight: Parameter = { name: 'weight', rows: units, columns: inWidth, value: kernels.alloc(units * inWidth), grad: kernels.alloc(units * inWidth) };
  const bias: Parameter = { name: 'bias', rows: 1, columns: units, value: kernels.alloc(units), grad: kernels.alloc(units) };
  initPyTorchLinearDefault(weight.value, bias.value, inWidth, random);

  return {
    nodeId,
    inWidth,
    outWidth: units,
    parameters: [weight, bias],

    forward(x, y, rows) {
      kernels.gemmNT(rows, units, inWidth, x, weight.value, y, false);
      const b = bias.value;
      for (let r = 0; r < rows; r++) {
        const row = r * units;
        for (let u = 0; u < units; u++) y[row + u] += b[u];
      }
    },

    backward(x, _y, dy, dx, rows) {
      kernels.gemmTN(units, inWidth, rows, dy, x, weight.grad, false);
      const db = bias.grad;
      db.fill(0);
      for (let r = 0; r < rows; r++) {
        const row = r * units;
        for (let u = 0; u < units; u++) db[u] += dy[row + u];
      }
      if (dx) kernels.gemm(rows, inWidth, units, dy, weight.value, dx, false);
    },
  };
}

/**
 * PyTorch's default initialisation of nn.Linear: W and b ~ U(-1/√fan_in, +1/√fan_in)
 * (kaiming_uniform_ with a = √5 for W, which reduces to this bound). Weights are drawn first,
 * row by row, then the biases.
 */
function initPyTorchLinearDefault(weight: Float32Array, bias: Float32Array, fanIn: number, random: Random): void {
  const bound = 1 / Math.sqrt(fanIn);
  for (let i = 0; i < weight.length; i++) weight[i] = random.uniform(-bound, bound);
  for (let i = 0; i < bias.length; i++) bias[i] = random.uniform(-bound, bound);
}
