import type { Layer } from './layer';

/**
 * Concatenation of k ≥ 2 inputs along the features, in the order of the plan's inputs:
 *
 *   forward   y[r] = [x₁[r], x₂[r], …, x_k[r]]        width Σᵢ widthᵢ
 *   backward  ∂L/∂xᵢ[r] = the columns of ∂L/∂y[r] that xᵢ filled
 */
export function createConcat(spec: { nodeId: string; inWidths: readonly number[] }): Layer {
  const { nodeId, inWidths } = spec;
  const outWidth = inWidths.reduce((sum, width) => sum + width, 0);
  const offsets = inWidths.map((_, k) => inWidths.slice(0, k).reduce((sum, width) => sum + width, 0));
  return {
    nodeId,
    inWidths: [...inWidths],
    outWidth,
    parameters: [],

    forward(inputs, output, rows) {
      for (let k = 0; k < inputs.length; k++) {
        const width = inWidths[k];
        const x = inputs[k];
        for (let r = 0; r < rows; r++) output.set(x.subarray(r * width, (r + 1) * width), r * outWidth + offsets[k]);
      }
    },

    backward(_inputs, _output, outputGradient, inputGradients, rows) {
      for (let k = 0; k < inputGradients.length; k++) {
        const dx = inputGradients[k];
        if (!dx) continue;
        const width = inWidths[k];
        const start = offsets[k];
        for (let r = 0; r < rows; r++) dx.set(outputGradient.subarray(r * outWidth + start, r * outWidth + start + width), r * width);
      }
    },
  };
}
