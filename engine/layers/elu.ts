import { elementwiseLayer, type Layer } from './layer';

/**
 * Exponential linear unit (Clevert et al. 2016) with scale α, element-wise:
 *
 *   forward   y = x if x > 0, else α(eˣ − 1)
 *   backward  ∂L/∂x = ∂L/∂y if x > 0, else ∂L/∂y · αeˣ
 *
 * eˣ − 1 is computed with expm1, exact for small |x| where eˣ − 1 would cancel.
 */
export function createElu(nodeId: string, width: number, alpha: number): Layer {
  return elementwiseLayer(nodeId, width, {
    forward(x, y, length) {
      for (let i = 0; i < length; i++) y[i] = x[i] > 0 ? x[i] : alpha * Math.expm1(x[i]);
    },
    backward(x, _y, dy, dx, length) {
      for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * alpha * Math.exp(x[i]);
    },
  });
}
