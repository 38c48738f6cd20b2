import type { Layer } from './layer';

/**
 * Element-wise sum of k ≥ 2 inputs of equal width (a residual or skip connection):
 *
 *   forward   y = x₁ + x₂ + … + x_k
 *   backward  ∂L/∂xᵢ = ∂L/∂y for every input
 *
 * The sum runs in float64 and is rounded to float32 once.
 */
export function createAdd(spec: { nodeId: string; width: number; inputCount: number }): Layer {
  const { nodeId, width, inputCount } = spec;
  return {
    nodeId,
    inWidths: Array.from({ length: inputCount }, () => width),
    outWidth: width,
    parameters: [],

    forward(inputs, output, rows) {
      const length = rows * width;
      const first = inputs[0];
      for (let i = 0; i < length; i++) {
        let sum = first[i];
        for (let k = 1; k < inputs.length; k++) sum += inputs[k][i];
        output[i] = sum;
      }
    },

    backward(_inputs, _output, outputGradient, inputGradients, rows) {
      const length = rows * width;
      for (const dx of inputGradients) dx?.set(outputGradient.subarray(0, length));
    },
  };
}
