/**
 * The `.netoscope` document: what the user edits and saves. Everything a run needs is here;
 * the compiler turns it into a frozen {@link CompiledPlan} when training starts.
 */

export const DOCUMENT_FORMAT = 'netoscope';
export const DOCUMENT_VERSION = 1;

export type NodeKind = 'input' | 'dense' | 'activation' | 'dropout' | 'batchnorm' | 'add' | 'concat' | 'output';

export type ActivationKind = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'elu' | 'softplus' | 'identity';

/** How Dropout keeps the expected output: see engine/layers/dropout.ts. */
export type DropoutMode = 'inverted' | 'classic';

/** The Output node's loss: see engine/losses/. */
export type LossKind = 'softmax-cross-entropy' | 'mse' | 'sigmoid-binary-cross-entropy';

export type OptimizerKind = 'sgd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam';

export type ScheduleKind = 'constant' | 'step' | 'exponential' | 'cosine';

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

/**
 * The settings of a run, flat so that the inspector edits each as one field. The optional ones
 * came after version 1's first release: a document without them trains with the defaults in
 * engine/document/settings.ts (the compiler fills them in). Each is read only where its
 * optimizer or schedule uses it.
 */
export interface TrainingSettings {
  optimizer: OptimizerKind;
  /** The base learning rate η₀. */
  learningRate: number;
  /** Momentum and Nesterov: the velocity's decay μ. */
  momentum?: number;
  /** RMSProp: the decay α of the squared-gradient average. */
  rmsAlpha?: number;
  /** Adam: the decays β₁ and β₂ of the moment estimates. */
  beta1?: number;
  beta2?: number;
  /** RMSProp and Adam: ε in the denominator. */
  epsilon?: number;
  schedule?: ScheduleKind;
  /** Step schedule: multiply the rate by `scheduleFactor` every `scheduleEvery` steps. */
  scheduleEvery?: number;
  scheduleFactor?: number;
  /** Exponential schedule: η = η₀ · decayᵗ. */
  scheduleDecay?: number;
  /** Cosine schedule: the final rate as a fraction of η₀. */
  scheduleMinFactor?: number;
  /** Penalty strengths λ₁ (Σ|w|) and λ₂ (½Σw²) on the Dense weights. */
  l1?: number;
  l2?: number;
  /** Clip the gradient's global L2 norm to this value; 0 turns clipping off. */
  clipNorm?: number;
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
