import { describe, expect, it } from 'vitest';
import { forwardOutputs, presetDocument, train, trainerOf } from './support';

/**
 * EXPERIMENTS.md E2: one epoch over the first 10 000 MNIST training images, 784-100-10 sigmoid,
 * Xavier, batch 10, lr 0.1. Measured (seeds 1–2): shuffled 0.858–0.869; class-sorted 0.097 with
 * all 2000 test images predicted as 9 (numpy: 0.858–0.861 and 0.097, all 9).
 */
describe('E2. shuffled versus class-sorted training', () => {
  it('class-sorted forgets everything but the last class; shuffled learns', async () => {
    const sorted = await trainerOf(presetDocument('e2-shuffling', 'Class-sorted'));
    train(sorted, sorted.plan.training.steps);
    expect(sorted.epoch).toBe(1);
    const test = sorted.data.test;
    expect(sorted.evaluate(test).accuracy).toBeLessThanOrEqual(0.2);
    const logits = forwardOutputs(sorted, test, 'eval').get('logits')!;
    let lastClass = 0;
    for (let r = 0; r < test.rows; r++) {
      const row = logits.subarray(r * 10, r * 10 + 10);
      if (row.indexOf(Math.max(...row)) === 9) lastClass++;
    }
    expect(lastClass / test.rows).toBeGreaterThanOrEqual(0.9);

    const shuffled = await trainerOf(presetDocument('e2-shuffling', 'Shuffled'));
    train(shuffled, shuffled.plan.training.steps);
    expect(shuffled.evaluate(shuffled.data.test).accuracy).toBeGreaterThanOrEqual(0.8);
  });
});
