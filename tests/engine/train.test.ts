import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import type { CompiledPlan } from '../../engine/document/plan';
import type { NetDocument } from '../../engine/document/types';
import type { Kernels } from '../../engine/kernels/kernels';
import { tsKernels } from '../../engine/kernels/ts';
import { createTrainer, type StepResult } from '../../engine/train';

function planOf(edit: (doc: NetDocument) => void = () => {}): CompiledPlan {
  const doc = newDocument();
  edit(doc);
  const result = compile(doc);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.plan;
}

const losses = (plan: CompiledPlan, steps: number): number[] => {
  const trainer = createTrainer(plan);
  return Array.from({ length: steps }, () => {
    const result = trainer.step();
    if (result.kind !== 'step') throw new Error(result.message);
    return result.loss;
  });
};

describe('createTrainer', () => {
  it('is deterministic: the same plan gives bit-identical losses', () => {
    expect(losses(planOf(), 300)).toEqual(losses(planOf(), 300));
  });

  it('depends on the seed', () => {
    expect(losses(planOf((d) => (d.training.seed = 2)), 20)).not.toEqual(losses(planOf(), 20));
  });

  it('counts steps and epochs: 320 training rows in batches of 32 make 10 steps per epoch', () => {
    const trainer = createTrainer(planOf());
    for (let i = 0; i < 25; i++) trainer.step();
    expect([trainer.stepCount, trainer.epoch]).toEqual([25, 2]);
  });

  it('ends an epoch with a smaller batch when the batch size does not divide the training set', () => {
    const trainer = createTrainer(planOf((d) => (d.training.batchSize = 100)));
    const rows = Array.from({ length: 5 }, () => (trainer.step() as Extract<StepResult, { kind: 'step' }>).rows);
    expect(rows).toEqual([100, 100, 100, 20, 100]);
    expect(trainer.epoch).toBe(1);
  });

  it('visits every training row once per epoch, in a new order each epoch when shuffling', () => {
    const epochOrders = (shuffle: boolean): string[][] => {
      const trainer = createTrainer(planOf((d) => (d.training.shuffle = shuffle)));
      const { features, rows } = trainer.data.train;
      const keyOf = (values: Float32Array, row: number): string => `${values[2 * row]},${values[2 * row + 1]}`;
      return [0, 1].map(() => {
        const seen: string[] = [];
        for (let s = 0; s < 10; s++) {
          trainer.step();
          const batch = trainer.tensors('input')!;
          for (let r = 0; r < batch.rows; r++) seen.push(keyOf(batch.output, r));
        }
        expect(new Set(seen)).toEqual(new Set(Array.from({ length: rows }, (_, row) => keyOf(features, row))));
        return seen;
      });
    };
    const [first, second] = epochOrders(true);
    expect(second).not.toEqual(first);
    const [fixedFirst, fixedSecond] = epochOrders(false);
    expect(fixedSecond).toEqual(fixedFirst);
  });

  it('learns: the loss falls far below chance within 2500 steps', () => {
    const trajectory = losses(planOf(), 2500);
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    // Measured for seed 1: 0.68 over the first 50 steps, 0.13 over the last 100 (chance: ln 2 ≈ 0.69).
    expect(mean(trajectory.slice(0, 50))).toBeGreaterThan(0.6);
    expect(mean(trajectory.slice(-100))).toBeLessThan(0.25);
  });

  it('computes parameter gradients that match finite differences of the whole network', () => {
    // lr = 0 keeps the weights, so the gradients of a step can be checked on that step's batch.
    const trainer = createTrainer({ ...planOf(), training: { ...planOf().training, learningRate: 0 } });
    trainer.step();
    const batch = trainer.lastBatch();
    // Central differences of the float32 forward pass with h = 1e-3: rounding of the loss
    // (≈1e-7) over 2h gives ≈1e-4 of noise, truncation O(h²) is smaller; gradients are ~1e-2.
    const h = 1e-3;
    for (const layer of trainer.layers) {
      for (const parameter of layer.parameters) {
        for (const index of [0, Math.floor(parameter.value.length / 2), parameter.value.length - 1]) {
          const saved = parameter.value[index];
          parameter.value[index] = saved + h;
          const up = trainer.evaluate(batch).loss;
          parameter.value[index] = saved - h;
          const down = trainer.evaluate(batch).loss;
          parameter.value[index] = saved;
          expect(Math.abs(parameter.grad[index] - (up - down) / (2 * h))).toBeLessThan(3e-4);
        }
      }
    }
  });

  it('evaluates accuracy and loss over a whole dataset, in chunks', () => {
    const trainer = createTrainer(planOf((d) => (d.dataset = { ...d.dataset, kind: 'spirals', pointsPerClass: 300, noise: 0.1, testFraction: 0.2 })));
    const { loss, accuracy } = trainer.evaluate(trainer.data.train);
    expect(trainer.data.train.rows).toBeGreaterThan(256);
    expect(loss).toBeGreaterThan(0.5);
    expect(loss).toBeLessThan(1);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
  });

  it('reports an exploding run (ReLU, learning rate 1e6) as a divergence instead of throwing', () => {
    const plan = planOf((d) => {
      d.training.learningRate = 1e6;
      for (const node of d.graph.nodes) if (node.kind === 'activation') node.params.fn = 'relu';
    });
    const trainer = createTrainer(plan);
    let result: StepResult | undefined;
    for (let i = 0; i < 100 && result?.kind !== 'diverged'; i++) result = trainer.step();
    expect(result).toEqual({
      kind: 'diverged',
      step: 3,
      nodeId: 'logits',
      pass: 'forward',
      message: "The output of node 'logits' became NaN or infinite at step 3 (forward pass). Try a smaller learning rate.",
    });
    expect(trainer.stepCount).toBe(2);
    expect(trainer.step()).toEqual(result);
  });

  it('names the first node whose output is not finite', () => {
    const trainer = createTrainer(planOf());
    trainer.layers[2].parameters[0].value[5] = NaN;
    expect(trainer.step()).toMatchObject({ kind: 'diverged', step: 1, nodeId: 'dense2', pass: 'forward' });
  });

  it('names the node whose gradient is not finite in the backward pass', () => {
    // dense2 is the only 32×32 weight: poison its gradient product dW = dyᵀ x.
    const poisoned: Kernels = {
      ...tsKernels,
      gemmTN(m, n, k, a, b, c, accumulate) {
        tsKernels.gemmTN(m, n, k, a, b, c, accumulate);
        if (m === 32 && n === 32) c[0] = Infinity;
      },
    };
    const trainer = createTrainer(planOf(), { kernels: poisoned });
    expect(trainer.step()).toMatchObject({ kind: 'diverged', step: 1, nodeId: 'dense2', pass: 'backward', message: expect.stringContaining('weight gradient') });
  });

  it('allocates every buffer a product touches through the kernels', () => {
    const allocated = new Set<Float32Array>();
    const tracking: Kernels = {
      ...tsKernels,
      alloc(length) {
        const buffer = tsKernels.alloc(length);
        allocated.add(buffer);
        return buffer;
      },
    };
    const trainer = createTrainer(planOf(), { kernels: tracking });
    const touched = new Set<Float32Array>();
    const track =
      (name: 'gemm' | 'gemmNT' | 'gemmTN') =>
      (m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean): void => {
        touched.add(a).add(b).add(c);
        tsKernels[name](m, n, k, a, b, c, accumulate);
      };
    Object.assign(tracking, { gemm: track('gemm'), gemmNT: track('gemmNT'), gemmTN: track('gemmTN') });
    trainer.step();
    trainer.evaluate(trainer.data.test);
    expect(touched.size).toBeGreaterThan(0);
    for (const buffer of touched) expect(allocated.has(buffer)).toBe(true);
  });

  it('refuses an inconsistent plan with a clear message', () => {
    const plan = planOf();
    const broken: CompiledPlan = { ...plan, layers: plan.layers.map((layer) => (layer.nodeId === 'dense2' ? { ...layer, inWidth: 7 } : layer)) };
    expect(() => createTrainer(broken)).toThrow("Invalid plan: node 'dense2' takes 7 features but receives 32.");
  });
});
