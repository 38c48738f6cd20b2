import type { BatchNormLayer } from '../layers/batchnorm';
import type { Parameter } from '../layers/layer';
import type { FrameStats, RunInstruments } from '../protocol';
import { collectNodeStats, createStatsScratch, type InstrumentOptions, type NodeSnapshot } from '../stats/collect';
import { snapshotWeights } from '../stats/gradients';
import type { StepResult, Trainer } from '../train';

/** A trainer whose steps can be measured. */
export interface MeasuredTrainer {
  /**
   * One training step. With `measure`, every Dense weight is copied first (W before the step
   * gives the update-to-weight ratio) and, if the step succeeds, every node is measured from
   * the step's tensors. Measuring only reads the trainer's buffers: the run stays bit-identical.
   */
  step(measure: boolean): { result: StepResult; stats: FrameStats | null };
}

interface MeasuredNode {
  nodeId: string;
  kind: string;
  fn?: string;
  weight: { parameter: Parameter; before: Float32Array } | null;
  batchNorm: BatchNormLayer | null;
}

export function measureTrainer(trainer: Trainer, instruments: RunInstruments): MeasuredTrainer {
  const { plan } = trainer;
  const options: InstrumentOptions = {
    histogramBins: instruments.histogramBins,
    percentiles: instruments.percentiles,
    weightHistograms: instruments.weightHistograms,
  };
  const scratch = createStatsScratch();
  const nodes: MeasuredNode[] = [
    { nodeId: plan.inputNodeId, kind: 'input', weight: null, batchNorm: null },
    ...plan.layers.map((layer, index): MeasuredNode => {
      const parameter = trainer.layers[index].parameters.find((candidate) => candidate.name === 'weight');
      return {
        nodeId: layer.nodeId,
        kind: layer.kind,
        fn: layer.kind === 'activation' ? layer.fn : undefined,
        weight: layer.kind === 'dense' && parameter ? { parameter, before: new Float32Array(parameter.rows * parameter.columns) } : null,
        batchNorm: layer.kind === 'batchnorm' ? (trainer.layers[index] as BatchNormLayer) : null,
      };
    }),
  ];

  const snapshot = (node: MeasuredNode): { rows: number; node: NodeSnapshot } => {
    const tensors = trainer.tensors(node.nodeId);
    if (!tensors) throw new Error(`The trainer has no tensors for node '${node.nodeId}'.`);
    const { weight, batchNorm } = node;
    return {
      rows: tensors.rows,
      node: {
        nodeId: node.nodeId,
        kind: node.kind,
        fn: node.fn,
        width: tensors.width,
        output: tensors.output,
        outputGradient: tensors.outputGradient,
        preActivation: node.kind === 'activation' ? tensors.inputs[0] : undefined,
        weight: weight
          ? { value: weight.parameter.value, grad: weight.parameter.grad, rows: weight.parameter.rows, columns: weight.parameter.columns, before: weight.before }
          : undefined,
        batchNorm: batchNorm
          ? {
              batchMean: batchNorm.batchMean,
              batchVariance: batchNorm.batchVariance,
              runningMean: batchNorm.runningMean,
              runningVariance: batchNorm.runningVariance,
              gamma: batchNorm.gamma,
              beta: batchNorm.beta,
            }
          : undefined,
      },
    };
  };

  return {
    step(measure) {
      if (measure) {
        for (const { weight } of nodes) if (weight) snapshotWeights(weight.parameter.value, weight.before.length, weight.before);
      }
      const result = trainer.step();
      if (!measure || result.kind !== 'step') return { result, stats: null };
      const snapshots = nodes.map(snapshot);
      const stats = collectNodeStats({ rows: snapshots[0].rows, nodes: snapshots.map((entry) => entry.node) }, options, scratch);
      return { result, stats: { step: result.step, nodes: stats } };
    },
  };
}
