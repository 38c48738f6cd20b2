import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../engine/data/dataset';
import { compile } from '../../engine/document/compile';
import type { NetDocument } from '../../engine/document/types';
import { firstRows, forwardOutputs, presetDocument, trainerOf } from './support';

/**
 * EXPERIMENTS.md G2: test-time scaling equals the Monte-Carlo average over masks. The g-dropout
 * net (196-256-256-10 ReLU, drop probability 0.4 after each hidden layer) at initialisation, one
 * test image, 40 000 training-mode passes.
 */
const PASSES = 40_000;
const ROWS = 2000;

/** `dataset`'s first row repeated `rows` times: every row of a pass draws its own mask. */
function repeated(dataset: Dataset, rows: number): Dataset {
  const image = dataset.features.subarray(0, dataset.width);
  const features = new Float32Array(rows * dataset.width);
  for (let r = 0; r < rows; r++) features.set(image, r * dataset.width);
  return { ...dataset, features, labels: new Int32Array(rows).fill(dataset.labels[0]), rows };
}

/** ‖mean over passes − test-time output‖ / ‖test-time output‖ for each node. */
async function monteCarloGap(document: NetDocument, nodes: string[]): Promise<number[]> {
  const trainer = await trainerOf(document);
  const batch = repeated(trainer.data.test, ROWS);
  const test = forwardOutputs(trainer, firstRows(batch, 1), 'eval');
  const sums = nodes.map((id) => new Float64Array(test.get(id)!.length));
  for (let pass = 0; pass < PASSES / ROWS; pass++) {
    const outputs = forwardOutputs(trainer, batch, 'train');
    nodes.forEach((id, k) => {
      const output = outputs.get(id)!;
      const width = sums[k].length;
      for (let i = 0; i < output.length; i++) sums[k][i % width] += output[i];
    });
  }
  return nodes.map((id, k) => {
    const expected = test.get(id)!;
    let error = 0;
    let size = 0;
    sums[k].forEach((sum, i) => {
      error += (sum / PASSES - expected[i]) ** 2;
      size += expected[i] ** 2;
    });
    return Math.sqrt(error / size);
  });
}

describe('G2. dropout: test-time scaling equals the average over random masks', () => {
  it.each(['inverted', 'classic'])('%s dropout: the Dense after a dropout matches the mask average within 1 per cent; the logits, behind a ReLU, approximately', async (mode) => {
    const base = presetDocument('g-dropout');
    const document: NetDocument = {
      ...base,
      graph: { ...base.graph, nodes: base.graph.nodes.map((node) => (node.kind === 'dropout' ? { ...node, params: { ...node.params, mode } } : node)) },
    };
    const [linear, logits] = await monteCarloGap(document, ['dense2', 'logits']);
    // Measured (seeds 1–3): 0.0041–0.0048, the Monte-Carlo error of 40 000 passes, and 0.13–0.27:
    // behind act2 = ReLU(dense2) the average over masks is no longer the test-time output.
    expect(linear).toBeLessThan(0.01);
    expect(logits).toBeGreaterThan(3 * linear);
    expect(logits).toBeLessThan(0.5);
  });

  it('the output layer is never dropped: the compiler refuses a Dropout feeding the Output', () => {
    const base = presetDocument('g-dropout');
    const nodes = base.graph.nodes.map((node) => (node.id === 'logits' ? { ...node, kind: 'dropout' as const, params: { rate: 0.4, mode: 'inverted' } } : node));
    const result = compile({ ...base, graph: { ...base.graph, nodes } });
    expect(result.ok).toBe(false);
  });
});
