import { exportToPyTorch, type ExportFile } from '../../engine/export/pytorch';
import type { TrainedParameters } from '../../engine/export/weights';
import type { NetDocument } from '../../engine/document/types';
import type { CompileError } from '../../engine/document/plan';
import { suggestedFileName } from './file';

/** Whether an export carries weights: the last run's, none because no run trained, or none because that run trained another network. */
export type ExportedWeights = { kind: 'trained'; step: number } | { kind: 'untrained' } | { kind: 'stale' };

export type PyTorchFiles = { ok: true; folderName: string; files: ExportFile[]; weights: ExportedWeights } | { ok: false; problems: CompileError[] };

/**
 * The files of the document's PyTorch export, with `weights` when they are the current
 * network's. Weights of a run of an earlier version of the network (the user edited it since)
 * are left out, and the result says so, rather than refusing the export.
 */
export function pyTorchFiles(document: NetDocument, weights: TrainedParameters | null): PyTorchFiles {
  const folderName = `${suggestedFileName(document).replace(/\.netoscope$/, '')} (PyTorch)`;
  if (weights) {
    const trained = exportToPyTorch(document, { weights });
    if (trained.ok) return { ok: true, folderName, files: trained.files, weights: { kind: 'trained', step: weights.step } };
  }
  const plain = exportToPyTorch(document);
  if (!plain.ok) return { ok: false, problems: plain.problems };
  return { ok: true, folderName, files: plain.files, weights: weights ? { kind: 'stale' } : { kind: 'untrained' } };
}
