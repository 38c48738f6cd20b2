import { describe, expect, it } from 'vitest';
import { presetDocument, train, trainerOf } from './support';

/**
 * EXPERIMENTS.md A, training version: 2000 letters, batch 32, SGD lr 0.5, 10 epochs (630 steps).
 * Measured test accuracy at every epoch (seeds 1–3): the deep net 0.028–0.048 throughout (chance
 * is 1/26 = 0.038), the shallow one 0.73–0.79 at the end (numpy: 0.033–0.047 and 0.758–0.770).
 */
describe('A. network paralysis: the deep sigmoid net does not learn, a shallow one does', () => {
  it('after 10 epochs the deep net is at chance (≤ 0.10) at every epoch and the shallow one ≥ 0.5', async () => {
    const deep = await trainerOf(presetDocument('a-paralysis', 'Deep (5 × 100)'));
    const steps = deep.plan.training.steps;
    for (let epoch = 1; epoch <= 10; epoch++) {
      train(deep, steps / 10);
      expect(deep.evaluate(deep.data.test).accuracy).toBeLessThanOrEqual(0.1);
    }
    expect(deep.epoch).toBe(10);

    const shallow = await trainerOf(presetDocument('a-paralysis', 'Shallow (1 × 100)'));
    train(shallow, steps);
    expect(shallow.evaluate(shallow.data.test).accuracy).toBeGreaterThanOrEqual(0.5);
  });
});
