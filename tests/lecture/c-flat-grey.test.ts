import { describe, expect, it } from 'vitest';
import { firstRows, forwardOutputs, mean, presetDocument, row, std, trainerOf } from './support';

/**
 * EXPERIMENTS.md C: the image of a letter in each hidden layer at initialisation, over the first
 * 200 training letters. Measured with N(0, 0.01) (seeds 1–2): L1 activations in [0.383, 0.623],
 * L1 within-input std 0.026–0.027, L5 between-input std 1.2–1.3e-8, L5 correlation 1.00000
 * (numpy: [0.375, 0.611], 0.028, 8.7e-9, 1.0000). N(0, 1): 78 % of L1 saturated (62–79 %).
 */
const WIDTH = 100;
const LETTERS = 200;

async function hiddenImages(variant: string): Promise<Float32Array[]> {
  const trainer = await trainerOf(presetDocument('c-flat-grey', variant));
  const outputs = forwardOutputs(trainer, firstRows(trainer.data.train, LETTERS), 'eval');
  return [1, 2, 3, 4, 5].map((layer) => outputs.get(`act${layer}`)!);
}

/** Std across the units of one letter's image, averaged over letters. */
function withinStd(images: Float32Array): number {
  return mean(Array.from({ length: LETTERS }, (_, r) => std(row(images, WIDTH, r))));
}

/** Std across letters of one unit, averaged over units. */
function betweenStd(images: Float32Array): number {
  return mean(Array.from({ length: WIDTH }, (_, unit) => std(Array.from({ length: LETTERS }, (_, r) => images[r * WIDTH + unit]))));
}

/** Mean Pearson correlation between the images of different letters (every pair). */
function meanCorrelation(images: Float32Array): number {
  const centred = Array.from({ length: LETTERS }, (_, r) => {
    const image = Array.from(row(images, WIDTH, r));
    const m = mean(image);
    const deviations = image.map((value) => value - m);
    const length = Math.sqrt(deviations.reduce((sum, d) => sum + d * d, 0));
    return deviations.map((d) => d / length);
  });
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < LETTERS; a++) {
    for (let b = a + 1; b < LETTERS; b++) {
      sum += centred[a].reduce((dot, value, k) => dot + value * centred[b][k], 0);
      pairs++;
    }
  }
  return sum / pairs;
}

describe('C. N(0, 0.01): the first hidden layer is flat grey, deeper layers identical for every input', () => {
  it('N(0, 0.01): every L1 activation within [0.3, 0.7], L1 a flat grey, L5 the same image for every letter', async () => {
    const [l1, , , , l5] = await hiddenImages('N(0, 0.01)');
    for (const activation of l1) {
      expect(activation).toBeGreaterThanOrEqual(0.3);
      expect(activation).toBeLessThanOrEqual(0.7);
    }
    expect(withinStd(l1)).toBeGreaterThanOrEqual(0.015);
    expect(withinStd(l1)).toBeLessThanOrEqual(0.045);
    expect(betweenStd(l5)).toBeLessThan(1e-6);
    expect(meanCorrelation(l5)).toBeGreaterThan(0.9999);
  });

  it('the input-dependent part shrinks about 40× per layer (1/(σ′(0)·σ_w·√n) = 40)', async () => {
    const images = await hiddenImages('N(0, 0.01)');
    // L2→L3 and L3→L4 (measured 40–41×); by L5 the spread (1e-8) is below float32's resolution at 0.5 (6e-8).
    for (let layer = 2; layer < 4; layer++) {
      const shrink = betweenStd(images[layer - 1]) / betweenStd(images[layer]);
      expect(shrink).toBeGreaterThan(25);
      expect(shrink).toBeLessThan(60);
    }
  });

  it('N(0, 1): the units saturate instead, over half of L1 below 0.05 or above 0.95', async () => {
    const [l1] = await hiddenImages('N(0, 1)');
    const saturated = l1.filter((a) => a < 0.05 || a > 0.95).length / l1.length;
    expect(saturated).toBeGreaterThan(0.5);
  });
});
