import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../engine/data/dataset';
import { augmentedSecondMoment, conditionNumber, symmetricEigen } from '../../engine/data/linalg';
import { presetDocument, trainerOf } from './support';

/**
 * EXPERIMENTS.md E1 in the engine: the four e1-* presets fit one linear layer under the squared
 * error with full-batch gradient descent at each rung's best step 2/(λ_max + λ_min) of
 * H = E[ã ãᵀ]. Measured: κ 2818, 85.7, 18.1, 1.0 and 7102, 208, 44 and 1 steps to bring the
 * training loss within 1e-5 of its minimum (numpy on E1's regression target: κ 3227, 100.5,
 * 20.7, 1 and 11 582, 339, 70, 1 iterations to 1e-6).
 */
const LADDER = ['e1-raw', 'e1-centered', 'e1-standardized', 'e1-whitened'];
const TOLERANCE = 1e-5;

/** The least-squares minimum of (1/n) Σ ½‖W ã − onehot(label)‖², solved per output in float64. */
function minimumLoss(set: Dataset): number {
  const size = set.width + 1;
  const h = augmentedSecondMoment(set).values;
  let total = 0;
  for (let c = 0; c < set.classes; c++) {
    // Normal equations H x = E[ã t] by Gaussian elimination (H is 3×3 and well posed).
    const rows = Array.from({ length: size }, (_, i) => [...h.subarray(i * size, (i + 1) * size), 0]);
    let meanSquareTarget = 0;
    for (let r = 0; r < set.rows; r++) {
      if (set.labels[r] !== c) continue;
      meanSquareTarget += 1 / set.rows;
      for (let j = 0; j < set.width; j++) rows[j][size] += set.features[r * set.width + j] / set.rows;
      rows[set.width][size] += 1 / set.rows;
    }
    const right = rows.map((equation) => equation[size]);
    for (let i = 0; i < size; i++) {
      for (let k = i + 1; k < size; k++) {
        const factor = rows[k][i] / rows[i][i];
        for (let j = i; j <= size; j++) rows[k][j] -= factor * rows[i][j];
      }
    }
    const solution = new Array<number>(size).fill(0);
    for (let i = size - 1; i >= 0; i--) {
      let sum = rows[i][size];
      for (let j = i + 1; j < size; j++) sum -= rows[i][j] * solution[j];
      solution[i] = sum / rows[i][i];
    }
    // min ½E[(x·ã − t)²] = ½(E[t²] − E[t ã]·x).
    total += 0.5 * (meanSquareTarget - right.reduce((sum, value, i) => sum + value * solution[i], 0));
  }
  return total;
}

interface Rung {
  kappa: number;
  /** Gradient steps until the training loss is within TOLERANCE of its minimum. */
  steps: number;
}

async function climb(name: string): Promise<Rung> {
  const trainer = await trainerOf(presetDocument(name));
  const floor = minimumLoss(trainer.data.train);
  for (let step = 0; step < trainer.plan.training.steps; step++) {
    const result = trainer.step();
    if (result.kind === 'diverged') throw new Error(result.message);
    // The loss of step k is measured before its update: after k updates.
    if (result.loss - floor < TOLERANCE) return { kappa: conditionNumber(augmentedSecondMoment(trainer.data.train)), steps: step };
  }
  return { kappa: conditionNumber(augmentedSecondMoment(trainer.data.train)), steps: Infinity };
}

describe('E1. the conditioning ladder, trained by the engine', () => {
  it('κ falls raw → centred → standardised → whitened = 1, and gradient descent converges faster down the ladder, in one step when white', async () => {
    const rungs: Rung[] = [];
    for (const name of LADDER) rungs.push(await climb(name));
    const [raw, centred, standardized, white] = rungs;
    expect(raw.kappa).toBeGreaterThanOrEqual(2000);
    expect(raw.kappa).toBeLessThanOrEqual(4500);
    expect(centred.kappa).toBeGreaterThanOrEqual(60);
    expect(centred.kappa).toBeLessThanOrEqual(130);
    expect(standardized.kappa).toBeGreaterThanOrEqual(12);
    expect(standardized.kappa).toBeLessThanOrEqual(28);
    expect(Math.abs(white.kappa - 1)).toBeLessThan(1e-6);
    for (let k = 1; k < rungs.length; k++) expect(rungs[k].steps).toBeLessThan(rungs[k - 1].steps);
    // Converged within the preset's length, and in proportion to κ: about κ/2·ln(1/ε) steps.
    expect(raw.steps).toBeLessThan(10_000);
    expect(raw.steps / centred.steps).toBeGreaterThan(10);
    expect(white.steps).toBeLessThanOrEqual(3);
  });

  it("each preset's learning rate is its rung's best step 2/(λ_max + λ_min)", async () => {
    for (const name of LADDER) {
      const trainer = await trainerOf(presetDocument(name));
      const { values } = symmetricEigen(augmentedSecondMoment(trainer.data.train));
      expect(trainer.plan.training.learningRate).toBeCloseTo(2 / (values[0] + values[values.length - 1]), 5);
    }
  });
});
