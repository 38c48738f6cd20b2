import type { DropoutMode } from '../document/types';
import type { Random } from '../random';
import type { Layer } from './layer';

/**
 * Dropout (Srivastava et al. 2014), element-wise, with `rate` = r the probability of DROPPING a
 * unit (PyTorch's and Keras's p; the lecture's "p = 0.4" is this rate). The paper's p is the
 * probability of KEEPING a unit: paper p = 1 − r.
 *
 * Training draws a fresh mask per step, m = 1 with probability 1 − r, else 0:
 *
 *   inverted  train  y = x·m / (1 − r)        eval  y = x
 *   classic   train  y = x·m                  eval  y = x·(1 − r)   (the lecture and the paper:
 *                                             "multiply the outgoing weights by p at test time")
 *
 * Both make the expected training output equal the evaluation output. Backward:
 * ∂L/∂x = ∂L/∂y · m/(1 − r) (inverted) or ∂L/∂y · m (classic), with the forward pass's mask.
 * Masks come from the layer's own stream, so they do not depend on other layers or on how often
 * the network was evaluated.
 */
export function createDropout(spec: { nodeId: string; width: number; rate: number; mode: DropoutMode }, random: Random): Layer {
  const { nodeId, width, rate, mode } = spec;
  const keep = 1 - rate;
  const keptScale = mode === 'inverted' ? 1 / keep : 1;
  /** The factor each element was multiplied by in the last training pass: 0 or keptScale. */
  let mask = new Float32Array(0);

  return {
    nodeId,
    inWidths: [width],
    outWidth: width,
    parameters: [],

    forward(inputs, output, rows, passMode) {
      const x = inputs[0];
      const length = rows * width;
      if (passMode === 'eval') {
        if (mode === 'inverted') output.set(x.subarray(0, length));
        else for (let i = 0; i < length; i++) output[i] = x[i] * keep;
        return;
      }
      if (mask.length < length) mask = new Float32Array(length);
      for (let i = 0; i < length; i++) {
        const factor = random.next() < rate ? 0 : keptScale;
        mask[i] = factor;
        output[i] = x[i] * factor;
      }
    },

    backward(_inputs, _output, outputGradient, inputGradients, rows) {
      const dx = inputGradients[0];
      if (!dx) return;
      const length = rows * width;
      for (let i = 0; i < length; i++) dx[i] = outputGradient[i] * mask[i];
    },
  };
}
