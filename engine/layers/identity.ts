import { elementwiseLayer, type Layer } from './layer';

/**
 * The identity, y = x and ∂L/∂x = ∂L/∂y: a linear network, or a named tap on a tensor.
 */
export function createIdentity(nodeId: string, width: number): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      y.set(x.subarray(0, length));
    },
    backward(_x, _y, dy, dx, length) {
      dx.set(dy.subarray(0, length));
    },
  });
}
