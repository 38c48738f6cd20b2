import type { DatasetSpec } from '../document/types';
import { assertNever } from '../protocol';
import { SPIRALS_SHAPE, spirals } from './spirals';

/** A labelled classification set: `features` is [rows × width], row-major; labels are in [0, classes). */
export interface Dataset {
  features: Float32Array;
  labels: Int32Array;
  rows: number;
  width: number;
  classes: number;
}

export interface DatasetSplit {
  train: Dataset;
  test: Dataset;
}

/** What the compiler needs to know about a dataset without generating it. */
export interface DatasetShape {
  /** Shown in messages, e.g. "Two spirals". */
  title: string;
  width: number;
  classes: number;
}

export function datasetShape(spec: DatasetSpec): DatasetShape {
  switch (spec.kind) {
    case 'spirals':
      return SPIRALS_SHAPE;
    default:
      return assertNever(spec.kind);
  }
}

/** Generates the dataset of a spec; the same spec and seed give the same rows. */
export function createDataset(spec: DatasetSpec, seed: number): DatasetSplit {
  switch (spec.kind) {
    case 'spirals':
      return spirals(spec, seed);
    default:
      return assertNever(spec.kind);
  }
}
