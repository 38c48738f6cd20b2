import { describe, expect, it } from 'vitest';
import { initializeWeights } from '../../engine/init';
import { createRandom } from '../../engine/random';
import { dataOf, firstRows, planOf, presetDocument, std, trainerOf, withTraining } from './support';

/**
 * EXPERIMENTS.md I: tanh 784-256×5-10, biases 0, one pass over 500 MNIST test images at
 * initialisation. Measured (seeds 1–3): activation std L1→L5 0.176–0.181 … 0.019–0.020 with
 * standard U(±1/√n) (numpy 0.176 … 0.019) and 0.340–0.348 … 0.245–0.248 with Xavier (0.339 …
 * 0.240); ∂L/∂z std L1/L5 0.103–0.108 and 0.69–0.73 (0.107, 0.73); ∂L/∂W std L1/L5 0.93–1.00 and
 * 0.77–0.83.
 */
const HIDDEN = [1, 2, 3, 4, 5];

interface Spreads {
  activation: number[];
  /** std of ∂L/∂z per layer. */
  backprop: number[];
  weightGradient: number[];
}

async function spreads(variant: string, seed: number): Promise<Spreads> {
  const document = withTraining(presetDocument('i-xavier-tanh', variant), { batchSize: 500, seed, sampling: 'sequential' });
  const probe = firstRows((await dataOf(planOf(document))).test, 500);
  const trainer = await trainerOf(document, { train: probe, test: probe });
  trainer.step();
  return {
    activation: HIDDEN.map((l) => std(trainer.tensors(`act${l}`)!.output)),
    backprop: HIDDEN.map((l) => std(trainer.tensors(`dense${l}`)!.outputGradient!)),
    weightGradient: HIDDEN.map((l) => std(trainer.tensors(`dense${l}`)!.parameters[0].grad)),
  };
}

describe('I. Xavier versus standard initialisation with tanh', () => {
  it.each([1, 2])('seed %i, standard U(±1/√n): activations shrink ×1/√3 per layer going up, gradients as fast going down', async (seed) => {
    const { activation, backprop, weightGradient } = await spreads('Standard U(±1/√n)', seed);
    // Theory (1/√3)⁴ = 0.111 for both.
    expect(activation[4] / activation[0]).toBeGreaterThanOrEqual(0.07);
    expect(activation[4] / activation[0]).toBeLessThanOrEqual(0.16);
    expect(backprop[0] / backprop[4]).toBeGreaterThanOrEqual(0.07);
    expect(backprop[0] / backprop[4]).toBeLessThanOrEqual(0.16);
    expect(weightGradient[0] / weightGradient[4]).toBeGreaterThanOrEqual(0.75);
    expect(weightGradient[0] / weightGradient[4]).toBeLessThanOrEqual(1.35);
  });

  it.each([1, 2])('seed %i, Xavier: activations and gradients keep their spread across layers', async (seed) => {
    const { activation, backprop, weightGradient } = await spreads('Xavier', seed);
    expect(activation[4] / activation[0]).toBeGreaterThanOrEqual(0.6);
    expect(activation[4] / activation[0]).toBeLessThanOrEqual(1);
    expect(backprop[0] / backprop[4]).toBeGreaterThanOrEqual(0.6);
    expect(backprop[0] / backprop[4]).toBeLessThanOrEqual(1);
    expect(weightGradient[0] / weightGradient[4]).toBeGreaterThanOrEqual(0.75);
    expect(weightGradient[0] / weightGradient[4]).toBeLessThanOrEqual(1.35);
  });

  it('the Xavier weights of a 784×256 layer have variance 2/(784 + 256) within 2 per cent', () => {
    const weight = new Float32Array(784 * 256);
    initializeWeights({ kind: 'xavier-uniform' }, weight, 784, 256, createRandom(1));
    expect(Math.abs((std(weight) ** 2 * (784 + 256)) / 2 - 1)).toBeLessThan(0.02);
  });
});
