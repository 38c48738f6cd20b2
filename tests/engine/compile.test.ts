import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import type { CompileError, CompileResult } from '../../engine/document/plan';
import type { GraphNode, NetDocument } from '../../engine/document/types';

function errorsOf(result: CompileResult): CompileError[] {
  if (result.ok) throw new Error('expected the document not to compile');
  return result.errors;
}

/** newDocument() with its graph edited. */
function edited(edit: (doc: NetDocument) => void): NetDocument {
  const doc = newDocument();
  edit(doc);
  return doc;
}

const node = (id: string, kind: GraphNode['kind'], params: GraphNode['params'] = {}): GraphNode => ({ id, kind, params, position: { x: 0, y: 0 } });
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

describe('compile', () => {
  it('compiles newDocument() into a chain of layers with inferred widths, costs and settings', () => {
    const result = compile(newDocument());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan).toMatchObject({ inputNodeId: 'input', inputWidth: 2, outputNodeId: 'output', lossInput: 'logits', loss: 'softmax-cross-entropy', classes: 2 });
    const init = { kind: 'pytorch-default' };
    expect(result.plan.layers).toEqual([
      {
        kind: 'dense',
        nodeId: 'dense1',
        inputs: ['input'],
        outWidth: 32,
        parameterCount: 2 * 32 + 32,
        flops: { forward: 2 * 64 + 32, backward: 4 * 64 + 32 },
        inWidth: 2,
        units: 32,
        bias: true,
        init,
        initDescription: 'PyTorch default: U(±1/sqrt(2)), std = 1/sqrt(3·2) = 0.408',
      },
      { kind: 'activation', nodeId: 'act1', inputs: ['dense1'], outWidth: 32, parameterCount: 0, flops: { forward: 32, backward: 96 }, fn: 'tanh' },
      expect.objectContaining({ kind: 'dense', nodeId: 'dense2', inputs: ['act1'], inWidth: 32, units: 32, parameterCount: 32 * 32 + 32 }),
      expect.objectContaining({ kind: 'activation', nodeId: 'act2', inputs: ['dense2'], fn: 'tanh' }),
      expect.objectContaining({ kind: 'dense', nodeId: 'logits', inputs: ['act2'], inWidth: 32, units: 2, outWidth: 2 }),
    ]);
    expect(result.plan.training).toEqual({
      optimizer: { kind: 'sgd' },
      learningRate: 0.1,
      schedule: { kind: 'constant' },
      l1: 0,
      l2: 0,
      clipNorm: 0,
      batchSize: 32,
      steps: 3000,
      seed: 1,
      shuffle: true,
      sampling: { kind: 'shuffled' },
      reportEvery: 10,
    });
  });

  it('follows the edges, not the order of the node list', () => {
    const doc = edited((d) => d.graph.nodes.reverse());
    const result = compile(doc);
    expect(result.ok && result.plan.layers.map((layer) => layer.nodeId)).toEqual(['dense1', 'act1', 'dense2', 'act2', 'logits']);
  });

  it('reports a node that is not connected', () => {
    const doc = edited((d) => d.graph.nodes.push(node('dense3', 'dense', { units: 8 })));
    expect(errorsOf(compile(doc))).toEqual([{ nodeId: 'dense3', message: "Dense 'dense3' is not connected: it is on no path from the Input to the Output." }]);
  });

  it('reports a dangling branch as not leading to the Output', () => {
    const doc = edited((d) => {
      d.graph.nodes.push(node('dense3', 'dense', { units: 8 }));
      d.graph.edges.push(edge('act1', 'dense3'));
    });
    expect(errorsOf(compile(doc))).toEqual([{ nodeId: 'dense3', message: "Dense 'dense3' is not connected: its output does not lead to the Output." }]);
  });

  it('reports every node of a cycle', () => {
    const doc = edited((d) => {
      d.graph.nodes.push(node('loopA', 'dense', { units: 4 }), node('loopB', 'activation', { fn: 'relu' }));
      d.graph.edges.push(edge('loopA', 'loopB'), edge('loopB', 'loopA'));
    });
    const errors = errorsOf(compile(doc));
    expect(errors).toEqual([
      { nodeId: 'loopA', message: expect.stringContaining("Dense 'loopA' is part of a cycle ('loopA' → 'loopB' → 'loopA')") },
      { nodeId: 'loopB', message: expect.stringContaining("Activation 'loopB' is part of a cycle ('loopB' → 'loopA' → 'loopB')") },
    ]);
  });

  it('reports a cycle through the main chain, including a self-loop', () => {
    const doc = edited((d) => {
      d.graph.edges = d.graph.edges.filter((e) => e.target !== 'dense2');
      d.graph.edges.push(edge('dense2', 'dense2'));
    });
    const errors = errorsOf(compile(doc));
    expect(errors.filter((e) => e.message.includes('cycle')).map((e) => e.nodeId)).toEqual(['dense2']);
  });

  it('reports a missing Output, and the end of the network that has no loss on its node', () => {
    const doc = edited((d) => {
      d.graph.nodes = d.graph.nodes.filter((n) => n.id !== 'output');
      d.graph.edges = d.graph.edges.filter((e) => e.target !== 'output');
    });
    expect(errorsOf(compile(doc))).toEqual([
      { message: 'The network has no Output node: add one from the palette.' },
      { nodeId: 'logits', message: "Dense 'logits' ends the network without a loss: connect it to an Output node." },
    ]);
  });

  it('reports a missing Input, and the layer left without input on its node', () => {
    const doc = edited((d) => {
      d.graph.nodes = d.graph.nodes.filter((n) => n.id !== 'input');
      d.graph.edges = d.graph.edges.filter((e) => e.source !== 'input');
    });
    expect(errorsOf(compile(doc))).toEqual([
      { message: 'The network has no Input node: add one from the palette.' },
      { nodeId: 'dense1', message: "Dense 'dense1' has no input: the network has no Input node to feed it." },
    ]);
  });

  it('reports each of two Inputs', () => {
    const doc = edited((d) => {
      d.graph.nodes.push(node('input2', 'input'));
      d.graph.edges.push(edge('input2', 'act2'));
    });
    const errors = errorsOf(compile(doc));
    expect(errors).toContainEqual({ nodeId: 'input', message: "Input 'input' is one of 2 Input nodes; a network has exactly one: delete the others." });
    expect(errors).toContainEqual({ nodeId: 'input2', message: "Input 'input2' is one of 2 Input nodes; a network has exactly one: delete the others." });
  });

  it('reports two inputs into a Dense', () => {
    const doc = edited((d) => d.graph.edges.push(edge('act1', 'logits')));
    expect(errorsOf(compile(doc))).toEqual([
      { nodeId: 'logits', message: "Dense 'logits' takes 1 input but has 2 (Activation 'act2', Activation 'act1'): remove the extra edges." },
    ]);
  });

  it('reports an edge into the Input and an edge out of the Output', () => {
    const doc = edited((d) => {
      d.graph.nodes.push(node('extra', 'activation', { fn: 'relu' }));
      d.graph.edges.push(edge('output', 'extra'), edge('extra', 'input'));
    });
    const errors = errorsOf(compile(doc));
    expect(errors).toContainEqual({ nodeId: 'input', message: "Input 'input' takes no input, but is fed by Activation 'extra': remove the incoming edge." });
    expect(errors).toContainEqual({ nodeId: 'output', message: expect.stringContaining("Output 'output' is the end of the network") });
  });

  it('reports edges naming missing nodes', () => {
    const doc = edited((d) => d.graph.edges.push({ id: 'ghost', source: 'act2', target: 'nowhere' }));
    expect(errorsOf(compile(doc))).toEqual([{ nodeId: 'act2', message: "Edge 'ghost' connects to a missing node 'nowhere': delete the edge." }]);
  });

  it('reports unknown node kinds', () => {
    const doc = edited((d) => d.graph.nodes.push({ ...node('conv', 'dense'), kind: 'conv2d' as GraphNode['kind'] }));
    expect(errorsOf(compile(doc))).toEqual([{ nodeId: 'conv', message: "Node 'conv' has an unknown kind 'conv2d'." }]);
  });

  it('reports an unknown kind in the middle of the network, and nothing about the widths after it', () => {
    const doc = edited((d) => ((d.graph.nodes.find((n) => n.id === 'act1') as { kind: string }).kind = 'conv2d'));
    expect(errorsOf(compile(doc))).toEqual([{ nodeId: 'act1', message: "Node 'act1' has an unknown kind 'conv2d'." }]);
  });

  it('asks for a Dense with one unit per class when the Output gets the wrong width', () => {
    const doc = edited((d) => {
      d.graph.nodes = d.graph.nodes.filter((n) => n.id !== 'logits');
      d.graph.edges = [...d.graph.edges.filter((e) => e.source !== 'logits' && e.target !== 'logits'), edge('act2', 'output')];
    });
    expect(errorsOf(compile(doc))).toEqual([
      { nodeId: 'output', message: "Output expects 2 features (one per class of Two spirals) but gets 32: add a Dense layer with 2 units before it." },
    ]);
  });

  it('asks to change the units of the last Dense when it has the wrong width', () => {
    const doc = edited((d) => (d.graph.nodes.find((n) => n.id === 'logits')!.params.units = 3));
    expect(errorsOf(compile(doc))).toEqual([
      { nodeId: 'output', message: "Output expects 2 features (one per class of Two spirals) but gets 3: set the units of Dense 'logits' to 2." },
    ]);
  });

  it('reports bad parameters with the node and the field', () => {
    const doc = edited((d) => {
      d.graph.nodes.find((n) => n.id === 'dense1')!.params.units = 0;
      d.graph.nodes.find((n) => n.id === 'act1')!.params.fn = 'swish';
      d.graph.nodes.find((n) => n.id === 'dense2')!.params.units = 2.5;
    });
    expect(errorsOf(compile(doc))).toEqual([
      { nodeId: 'dense1', field: 'units', message: "Dense 'dense1': Units must be a whole number from 1 to 4096 (got 0)." },
      { nodeId: 'act1', field: 'fn', message: "Activation 'act1': Function must be one of Sigmoid, Tanh, ReLU, Leaky ReLU, ELU, Softplus, Identity (got 'swish')." },
      { nodeId: 'dense2', field: 'units', message: "Dense 'dense2': Units must be a whole number from 1 to 4096 (got 2.5)." },
    ]);
  });

  it('names a node by its label when it has one', () => {
    const doc = edited((d) => {
      const dense = d.graph.nodes.find((n) => n.id === 'dense1')!;
      dense.label = 'Hidden';
      dense.params.units = -1;
    });
    expect(errorsOf(compile(doc))[0]).toEqual({ nodeId: 'dense1', field: 'units', message: "Dense 'Hidden': Units must be a whole number from 1 to 4096 (got -1)." });
  });

  it('reports bad training and dataset settings with their field', () => {
    const doc = edited((d) => {
      d.training.learningRate = 0;
      d.training.batchSize = 1.5;
      d.training.steps = -3;
      d.training.reportEvery = Number.NaN;
      d.dataset = { ...d.dataset, kind: 'spirals', noise: -0.1, pointsPerClass: 200, testFraction: 0.2 };
    });
    expect(errorsOf(compile(doc))).toEqual([
      { field: 'dataset.noise', message: 'Noise must be a number of at least 0 (got -0.1).' },
      { field: 'training.learningRate', message: 'Learning rate must be a number greater than 0 (got 0).' },
      { field: 'training.batchSize', message: 'Batch size must be a whole number of at least 1 (got 1.5).' },
      { field: 'training.steps', message: 'Steps must be a whole number of at least 1 (got -3).' },
      { field: 'training.reportEvery', message: 'Report every must be a whole number of at least 1 (got NaN).' },
    ]);
  });

  it('reports a test fraction that leaves one side empty', () => {
    const doc = edited((d) => (d.dataset = { kind: 'spirals', pointsPerClass: 200, noise: 0.1, testFraction: 0.001 }));
    expect(errorsOf(compile(doc))).toEqual([{ field: 'dataset.testFraction', message: 'Test fraction 0.001 of 400 examples leaves no test examples.' }]);
  });

  it('reports all problems at once', () => {
    const doc = edited((d) => {
      d.graph.nodes.push(node('dense3', 'dense', { units: 8 }));
      d.graph.nodes.find((n) => n.id === 'dense1')!.params.units = 0;
      d.training.learningRate = -1;
    });
    expect(errorsOf(compile(doc)).map((e) => e.nodeId ?? e.field)).toEqual(['dense1', 'dense3', 'training.learningRate']);
  });

  it('never throws, whatever it is given', () => {
    const garbage: unknown[] = [
      null,
      42,
      'doc',
      [],
      {},
      { graph: null },
      { graph: { nodes: 'x', edges: [] } },
      { graph: { nodes: [null, 1, { id: 5 }, { id: 'a', kind: 'dense', params: null }], edges: [null, { source: 1 }, { source: 'a', target: 'a' }] } },
      { graph: { nodes: [{ id: 'i', kind: 'input' }, { id: 'o', kind: 'output' }], edges: [edge('i', 'o')] }, dataset: { kind: 'mnist' }, training: [] },
      { ...newDocument(), dataset: { kind: 'spirals' }, training: { learningRate: '0.1' } },
      { ...newDocument(), graph: { nodes: [...newDocument().graph.nodes, newDocument().graph.nodes[1]], edges: newDocument().graph.edges } },
    ];
    for (const input of garbage) {
      const result = compile(input as NetDocument);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) expect(typeof error.message).toBe('string');
      }
    }
  });

  it('compiles Input wired straight to the Output when the widths agree', () => {
    const doc = edited((d) => {
      d.graph.nodes = [node('in', 'input'), node('out', 'output')];
      d.graph.edges = [edge('in', 'out')];
    });
    const result = compile(doc);
    expect(result.ok && result.plan.layers).toEqual([]);
  });

  it('handles a long chain without overflowing the stack', () => {
    const doc = edited((d) => {
      const middle = Array.from({ length: 20_000 }, (_, i) => node(`a${i}`, 'activation', { fn: 'relu' }));
      d.graph.nodes = [node('in', 'input'), ...middle, node('out', 'output')];
      d.graph.edges = d.graph.nodes.slice(1).map((n, i) => edge(d.graph.nodes[i].id, n.id));
    });
    const result = compile(doc);
    expect(result.ok && result.plan.layers.length).toBe(20_000);
  });

  it('reports a drop probability outside [0, 1) on the Dropout node and its field', () => {
    const doc = withDropout({ rate: 1 });
    expect(errorsOf(compile(doc))).toEqual([
      { nodeId: 'drop', field: 'rate', message: "Dropout 'drop': Drop probability (rate) must be a number of at least 0 and below 1 (got 1)." },
    ]);
    (doc.graph.nodes.find((n) => n.id === 'drop')!.params.rate as number) = -0.1;
    expect(errorsOf(compile(doc)).map((e) => [e.nodeId, e.field])).toEqual([['drop', 'rate']]);
  });

  it('refuses a Dropout that feeds the Output: the output layer is never dropped', () => {
    const doc = edited((d) => {
      d.graph.nodes.push(node('drop', 'dropout', { rate: 0.5 }));
      d.graph.edges = [...d.graph.edges.filter((e) => e.target !== 'output'), edge('logits', 'drop'), edge('drop', 'output')];
    });
    expect(errorsOf(compile(doc))).toEqual([{ nodeId: 'drop', message: expect.stringContaining("Dropout 'drop' feeds the Output directly") }]);
  });

  it('reports a BatchNorm trained with batches of one row', () => {
    const doc = withBatchNorm();
    doc.training.batchSize = 1;
    expect(errorsOf(compile(doc))).toEqual([
      {
        nodeId: 'bn',
        message: "BatchNorm 'bn' normalises over the mini-batch, which needs at least 2 rows while training, but the batch size is 1: raise the batch size.",
      },
    ]);
    doc.training.batchSize = 2;
    expect(compile(doc).ok).toBe(true);
  });

  it('reports an Add or a Concat with a single input', () => {
    for (const kind of ['add', 'concat'] as const) {
      const doc = edited((d) => {
        d.graph.nodes.push(node('merge', kind));
        d.graph.edges = [...d.graph.edges.filter((e) => e.target !== 'logits'), edge('act2', 'merge'), edge('merge', 'logits')];
      });
      const title = kind === 'add' ? 'Add' : 'Concat';
      expect(errorsOf(compile(doc))).toEqual([
        { nodeId: 'merge', message: `${title} 'merge' combines two or more inputs but has only 1 (Activation 'act2'): connect another layer, or delete the node.` },
      ]);
    }
  });

  it('reports an Add of unequal widths on the Add node, naming both widths', () => {
    const doc = withSkip();
    doc.graph.nodes.find((n) => n.id === 'dense2')!.params.units = 16;
    expect(errorsOf(compile(doc))).toEqual([
      {
        nodeId: 'sum',
        message: "Add 'sum' sums inputs of equal width, but Activation 'act2' gives 16 features and Activation 'act1' gives 32: make them equal, or use a Concat.",
      },
    ]);
  });

  it('orders a graph with a skip connection topologically and names every input tensor', () => {
    const result = compile(withSkip());
    if (!result.ok) throw new Error(result.errors[0].message);
    const layers = result.plan.layers.map(({ nodeId, inputs, outWidth }) => ({ nodeId, inputs, outWidth }));
    expect(layers).toEqual([
      { nodeId: 'dense1', inputs: ['input'], outWidth: 32 },
      { nodeId: 'act1', inputs: ['dense1'], outWidth: 32 },
      { nodeId: 'dense2', inputs: ['act1'], outWidth: 32 },
      { nodeId: 'act2', inputs: ['dense2'], outWidth: 32 },
      { nodeId: 'sum', inputs: ['act2', 'act1'], outWidth: 32 },
      { nodeId: 'logits', inputs: ['sum'], outWidth: 2 },
    ]);
  });

  it('gives a Concat the sum of its input widths, its inputs in edge order', () => {
    const doc = edited((d) => {
      d.graph.nodes.push(node('cat', 'concat'));
      d.graph.edges = [...d.graph.edges.filter((e) => e.target !== 'logits'), edge('act2', 'cat'), edge('input', 'cat'), edge('cat', 'logits')];
    });
    const result = compile(doc);
    if (!result.ok) throw new Error(result.errors[0].message);
    expect(result.plan.layers.find((layer) => layer.nodeId === 'cat')).toMatchObject({ kind: 'concat', inputs: ['act2', 'input'], inWidths: [32, 2], outWidth: 34 });
    expect(result.plan.layers.find((layer) => layer.nodeId === 'logits')).toMatchObject({ inWidth: 34, parameterCount: 34 * 2 + 2 });
  });

  it('compiles every kind with its parameters into the plan', () => {
    const doc = edited((d) => {
      d.graph.nodes.push(
        node('drop', 'dropout', { rate: 0.25, mode: 'classic' }),
        node('bn', 'batchnorm', { momentum: 0.2, eps: 1e-3, affine: false }),
        node('leaky', 'activation', { fn: 'leaky-relu', slope: 0.2 }),
      );
      d.graph.edges = [
        ...d.graph.edges.filter((e) => e.target !== 'act1' && e.target !== 'logits'),
        edge('dense1', 'bn'),
        edge('bn', 'act1'),
        edge('act2', 'leaky'),
        edge('leaky', 'drop'),
        edge('drop', 'logits'),
      ];
      Object.assign(d.graph.nodes.find((n) => n.id === 'dense1')!.params, { bias: false, init: 'he-normal', initFan: 'out' });
      d.graph.nodes.find((n) => n.id === 'output')!.params.loss = 'mse';
    });
    const result = compile(doc);
    if (!result.ok) throw new Error(result.errors[0].message);
    const byId = (id: string) => result.plan.layers.find((layer) => layer.nodeId === id);
    expect(byId('dense1')).toMatchObject({ bias: false, parameterCount: 64, init: { kind: 'he-normal', fan: 'out' }, initDescription: 'He normal (fan_out): std = sqrt(2/32) = 0.250' });
    expect(byId('bn')).toMatchObject({ kind: 'batchnorm', momentum: 0.2, eps: 1e-3, affine: false, parameterCount: 0, outWidth: 32 });
    expect(byId('leaky')).toEqual(expect.objectContaining({ kind: 'activation', fn: 'leaky-relu', slope: 0.2 }));
    expect(byId('drop')).toMatchObject({ kind: 'dropout', rate: 0.25, mode: 'classic' });
    expect(result.plan.loss).toBe('mse');
  });

  it('ignores parameters that do not apply, and checks those that do', () => {
    const doc = edited((d) => {
      const act = d.graph.nodes.find((n) => n.id === 'act1')!;
      act.params.slope = 'steep';
    });
    expect(compile(doc).ok).toBe(true);
    doc.graph.nodes.find((n) => n.id === 'act1')!.params.fn = 'leaky-relu';
    expect(errorsOf(compile(doc))).toEqual([{ nodeId: 'act1', field: 'slope', message: "Activation 'act1': Negative slope must be a number from 0 to 1 (got 'steep')." }]);
  });

  it('loads a document written before the new parameters and settings existed, with their defaults', () => {
    const doc = edited((d) => {
      for (const n of d.graph.nodes) {
        if (n.kind === 'dense') n.params = { units: n.params.units };
        if (n.kind === 'activation') n.params = { fn: n.params.fn };
        if (n.kind === 'output') n.params = {};
      }
      d.training = { optimizer: 'sgd', learningRate: 0.1, batchSize: 32, steps: 3000, seed: 1, shuffle: true, reportEvery: 10 };
    });
    expect(compile(doc)).toEqual(compile(newDocument()));
  });

  it('resolves the optimizer and schedule settings of the training', () => {
    const doc = edited((d) => {
      Object.assign(d.training, { optimizer: 'adam', beta1: 0.8, schedule: 'step', scheduleEvery: 100, l2: 1e-4, clipNorm: 5, momentum: 'ignored' });
    });
    const result = compile(doc);
    if (!result.ok) throw new Error(result.errors[0].message);
    expect(result.plan.training).toMatchObject({
      optimizer: { kind: 'adam', beta1: 0.8, beta2: 0.999, eps: 1e-8 },
      schedule: { kind: 'step', every: 100, factor: 0.1 },
      l1: 0,
      l2: 1e-4,
      clipNorm: 5,
    });
    doc.training.optimizer = 'momentum';
    expect(errorsOf(compile(doc))).toEqual([{ field: 'training.momentum', message: "Momentum must be a number of at least 0 and below 1 (got 'ignored')." }]);
  });

  it('checks the network against a data shape the caller supplies', () => {
    const doc = edited((d) => (d.graph.nodes.find((n) => n.id === 'logits')!.params.units = 10));
    const result = compile(doc, { dataShape: { title: 'Digits', width: 784, classes: 10 } });
    if (!result.ok) throw new Error(result.errors[0].message);
    expect(result.plan).toMatchObject({ inputWidth: 784, classes: 10 });
    expect(result.plan.layers[0]).toMatchObject({ inWidth: 784, parameterCount: 784 * 32 + 32 });
    expect(errorsOf(compile(newDocument(), { dataShape: { title: 'Digits', width: 784, classes: 10 } }))[0].message).toBe(
      "Output expects 10 features (one per class of Digits) but gets 2: set the units of Dense 'logits' to 10.",
    );
  });
});

/** newDocument() with a Dropout between act2 and logits. */
function withDropout(params: GraphNode['params']): NetDocument {
  return edited((d) => {
    d.graph.nodes.push(node('drop', 'dropout', params));
    d.graph.edges = [...d.graph.edges.filter((e) => e.target !== 'logits'), edge('act2', 'drop'), edge('drop', 'logits')];
  });
}

/** newDocument() with a BatchNorm between dense1 and act1. */
function withBatchNorm(): NetDocument {
  return edited((d) => {
    d.graph.nodes.push(node('bn', 'batchnorm'));
    d.graph.edges = [...d.graph.edges.filter((e) => e.target !== 'act1'), edge('dense1', 'bn'), edge('bn', 'act1')];
  });
}

/** newDocument() with a residual connection: sum = act2 + act1 feeds the logits. */
function withSkip(): NetDocument {
  return edited((d) => {
    d.graph.nodes.push(node('sum', 'add'));
    d.graph.edges = [...d.graph.edges.filter((e) => e.target !== 'logits'), edge('act2', 'sum'), edge('act1', 'sum'), edge('sum', 'logits')];
  });
}
