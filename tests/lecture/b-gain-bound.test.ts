import { describe, expect, it } from 'vitest';
import type { Trainer } from '../../engine/train';
import { presetDocument, row, spectralNorm, std, trainerOf, withTraining } from './support';

/**
 * EXPERIMENTS.md B: backpropagation through a sigmoid layer, δ_l = σ′(z_l) ⊙ (W_{l+1}ᵀ δ_{l+1}),
 * on one batch of 100 letters at initialisation. δ_l is ∂L/∂z_l, the gradient at the Dense
 * output of layer l. Measured (seeds 1–2): hidden→hidden gains 0.131–0.143 with U(±0.1) (numpy
 * 0.133–0.141), 0.0246–0.0259 with N(0, 0.01) (0.025), 0.78–1.11 with N(0, 1) (0.78–1.02).
 */
const BELOW = ['dense1', 'dense2', 'dense3', 'dense4', 'dense5'];
const ABOVE = ['dense2', 'dense3', 'dense4', 'dense5', 'logits'];
const WIDTH = 100;

const norm = (values: ArrayLike<number>): number => Math.sqrt(Array.from(values).reduce((sum, value) => sum + value * value, 0));

interface Backprop {
  trainer: Trainer;
  /** ‖W‖₂ of ABOVE[l] as it was during the step. */
  spectral: number[];
  /** Mean over the batch of ‖δ_l‖/‖δ_{l+1}‖, for l = 1…5 (the last one from the output). */
  gains: number[];
}

async function backprop(variant: string, seed = 1): Promise<Backprop> {
  const trainer = await trainerOf(withTraining(presetDocument('b-gain-bound', variant), { batchSize: 100, seed }));
  // The step updates the weights after the backward pass: take ‖W‖₂ of the weights it used.
  const spectral = ABOVE.map((id) => {
    const weight = trainer.tensors(id)!.parameters[0];
    return spectralNorm(weight.value, weight.rows, weight.columns);
  });
  trainer.step();
  const gains = BELOW.map((id, l) => {
    const lower = trainer.tensors(id)!;
    const upper = trainer.tensors(ABOVE[l])!;
    let sum = 0;
    for (let r = 0; r < lower.rows; r++) sum += norm(row(lower.outputGradient!, WIDTH, r)) / norm(row(upper.outputGradient!, upper.width, r));
    return sum / lower.rows;
  });
  return { trainer, spectral, gains };
}

describe('B. the σ′ ≤ 1/4 bound', () => {
  it.each(['U(±0.1)', 'N(0, 0.01)', 'N(0, 1)'])('%s: ‖δ_l‖ ≤ max σ′(z_l)·‖W_{l+1}‖₂·‖δ_{l+1}‖ for every example and layer, and max σ′ ≤ 1/4', async (variant) => {
    const { trainer, spectral } = await backprop(variant);
    BELOW.forEach((id, l) => {
      const lower = trainer.tensors(id)!;
      const upper = trainer.tensors(ABOVE[l])!;
      const activation = trainer.tensors(`act${l + 1}`)!.output;
      for (let r = 0; r < lower.rows; r++) {
        const slopes = Array.from(row(activation, WIDTH, r), (a) => a * (1 - a));
        const maxSlope = Math.max(...slopes);
        expect(maxSlope).toBeLessThanOrEqual(0.25);
        const bound = maxSlope * spectral[l] * norm(row(upper.outputGradient!, upper.width, r));
        expect(norm(row(lower.outputGradient!, WIDTH, r))).toBeLessThanOrEqual(bound * (1 + 1e-6));
      }
    });
  });

  it.each([
    ['U(±0.1)', 0.1 / Math.sqrt(3)],
    ['N(0, 0.01)', 0.01],
  ])('%s: the hidden→hidden gain is σ_w√n/4 within 15 per cent (the gradient vanishes)', async (variant, sigmaW) => {
    const { trainer, gains } = await backprop(variant);
    // The weights' own spread agrees with the initializer's.
    expect(std(trainer.tensors('dense3')!.parameters[0].value) / sigmaW).toBeCloseTo(1, 1);
    const predicted = (sigmaW * Math.sqrt(WIDTH)) / 4;
    for (const gain of gains.slice(0, 4)) {
      expect(gain).toBeGreaterThan(0.85 * predicted);
      expect(gain).toBeLessThan(1.15 * predicted);
    }
  });

  it('N(0, 1): σ_w√n > 4, so the gradient does not vanish: the product of the five gains exceeds 0.1', async () => {
    const { gains } = await backprop('N(0, 1)');
    expect(gains.reduce((product, gain) => product * gain, 1)).toBeGreaterThan(0.1);
  });
});
