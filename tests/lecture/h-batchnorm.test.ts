import { describe, expect, it } from 'vitest';
import { firstRows, presetDocument, train, trainerOf } from './support';

/**
 * EXPERIMENTS.md H's CI check (Ioffe & Szegedy 2015, Fig. 1a): MNIST 784-100×3-10 sigmoid,
 * W ~ N(0, 0.1), SGD lr 0.5, batch 60, 250 steps per arm; accuracy in evaluation mode (running
 * statistics) on 2000 test images. Measured (seeds 1–3): 0.863–0.872 with BatchNorm, 0.427–0.515
 * without (numpy, 10 seeds: 0.855–0.88 and 0.35–0.56).
 */
async function accuracyAfter(variant: string, steps: number): Promise<number> {
  const trainer = await trainerOf(presetDocument('h-batchnorm', variant));
  train(trainer, steps);
  return trainer.evaluate(firstRows(trainer.data.test, 2000)).accuracy;
}

describe('H. batch normalization: accuracy rises much faster', () => {
  it('after 250 steps: ≥ 0.78 with BatchNorm, ≤ 0.68 without, at least 0.2 apart', async () => {
    const withNorm = await accuracyAfter('BatchNorm', 250);
    const without = await accuracyAfter('No BatchNorm', 250);
    expect(withNorm).toBeGreaterThanOrEqual(0.78);
    expect(without).toBeLessThanOrEqual(0.68);
    expect(withNorm - without).toBeGreaterThanOrEqual(0.2);
  });
});
