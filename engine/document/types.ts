/**
 * The `.netoscope` document: what the user edits and saves. Everything a run needs is here;
 * the compiler turns it into a frozen {@link CompiledPlan} when training starts.
 */

export const DOCUMENT_FORMAT = 'netoscope';
export const DOCUMENT_VERSION = 1;

export type NodeKind = 'input' | 'dense' | 'activation' | 'output';

export type ActivationKind = 'sigmoid' | 'tanh' | 'relu';

/** Parameter values are plain JSON scalars so a document round-trips through JSON unchanged. */
export type ParamValue = number | string | boolean;

export interface GraphNode {
  id: string;
  kind: NodeKind;
  params: Record<string, ParamValue>;
  position: { x: number; y: number };
  label?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface SpiralsDataset {
  kind: 'spirals';
  /** Points per class. */
  pointsPerClass: number;
  /** Standard deviation of the Gaussian jitter added to each point. */
  noise: number;
  /** Fraction of the points held out for testing. */
  testFraction: number;
}

export type DatasetSpec = SpiralsDataset;

export interface TrainingSettings {
  optimizer: 'sgd';
  learningRate: number;
  batchSize: number;
  /** Total optimisation steps of a run. */
  steps: number;
  /** Seeds everything random: initial weights, data generation and batch order. */
  seed: number;
  /** Reshuffle the training set at each epoch. */
  shuffle: boolean;
  /** How many steps between two stat frames. */
  reportEvery: number;
}

export interface NetDocument {
  format: typeof DOCUMENT_FORMAT;
  version: typeof DOCUMENT_VERSION;
  name: string;
  graph: Graph;
  dataset: DatasetSpec;
  training: TrainingSettings;
}
