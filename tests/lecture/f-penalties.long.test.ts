import { describe, expect, it } from 'vitest';
import type { Trainer } from '../../engine/train';
import { presetDocument, train, trainerOf } from './support';

/**
 * EXPERIMENTS.md F: softmax regression 784→10 from zero weights on 1000 MNIST images, 100 epochs,
 * batch 50, lr 0.5; 5000 test images. Measured (seeds 1–2): none train 1.000, test 0.815–0.816,
 * ‖W‖ 17.4, small weights 0.373; L2 0.960–0.968, 0.819–0.823, 6.23, 0.372; L1 0.974–0.982,
 * 0.810, 10.7, 0.871 (numpy: 1.000/0.815–0.817/17.4/0.37, 0.957–0.964/0.823–0.827/6.24/0.37,
 * 0.977–0.980/0.811/10.7/0.87). 22.3 % of the weights stay exactly 0 in every run: the pixels
 * blank in all 1000 images.
 */
interface Outcome {
  train: number;
  test: number;
  norm: number;
  /** Fraction of |w| below 1 % of max |w|. */
  small: number;
}

async function outcome(variant: string): Promise<Outcome> {
  const trainer: Trainer = await trainerOf(presetDocument('f-penalties', variant));
  train(trainer, trainer.plan.training.steps);
  const weight = trainer.tensors('logits')!.parameters[0].value;
  const largest = weight.reduce((max, w) => Math.max(max, Math.abs(w)), 0);
  return {
    train: trainer.evaluate(trainer.data.train).accuracy,
    test: trainer.evaluate(trainer.data.test).accuracy,
    norm: Math.sqrt(weight.reduce((sum, w) => sum + w * w, 0)),
    small: weight.filter((w) => Math.abs(w) < 0.01 * largest).length / weight.length,
  };
}

describe('F. L1 versus L2', () => {
  it('L2 halves the weight norm and narrows the train–test gap; L1 makes the weights sparse', async () => {
    const none = await outcome('No penalty');
    const l2 = await outcome('L2 λ = 0.01');
    const l1 = await outcome('L1 λ = 0.001');
    expect(l2.norm).toBeLessThanOrEqual(0.5 * none.norm);
    expect(l2.train - l2.test).toBeLessThan(none.train - none.test);
    expect(l2.test).toBeGreaterThanOrEqual(none.test - 0.01);
    expect(l1.small).toBeGreaterThanOrEqual(0.75);
    expect(l1.small).toBeGreaterThanOrEqual(none.small + 0.3);
  });
});
