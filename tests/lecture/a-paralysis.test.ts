import { describe, expect, it } from 'vitest';
import { meanAbs, presetDocument, trainerOf, withTraining } from './support';

/**
 * EXPERIMENTS.md A at initialisation: the lecture's table of the mean |∂L/∂W| per layer of the
 * 841-100×5-26 sigmoid net with U(±0.1) weights, one batch of 100 letters. Seeds 1–3 measured
 * L1 1.4–1.7e-7 … Out 0.87–1.05e-2 (numpy: 1.39e-7 … 7.86e-3), successive ratios 6.4–8.1 and
 * L1/Out 1.4–1.6e-5.
 */
const LECTURE = [6.2e-8, 2.2e-6, 1.6e-5, 1.1e-4, 7e-4, 1.5e-2];
const LAYERS = ['dense1', 'dense2', 'dense3', 'dense4', 'dense5', 'logits'];

async function gradientTable(seed: number): Promise<number[]> {
  const trainer = await trainerOf(withTraining(presetDocument('a-paralysis'), { batchSize: 100, seed }));
  trainer.step();
  return LAYERS.map((id) => meanAbs(trainer.tensors(id)!.parameters[0].grad));
}

describe('A. network paralysis at initialisation', () => {
  it.each([1, 2])('seed %i: mean |∂L/∂W| rises about 7× per layer, within 4× of the lecture at every layer', async (seed) => {
    const table = await gradientTable(seed);
    for (let l = 1; l < table.length; l++) expect(table[l]).toBeGreaterThan(table[l - 1]);
    // The hidden→hidden ratios; theory 1/(σ′(0)·σ_w·√n) = 6.9.
    for (let l = 2; l <= 4; l++) {
      expect(table[l] / table[l - 1]).toBeGreaterThanOrEqual(4.5);
      expect(table[l] / table[l - 1]).toBeLessThanOrEqual(11);
    }
    expect(table[0] / table[5]).toBeLessThan(1e-4);
    table.forEach((value, l) => {
      expect(value / LECTURE[l]).toBeGreaterThan(1 / 4);
      expect(value / LECTURE[l]).toBeLessThan(4);
    });
  });
});
