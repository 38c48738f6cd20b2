import { DATASET_FIELDS, type DatasetKind } from '../../engine/document/datasets';
import type { DatasetSpec } from '../../engine/document/types';

// The dataset panel's form is the engine's own DATASET_FIELDS and PREPROCESSING_FIELDS, so it
// offers exactly the limits and defaults the compiler checks; these are the panel's choices.

/** Kinds the panel can switch to from defaults alone (a CSV needs its file: it comes through import). */
export const SELECTABLE_DATASET_KINDS: readonly DatasetKind[] = (Object.keys(DATASET_FIELDS) as DatasetKind[]).filter((kind) => kind !== 'csv');

/** A dataset of `kind` with every field at its default, keeping the current preprocessing. */
export function datasetWithDefaults(kind: DatasetKind, current: DatasetSpec): DatasetSpec {
  const values: Record<string, unknown> = {};
  for (const field of DATASET_FIELDS[kind]) values[field.name] = field.default;
  const preprocessing = current.preprocessing === undefined ? {} : { preprocessing: current.preprocessing, preprocessingEpsilon: current.preprocessingEpsilon };
  return { kind, ...values, ...preprocessing } as DatasetSpec;
}
