import { defaultParams } from '../../engine/document/nodes';
import {
  DOCUMENT_FORMAT,
  DOCUMENT_VERSION,
  type ActivationKind,
  type DatasetSpec,
  type DisplayKind,
  type GraphEdge,
  type GraphNode,
  type InstrumentSettings,
  type NetDocument,
  type NodeKind,
  type ParamValue,
  type TrainingSettings,
  type Variant,
} from '../../engine/document/types';
import { createDataset } from '../../engine/data/dataset';
import { augmentedSecondMoment, symmetricEigen } from '../../engine/data/linalg';
import { createRandom } from '../../engine/random';

/**
 * The lecture's experiments (../shared/lecture/EXPERIMENTS.md, A–J) as documents: the source of
 * presets/*.netoscope. `presets.test.ts` checks every file against this and rewrites them under
 * `vitest -u`, so a preset is changed here, not by hand.
 */

/** A preset always carries the explanation the app shows and the views to open. */
export type PresetDocument = NetDocument & Required<Pick<NetDocument, 'description' | 'display'>>;

interface HiddenLayer {
  units: number;
  /** Absent: no activation node (a linear layer). */
  fn?: ActivationKind;
  init: Record<string, ParamValue>;
  /** BatchNorm between the Dense and its activation; the Dense then has no bias. */
  batchNorm?: boolean;
  /** Drop probability of a Dropout after the activation. */
  dropout?: number;
}

interface Net {
  hidden: HiddenLayer[];
  /** Units of the last Dense layer ('logits'): the classes, or the input width when reconstructing. */
  classes: number;
  outputInit: Record<string, ParamValue>;
  loss?: string;
  /** The Output's target: absent for the labels, 'input' for an autoencoder. */
  target?: 'input';
}

/** Nodes laid out left to right, wrapping every NODES_PER_ROW into a new row, so deep nets stay readable. */
const NODES_PER_ROW = 12;
const COLUMN = 190;
const ROW = 170;

/** Input → [Dense → BatchNorm? → Activation → Dropout?]… → Dense (logits) → Output, ids dense1, bn1, act1, drop1, …, logits, output. */
function chain(net: Net): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const kinds: { id: string; kind: NodeKind; params: Record<string, ParamValue> }[] = [{ id: 'input', kind: 'input', params: {} }];
  net.hidden.forEach((layer, i) => {
    const n = i + 1;
    kinds.push({ id: `dense${n}`, kind: 'dense', params: { units: layer.units, ...layer.init, ...(layer.batchNorm ? { bias: false } : {}) } });
    if (layer.batchNorm) kinds.push({ id: `bn${n}`, kind: 'batchnorm', params: {} });
    if (layer.fn) kinds.push({ id: `act${n}`, kind: 'activation', params: { fn: layer.fn } });
    if (layer.dropout !== undefined) kinds.push({ id: `drop${n}`, kind: 'dropout', params: { rate: layer.dropout } });
  });
  kinds.push({ id: 'logits', kind: 'dense', params: { units: net.classes, ...net.outputInit } });
  kinds.push({ id: 'output', kind: 'output', params: { ...(net.loss ? { loss: net.loss } : {}), ...(net.target ? { target: net.target } : {}) } });
  const nodes = kinds.map(({ id, kind, params }, index) => ({
    id,
    kind,
    params: { ...defaultParams(kind), ...params },
    position: { x: (index % NODES_PER_ROW) * COLUMN, y: Math.floor(index / NODES_PER_ROW) * ROW },
  }));
  const edges = nodes.slice(1).map((target, i) => ({ id: `e-${nodes[i].id}-${target.id}`, source: nodes[i].id, target: target.id }));
  return { nodes, edges };
}

const TRAINING: TrainingSettings = {
  optimizer: 'sgd',
  learningRate: 0.1,
  schedule: 'constant',
  l1: 0,
  l2: 0,
  clipNorm: 0,
  batchSize: 32,
  steps: 1000,
  seed: 1,
  shuffle: true,
  reportEvery: 10,
};

interface PresetParts {
  name: string;
  description: string;
  display: DisplayKind[];
  net: Net;
  dataset: DatasetSpec;
  training: Partial<TrainingSettings>;
  instruments?: InstrumentSettings;
  variants?: Variant[];
}

function preset(parts: PresetParts): PresetDocument {
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: parts.name,
    description: parts.description,
    display: parts.display,
    graph: chain(parts.net),
    dataset: parts.dataset,
    training: { ...TRAINING, ...parts.training },
    ...(parts.instruments ? { instruments: parts.instruments } : {}),
    ...(parts.variants ? { variants: parts.variants } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Initializers. Every one but pytorch-default starts the biases at 0, as EXPERIMENTS.md assumes.

const uniform = (bound: number): Record<string, ParamValue> => ({ init: 'uniform', initLow: -bound, initHigh: bound });
const normal = (std: number): Record<string, ParamValue> => ({ init: 'normal', initMean: 0, initStd: std });
/** Glorot's "standard" U(±1/√fan_in), with zero biases (PyTorch's default would draw them too). */
const standard = (fanIn: number): Record<string, ParamValue> => uniform(round(1 / Math.sqrt(fanIn)));
const XAVIER: Record<string, ParamValue> = { init: 'xavier-uniform' };
/** He et al.'s "Xavier", N(0, 1/fan_in). */
const LECUN: Record<string, ParamValue> = { init: 'lecun-normal' };
const HE: Record<string, ParamValue> = { init: 'he-normal', initFan: 'in' };
const ZEROS: Record<string, ParamValue> = { init: 'zeros' };

/** Six significant digits keep the files readable. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}

function repeat(count: number, layer: HiddenLayer): HiddenLayer[] {
  return Array.from({ length: count }, () => ({ ...layer }));
}

const ids = (prefix: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

// ---------------------------------------------------------------------------------------------
// Datasets

/** EXPERIMENTS.md A's training version: 2000 training and 1000 test letters. */
const LETTERS: DatasetSpec = { kind: 'letters', trainSize: 2000, testSize: 1000 };
const mnist = (trainSize: number, testSize: number, downsample = false): DatasetSpec => ({ kind: 'mnist', trainSize, testSize, downsample });

// ---------------------------------------------------------------------------------------------
// A–C: the 841-100×5-26 sigmoid net on letters.

const PARALYSIS_NET = (init: Record<string, ParamValue>): Net => ({ hidden: repeat(5, { units: 100, fn: 'sigmoid', init }), classes: 26, outputInit: init });

const PARALYSIS_TRAINING: Partial<TrainingSettings> = { learningRate: 0.5, batchSize: 32, steps: 630, reportEvery: 7 };

const paralysis = preset({
  name: 'A. Network paralysis',
  description:
    'The lecture\'s "network paralysis": 29×29 letters (841 inputs), five hidden layers of 100 sigmoid units, 26 outputs, weights U(−0.1, 0.1). ' +
    'Watch the gradient magnitude per layer: each sigmoid layer multiplies the back-propagated signal by at most σ′ ≤ 1/4 times the weights, ' +
    'so the mean |∂L/∂W| falls by about 7× per layer, from about 1e-2 at the output to about 1e-7 in the first layer (the lecture measured 6.2e-8 … 0.015). ' +
    'Trained for 10 epochs, the deep net stays at chance (1/26 ≈ 0.04) while the "Shallow" variant, one hidden layer with the same initialisation, learns to about 0.75.',
  display: ['gradient-magnitude', 'loss', 'activation-histograms'],
  net: PARALYSIS_NET(uniform(0.1)),
  dataset: LETTERS,
  training: PARALYSIS_TRAINING,
  instruments: { every: 7 },
  variants: [
    { name: 'Deep (5 × 100)', patches: [] },
    { name: 'Shallow (1 × 100)', patches: [{ op: 'remove-nodes', nodes: { ids: [...ids('dense', 2, 5), ...ids('act', 2, 5)] } }] },
  ],
});

const gainBound = preset({
  name: 'B. The σ′ ≤ 1/4 bound',
  description:
    'Backpropagation through a sigmoid layer: δ_l = σ′(z_l) ⊙ (W_{l+1}ᵀ δ_{l+1}) and σ′ ≤ 1/4, so ‖δ_l‖ ≤ ¼‖W_{l+1}‖₂‖δ_{l+1}‖ for every example. ' +
    'For small weights the typical gain per layer is σ_w√n/4 (0.14 with U(±0.1), 0.025 with N(0, 0.01)): the gradient vanishes. ' +
    'The argument needs σ_w√n < 4: with N(0, 1) weights the gradient does not vanish (the product of the five gains stays near 1), but the sigmoids saturate instead. ' +
    'Compare the variants\' gradient magnitudes and saturation.',
  display: ['gradient-magnitude', 'saturation', 'activation-histograms'],
  net: PARALYSIS_NET(uniform(0.1)),
  dataset: LETTERS,
  training: PARALYSIS_TRAINING,
  instruments: { every: 7 },
  variants: [
    { name: 'U(±0.1)', patches: [] },
    { name: 'N(0, 0.01)', patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: normal(0.01) }] },
    { name: 'N(0, 1)', patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: normal(1) }] },
  ],
});

const flatGrey = preset({
  name: 'C. N(0, 0.01): the signal is gone',
  description:
    'The same letter net with weights N(0, 0.01) (standard deviation 0.01). Each first-layer unit sums 841 pixels times tiny weights, so its input is near 0 and its output near σ(0) = 0.5: ' +
    'the image of a letter in the first hidden layer is a flat grey of 0.5 ± 0.03. The input-dependent part shrinks about 40× per layer, so from the second layer on every letter maps to the same image. ' +
    'Compare with the "N(0, 0.1)" variant (variance 0.01) and N(0, 1), where the units saturate to black and white.',
  display: ['layer-image', 'activation-histograms', 'activation-summary'],
  net: PARALYSIS_NET(normal(0.01)),
  dataset: LETTERS,
  training: PARALYSIS_TRAINING,
  instruments: { every: 7 },
  variants: [
    { name: 'N(0, 0.01)', patches: [] },
    { name: 'N(0, 0.1)', patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: normal(0.1) }] },
    { name: 'N(0, 1)', patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: normal(1) }] },
  ],
});

// ---------------------------------------------------------------------------------------------
// D: Glorot & Bengio's saturation of the top sigmoid layer.

const saturation = preset({
  name: 'D. Top sigmoid layer saturates',
  description:
    'Glorot & Bengio (2010), Fig. 2: MNIST, four hidden layers of 100 sigmoid units, the "standard" initialisation U(±1/√fan_in) with zero biases, SGD with batch 10. ' +
    'Within a few hundred updates the mean activation of the top hidden layer sinks from 0.5 towards 0 while the lower layers stay between 0.5 and 0.75: ' +
    'the output learns to rely on its biases, and the saturated top layer then passes almost no gradient, so the test accuracy stays near chance for a long time.',
  display: ['activation-summary', 'activation-histograms', 'loss'],
  net: {
    hidden: [784, 100, 100, 100].map((fanIn) => ({ units: 100, fn: 'sigmoid' as const, init: standard(fanIn) })),
    classes: 10,
    outputInit: standard(100),
  },
  dataset: mnist(10_000, 2000),
  training: { learningRate: 0.5, batchSize: 10, steps: 1000, reportEvery: 10 },
  instruments: { every: 50 },
});

// ---------------------------------------------------------------------------------------------
// E: Efficient BackProp.

/**
 * E1's data as a CSV the document carries: N = 1000 points x ~ N((3, 3), Σ) with standard
 * deviations (2, 0.5) and correlation 0.9; class 1 when x·(1, −2) + 0.5 + 0.1ε lies above its
 * mean −2.5 (EXPERIMENTS.md E1's linear target, thresholded). Drawn once here from a fixed
 * stream, so the text is part of the preset.
 */
function conditioningCsv(): string {
  const random = createRandom(1).fork('conditioning');
  const lines = ['x1,x2,class'];
  for (let i = 0; i < 1000; i++) {
    const a = random.normal();
    const b = random.normal();
    const x1 = 3 + 2 * a;
    const x2 = 3 + 0.5 * (0.9 * a + Math.sqrt(1 - 0.81) * b);
    const target = x1 - 2 * x2 + 0.5 + 0.1 * random.normal();
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${target > -2.5 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

const CONDITIONING_CSV = conditioningCsv();

type ConditioningRung = 'none' | 'center' | 'standardize' | 'zca-whiten';

/**
 * Gradient descent's best fixed step for a quadratic with Hessian H, 2/(λ_max + λ_min): here
 * H = E[ã ãᵀ] (ã = [x, 1]) of the preprocessed training rows, since a linear layer under the
 * squared error ½(y − t)² has exactly that Hessian for each output's weights and bias.
 */
function bestStep(dataset: DatasetSpec): number {
  const { train } = createDataset(dataset, TRAINING.seed);
  const { values } = symmetricEigen(augmentedSecondMoment(train));
  return round(2 / (values[0] + values[values.length - 1]));
}

function conditioning(name: string, preprocessing: ConditioningRung, what: string): PresetDocument {
  const dataset: DatasetSpec = { kind: 'csv', fileName: 'conditioning.csv', text: CONDITIONING_CSV, labelColumn: 'class', testFraction: 0.2, preprocessing };
  return preset({
    name,
    description:
      'LeCun et al., "Efficient BackProp" §4.3: 1000 points from an elongated Gaussian centred at (3, 3) (standard deviations 2 and 0.5, correlation 0.9), ' +
      'fitted by one linear layer under the squared error with full-batch gradient descent, each rung of the ladder at its own best step size 2/(λ_max + λ_min). ' +
      `${what} ` +
      'The error surface\'s condition number κ = λ_max/λ_min falls from about 3000 (raw) to 100 (centred), 20 (standardised) and 1 (whitened), ' +
      'and the number of steps to converge falls with it: thousands, hundreds, tens, one.',
    display: ['loss', 'weight-histograms'],
    net: { hidden: [], classes: 2, outputInit: ZEROS, loss: 'mse' },
    dataset,
    training: { learningRate: bestStep(dataset), batchSize: 800, steps: 10_000, shuffle: false, sampling: 'sequential', reportEvery: 10 },
    instruments: { every: 100 },
  });
}

const MNIST_SHALLOW: Net = { hidden: [{ units: 100, fn: 'sigmoid', init: XAVIER }], classes: 10, outputInit: XAVIER };

const shuffling = preset({
  name: 'E2. Shuffled versus class-sorted',
  description:
    'Efficient BackProp §4.2: successive examples should rarely share a class. MNIST (the first 10 000 training images), 784-100-10 sigmoid, Xavier, SGD with batch 10, one epoch. ' +
    'Shown in file order sorted by class (all 0s, then all 1s, …), the net learns each class in turn and forgets the earlier ones: at the end it predicts the last class seen, 9, for nearly every test image (accuracy ≈ 0.1). ' +
    'Reshuffled, the same epoch reaches about 0.86.',
  display: ['loss', 'activation-summary'],
  net: MNIST_SHALLOW,
  dataset: mnist(10_000, 2000),
  training: { learningRate: 0.1, batchSize: 10, steps: 1000, sampling: 'shuffled', reportEvery: 10 },
  variants: [
    { name: 'Shuffled', patches: [] },
    { name: 'Class-sorted', patches: [{ op: 'set-training', training: { sampling: 'class-sorted' } }] },
  ],
});

const emphasis = preset({
  name: 'E4. Emphasising high-error examples',
  description:
    'Efficient BackProp §4.2: present the examples with a large error more often. Each example is drawn with probability 0.5/N + 0.5·ℓ_i/Σℓ, where ℓ_i is its last measured loss, ' +
    'capped at 10× the mean loss so that a mislabelled outlier cannot soak up the draws. Same data and net as E2, 3000 steps. ' +
    'Against uniform shuffling, the worst examples (the 99th percentile of the training loss) improve by about a third while the test accuracy stays the same.',
  display: ['loss', 'gradient-magnitude'],
  net: MNIST_SHALLOW,
  dataset: mnist(10_000, 2000),
  training: { learningRate: 0.1, batchSize: 10, steps: 3000, sampling: 'emphasize-errors', emphasisCap: 10, reportEvery: 10 },
  variants: [
    { name: 'Emphasise errors', patches: [] },
    { name: 'Shuffled', patches: [{ op: 'set-training', training: { sampling: 'shuffled' } }] },
  ],
});

// ---------------------------------------------------------------------------------------------
// F: L1 versus L2.

const penalties = preset({
  name: 'F. L1 versus L2',
  description:
    'Softmax regression (784 → 10, weights starting at 0) on the first 1000 MNIST training images, 100 epochs of SGD with batch 50. ' +
    'Without a penalty the weight images are noisy templates that fit the training set perfectly. L2 (λ = 0.01, gradient λw) shrinks every weight: smoother, lower-contrast templates, ' +
    'a norm about a third as large and a smaller gap between training and test accuracy. L1 (λ = 0.001, gradient λ·sign w) drives most weights towards 0: sparse speckles on the strokes, ' +
    'the weight histogram a sharp peak at zero.',
  display: ['weight-images', 'weight-histograms', 'loss'],
  net: { hidden: [], classes: 10, outputInit: ZEROS },
  dataset: mnist(1000, 5000),
  training: { learningRate: 0.5, batchSize: 50, steps: 2000, reportEvery: 20 },
  instruments: { every: 100 },
  variants: [
    { name: 'No penalty', patches: [] },
    { name: 'L2 λ = 0.01', patches: [{ op: 'set-training', training: { l2: 0.01 } }] },
    { name: 'L1 λ = 0.001', patches: [{ op: 'set-training', training: { l1: 0.001 } }] },
  ],
});

// ---------------------------------------------------------------------------------------------
// G: Dropout.

const dropout = preset({
  name: 'G. Dropout',
  description:
    'Srivastava et al. (2014): each hidden unit is dropped with probability 0.4 while training (keep 0.6: the paper\'s p is the keep probability), and at test time the full net is used ' +
    'with the activations scaled to their expected value, which equals the average over many random masks for a layer that ends in a linear map. ' +
    'MNIST at 14×14 (196 inputs), 1000 training images, 196-256-256-10 ReLU, He initialisation, SGD with momentum 0.9, 40 epochs. ' +
    'Dropout makes the hidden activations sparser and narrows the gap between training and test accuracy; the effect on the test accuracy is small at this scale.',
  display: ['loss', 'activation-histograms', 'saturation'],
  net: { hidden: repeat(2, { units: 256, fn: 'relu', init: HE, dropout: 0.4 }), classes: 10, outputInit: HE },
  dataset: mnist(1000, 2000, true),
  training: { optimizer: 'momentum', momentum: 0.9, learningRate: 0.05, batchSize: 32, steps: 1280, reportEvery: 10 },
  instruments: { every: 50 },
  variants: [
    { name: 'Dropout 0.4', patches: [] },
    { name: 'No dropout', patches: [{ op: 'remove-nodes', nodes: { kind: 'dropout' } }] },
  ],
});

/**
 * EXPERIMENTS.md G1's laptop setup: 196-256-196 on 14×14 MNIST, ReLU hidden, the sigmoid output
 * folded into binary cross-entropy on the logits (summed over pixels), encoder He, decoder
 * N(0, 1/256), SGD with momentum 0.9, learning rate 0.005, batch 32, 1000 steps.
 */
const autoencoder = preset({
  name: 'G1. Dropout autoencoder: sparse features',
  description:
    'Srivastava et al. (2014), Figs. 7 and 8: an autoencoder learns to reconstruct its input through one hidden layer of 256 ReLUs. ' +
    'MNIST at 14×14 (196 inputs), 196-256-196, the output a sigmoid with binary cross-entropy summed over the pixels, He initialisation into the hidden layer and N(0, 1/256) out of it, ' +
    'SGD with momentum 0.9, 1000 steps of batch 32. The "Dropout 0.5" variant drops each hidden unit with probability 0.5 while training (the paper\'s keep p = 0.5). ' +
    'Without dropout the units co-adapt: each one\'s weight image is a noisy blob that only makes sense together with the others. ' +
    'With dropout a unit cannot rely on its neighbours, so each one becomes a detector of its own (a stroke, an edge, a spot) and the hidden code turns sparse: ' +
    'the mean hidden activation falls to about 0.4 of its value without dropout and many more units are exactly 0 for a given image. ' +
    'A reconstruction has no accuracy: only the loss is reported.',
  display: ['weight-images', 'activation-histograms', 'activation-summary', 'loss'],
  net: {
    hidden: [{ units: 256, fn: 'relu', init: HE, dropout: 0.5 }],
    classes: 196,
    outputInit: normal(round(Math.sqrt(1 / 256))),
    loss: 'sigmoid-binary-cross-entropy',
    target: 'input',
  },
  dataset: mnist(10_000, 1000, true),
  training: { optimizer: 'momentum', momentum: 0.9, learningRate: 0.005, batchSize: 32, steps: 1000, reportEvery: 10 },
  instruments: { every: 50 },
  variants: [
    { name: 'Dropout 0.5', patches: [] },
    { name: 'No dropout', patches: [{ op: 'set-params', nodes: { ids: ['drop1'] }, params: { rate: 0 } }] },
  ],
});

// ---------------------------------------------------------------------------------------------
// H: Batch normalization.

const batchNorm = preset({
  name: 'H. Batch normalization',
  description:
    'Ioffe & Szegedy (2015), Fig. 1: MNIST, three hidden layers of 100 sigmoid units, weights N(0, 0.1), SGD with batch 60 and learning rate 0.5. ' +
    'With BatchNorm on every hidden layer\'s input (and no bias before it) the test accuracy rises much faster, and the 15th, 50th and 85th percentiles of the input to the last hidden layer\'s sigmoids stay put; ' +
    'without it they drift as the layers below keep changing (internal covariate shift).',
  display: ['loss', 'percentiles', 'activation-histograms'],
  net: { hidden: repeat(3, { units: 100, fn: 'sigmoid', init: normal(0.1), batchNorm: true }), classes: 10, outputInit: normal(0.1) },
  dataset: mnist(20_000, 2000),
  training: { learningRate: 0.5, batchSize: 60, steps: 2000, reportEvery: 10 },
  instruments: { every: 50, percentiles: [15, 50, 85] },
  variants: [
    { name: 'BatchNorm', patches: [] },
    {
      name: 'No BatchNorm',
      patches: [
        { op: 'remove-nodes', nodes: { kind: 'batchnorm' } },
        { op: 'set-params', nodes: { ids: ids('dense', 1, 3) }, params: { bias: true } },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// I, J: initialisation.

const xavierTanh = preset({
  name: 'I. Xavier versus standard initialisation (tanh)',
  description:
    'Glorot & Bengio (2010) §4.2: in the linear regime each layer multiplies the activation variance by n·Var W. The "standard" U(±1/√n) gives n·Var W = 1/3, ' +
    'so in five tanh layers of 256 units the activations shrink by about 1/√3 per layer and the back-propagated gradients shrink towards the input just as fast. ' +
    'Xavier\'s Var W = 2/(n_in + n_out) keeps both nearly constant across layers. The weight gradients stay alike across layers in both.',
  display: ['activation-histograms', 'gradient-magnitude', 'activation-summary'],
  net: {
    hidden: [784, 256, 256, 256, 256].map((fanIn) => ({ units: 256, fn: 'tanh' as const, init: standard(fanIn) })),
    classes: 10,
    outputInit: standard(256),
  },
  dataset: mnist(10_000, 2000),
  training: { learningRate: 0.05, batchSize: 32, steps: 1000, reportEvery: 10 },
  instruments: { every: 50 },
  variants: [
    { name: 'Standard U(±1/√n)', patches: [] },
    { name: 'Xavier', patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: XAVIER }] },
  ],
});

function heVersusXavier(depth: number): PresetDocument {
  return preset({
    name: `J. Xavier versus He for ReLU, ${depth} layers`,
    description:
      `He et al. (2015) §2.2: a ReLU zeroes half its inputs, so with "Xavier" weights N(0, 1/n) the signal variance halves in every layer: after ${depth} layers of 50 units its standard deviation is about 2^(−${depth / 2}) of the first layer's, ` +
      'and every weight gradient is tiny too. He\'s N(0, 2/n) keeps the signal. ' +
      (depth === 30
        ? 'Trained with SGD (learning rate 0.01, batch 32), the 30-layer net stalls at chance with Xavier and learns with He, as in the paper\'s Fig. 3.'
        : 'With 22 layers the collapse is milder (about 2^(−11)): trained with SGD (learning rate 0.01, batch 32), He learns within a few hundred steps while Xavier sits at chance for about 1500 steps before it starts to learn, the small-scale analogue of the paper\'s Fig. 2 (both converge, He earlier).'),
    display: ['activation-summary', 'gradient-magnitude', 'loss'],
    net: { hidden: repeat(depth, { units: 50, fn: 'relu', init: HE }), classes: 10, outputInit: HE },
    dataset: mnist(10_000, 1000),
    training: { learningRate: 0.01, batchSize: 32, steps: depth === 30 ? 1000 : 2000, reportEvery: 10 },
    instruments: { every: 50 },
    variants: [
      { name: 'He N(0, 2/n)', patches: [] },
      { name: 'Xavier N(0, 1/n)', patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: LECUN }] },
    ],
  });
}

/** File name (without `.netoscope`) → document. */
export const PRESET_DOCUMENTS: Record<string, PresetDocument> = {
  'a-paralysis': paralysis,
  'b-gain-bound': gainBound,
  'c-flat-grey': flatGrey,
  'd-saturation': saturation,
  'e1-raw': conditioning('E1. Conditioning: raw inputs', 'none', 'Raw inputs: far from the origin and correlated, the slowest rung.'),
  'e1-centered': conditioning('E1. Conditioning: centred inputs', 'center', 'Centred inputs: the mean is subtracted (fitted on the training set).'),
  'e1-standardized': conditioning('E1. Conditioning: standardised inputs', 'standardize', 'Standardised inputs: centred and divided by each feature\'s standard deviation.'),
  'e1-whitened': conditioning('E1. Conditioning: whitened inputs', 'zca-whiten', 'ZCA-whitened inputs: Cov^(−1/2)(x − E x), decorrelated with unit variances.'),
  'e2-shuffling': shuffling,
  'e4-emphasis': emphasis,
  'f-penalties': penalties,
  'g-dropout': dropout,
  'g1-autoencoder': autoencoder,
  'h-batchnorm': batchNorm,
  'i-xavier-tanh': xavierTanh,
  'j-relu-30': heVersusXavier(30),
  'j-relu-22': heVersusXavier(22),
};
