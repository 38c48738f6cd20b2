import type { CompiledPlan } from '../../engine/document/plan';
import type { NetDocument } from '../../engine/document/types';
import type { FrameStats, RunInstruments, StatFrame } from '../../engine/protocol';
import { resolveInstruments } from '../../engine/run/instruments';
import type { NodeStats } from '../../engine/stats/collect';
import { createTrainer } from '../../engine/train';
import { measureTrainer } from '../../engine/worker/measure';
import { planOf } from '../engine/run-support';

export { planOf };

export const INSTRUMENTS: RunInstruments = resolveInstruments({ every: 5, histogramBins: 10 });

/**
 * Frames as a worker would send them in lockstep: one per measured step (every
 * `instruments.every` steps), each with the metric points since the last and that step's stats.
 */
export function trainedFrames(plan: CompiledPlan, measurements: number, instruments: RunInstruments = INSTRUMENTS, runId = 'run-1'): StatFrame[] {
  const trainer = createTrainer(plan);
  const measured = measureTrainer(trainer, instruments);
  const frames: StatFrame[] = [];
  for (let frame = 0; frame < measurements; frame += 1) {
    const steps: number[] = [];
    const losses: number[] = [];
    const accuracies: number[] = [];
    let stats: FrameStats | null = null;
    for (let step = 0; step < instruments.every; step += 1) {
      const last = step === instruments.every - 1;
      const { result, stats: measuredStats } = measured.step(last);
      if (result.kind !== 'step') throw new Error(`Diverged: ${result.message}`);
      steps.push(result.step);
      losses.push(result.loss);
      accuracies.push(result.correct / result.rows);
      stats = measuredStats;
    }
    const test = trainer.evaluate(trainer.data.test);
    frames.push({
      type: 'frame',
      runId,
      seq: frame + 1,
      step: trainer.stepCount,
      epoch: trainer.epoch,
      steps: Float64Array.from(steps),
      loss: Float32Array.from(losses),
      accuracy: Float32Array.from(accuracies),
      test: { loss: test.loss, accuracy: test.accuracy },
      stats: stats ? [stats] : [],
    });
  }
  return frames;
}

/** A node's stats with chosen numbers: everything else zero or absent. */
export function nodeStats(nodeId: string, values: { mean?: number; std?: number; rms?: number; percentiles?: number[]; gradient?: number; weight?: { std: number; gradient: number; updateRatio: number } }): NodeStats {
  const summary = { mean: values.mean ?? 0, std: values.std ?? 0, min: -1, max: 1, meanAbs: 0, rms: values.rms ?? 0 };
  return {
    nodeId,
    output: summary,
    percentileSource: 'output',
    percentiles: Float64Array.from(values.percentiles ?? [-1, -0.5, 0, 0.5, 1]),
    unitPercentiles: null,
    histogram: { lo: -1, hi: 1, counts: Uint32Array.from([1, 2, 3, 4]), below: 1, above: 0, nan: 0 },
    saturatedFraction: null,
    deadFraction: null,
    zeroFraction: null,
    outputGradient: values.gradient === undefined ? null : { meanAbs: values.gradient, rms: values.gradient },
    weight: values.weight
      ? { value: { ...summary, std: values.weight.std }, gradient: { meanAbs: values.weight.gradient, rms: values.weight.gradient }, histogram: null, updateRatio: values.weight.updateRatio }
      : null,
    batchNorm: null,
  };
}

/** A frame carrying only stats (no metric points) measured at `step`. */
export function statsFrame(step: number, nodes: NodeStats[], runId = 'run-1'): StatFrame {
  return {
    type: 'frame',
    runId,
    seq: step,
    step,
    epoch: 0,
    steps: new Float64Array(0),
    loss: new Float32Array(0),
    accuracy: new Float32Array(0),
    test: { loss: 1, accuracy: 0.5 },
    stats: [{ step, nodes }],
  };
}

/** The default network with its activations set to `fn`. */
export function withActivation(fn: string): (doc: NetDocument) => void {
  return (doc) => {
    for (const node of doc.graph.nodes) if (node.kind === 'activation') node.params.fn = fn;
  };
}
