import { describe, expect, it } from 'vitest';
import type { Trainer } from '../../engine/train';
import { dataOf, firstRows, meanAbs, planOf, presetDocument, std, trainerOf, withTraining } from './support';

/**
 * EXPERIMENTS.md J at initialisation: ReLU MLPs of 30 and 22 layers of 50 units on 256 MNIST test
 * images, "Xavier" N(0, 1/n) against He N(0, 2/n), biases 0. Measured log₂(std L_last / std L1)
 * (seeds 1–4): 30 layers Xavier −14.6 … −16.5, He −0.1 … −2.0 (numpy mean −15.3 and −0.84);
 * 22 layers −10.4 … −12.0 and +0.1 … −1.5 (numpy −11.1 and −0.64). Mean |∂L/∂W1|: Xavier
 * 2.9–5.5e-8 and He 0.95–3.3e-3 at 30 layers (numpy medians 3.2e-8 and 1.2e-3).
 */
const HE = 'He N(0, 2/n)';
const XAVIER = 'Xavier N(0, 1/n)';

async function atInit(depth: number, variant: string, seed: number): Promise<Trainer> {
  const document = withTraining(presetDocument(`j-relu-${depth}`, variant), { batchSize: 256, seed, sampling: 'sequential' });
  const probe = firstRows((await dataOf(planOf(document))).test, 256);
  const trainer = await trainerOf(document, { train: probe, test: probe });
  trainer.step();
  return trainer;
}

const spread = (trainer: Trainer, layer: number): number => std(trainer.tensors(`act${layer}`)!.output);

describe('J. Xavier versus He for ReLU at initialisation', () => {
  it('the same Gaussian draws scaled by √(1/n) and √(2/n): the 30th layer gains exactly (√2)^29 = 2^14.5 over the first', async () => {
    // Both initializers scale one N(0, 1) stream per layer, and ReLU is positively homogeneous.
    const xavier = await atInit(30, XAVIER, 1);
    const he = await atInit(30, HE, 1);
    const ratio = spread(he, 30) / spread(xavier, 30) / (spread(he, 1) / spread(xavier, 1));
    expect(Math.abs(ratio / 2 ** 14.5 - 1)).toBeLessThan(1e-4);
  });

  it.each([
    [30, [-21, -10]],
    [22, [-17, -7]],
  ])('%i layers: the signal collapses by about 2^(−depth/2) with Xavier and holds with He; every weight gradient shrinks with it', async (depth, [low, high]) => {
    const xavier = await atInit(depth, XAVIER, 1);
    const he = await atInit(depth, HE, 1);
    const collapse = Math.log2(spread(xavier, depth) / spread(xavier, 1));
    expect(collapse).toBeGreaterThanOrEqual(low);
    expect(collapse).toBeLessThanOrEqual(high);
    const held = Math.log2(spread(he, depth) / spread(he, 1));
    expect(held).toBeGreaterThanOrEqual(-6);
    expect(held).toBeLessThanOrEqual(4);
    const firstGradient = (trainer: Trainer): number => meanAbs(trainer.tensors('dense1')!.parameters[0].grad);
    expect(firstGradient(he) / firstGradient(xavier)).toBeGreaterThan(1e3);
  });
});
