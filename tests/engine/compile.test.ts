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
  it('compiles newDocument() into a chain of layers with inferred widths', () => {
    const result = compile(newDocument());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan).toMatchObject({ inputNodeId: 'input', inputWidth: 2, outputNodeId: 'output', classes: 2 });
    expect(result.plan.layers).toEqual([
      { kind: 'dense', nodeId: 'dense1', inWidth: 2, units: 32 },
      { kind: 'activation', nodeId: 'act1', width: 32, fn: 'tanh' },
      { kind: 'dense', nodeId: 'dense2', inWidth: 32, units: 32 },
      { kind: 'activation', nodeId: 'act2', width: 32, fn: 'tanh' },
      { kind: 'dense', nodeId: 'logits', inWidth: 32, units: 2 },
    ]);
    expect(result.plan.training).toEqual(newDocument().training);
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

  it('reports a missing Output without a nodeId', () => {
    const doc = edited((d) => {
      d.graph.nodes = d.graph.nodes.filter((n) => n.id !== 'output');
      d.graph.edges = d.graph.edges.filter((e) => e.target !== 'output');
    });
    expect(errorsOf(compile(doc))).toEqual([{ message: 'The network has no Output node: add one from the palette.' }]);
  });

  it('reports a missing Input without a nodeId', () => {
    const doc = edited((d) => {
      d.graph.nodes = d.graph.nodes.filter((n) => n.id !== 'input');
      d.graph.edges = d.graph.edges.filter((e) => e.source !== 'input');
    });
    expect(errorsOf(compile(doc))).toEqual([{ message: 'The network has no Input node: add one from the palette.' }]);
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
      { nodeId: 'act1', field: 'fn', message: "Activation 'act1': Function must be one of Sigmoid, Tanh, ReLU (got 'swish')." },
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
      d.dataset.noise = -0.1;
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
    const doc = edited((d) => (d.dataset.testFraction = 0.001));
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
});
