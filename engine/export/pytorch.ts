import { compile } from '../document/compile';
import type { CompiledPlan, CompileError } from '../document/plan';
import type { NetDocument } from '../document/types';
import { exportedData, type ExportedData } from './data';
import { modelPy } from './model-py';
import { uniqueIdentifiers } from './python';
import { trainPy } from './train-py';
import { encodeTensors, stateDictOf, WeightsMismatch, type TrainedParameters } from './weights';

/**
 * Export to PyTorch (docs/EXPORT.md): a document becomes model.py (the network as an
 * nn.Module), train.py (its data, loss and training settings) and, for data PyTorch cannot
 * regenerate, train.csv and test.csv; with trained parameters also weights.json and weights.bin,
 * which model.py's load_weights reads with torch alone. Pure string and byte generation: the
 * CLI writes the files, the app downloads or saves them.
 */

export interface ExportFile {
  name: string;
  data: string | Uint8Array;
}

/** Why a document cannot be exported; `nodeId` or `field` says where, as compile errors do. */
export type ExportProblem = CompileError;

export type PyTorchExport = { ok: true; plan: CompiledPlan; files: ExportFile[] } | { ok: false; problems: ExportProblem[] };

export interface PyTorchExportOptions {
  /** The numbers of a trained run of this document's network (trainedParameters), or none. */
  weights?: TrainedParameters | null;
}

export const WEIGHTS_INDEX = 'weights.json';
export const WEIGHTS_DATA = 'weights.bin';

export function exportToPyTorch(doc: NetDocument, options: PyTorchExportOptions = {}): PyTorchExport {
  const compiled = compile(doc);
  if (!compiled.ok) return { ok: false, problems: compiled.errors };
  const { plan } = compiled;
  if (plan.lossInput === plan.inputNodeId) {
    return { ok: false, problems: [{ nodeId: plan.outputNodeId, message: 'The Output reads the Input directly: there is no layer to export.' }] };
  }
  const data = exportedData(plan.dataset, plan.training.seed);
  const oneRowBatch = oneRowBatchNorm(plan, data);
  if (oneRowBatch) return { ok: false, problems: [oneRowBatch] };

  const names = pythonNames(doc, plan);
  const weights = options.weights ?? null;
  let weightFiles: ExportFile[] = [];
  if (weights) {
    try {
      const { index, data: bytes } = encodeTensors(stateDictOf(plan, names, weights), WEIGHTS_DATA, { document: doc.name, step: weights.step });
      weightFiles = [
        { name: WEIGHTS_INDEX, data: index },
        { name: WEIGHTS_DATA, data: bytes },
      ];
    } catch (error) {
      if (error instanceof WeightsMismatch) return { ok: false, problems: [{ nodeId: error.nodeId, message: error.message }] };
      throw error;
    }
  }

  const withWeights = weights !== null;
  const files: ExportFile[] = [
    { name: 'model.py', data: modelPy({ plan, names, title: doc.name, description: doc.description, withWeights }) },
    { name: 'train.py', data: trainPy({ plan, title: doc.name, data, withWeights }) },
    ...(data.kind === 'files' ? data.files.map((file) => ({ name: file.name, data: file.text })) : []),
    ...weightFiles,
  ];
  return { ok: true, plan, files };
}

/**
 * The Python name of each layer: its label, else its id, else its kind, as a snake_case
 * identifier, made unique in plan order.
 */
export function pythonNames(doc: NetDocument, plan: CompiledPlan): Map<string, string> {
  const nodes = new Map(doc.graph.nodes.map((node) => [node.id, node]));
  const candidates = plan.layers.map((layer) => [nodes.get(layer.nodeId)?.label ?? '', layer.nodeId, layer.kind]);
  const identifiers = uniqueIdentifiers(candidates);
  return new Map(plan.layers.map((layer, i) => [layer.nodeId, identifiers[i]]));
}

/**
 * PyTorch's BatchNorm1d refuses a training batch of one row, which Netoscope normalises to 0:
 * an epoch whose last batch has one row cannot train the same way.
 */
function oneRowBatchNorm(plan: CompiledPlan, data: ExportedData): ExportProblem | null {
  const batchNorm = plan.layers.find((layer) => layer.kind === 'batchnorm');
  const { batchSize, sampling } = plan.training;
  const epochOrder = sampling.kind === 'shuffled' || sampling.kind === 'sequential' || sampling.kind === 'class-sorted';
  const rows = data.kind === 'mnist' ? data.spec.trainSize : data.trainRows;
  if (!batchNorm || !epochOrder || rows <= batchSize || rows % batchSize !== 1) return null;
  return {
    nodeId: batchNorm.nodeId,
    message: `Every epoch ends with a batch of one row (${rows} training rows, batches of ${batchSize}), which PyTorch's BatchNorm1d refuses to normalise; choose another batch size.`,
  };
}
