import type { CompiledPlan, PlanLayer } from '../document/plan';
import type { BatchNormLayer } from '../layers/batchnorm';
import type { Trainer } from '../train';

/**
 * A trained network's numbers, taken out of a trainer (in the worker or the CLI) to be written
 * beside the exported scripts: per node, its parameters and BatchNorm's running statistics.
 * Dense weights are [units × inputs] row-major, nn.Linear's layout, so they are written as they are.
 */
export type TrainedTensorName = 'weight' | 'bias' | 'gamma' | 'beta' | 'runningMean' | 'runningVariance';

export interface TrainedParameters {
  /** Steps the run had taken. */
  step: number;
  nodes: { nodeId: string; tensors: { name: TrainedTensorName; values: Float32Array }[] }[];
}

/** A copy of every parameter and running statistic of `trainer` (its own buffers, safe to transfer). */
export function trainedParameters(trainer: Pick<Trainer, 'plan' | 'layers' | 'stepCount'>): TrainedParameters {
  const nodes = trainer.plan.layers.flatMap((spec, i) => {
    const layer = trainer.layers[i];
    const tensors = layer.parameters.map((parameter) => ({ name: parameter.name as TrainedTensorName, values: parameter.value.slice() }));
    if (spec.kind === 'batchnorm') {
      const { runningMean, runningVariance } = layer as BatchNormLayer;
      tensors.push({ name: 'runningMean', values: runningMean.slice() }, { name: 'runningVariance', values: runningVariance.slice() });
    }
    return tensors.length > 0 ? [{ nodeId: spec.nodeId, tensors }] : [];
  });
  return { step: trainer.stepCount, nodes };
}

/** The buffers of `parameters`, for a postMessage transfer list. */
export function parametersTransferables(parameters: TrainedParameters): ArrayBuffer[] {
  return parameters.nodes.flatMap((node) => node.tensors.map((tensor) => tensor.values.buffer as ArrayBuffer));
}

/** A tensor of a state_dict: its key, shape and float32 values in row-major order. */
export interface NamedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Where each tensor of a layer goes in the PyTorch module: the state_dict key suffix and the shape. */
function stateDictEntries(layer: PlanLayer): { from: TrainedTensorName; key: string; shape: number[] }[] {
  switch (layer.kind) {
    case 'dense':
      return [
        { from: 'weight', key: 'weight', shape: [layer.units, layer.inWidth] },
        ...(layer.bias ? [{ from: 'bias' as const, key: 'bias', shape: [layer.units] }] : []),
      ];
    case 'batchnorm':
      return [
        ...(layer.affine
          ? [
              { from: 'gamma' as const, key: 'weight', shape: [layer.outWidth] },
              { from: 'beta' as const, key: 'bias', shape: [layer.outWidth] },
            ]
          : []),
        { from: 'runningMean', key: 'running_mean', shape: [layer.outWidth] },
        { from: 'runningVariance', key: 'running_var', shape: [layer.outWidth] },
      ];
    default:
      return [];
  }
}

/**
 * The state_dict of the exported module (attribute names by node id in `names`) filled from
 * `trained`. Throws, naming the node, when the numbers are not those of this plan's network (a
 * run of an earlier version of the document).
 */
export function stateDictOf(plan: CompiledPlan, names: ReadonlyMap<string, string>, trained: TrainedParameters): NamedTensor[] {
  const byNode = new Map(trained.nodes.map((node) => [node.nodeId, node]));
  const fail = (nodeId: string, what: string): never => {
    throw new WeightsMismatch(nodeId, `The trained weights do not fit node '${nodeId}': ${what}. Train the current network again, or export without weights.`);
  };
  const known = new Set(plan.layers.map((layer) => layer.nodeId));
  const stray = trained.nodes.find((node) => !known.has(node.nodeId));
  if (stray) fail(stray.nodeId, 'the network has no such layer any more');
  return plan.layers.flatMap((layer) => {
    const entries = stateDictEntries(layer);
    if (entries.length === 0) return [];
    const node = byNode.get(layer.nodeId) ?? fail(layer.nodeId, 'the run trained no such layer');
    if (node.tensors.length !== entries.length) fail(layer.nodeId, `it has ${entries.length} trained tensors, the run ${node.tensors.length}`);
    return entries.map(({ from, key, shape }) => {
      const tensor = node.tensors.find((candidate) => candidate.name === from) ?? fail(layer.nodeId, `the run has no ${from}`);
      const size = shape.reduce((product, length) => product * length, 1);
      if (tensor.values.length !== size) fail(layer.nodeId, `its ${from} holds ${size} numbers, the run's ${tensor.values.length}`);
      return { name: `${names.get(layer.nodeId)}.${key}`, shape, values: tensor.values };
    });
  });
}

/** The trained numbers belong to another network than the one exported; `nodeId` is where they first differ. */
export class WeightsMismatch extends Error {
  constructor(
    readonly nodeId: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Tensors as an index (JSON: each tensor's name, shape and byte offset) and one raw float32
 * little-endian file, which PyTorch reads with torch.frombuffer and nothing else. `meta` adds
 * fields to the index (the document, the step).
 */
export function encodeTensors(tensors: readonly NamedTensor[], dataFileName: string, meta: Record<string, unknown> = {}): { index: string; data: Uint8Array } {
  const total = tensors.reduce((sum, tensor) => sum + tensor.values.length, 0);
  const data = new Uint8Array(total * 4);
  const view = new DataView(data.buffer);
  let offset = 0;
  const entries = tensors.map(({ name, shape, values }) => {
    const entry = { name, shape, offset };
    for (let i = 0; i < values.length; i++) view.setFloat32(offset + 4 * i, values[i], true);
    offset += 4 * values.length;
    return entry;
  });
  // One line per field and per tensor: readable, and short for a network of many layers.
  const fields = Object.entries({ format: 'netoscope-tensors', version: 1, ...meta, data: dataFileName, dtype: 'float32', byteOrder: 'little' });
  const lines = [
    '{',
    ...fields.map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`),
    '  "tensors": [',
    ...entries.map(({ name, shape, offset: start }, i) => `    {"name": ${JSON.stringify(name)}, "shape": [${shape.join(', ')}], "offset": ${start}}${i < entries.length - 1 ? ',' : ''}`),
    '  ]',
    '}',
  ];
  return { index: `${lines.join('\n')}\n`, data };
}
