import { describe, expect, it } from 'vitest';
import type { Evaluation, Trainer } from '../../engine/train';
import { presetDocument, train, trainerOf } from './support';

/**
 * EXPERIMENTS.md J, training: ReLU nets of 50-unit layers, SGD lr 0.01, batch 32, 1000 test
 * images. Measured (seeds 1–4), 30 layers at 1000 steps: He 0.635–0.766 (loss 0.81–0.97), Xavier
 * 0.126 (loss 2.299–2.300) at every checkpoint (numpy, He 0.58–0.78 / 0.70–1.11; Xavier
 * 0.094–0.126 / 2.27–2.30). 22 layers (seeds 1–3): He 0.81–0.83 at 1000 steps; Xavier 0.126 and
 * loss 2.290–2.297 at 1000, then starting to learn: loss 1.90–2.19 at 2000.
 */
async function run(depth: number, variant: string, checkpoints: number[]): Promise<Evaluation[]> {
  const trainer: Trainer = await trainerOf(presetDocument(`j-relu-${depth}`, variant));
  return checkpoints.map((step) => {
    train(trainer, step - trainer.stepCount);
    return trainer.evaluate(trainer.data.test);
  });
}

describe('J. Xavier versus He for ReLU, trained', () => {
  it('30 layers: Xavier stalls at chance, He learns (1000 steps)', async () => {
    for (const { accuracy, loss } of await run(30, 'Xavier N(0, 1/n)', [250, 500, 1000])) {
      expect(accuracy).toBeLessThanOrEqual(0.2);
      expect(loss).toBeGreaterThanOrEqual(2.2);
    }
    const [he] = await run(30, 'He N(0, 2/n)', [1000]);
    expect(he.accuracy).toBeGreaterThanOrEqual(0.45);
    expect(he.loss).toBeLessThanOrEqual(1.5);
  });

  it('22 layers: He learns early; Xavier is still at chance after 1000 steps and only then starts to learn', async () => {
    const [he] = await run(22, 'He N(0, 2/n)', [1000]);
    expect(he.accuracy).toBeGreaterThanOrEqual(0.6);
    const [xavierEarly, xavierLate] = await run(22, 'Xavier N(0, 1/n)', [1000, 2000]);
    expect(xavierEarly.accuracy).toBeLessThanOrEqual(0.2);
    expect(xavierLate.loss).toBeLessThan(xavierEarly.loss - 0.05);
  });
});
