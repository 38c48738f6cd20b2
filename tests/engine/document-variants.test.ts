import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import type { CompiledPlan } from '../../engine/document/plan';
import { readDocument, writeDocument } from '../../engine/document/read';
import type { GraphNode, NetDocument } from '../../engine/document/types';
import { validateDocument } from '../../engine/document/validate';
import { applyVariant, expandVariants, variantsAlong, type VariantSweep } from '../../engine/document/variants';
import { createTrainer, type Trainer } from '../../engine/train';

const node = (id: string, kind: GraphNode['kind'], params: GraphNode['params'] = {}): GraphNode => ({ id, kind, params, position: { x: 0, y: 0 } });
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

/** A small spirals net with a BatchNorm and a Dropout: dense1 → bn → act1 → drop → dense2 → act2 → logits. */
function baseDocument(): NetDocument {
  const doc = newDocument();
  doc.dataset = { kind: 'spirals', pointsPerClass: 60, noise: 0.1, testFraction: 0.25 };
  doc.training.batchSize = 16;
  doc.graph.nodes.push(node('bn', 'batchnorm'), node('drop', 'dropout', { rate: 0.1 }));
  doc.graph.edges = doc.graph.edges.filter((e) => e.target !== 'act1' && e.target !== 'dense2');
  doc.graph.edges.push(edge('dense1', 'bn'), edge('bn', 'act1'), edge('act1', 'drop'), edge('drop', 'dense2'));
  return doc;
}

function withSweep(sweep: VariantSweep): NetDocument {
  return { ...baseDocument(), variants: variantsAlong(sweep) };
}

function planOf(doc: NetDocument): CompiledPlan {
  const result = compile(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

const paramsOf = (doc: NetDocument, kind: GraphNode['kind']) => doc.graph.nodes.filter((n) => n.kind === kind).map((n) => n.params);

/** The batches `steps` training steps draw, and the trainer after them. */
function train(doc: NetDocument, steps: number): { batches: { features: number[]; labels: number[] }[]; trainer: Trainer } {
  const trainer = createTrainer(planOf(doc));
  const batches = [];
  for (let step = 0; step < steps; step++) {
    trainer.step();
    const batch = trainer.lastBatch();
    batches.push({ features: Array.from(batch.features), labels: Array.from(batch.labels) });
  }
  return { batches, trainer };
}

const denseWeights = (trainer: Trainer, nodeId: string): number[] => Array.from(trainer.tensors(nodeId)!.parameters.find((p) => p.name === 'weight')!.value);

describe('expandVariants', () => {
  it('gives the base document alone, without variants, when there are none', () => {
    const doc = baseDocument();
    expect(expandVariants(doc)).toEqual([{ name: doc.name, document: doc }]);
    expect(expandVariants({ ...doc, variants: [] })).toEqual([{ name: doc.name, document: doc }]);
  });

  it('sets the initializer of every Dense layer and nothing else', () => {
    const doc = withSweep({ axis: 'initializer', values: [{ kind: 'xavier-uniform' }, { kind: 'he-normal', fan: 'in' }, { kind: 'normal', mean: 0, std: 0.01 }] });
    expect(validateDocument(doc)).toEqual([]);
    const variants = expandVariants(doc);
    expect(variants.map((v) => v.name)).toEqual(['xavier-uniform', 'he-normal', 'normal(0, 0.01)']);
    expect(paramsOf(variants[2].document, 'dense').map((params) => [params.init, params.initMean, params.initStd])).toEqual([
      ['normal', 0, 0.01],
      ['normal', 0, 0.01],
      ['normal', 0, 0.01],
    ]);
    const plans = variants.map((v) => planOf(v.document));
    expect(plans.map((plan) => plan.layers.filter((l) => l.kind === 'dense').map((l) => l.kind === 'dense' && l.init))).toEqual([
      [{ kind: 'xavier-uniform' }, { kind: 'xavier-uniform' }, { kind: 'xavier-uniform' }],
      [{ kind: 'he-normal', fan: 'in' }, { kind: 'he-normal', fan: 'in' }, { kind: 'he-normal', fan: 'in' }],
      [{ kind: 'normal', mean: 0, std: 0.01 }, { kind: 'normal', mean: 0, std: 0.01 }, { kind: 'normal', mean: 0, std: 0.01 }],
    ]);
    // Apart from the initializers, the plans are the same.
    const withoutInit = (plan: CompiledPlan) => ({ ...plan, layers: plan.layers.map((l) => (l.kind === 'dense' ? { ...l, init: null, initDescription: null } : l)) });
    expect(withoutInit(plans[1])).toEqual(withoutInit(plans[0]));
    expect(withoutInit(plans[2])).toEqual(withoutInit(plans[0]));
  });

  it('removes the BatchNorm nodes and wires each one’s input to its consumers, keeping the edge ids', () => {
    const [withBn, withoutBn] = expandVariants(withSweep({ axis: 'batchnorm', values: [true, false] }));
    expect([withBn.name, withoutBn.name]).toEqual(['with BatchNorm', 'without BatchNorm']);
    expect(withBn.document.graph).toEqual(baseDocument().graph);
    expect(withoutBn.document.graph.nodes.map((n) => n.id)).not.toContain('bn');
    expect(withoutBn.document.graph.edges).toContainEqual({ id: 'bn->act1', source: 'dense1', target: 'act1' });
    expect(withoutBn.document.graph.edges.some((e) => e.source === 'bn' || e.target === 'bn')).toBe(false);
    const plan = planOf(withoutBn.document);
    expect(plan.layers.map((l) => l.nodeId)).toEqual(['dense1', 'act1', 'drop', 'dense2', 'act2', 'logits']);
    expect(plan.edgeShapes['bn->act1']).toEqual({ width: 32 });
  });

  it('sets the dropout rate, the activation of every hidden layer, or the learning rate', () => {
    const dropout = expandVariants(withSweep({ axis: 'dropout', values: [0, 0.2, 0.4] }));
    expect(dropout.map((v) => [v.name, paramsOf(v.document, 'dropout')[0].rate])).toEqual([
      ['dropout 0', 0],
      ['dropout 0.2', 0.2],
      ['dropout 0.4', 0.4],
    ]);
    const activation = expandVariants(withSweep({ axis: 'activation', values: ['relu', 'sigmoid'] }));
    expect(activation.map((v) => [v.name, paramsOf(v.document, 'activation').map((p) => p.fn)])).toEqual([
      ['ReLU', ['relu', 'relu']],
      ['Sigmoid', ['sigmoid', 'sigmoid']],
    ]);
    const rates = expandVariants(withSweep({ axis: 'learningRate', values: [0.01, 1] }));
    expect(rates.map((v) => [v.name, v.document.training])).toEqual([
      ['learning rate 0.01', { ...baseDocument().training, learningRate: 0.01 }],
      ['learning rate 1', { ...baseDocument().training, learningRate: 1 }],
    ]);
  });

  it('applies a variant’s patches in order, to a copy', () => {
    const doc = baseDocument();
    const before = writeDocument(doc);
    const variant = applyVariant(doc, {
      name: 'lean',
      patches: [
        { op: 'remove-nodes', nodes: { ids: ['drop', 'bn'] } },
        { op: 'set-params', nodes: { ids: ['dense1', 'dense2'] }, params: { units: 8 } },
        { op: 'set-training', training: { optimizer: 'adam', batchSize: 8 } },
      ],
    });
    expect(writeDocument(doc)).toBe(before);
    expect(variant.name).toBe('Two spirals · lean');
    expect(variant.graph.nodes.map((n) => [n.id, n.params.units])).toEqual([
      ['input', undefined],
      ['dense1', 8],
      ['act1', undefined],
      ['dense2', 8],
      ['act2', undefined],
      ['logits', 2],
      ['output', undefined],
    ]);
    expect(variant.training).toMatchObject({ optimizer: 'adam', batchSize: 8, seed: doc.training.seed });
    expect(planOf(variant).layers.map((l) => `${l.nodeId}:${l.outWidth}`)).toEqual(['dense1:8', 'act1:8', 'dense2:8', 'act2:8', 'logits:2']);
  });

  it('round-trips a document with variants through its file and expands it the same', () => {
    const doc = withSweep({ axis: 'initializer', values: [{ kind: 'orthogonal', gain: 1 }, { kind: 'he-uniform', fan: 'out' }] });
    const read = readDocument(writeDocument(doc));
    expect(read.ok && expandVariants(read.document)).toEqual(expandVariants(doc));
    expect(expandVariants(doc).map((v) => v.name)).toEqual(['orthogonal(gain 1)', 'he-uniform (fan_out)']);
  });
});

describe('variants share the seed: same data, same batches, only the named thing differs', () => {
  const STEPS = 12;

  it('initializers: the same batches, different initial weights', () => {
    const [xavier, small] = expandVariants(withSweep({ axis: 'initializer', values: [{ kind: 'xavier-uniform' }, { kind: 'normal', mean: 0, std: 0.01 }] }));
    const a = createTrainer(planOf(xavier.document));
    const b = createTrainer(planOf(small.document));
    expect(Array.from(b.data.train.features)).toEqual(Array.from(a.data.train.features));
    expect(denseWeights(a, 'dense1')).not.toEqual(denseWeights(b, 'dense1'));
    expect(train(small.document, STEPS).batches).toEqual(train(xavier.document, STEPS).batches);
  });

  it('learning rates: the same batches and the same initial weights, then different weights', () => {
    const [slow, fast] = expandVariants(withSweep({ axis: 'learningRate', values: [0.01, 0.5] }));
    expect(denseWeights(createTrainer(planOf(slow.document)), 'dense1')).toEqual(denseWeights(createTrainer(planOf(fast.document)), 'dense1'));
    const a = train(slow.document, STEPS);
    const b = train(fast.document, STEPS);
    expect(b.batches).toEqual(a.batches);
    expect(denseWeights(b.trainer, 'dense1')).not.toEqual(denseWeights(a.trainer, 'dense1'));
  });

  it('with and without BatchNorm, and dropout rates: the same batches and the same initial Dense weights', () => {
    for (const sweep of [{ axis: 'batchnorm', values: [true, false] }, { axis: 'dropout', values: [0, 0.4] }] as VariantSweep[]) {
      const [first, second] = expandVariants(withSweep(sweep));
      expect(denseWeights(createTrainer(planOf(second.document)), 'dense2')).toEqual(denseWeights(createTrainer(planOf(first.document)), 'dense2'));
      expect(train(second.document, STEPS).batches).toEqual(train(first.document, STEPS).batches);
    }
  });
});
