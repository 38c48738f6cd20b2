import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataset } from '../../engine/data/dataset';
import { rawSplit } from '../../engine/data/dataset';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import { defaultParams } from '../../engine/document/nodes';
import type { GraphNode, NetDocument, NodeKind, ParamValue } from '../../engine/document/types';
import { exportToPyTorch, type ExportFile } from '../../engine/export/pytorch';
import { float32Text, pyFloat, pythonIdentifier, uniqueIdentifiers } from '../../engine/export/python';
import { trainedParameters } from '../../engine/export/weights';
import { createTrainer } from '../../engine/train';
import { presetCases, randomCase, withOneRowBatchNorm } from './cases';
import { readTensors } from './tensors';

/** The generator on its own: names, the Python it writes, refusals, weights and data files. */

const node = (id: string, kind: NodeKind, params: Record<string, ParamValue> = {}, label?: string): GraphNode => ({
  id,
  kind,
  params: { ...defaultParams(kind), ...params },
  position: { x: 0, y: 0 },
  ...(label === undefined ? {} : { label }),
});

/** newDocument() with this graph, edges given as [source, target] in order. */
function documentWith(nodes: GraphNode[], edges: [string, string][], edit: (doc: NetDocument) => void = () => {}): NetDocument {
  const doc = newDocument();
  doc.graph = { nodes, edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target })) };
  edit(doc);
  return doc;
}

function exported(doc: NetDocument, options: Parameters<typeof exportToPyTorch>[1] = {}): ExportFile[] {
  const result = exportToPyTorch(doc, options);
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('; '));
  return result.files;
}

const text = (files: ExportFile[], name: string): string => {
  const file = files.find((candidate) => candidate.name === name);
  if (!file || typeof file.data !== 'string') throw new Error(`no text file ${name}`);
  return file.data;
};

/** The lines of a function's body (def line excluded), up to the next top-level statement. */
function body(source: string, signature: string): string[] {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.trimStart().startsWith(signature));
  if (start < 0) throw new Error(`no ${signature}`);
  const indentation = lines[start].length - lines[start].trimStart().length;
  const end = lines.findIndex((line, i) => i > start && line.trim() !== '' && line.length - line.trimStart().length <= indentation);
  return lines.slice(start + 1, end < 0 ? undefined : end).map((line) => line.trim()).filter((line) => line !== '');
}

describe('Python names', () => {
  it('makes snake_case identifiers of labels, avoiding keywords, builtins and nn.Module attributes', () => {
    expect(pythonIdentifier('Hidden layer 1')).toBe('hidden_layer_1');
    expect(pythonIdentifier('HiddenLayer')).toBe('hidden_layer');
    expect(pythonIdentifier('BatchNorm 2')).toBe('batch_norm_2');
    expect(pythonIdentifier('Couche cachée')).toBe('couche_cachee');
    expect(pythonIdentifier('1st')).toBe('layer_1st');
    expect(pythonIdentifier('class')).toBe('class_');
    expect(pythonIdentifier('input')).toBe('input_');
    expect(pythonIdentifier('forward')).toBe('forward_');
    expect(pythonIdentifier('x')).toBe('x_');
    expect(pythonIdentifier('Скрытый')).toBeNull();
    expect(pythonIdentifier('  ')).toBeNull();
  });

  it('falls back to the next candidate and numbers duplicates', () => {
    expect(
      uniqueIdentifiers([
        ['Hidden', 'dense1'],
        ['hidden', 'dense2'],
        ['Скрытый', 'dense3'],
        ['', 'dense1'],
        ['', 'Ω', 'dense'],
      ]),
    ).toEqual(['hidden', 'hidden_2', 'dense3', 'dense1', 'dense']);
  });

  it('writes floats as Python spells them and data as the shortest text that reads back as the same float32', () => {
    expect([pyFloat(1), pyFloat(0.1), pyFloat(1e-4), pyFloat(1e-5), pyFloat(2.5e-8), pyFloat(-2.5)]).toEqual(['1.0', '0.1', '0.0001', '1e-05', '2.5e-08', '-2.5']);
    for (const value of [0.1, 1 / 3, -1.5e-7, 123456.789, 0, 255 / 255, Math.PI]) {
      const float = Math.fround(value);
      const written = float32Text(float);
      expect(Math.fround(Number(written)), written).toBe(float);
    }
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
  });
});

describe('model.py', () => {
  it('mirrors a graph with a skip connection: attributes named by label, x along the chain, names where a tensor is kept', () => {
    const doc = documentWith(
      [
        node('input', 'input'),
        node('d1', 'dense', { units: 8 }, 'Hidden'),
        node('a1', 'activation', { fn: 'relu' }),
        node('d2', 'dense', { units: 8 }, 'Residual'),
        node('sum', 'add', {}, 'Skip'),
        node('both', 'concat'),
        node('logits', 'dense', { units: 2 }),
        node('output', 'output'),
      ],
      [
        ['input', 'd1'],
        ['d1', 'a1'],
        ['a1', 'd2'],
        ['a1', 'sum'],
        ['d2', 'sum'],
        ['sum', 'both'],
        ['input', 'both'],
        ['both', 'logits'],
        ['logits', 'output'],
      ],
    );
    const model = text(exported(doc), 'model.py');
    expect(body(model, 'def forward(self, x):')).toEqual([
      'hidden = self.hidden(x)',
      'a1 = self.a1(hidden)',
      'residual = self.residual(a1)',
      'skip = a1 + residual',
      'x = torch.cat([skip, x], dim=1)',
      'return self.logits(x)',
    ]);
    expect(model).toContain('self.hidden = nn.Linear(2, 8)');
    expect(model).toContain('self.logits = nn.Linear(10, 2)');
    expect(model).toMatch(/^import torch$/m);
    expect(model).not.toContain('load_weights');
  });

  it('maps every layer kind to its PyTorch module, PyTorch defaults left out', () => {
    const doc = documentWith(
      [
        node('input', 'input'),
        node('d1', 'dense', { units: 4, bias: false }),
        node('bn', 'batchnorm', { momentum: 0.2, eps: 1e-3, affine: false }),
        node('bn2', 'batchnorm'),
        node('leaky', 'activation', { fn: 'leaky-relu', slope: 0.2 }),
        node('leaky2', 'activation', { fn: 'leaky-relu', slope: 0.01 }),
        node('elu', 'activation', { fn: 'elu', alpha: 0.5 }),
        node('soft', 'activation', { fn: 'softplus' }),
        node('same', 'activation', { fn: 'identity' }),
        node('drop', 'dropout', { rate: 0.3, mode: 'inverted' }),
        node('classic', 'dropout', { rate: 0.25, mode: 'classic' }),
        node('logits', 'dense', { units: 2 }),
        node('output', 'output'),
      ],
      [
        ['input', 'd1'],
        ['d1', 'bn'],
        ['bn', 'bn2'],
        ['bn2', 'leaky'],
        ['leaky', 'leaky2'],
        ['leaky2', 'elu'],
        ['elu', 'soft'],
        ['soft', 'same'],
        ['same', 'drop'],
        ['drop', 'classic'],
        ['classic', 'logits'],
        ['logits', 'output'],
      ],
    );
    const model = text(exported(doc), 'model.py');
    for (const line of [
      'self.d1 = nn.Linear(2, 4, bias=False)',
      'self.bn = nn.BatchNorm1d(4, eps=0.001, momentum=0.2, affine=False)',
      'self.bn2 = nn.BatchNorm1d(4)',
      'self.leaky = nn.LeakyReLU(0.2)',
      'self.leaky2 = nn.LeakyReLU()',
      'self.elu = nn.ELU(0.5)',
      'self.soft = nn.Softplus()',
      'self.same = nn.Identity()',
      'self.drop = nn.Dropout(0.3)',
      'self.classic = ClassicDropout(0.25)',
    ]) {
      expect(model).toContain(line);
    }
    expect(model).toContain('x = self.classic(x)');
    expect(body(model, 'class ClassicDropout(nn.Module):')).toEqual(
      expect.arrayContaining(['if self.training:', 'return x * (torch.rand_like(x) >= self.p)', 'return x * (1 - self.p)']),
    );
  });

  it('reproduces each initializer with torch.nn.init and a comment with its formula', () => {
    const cases: [Record<string, ParamValue>, string][] = [
      [{ init: 'zeros' }, 'nn.init.zeros_(self.d.weight)  # Zeros: std = 0'],
      [{ init: 'constant', initValue: 0.5 }, 'nn.init.constant_(self.d.weight, 0.5)'],
      [{ init: 'normal', initMean: 0.1, initStd: 0.02 }, 'nn.init.normal_(self.d.weight, mean=0.1, std=0.02)'],
      [{ init: 'uniform', initLow: -0.1, initHigh: 0.2 }, 'nn.init.uniform_(self.d.weight, a=-0.1, b=0.2)'],
      [{ init: 'xavier-uniform' }, 'nn.init.xavier_uniform_(self.d.weight)'],
      [{ init: 'xavier-normal' }, 'nn.init.xavier_normal_(self.d.weight)'],
      [{ init: 'he-normal', initFan: 'in' }, 'nn.init.kaiming_normal_(self.d.weight, nonlinearity="relu")  # He normal: std = sqrt(2/2)'],
      [{ init: 'he-normal', initFan: 'out' }, 'nn.init.kaiming_normal_(self.d.weight, mode="fan_out", nonlinearity="relu")'],
      [{ init: 'he-uniform', initFan: 'out' }, 'nn.init.kaiming_uniform_(self.d.weight, mode="fan_out", nonlinearity="relu")'],
      [{ init: 'lecun-normal' }, 'nn.init.kaiming_normal_(self.d.weight, nonlinearity="linear")  # LeCun normal'],
      [{ init: 'orthogonal', initGain: 2 }, 'nn.init.orthogonal_(self.d.weight, gain=2.0)'],
    ];
    for (const [params, line] of cases) {
      const doc = documentWith(
        [node('input', 'input'), node('d', 'dense', { units: 2, ...params }), node('output', 'output')],
        [
          ['input', 'd'],
          ['d', 'output'],
        ],
      );
      const model = text(exported(doc), 'model.py');
      expect(model, String(params.init)).toContain(line);
      expect(model, String(params.init)).toContain('nn.init.zeros_(self.d.bias)');
    }
    const pytorchDefault = documentWith(
      [node('input', 'input'), node('d', 'dense', { units: 2, init: 'pytorch-default' }), node('output', 'output')],
      [
        ['input', 'd'],
        ['d', 'output'],
      ],
    );
    expect(text(exported(pytorchDefault), 'model.py')).not.toContain('nn.init');
  });
});

describe('train.py', () => {
  const trainPy = (training: Partial<NetDocument['training']>, edit: (doc: NetDocument) => void = () => {}): string => {
    const doc = newDocument();
    doc.training = { ...doc.training, ...training };
    edit(doc);
    return text(exported(doc), 'train.py');
  };

  it('builds the optimizer with the document’s hyperparameters', () => {
    expect(trainPy({ optimizer: 'sgd', learningRate: 0.3 })).toContain('LEARNING_RATE = 0.3');
    expect(body(trainPy({ optimizer: 'sgd' }), 'def make_optimizer')).toEqual(['return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)']);
    expect(body(trainPy({ optimizer: 'momentum', momentum: 0.8 }), 'def make_optimizer')).toEqual([
      'return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.8)',
    ]);
    expect(body(trainPy({ optimizer: 'nesterov', momentum: 0.95 }), 'def make_optimizer')).toEqual([
      'return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.95, nesterov=True)',
    ]);
    expect(body(trainPy({ optimizer: 'rmsprop', rmsAlpha: 0.9, epsilon: 1e-6 }), 'def make_optimizer')).toEqual([
      'return torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE, alpha=0.9, eps=1e-06)',
    ]);
    expect(body(trainPy({ optimizer: 'adam' }), 'def make_optimizer')).toEqual([
      'return torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-08)',
    ]);
  });

  it('steps the schedule once per step, and has no scheduler for a constant rate', () => {
    expect(trainPy({ schedule: 'constant' })).not.toContain('scheduler');
    expect(trainPy({ schedule: 'step', scheduleEvery: 100, scheduleFactor: 0.5 })).toContain('StepLR(optimizer, step_size=100, gamma=0.5)');
    expect(trainPy({ schedule: 'exponential', scheduleDecay: 0.99 })).toContain('ExponentialLR(optimizer, gamma=0.99)');
    const cosine = trainPy({ schedule: 'cosine', scheduleMinFactor: 0.1 });
    expect(cosine).toContain('CosineAnnealingLR(optimizer, T_max=steps, eta_min=0.1 * LEARNING_RATE)');
    expect(body(cosine, 'def fit(')).toEqual(expect.arrayContaining(['scheduler = make_scheduler(optimizer, steps)', 'scheduler.step()']));
  });

  it('adds the L1/L2 penalty of the Linear weights to the loss before clipping', () => {
    const source = trainPy({ l1: 0.001, l2: 0.01, clipNorm: 2 });
    expect(body(source, 'def penalty(model):')).toEqual(
      expect.arrayContaining([
        'weights = [module.weight for module in model.modules() if isinstance(module, nn.Linear)]',
        'return sum(L1 * w.abs().sum() + L2 / 2 * w.pow(2).sum() for w in weights)',
      ]),
    );
    const step = body(source, 'def train_step(');
    expect(step.indexOf('(losses.mean() + penalty(model)).backward()')).toBeLessThan(step.indexOf('nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)'));
    expect(trainPy({})).not.toMatch(/def penalty|CLIP_NORM|^from torch import nn$/m);
  });

  it('writes each loss with Netoscope’s reduction: summed over the outputs, averaged over the batch', () => {
    const withLoss = (loss: string, target = 'labels') =>
      trainPy({}, (doc) => {
        doc.graph.nodes.find((candidate) => candidate.kind === 'output')!.params = { loss, target };
        if (target === 'input') doc.graph.nodes.find((candidate) => candidate.id === 'logits')!.params.units = 2;
      });
    expect(body(withLoss('softmax-cross-entropy'), 'def per_example_loss')).toContain('return F.cross_entropy(outputs, labels, reduction="none")');
    expect(body(withLoss('mse'), 'def per_example_loss')).toEqual(
      expect.arrayContaining(['targets = F.one_hot(labels, CLASSES).to(outputs.dtype)', 'return 0.5 * (outputs - targets).pow(2).sum(1)']),
    );
    expect(body(withLoss('sigmoid-binary-cross-entropy', 'input'), 'def per_example_loss(outputs, inputs)')).toContain(
      'return F.binary_cross_entropy_with_logits(outputs, inputs, reduction="none").sum(1)',
    );
  });

  it('orders batches as the document samples them', () => {
    expect(body(trainPy({ sampling: 'shuffled' }), 'def batch_indices')).toContain('yield from torch.randperm(len(labels)).split(BATCH_SIZE)');
    expect(body(trainPy({ sampling: 'class-sorted' }), 'def batch_indices')).toContain('order = torch.sort(labels, stable=True).indices');
    expect(trainPy({ sampling: 'class-balanced' })).toContain('def shuffled_forever(indices):');
    const emphasis = trainPy({ sampling: 'emphasize-errors', emphasisCap: 10 });
    expect(emphasis).toContain('EMPHASIS_CAP = 10.0');
    expect(body(emphasis, 'def fit(')).toEqual(expect.arrayContaining(['batch = sampler.draw()', 'sampler.record(batch, losses)']));
  });

  it('reads MNIST from its IDX files, and writes every other dataset’s rows to CSV files', () => {
    const mnist = exported(presetCases().find((testCase) => testCase.name === 'g-dropout')!.document);
    expect(mnist.map((file) => file.name)).toEqual(['model.py', 'train.py']);
    expect(body(text(mnist, 'train.py'), 'def load_data')).toContain('train_x, train_y = read_mnist(Path(folder), "train", 1000)');
    expect(text(mnist, 'train.py')).toContain('F.avg_pool2d(images.double().unsqueeze(1), 2).float()');

    const spirals = exported(newDocument());
    expect(spirals.map((file) => file.name)).toEqual(['model.py', 'train.py', 'train.csv', 'test.csv']);
    const raw = rawSplit({ kind: 'spirals', pointsPerClass: 200, noise: 0.1, testFraction: 0.2 }, 1);
    const rows = text(spirals, 'train.csv').trim().split('\n');
    expect(rows[0]).toBe('x1,x2,label');
    expect(rows).toHaveLength(raw.train.rows + 1);
    const parsed = rows.slice(1).map((row) => row.split(',').map(Number));
    expect(Float32Array.from(parsed.flatMap((row) => row.slice(0, 2)))).toEqual(raw.train.features);
    expect(Int32Array.from(parsed.map((row) => row[2]))).toEqual(raw.train.labels);
  });

  it('names no module, constant or function it does not use, for every preset and random graph', () => {
    const cases = [...presetCases(), ...Array.from({ length: 30 }, (_, i) => randomCase(100 + i))];
    for (const { name, document } of cases) {
      for (const file of exported(document, { weights: null }).filter((candidate) => candidate.name.endsWith('.py'))) {
        const source = file.data as string;
        const bound = [
          ...[...source.matchAll(/^import (?:[\w.]+ as )?(\w+)$/gm)].map((match) => match[1]),
          ...[...source.matchAll(/^from [\w.]+ import (.+)$/gm)].flatMap((match) => match[1].split(', ')),
          ...[...source.matchAll(/^([A-Z_]+) = /gm)].map((match) => match[1]),
          ...[...source.matchAll(/^(?:def|class) (\w+)/gm)].map((match) => match[1]).filter((defined) => !['main', 'Net', 'load_weights'].includes(defined)),
        ];
        const library = ['train_step', 'evaluate', 'load_data', 'make_optimizer'];
        for (const identifier of bound) {
          const uses = source.match(new RegExp(`\\b${identifier}\\b`, 'g'))!.length;
          expect(uses > 1 || library.includes(identifier), `${name} ${file.name}: ${identifier} is never used`).toBe(true);
        }
      }
    }
  });
});

describe('refusals', () => {
  it('refuses a BatchNorm that PyTorch would have to normalise over a batch of one row, naming the node', () => {
    const doc = withOneRowBatchNorm(newDocument());
    const result = exportToPyTorch(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ nodeId: 'bn', message: expect.stringContaining('batch of one row (80 training rows, batches of 79)') }]);
    doc.training.batchSize = 16;
    expect(exportToPyTorch(doc).ok).toBe(true);
  });

  it('refuses a network without layers, and passes compile errors on with their nodes', () => {
    const empty = documentWith([node('input', 'input'), node('output', 'output', { loss: 'mse', target: 'input' })], [['input', 'output']]);
    const result = exportToPyTorch(empty);
    expect(result.ok ? [] : result.problems).toEqual([{ nodeId: 'output', message: expect.stringContaining('no layer') }]);

    const broken = newDocument();
    broken.graph.nodes[1].params.units = 0;
    const compiled = compile(broken);
    const refused = exportToPyTorch(broken);
    expect(refused.ok ? [] : refused.problems).toEqual(compiled.ok ? [] : compiled.errors);
    expect(refused.ok ? [] : refused.problems.map((problem) => problem.nodeId)).toContain('dense1');
  });

  it('refuses weights trained for another network, naming the node where they differ', () => {
    const doc = newDocument();
    const plan = compile(doc);
    if (!plan.ok) throw new Error('does not compile');
    const weights = trainedParameters(createTrainer(plan.plan));
    doc.graph.nodes.find((candidate) => candidate.id === 'dense2')!.params.units = 16;
    const result = exportToPyTorch(doc, { weights });
    expect(result.ok ? [] : result.problems).toEqual([{ nodeId: 'dense2', message: expect.stringContaining("do not fit node 'dense2'") }]);
  });
});

describe('weights', () => {
  it('writes the trained parameters and BatchNorm statistics as a state_dict: names, [out × in] shapes, float32 little-endian', () => {
    const doc = presetCases().find((testCase) => testCase.name === 'h-batchnorm')!.document;
    doc.dataset = { kind: 'spirals', pointsPerClass: 50, noise: 0.1, testFraction: 0.2 };
    doc.graph.nodes.find((candidate) => candidate.id === 'logits')!.params.units = 2;
    const compiled = compile(doc);
    if (!compiled.ok) throw new Error(compiled.errors[0].message);
    const trainer = createTrainer(compiled.plan, { data: createDataset(doc.dataset, 1) });
    for (let i = 0; i < 3; i++) trainer.step();
    const files = exported(doc, { weights: trainedParameters(trainer) });
    const folder = mkdtempSync(path.join(tmpdir(), 'netoscope-weights-'));
    try {
      for (const file of files) writeFileSync(path.join(folder, file.name), file.data);
      const { meta, tensors } = readTensors(path.join(folder, 'weights.json'));
      expect(meta).toMatchObject({ format: 'netoscope-tensors', version: 1, step: 3, dtype: 'float32', byteOrder: 'little' });
      expect([...tensors.keys()]).toEqual([
        'dense1.weight',
        'bn1.weight',
        'bn1.bias',
        'bn1.running_mean',
        'bn1.running_var',
        'dense2.weight',
        'bn2.weight',
        'bn2.bias',
        'bn2.running_mean',
        'bn2.running_var',
        'dense3.weight',
        'bn3.weight',
        'bn3.bias',
        'bn3.running_mean',
        'bn3.running_var',
        'logits.weight',
        'logits.bias',
      ]);
      const [dense1, bn1] = [trainer.layers[0], trainer.layers[1] as unknown as { runningVariance: Float32Array; parameters: { value: Float32Array }[] }];
      expect(tensors.get('dense1.weight')).toEqual(dense1.parameters[0].value);
      expect(tensors.get('bn1.weight')).toEqual(bn1.parameters[0].value);
      expect(tensors.get('bn1.running_var')).toEqual(bn1.runningVariance);
      expect(text(files, 'weights.json')).toContain('{"name": "dense1.weight", "shape": [100, 2], "offset": 0}');
      expect(text(files, 'model.py')).toContain('def load_weights(model, path):');
      expect(text(files, 'train.py')).toContain('from model import Net, load_weights');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
