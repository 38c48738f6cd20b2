import { describe, expect, it } from 'vitest';
import type { DropoutMode } from '../../engine/document/types';
import { tsKernels } from '../../engine/kernels/ts';
import { createDense } from '../../engine/layers/dense';
import { createDropout } from '../../engine/layers/dropout';
import type { Layer, Mode } from '../../engine/layers/layer';
import { createTanh } from '../../engine/layers/tanh';
import { createRandom } from '../../engine/random';

/**
 * EXPERIMENTS.md G2: the expected training-mode output of a network with dropout equals its
 * test-mode output when the dropout is followed by a linear map. Here:
 * x[4 × 16] → Dense 64 → tanh → Dropout(0.4) → Dense 5, the mean of 20 000 training passes
 * (fresh masks each) against one evaluation pass.
 */
const ROWS = 4;
const PASSES = 20_000;

function network(mode: DropoutMode): { layers: Layer[]; run(x: Float32Array, passMode: Mode): Float32Array } {
  const init = { kind: 'xavier-normal' } as const;
  const layers = [
    createDense({ nodeId: 'hidden', inWidth: 16, units: 64, bias: true, init }, tsKernels, createRandom(1)),
    createTanh('tanh', 64),
    createDropout({ nodeId: 'drop', width: 64, rate: 0.4, mode }, createRandom(2)),
    createDense({ nodeId: 'out', inWidth: 64, units: 5, bias: true, init }, tsKernels, createRandom(3)),
  ];
  const buffers = layers.map((layer) => new Float32Array(ROWS * layer.outWidth));
  return {
    layers,
    run(x, passMode) {
      let input = x;
      layers.forEach((layer, i) => {
        layer.forward([input], buffers[i], ROWS, passMode);
        input = buffers[i];
      });
      return input;
    },
  };
}

describe('dropout keeps the expected output', () => {
  const random = createRandom(7);
  const x = Float32Array.from({ length: ROWS * 16 }, () => random.normal());

  for (const mode of ['inverted', 'classic'] as const) {
    it(`${mode}: the mean of ${PASSES} training passes matches the test-mode output within 1%`, () => {
      const net = network(mode);
      const tested = Float64Array.from(net.run(x, 'eval'));
      const sum = new Float64Array(ROWS * 5);
      for (let pass = 0; pass < PASSES; pass++) net.run(x, 'train').forEach((value, i) => (sum[i] += value));
      const scale = Math.max(...tested.map(Math.abs));
      // Each output is Σⱼ wⱼhⱼmⱼ over 64 units. Measured: the standard error of the 20 000-pass
      // mean is 0.34 % of the largest output in both modes, so 1 % is three standard errors; the
      // largest deviation is 0.44 %. A wrong scaling (×1/(1 − rate) missing or doubled) is off by 67 %.
      const worst = Math.max(...sum.map((total, i) => Math.abs(total / PASSES - tested[i])));
      expect(worst).toBeLessThan(0.01 * scale);
    });
  }

  it('inverted dropout is the identity at test time; classic multiplies by the keep probability', () => {
    const input = Float32Array.of(1, -2, 3, 0.5);
    const inverted = new Float32Array(4);
    createDropout({ nodeId: 'd', width: 4, rate: 0.25, mode: 'inverted' }, createRandom(1)).forward([input], inverted, 1, 'eval');
    expect([...inverted]).toEqual([...input]);
    const classic = new Float32Array(4);
    createDropout({ nodeId: 'd', width: 4, rate: 0.25, mode: 'classic' }, createRandom(1)).forward([input], classic, 1, 'eval');
    expect([...classic]).toEqual([0.75, -1.5, 2.25, 0.375]);
  });

  it('draws its masks from its own stream: the same seed, the same masks', () => {
    const masks = (seed: number): number[] => {
      const layer = createDropout({ nodeId: 'd', width: 100, rate: 0.5, mode: 'classic' }, createRandom(seed));
      const y = new Float32Array(100);
      layer.forward([new Float32Array(100).fill(1)], y, 1, 'train');
      return [...y];
    };
    expect(masks(4)).toEqual(masks(4));
    expect(masks(4)).not.toEqual(masks(5));
  });
});
