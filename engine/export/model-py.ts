import type { ActivationFunction, CompiledPlan, PlanLayer } from '../document/plan';
import type { InitializerSpec } from '../init';
import { assertNever } from '../protocol';
import { docstring, docText, indent, pyFloat, wrapText } from './python';

/**
 * model.py: the compiled plan as an nn.Module. Each node with parameters or a PyTorch module
 * of its own (Dense, Activation, Dropout, BatchNorm) is an attribute named after its label; Add
 * and Concat are expressions in `forward`. The numbers follow engine/layers/: nn.Linear's weight
 * is [out × in] like the engine's Dense, and BatchNorm's momentum and unbiased running variance
 * are PyTorch's convention in both.
 */

export interface ModelSourceInput {
  plan: CompiledPlan;
  /** The Python name of every layer, by node id. */
  names: ReadonlyMap<string, string>;
  /** The document's name and description, for the module docstring. */
  title: string;
  description: string | undefined;
  /** Whether weights.json is exported beside it: model.py then has `load_weights`. */
  withWeights: boolean;
}

/** The PyTorch class name every export uses, so that train.py and users' code can rely on it. */
export const MODEL_CLASS = 'Net';

const PYTORCH_DEFAULTS = { batchNormEps: 1e-5, batchNormMomentum: 0.1, leakySlope: 0.01, eluAlpha: 1 };

export function modelPy({ plan, names, title, description, withWeights }: ModelSourceInput): string {
  const name = (nodeId: string): string => {
    const found = names.get(nodeId);
    if (found === undefined) throw new Error(`No Python name for node '${nodeId}'`);
    return found;
  };
  const usesClassicDropout = plan.layers.some((layer) => layer.kind === 'dropout' && layer.mode === 'classic');
  const usesConcat = plan.layers.some((layer) => layer.kind === 'concat');

  const modules = plan.layers.flatMap((layer) => {
    const module = moduleOf(layer);
    return module === null ? [] : [`self.${name(layer.nodeId)} = ${module}`];
  });
  const initializers = plan.layers.flatMap((layer) => (layer.kind === 'dense' ? initializerLines(`self.${name(layer.nodeId)}`, layer) : []));

  const lines = [
    ...docstring(`The network of the Netoscope document "${docText(title)}", as a PyTorch module.`, [
      ...(description ? [...wrapText(docText(description)), ''] : []),
      'Every node of the graph is an attribute named after its label; forward() wires them as the',
      'graph does and returns what the loss reads (train.py applies the loss).',
    ]),
    ...(withWeights ? ['import json', 'from pathlib import Path', ''] : []),
    ...(usesClassicDropout || usesConcat || withWeights ? ['import torch'] : []),
    'from torch import nn',
    '',
    '',
    ...(usesClassicDropout ? [...CLASSIC_DROPOUT, '', ''] : []),
    `class ${MODEL_CLASS}(nn.Module):`,
    ...indent(docstring(`${plan.inputWidth} features in, ${outputSummary(plan)}.`)),
    '',
    ...indent([
      'def __init__(self):',
      ...indent(['super().__init__()', ...modules, ...(initializers.length > 0 ? ['', ...INITIALIZER_HEADER, ...initializers] : [])]),
      '',
      'def forward(self, x):',
      ...indent(forwardLines(plan, name)),
    ]),
    ...(withWeights ? ['', '', ...LOAD_WEIGHTS] : []),
  ];
  return `${lines.join('\n')}\n`;
}

function outputSummary(plan: CompiledPlan): string {
  const width = plan.target === 'input' ? plan.inputWidth : plan.classes;
  switch (plan.loss) {
    case 'softmax-cross-entropy':
      return `${width} logits out (train.py applies the softmax with the cross-entropy)`;
    case 'sigmoid-binary-cross-entropy':
      return `${width} logits out (train.py applies the sigmoid with the binary cross-entropy)`;
    case 'mse':
      return `${width} outputs out (compared with ${plan.target === 'input' ? 'the input' : 'the one-hot label'} by the squared error)`;
    default:
      return assertNever(plan.loss);
  }
}

/** The module of a layer; null for the merges, which are expressions in forward(). */
function moduleOf(layer: PlanLayer): string | null {
  switch (layer.kind) {
    case 'dense':
      return `nn.Linear(${layer.inWidth}, ${layer.units}${layer.bias ? '' : ', bias=False'})`;
    case 'activation':
      return activationModule(layer);
    case 'dropout':
      return layer.mode === 'classic' ? `ClassicDropout(${pyFloat(layer.rate)})` : `nn.Dropout(${pyFloat(layer.rate)})`;
    case 'batchnorm': {
      const options = [
        layer.eps === PYTORCH_DEFAULTS.batchNormEps ? null : `eps=${pyFloat(layer.eps)}`,
        layer.momentum === PYTORCH_DEFAULTS.batchNormMomentum ? null : `momentum=${pyFloat(layer.momentum)}`,
        layer.affine ? null : 'affine=False',
      ].filter((option) => option !== null);
      return `nn.BatchNorm1d(${[String(layer.outWidth), ...options].join(', ')})`;
    }
    case 'add':
    case 'concat':
      return null;
    default:
      return assertNever(layer);
  }
}

function activationModule(activation: ActivationFunction): string {
  switch (activation.fn) {
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'tanh':
      return 'nn.Tanh()';
    case 'relu':
      return 'nn.ReLU()';
    case 'leaky-relu':
      return activation.slope === PYTORCH_DEFAULTS.leakySlope ? 'nn.LeakyReLU()' : `nn.LeakyReLU(${pyFloat(activation.slope)})`;
    case 'elu':
      return activation.alpha === PYTORCH_DEFAULTS.eluAlpha ? 'nn.ELU()' : `nn.ELU(${pyFloat(activation.alpha)})`;
    case 'softplus':
      return 'nn.Softplus()';
    case 'identity':
      return 'nn.Identity()';
    default:
      return assertNever(activation);
  }
}

const INITIALIZER_HEADER = [
  "# Netoscope's initializers. A bias starts at 0, except under nn.Linear's own",
  '# default U(±1/√fan_in) for weight and bias, which the layers above already have.',
];

/** The torch.nn.init calls giving `layer`'s weight and bias the distributions Netoscope draws them from. */
function initializerLines(module: string, layer: Extract<PlanLayer, { kind: 'dense' }>): string[] {
  if (layer.init.kind === 'pytorch-default') return [];
  const weight = `${module}.weight`;
  return [`${initializerCall(layer.init, weight)}  # ${layer.initDescription}`, ...(layer.bias ? [`nn.init.zeros_(${module}.bias)`] : [])];
}

function initializerCall(init: Exclude<InitializerSpec, { kind: 'pytorch-default' }>, weight: string): string {
  switch (init.kind) {
    case 'zeros':
      return `nn.init.zeros_(${weight})`;
    case 'constant':
      return `nn.init.constant_(${weight}, ${pyFloat(init.value)})`;
    case 'normal':
      return `nn.init.normal_(${weight}, mean=${pyFloat(init.mean)}, std=${pyFloat(init.std)})`;
    case 'uniform':
      return `nn.init.uniform_(${weight}, a=${pyFloat(init.low)}, b=${pyFloat(init.high)})`;
    case 'xavier-uniform':
      return `nn.init.xavier_uniform_(${weight})`;
    case 'xavier-normal':
      return `nn.init.xavier_normal_(${weight})`;
    // Kaiming with the ReLU gain √2 is He's: std = √2/√fan = √(2/fan), bound = √2·√(3/fan) = √(6/fan).
    case 'he-normal':
      return `nn.init.kaiming_normal_(${weight}${init.fan === 'out' ? ', mode="fan_out"' : ''}, nonlinearity="relu")`;
    case 'he-uniform':
      return `nn.init.kaiming_uniform_(${weight}${init.fan === 'out' ? ', mode="fan_out"' : ''}, nonlinearity="relu")`;
    // Kaiming with the linear gain 1 is LeCun's: std = 1/√fan_in.
    case 'lecun-normal':
      return `nn.init.kaiming_normal_(${weight}, nonlinearity="linear")`;
    case 'orthogonal':
      return `nn.init.orthogonal_(${weight}, gain=${pyFloat(init.gain)})`;
    default:
      return assertNever(init);
  }
}

/**
 * The body of forward(). A chain reads like hand-written PyTorch, `x = self.layer(x)`: a tensor
 * is called `x` when its one reader is the very next line and no live tensor holds that name;
 * any other tensor (a skip connection's, one read twice) keeps its node's name until read.
 */
function forwardLines(plan: CompiledPlan, name: (nodeId: string) => string): string[] {
  const readers = new Map<string, number[]>();
  const read = (producer: string, position: number): void => {
    readers.set(producer, [...(readers.get(producer) ?? []), position]);
  };
  plan.layers.forEach((layer, position) => layer.inputs.forEach((producer) => read(producer, position)));
  read(plan.lossInput, plan.layers.length);

  const variable = new Map<string, string>([[plan.inputNodeId, 'x']]);
  const remaining = new Map([...readers].map(([producer, positions]) => [producer, positions.length]));
  let holderOfX = plan.inputNodeId;
  const lines = plan.layers.map((layer, position) => {
    const args = layer.inputs.map((producer) => variable.get(producer)!);
    for (const producer of layer.inputs) remaining.set(producer, remaining.get(producer)! - 1);
    const own = readers.get(layer.nodeId) ?? [];
    const xIsFree = (remaining.get(holderOfX) ?? 0) === 0;
    const target = own.length === 1 && own[0] === position + 1 && xIsFree ? 'x' : name(layer.nodeId);
    if (target === 'x') holderOfX = layer.nodeId;
    variable.set(layer.nodeId, target);
    return `${target} = ${expressionOf(layer, args, name)}`;
  });
  // The last layer's output is what the loss reads: returned at once rather than named.
  const last = plan.layers[plan.layers.length - 1];
  if (last.nodeId === plan.lossInput && variable.get(last.nodeId) === 'x') return [...lines.slice(0, -1), `return ${lines[lines.length - 1].slice('x = '.length)}`];
  return [...lines, `return ${variable.get(plan.lossInput)!}`];
}

function expressionOf(layer: PlanLayer, args: readonly string[], name: (nodeId: string) => string): string {
  switch (layer.kind) {
    case 'add':
      return args.join(' + ');
    case 'concat':
      return `torch.cat([${args.join(', ')}], dim=1)`;
    case 'dense':
    case 'activation':
    case 'dropout':
    case 'batchnorm':
      return `self.${name(layer.nodeId)}(${args[0]})`;
    default:
      return assertNever(layer);
  }
}

const CLASSIC_DROPOUT = [
  'class ClassicDropout(nn.Module):',
  ...indent([
    ...docstring('Dropout as in Srivastava et al. (2014): Netoscope\'s "classic" mode.', [
      'Training zeroes each element with probability p and leaves the others unscaled; evaluation',
      'multiplies everything by the keep probability 1 - p instead. nn.Dropout is the "inverted"',
      'form, which scales the kept elements by 1/(1 - p) while training and does nothing in',
      'evaluation: the same expected output, but not the same numbers.',
    ]),
    '',
    'def __init__(self, p):',
    ...indent(['super().__init__()', 'self.p = p']),
    '',
    'def forward(self, x):',
    ...indent(['if self.training:', ...indent(['return x * (torch.rand_like(x) >= self.p)']), 'return x * (1 - self.p)']),
    '',
    'def extra_repr(self):',
    ...indent(['return f"p={self.p}"']),
  ]),
];

const LOAD_WEIGHTS = [
  'def load_weights(model, path):',
  ...indent([
    ...docstring('Loads the weights Netoscope trained (parameters, BatchNorm running statistics) into `model`.', [
      '`path` is weights.json: it names each tensor of the state_dict with its shape and its offset in',
      'the raw little-endian float32 file beside it (weights.bin).',
    ]),
    'path = Path(path)',
    'index = json.loads(path.read_text())',
    'data = bytearray((path.parent / index["data"]).read_bytes())',
    'state = model.state_dict()',
    'missing = {name for name in state if not name.endswith("num_batches_tracked")} - {entry["name"] for entry in index["tensors"]}',
    'if missing:',
    ...indent(['raise ValueError(f"{path} has no values for {sorted(missing)}")']),
    'for entry in index["tensors"]:',
    ...indent([
      'name, shape = entry["name"], entry["shape"]',
      'if name not in state or list(state[name].shape) != shape:',
      ...indent([`raise ValueError(f"{path}: {name} {shape} is not a tensor of this model")`]),
      'count = state[name].numel()',
      'state[name] = torch.frombuffer(data, dtype=torch.float32, count=count, offset=entry["offset"]).view(shape)',
    ]),
    'model.load_state_dict(state)',
  ]),
];
