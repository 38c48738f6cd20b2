import { describe, expect, it } from 'vitest';
import type { BatchNormLayer } from '../../engine/layers/batchnorm';
import type { Trainer } from '../../engine/train';
import { column, firstRows, forwardOutputs, presetDocument, quantile, train, trainerOf } from './support';

/**
 * EXPERIMENTS.md H (Ioffe & Szegedy 2015, Fig. 1b, c) over the preset's 2000 steps: the 15th,
 * 50th and 85th percentiles of the input to each sigmoid of the last hidden layer, from the
 * training-mode network on 1000 test images as in the paper. Measured (seeds 1–3), drift from
 * step 250 to 2000 averaged over the 100 units: |Δ median| 0.10–0.12 with BatchNorm and 0.45–0.46
 * without, |Δ log(p85 − p15)| 0.22–0.23 and 0.95–1.06 (numpy: 0.12–0.13 / 0.45–0.58 and
 * 0.20–0.21 / 0.86–1.08). Accuracy at 2000 steps 0.911–0.920 with and 0.915–0.920 without
 * (numpy 0.92–0.93 and 0.904–0.92): BatchNorm's lead is early (h-batchnorm.test.ts).
 */
const UNITS = 100;

/** Per unit of the last hidden layer: [p15, p50, p85] of its sigmoid's input. */
function percentiles(trainer: Trainer): [number, number, number][] {
  const probe = firstRows(trainer.data.test, 1000);
  // The training-mode pass normalises with the probe's own statistics; it must not move the running averages.
  const saved = trainer.layers.map((layer) => ('runningMean' in layer ? [(layer as BatchNormLayer).runningMean.slice(), (layer as BatchNormLayer).runningVariance.slice()] : null));
  const outputs = forwardOutputs(trainer, probe, 'train');
  trainer.layers.forEach((layer, i) => {
    const kept = saved[i];
    if (!kept) return;
    (layer as BatchNormLayer).runningMean.set(kept[0]);
    (layer as BatchNormLayer).runningVariance.set(kept[1]);
  });
  const sigmoidInput = outputs.get(trainer.plan.layers.find((layer) => layer.nodeId === 'act3')!.inputs[0])!;
  return Array.from({ length: UNITS }, (_, unit) => {
    const values = column(sigmoidInput, UNITS, unit);
    return [quantile(values, 0.15), quantile(values, 0.5), quantile(values, 0.85)];
  });
}

interface Drift {
  median: number;
  logSpread: number;
}

async function drift(variant: string): Promise<Drift> {
  const trainer = await trainerOf(presetDocument('h-batchnorm', variant));
  train(trainer, 250);
  const early = percentiles(trainer);
  train(trainer, trainer.plan.training.steps - 250);
  const late = percentiles(trainer);
  let median = 0;
  let logSpread = 0;
  for (let unit = 0; unit < UNITS; unit++) {
    median += Math.abs(late[unit][1] - early[unit][1]) / UNITS;
    logSpread += Math.abs(Math.log(late[unit][2] - late[unit][0]) - Math.log(early[unit][2] - early[unit][0])) / UNITS;
  }
  return { median, logSpread };
}

describe('H. batch normalization keeps the sigmoid inputs stable', () => {
  it('from step 250 to 2000 the median drifts at least 2× and the log-spread at least 3× more without BatchNorm', async () => {
    const withNorm = await drift('BatchNorm');
    const without = await drift('No BatchNorm');
    expect(without.median).toBeGreaterThanOrEqual(2 * withNorm.median);
    expect(without.logSpread).toBeGreaterThanOrEqual(3 * withNorm.logSpread);
  });
});
