import { describe, expect, it } from 'vitest';
import { firstRows, forwardOutputs, mean, presetDocument, train, trainerOf } from './support';

/**
 * EXPERIMENTS.md D (Glorot & Bengio 2010, Fig. 2): MNIST 784-100×4-10 sigmoid, standard
 * initialisation with zero biases, SGD lr 0.5, batch 10; mean activations over 500 test images.
 * Measured (seeds 1–3), layers L1…L4: step 0 ≈ 0.50 everywhere; step 250 L4 0.056–0.058;
 * step 500 0.505–0.507, 0.545–0.556, 0.708–0.714, 0.036–0.038 with test accuracy 0.089–0.117;
 * step 1000 L4 0.024 (numpy: 0.054–0.059, 0.035–0.038, 0.023–0.024; L1–L3 ≈ 0.50, 0.55, 0.74).
 */
describe('D. the top sigmoid layer saturates at 0 early in training', () => {
  it('after 500 updates: L4 mean < 0.08, L1–L3 within [0.45, 0.85], test accuracy still near chance', async () => {
    const trainer = await trainerOf(presetDocument('d-saturation'));
    const probe = firstRows(trainer.data.test, 500);
    const before = forwardOutputs(trainer, probe, 'eval');
    for (const layer of [1, 2, 3, 4]) expect(mean(before.get(`act${layer}`)!)).toBeCloseTo(0.5, 1);
    train(trainer, 500);
    const after = forwardOutputs(trainer, probe, 'eval');
    const means = [1, 2, 3, 4].map((layer) => mean(after.get(`act${layer}`)!));
    expect(means[3]).toBeLessThan(0.08);
    for (const lower of means.slice(0, 3)) {
      expect(lower).toBeGreaterThanOrEqual(0.45);
      expect(lower).toBeLessThanOrEqual(0.85);
    }
    // Higher nearer the top, as Glorot & Bengio describe.
    expect(means[0]).toBeLessThan(means[1]);
    expect(means[1]).toBeLessThan(means[2]);
    expect(trainer.evaluate(trainer.data.test).accuracy).toBeLessThan(0.2);
  });
});
