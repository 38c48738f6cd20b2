import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { defaultParams } from '../../engine/document/nodes';
import type { CompiledPlan } from '../../engine/document/plan';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type NetDocument, type NodeKind, type ParamValue } from '../../engine/document/types';
import { tsKernels } from '../../engine/kernels/ts';
import { createReconstructionLoss } from '../../engine/losses/reconstruction';
import { meanSquaredError } from '../../engine/losses/mse';
import { sigmoidBinaryCrossEntropy } from '../../engine/losses/sigmoid-binary-cross-entropy';
import { createRandom } from '../../engine/random';
import { createTrainer } from '../../engine/train';

/**
 * The Output's `target: 'input'` (an autoencoder): the compiler's checks, the losses against
 * the input batch (exact values, central differences), and the trainer feeding the batch's
 * features as the targets, gradient-checked end to end.
 */

const random = createRandom(77);

/** 40 rows of 3 features in [0, 1] and 2 classes: the input width differs from the classes. */
function csvText(): string {
  const lines = ['a,b,c,label'];
  for (let i = 0; i < 40; i++) lines.push(`${random.uniform(0, 1).toFixed(4)},${random.uniform(0, 1).toFixed(4)},${random.uniform(0, 1).toFixed(4)},${i % 2}`);
  return `${lines.join('\n')}\n`;
}
const CSV = csvText();

/** Input (3) → Dense(hidden) → tanh → Dense(outputs) → Output(loss, target). */
function autoencoder(options: { loss?: string; target?: string; outputs?: number } = {}): NetDocument {
  const kinds: [string, NodeKind, Record<string, ParamValue>][] = [
    ['input', 'input', {}],
    ['dense1', 'dense', { units: 4, init: 'normal', initMean: 0, initStd: 0.5 }],
    ['act1', 'activation', { fn: 'tanh' }],
    ['decoder', 'dense', { units: options.outputs ?? 3, init: 'normal', initMean: 0, initStd: 0.5 }],
    ['output', 'output', { loss: options.loss ?? 'sigmoid-binary-cross-entropy', target: options.target ?? 'input' }],
  ];
  const nodes = kinds.map(([id, kind, params], i) => ({ id, kind, params: { ...defaultParams(kind), ...params }, position: { x: 200 * i, y: 0 } }));
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    name: 'Autoencoder',
    graph: { nodes, edges: nodes.slice(1).map((target, i) => ({ id: `e${i}`, source: nodes[i].id, target: target.id })) },
    dataset: { kind: 'csv', fileName: 'points.csv', text: CSV, labelColumn: 'label', testFraction: 0.25 },
    training: { optimizer: 'sgd', learningRate: 0.5, schedule: 'constant', l1: 0, l2: 0, clipNorm: 0, batchSize: 8, steps: 100, seed: 3, shuffle: true, reportEvery: 10 },
  };
}

function planOf(document: NetDocument): CompiledPlan {
  const result = compile(document);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.plan;
}

describe('compiling an Output whose target is the input', () => {
  it('carries the target in the plan; the labels are the default', () => {
    expect(planOf(autoencoder()).target).toBe('input');
    const labels = autoencoder({ target: 'labels', outputs: 2 });
    delete labels.graph.nodes.find((node) => node.kind === 'output')!.params.target;
    expect(planOf(labels).target).toBe('labels');
  });

  it('refuses softmax cross-entropy on the Output node', () => {
    const result = compile(autoencoder({ loss: 'softmax-cross-entropy' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ nodeId: 'output', field: 'target' })]);
    expect(result.errors[0].message).toMatch(/softmax cross-entropy/);
    expect(result.errors[0].message).toMatch(/squared error or sigmoid binary cross-entropy/);
  });

  it('needs one output per input feature and names both widths', () => {
    const result = compile(autoencoder({ outputs: 2 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error.nodeId).toBe('output');
    expect(error.message).toContain('the Input gives 3 features');
    expect(error.message).toContain("Dense 'decoder' gives 2");
    expect(error.message).toContain("set the units of Dense 'decoder' to 3");
  });

  it('takes the squared error too', () => {
    expect(planOf(autoencoder({ loss: 'mse' })).loss).toBe('mse');
  });
});

describe('the reconstruction losses', () => {
  it('compare the outputs with the input buffer, not the labels: exact values', () => {
    const rows = 2;
    const inputs = Float32Array.of(0, 1, 0.5, /**/ 1, 0, 0.25);
    const labels = Int32Array.of(1, 0);
    // Logits 0 everywhere: each output costs log 2 and ∂L/∂z = (½ − x)/rows.
    const bce = createReconstructionLoss('sigmoid-binary-cross-entropy', 3, inputs);
    const gradient = new Float32Array(6);
    expect(bce.compute(new Float32Array(6), labels, rows, gradient)).toBeCloseTo(3 * Math.LN2, 12);
    expect([...gradient]).toEqual([0.25, -0.25, 0, -0.25, 0.25, 0.125]);
    // ½(y − x)² summed over outputs, averaged over rows: (½(1 + 0 + 0.25) + ½(0 + 1 + 0.0625))/2.
    const mse = createReconstructionLoss('mse', 3, inputs);
    const outputs = Float32Array.of(1, 1, 0, /**/ 1, 1, 0);
    expect(mse.compute(outputs, labels, rows, gradient)).toBe((0.625 + 0.53125) / 2);
    expect([...gradient]).toEqual([0.5, 0, -0.25, 0, 0.5, -0.125]);
  });

  it('refuse softmax cross-entropy', () => {
    expect(() => createReconstructionLoss('softmax-cross-entropy', 3, new Float32Array(3))).toThrow(/cannot reconstruct the input/);
  });
});

/** Central differences of a float64 function, h = 1e-6 (accurate to ~1e-9 for these smooth functions). */
function numericGradient(f: (values: Float64Array) => number, at: Float64Array): Float64Array {
  const h = 1e-6;
  return at.map((saved, i) => {
    at[i] = saved + h;
    const up = f(at);
    at[i] = saved - h;
    const down = f(at);
    at[i] = saved;
    return (up - down) / (2 * h);
  });
}

const closeTo = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(expected));
};

describe.each(['sigmoid-binary-cross-entropy', 'mse'] as const)('training an autoencoder with %s', (loss) => {
  /** The float64 loss of a batch as a function of the decoder's weights [3 × 4] (bias 0 at init). */
  const reference = (hidden: Float64Array, inputs: Float32Array, rows: number) => (weights: Float64Array): number => {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < 3; j++) {
        let z = 0;
        for (let k = 0; k < 4; k++) z += hidden[r * 4 + k] * weights[j * 4 + k];
        const x = inputs[r * 3 + j];
        total += loss === 'mse' ? 0.5 * (z - x) ** 2 : Math.max(z, 0) - z * x + Math.log1p(Math.exp(-Math.abs(z)));
      }
    }
    return total / rows;
  };

  it('feeds the input batch as the targets, and the decoder gradient matches central differences', () => {
    const trainer = createTrainer(planOf(autoencoder({ loss })), { kernels: tsKernels });
    const decoder = trainer.layers.find((layer) => layer.nodeId === 'decoder')!;
    const weights = Float64Array.from(decoder.parameters.find((parameter) => parameter.name === 'weight')!.value);
    const result = trainer.step();
    if (result.kind !== 'step') throw new Error(result.message);
    const batch = trainer.lastBatch();
    const outputs = trainer.tensors('decoder')!.output;
    const direct = loss === 'mse' ? meanSquaredError : sigmoidBinaryCrossEntropy;
    expect(result.loss).toBe(direct(outputs, batch.features, batch.rows, 3, null));
    expect(result.correct).toBeNaN();

    const hidden = Float64Array.from(trainer.tensors('act1')!.output);
    const f = reference(hidden, batch.features, batch.rows);
    closeTo(result.loss, f(weights));
    const grad = trainer.tensors('decoder')!.parameters.find((parameter) => parameter.name === 'weight')!.grad;
    const expected = numericGradient(f, weights);
    for (let i = 0; i < expected.length; i++) closeTo(grad[i], expected[i]);
  });

  it('learns to reconstruct, and reports no accuracy', () => {
    const trainer = createTrainer(planOf(autoencoder({ loss })), { kernels: tsKernels });
    const before = trainer.evaluate(trainer.data.test);
    for (let i = 0; i < 300; i++) trainer.step();
    const after = trainer.evaluate(trainer.data.test);
    expect(before.accuracy).toBeNaN();
    expect(after.accuracy).toBeNaN();
    expect(after.loss).toBeLessThan(before.loss);
  });
});
