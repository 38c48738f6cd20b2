import { describe, expect, it } from 'vitest';
import type { GraphNode, NetDocument } from '../../engine/document/types';
import type { BatchNormLayer } from '../../engine/layers/batchnorm';
import { learningRateAt } from '../../engine/optim/schedule';
import { createTrainer, type StepResult, type Trainer } from '../../engine/train';
import { planOf, withBatchNormAndDropout } from './run-support';

const node = (id: string, kind: GraphNode['kind'], params: GraphNode['params'] = {}): GraphNode => ({ id, kind, params, position: { x: 0, y: 0 } });
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });


/**
 * Input → dense1 → act1 → dense2 → act2 → sum = act2 + act1 → cat = [sum, input] → logits:
 * act1 and the Input each feed two consumers.
 */
const skipAndConcat = (doc: NetDocument): void => {
  doc.graph.nodes.push(node('sum', 'add'), node('cat', 'concat'));
  doc.graph.edges = [
    ...doc.graph.edges.filter((e) => e.target !== 'logits'),
    edge('act2', 'sum'),
    edge('act1', 'sum'),
    edge('sum', 'cat'),
    edge('input', 'cat'),
    edge('cat', 'logits'),
  ];
};

function steps(trainer: Trainer, count: number, between: () => void = () => {}): Extract<StepResult, { kind: 'step' }>[] {
  return Array.from({ length: count }, () => {
    const result = trainer.step();
    if (result.kind !== 'step') throw new Error(result.message);
    between();
    return result;
  });
}

const parametersOf = (trainer: Trainer): number[][] => trainer.layers.flatMap((layer) => layer.parameters.map((parameter) => [...parameter.value]));
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('a graph with a skip connection and a concatenation', () => {
  it('computes gradients that match finite differences, summed where a tensor feeds two layers', () => {
    // lr = 0 keeps the weights, so the gradients of a step can be checked on that step's batch.
    const plan = planOf(skipAndConcat);
    const trainer = createTrainer({ ...plan, training: { ...plan.training, learningRate: 0 } });
    steps(trainer, 1);
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
          expect(Math.abs(parameter.grad[index] - (up - down) / (2 * h)), `${layer.nodeId} ${parameter.name}[${index}]`).toBeLessThan(3e-4);
        }
      }
    }
  });

  it('exposes each node’s output, summed output gradient, inputs and parameters for the last step', () => {
    // lr = 0: the weights after the step are the ones its backward pass used.
    const plan = planOf(skipAndConcat);
    const trainer = createTrainer({ ...plan, training: { ...plan.training, learningRate: 0 } });
    steps(trainer, 1);
    const act1 = trainer.tensors('act1')!;
    const dense1 = trainer.tensors('dense1')!;
    expect([act1.rows, act1.width, act1.output.length]).toEqual([32, 32, 32 * 32]);
    // An activation's input is its pre-activation: dense1's output.
    expect([...act1.inputs[0]]).toEqual([...dense1.output]);
    expect(act1.output.every((value, i) => value === Math.fround(Math.tanh(dense1.output[i])))).toBe(true);
    expect(act1.parameters).toEqual([]);
    expect(dense1.parameters.map((parameter) => parameter.name)).toEqual(['weight', 'bias']);
    // act1 feeds dense2 and the Add: its gradient is dy₂ W₂ (through dense2) + ∂L/∂sum (the Add passes it on).
    const sum = trainer.tensors('sum')!;
    const dense2 = trainer.tensors('dense2')!;
    const w2 = dense2.parameters[0].value;
    act1.outputGradient!.forEach((actual, index) => {
      const [r, i] = [Math.floor(index / 32), index % 32];
      let expected = sum.outputGradient![index];
      for (let u = 0; u < 32; u++) expected += dense2.outputGradient![r * 32 + u] * w2[u * 32 + i];
      expect(Math.abs(actual - expected)).toBeLessThan(1e-7 + 1e-5 * Math.abs(expected));
    });
    const cat = trainer.tensors('cat')!;
    expect(cat.width).toBe(34);
    expect(cat.inputs.map((input) => input.length)).toEqual([32 * 32, 32 * 2]);
    const input = trainer.tensors('input')!;
    expect([input.outputGradient, input.inputs, input.parameters]).toEqual([null, [], []]);
    // The loss input's gradient is the loss's own: (softmax − onehot)/rows sums to 0 per row.
    const logits = trainer.tensors('logits')!.outputGradient!;
    for (let r = 0; r < 32; r++) expect(Math.abs(logits[2 * r] + logits[2 * r + 1])).toBeLessThan(1e-9);
    expect(trainer.tensors('output')).toBeNull();
    expect(trainer.tensors('nowhere')).toBeNull();
  });

  it('trains on the two spirals', () => {
    const losses = steps(createTrainer(planOf(skipAndConcat)), 2500).map((result) => result.loss);
    // Measured for seeds 1–3: 0.66 over the first 50 steps, 0.14–0.15 over the last 100 (chance: ln 2 ≈ 0.69).
    expect(mean(losses.slice(0, 50))).toBeGreaterThan(0.5);
    expect(mean(losses.slice(-100))).toBeLessThan(0.25);
  });
});

describe('training and evaluation modes', () => {
  it('is bit-for-bit deterministic with dropout masks, BatchNorm and Adam, and evaluating between steps changes nothing', () => {
    const plan = planOf((doc) => {
      withBatchNormAndDropout(doc);
      Object.assign(doc.training, { optimizer: 'adam', learningRate: 0.01 });
    });
    const plain = createTrainer(plan);
    const plainLosses = steps(plain, 60).map((result) => result.loss);
    const observed = createTrainer(plan);
    const observedLosses = steps(observed, 60, () => observed.evaluate(observed.data.test)).map((result) => result.loss);
    expect(observedLosses).toEqual(plainLosses);
    expect(parametersOf(observed)).toEqual(parametersOf(plain));
    const bn = (trainer: Trainer) => trainer.layers.find((layer) => layer.nodeId === 'bn') as BatchNormLayer;
    expect([...bn(observed).runningMean, ...bn(observed).runningVariance]).toEqual([...bn(plain).runningMean, ...bn(plain).runningVariance]);
  });

  it('evaluates with BatchNorm’s running statistics, trains with the batch’s', () => {
    const plan = planOf(withBatchNormAndDropout);
    const shifted = createTrainer(plan);
    const reference = createTrainer(plan);
    const batch = shifted.data.test;
    const before = shifted.evaluate(batch);
    expect(shifted.evaluate(batch)).toEqual(before);
    // Running statistics far from the data's move every evaluation output, but no training step.
    const bn = shifted.layers.find((layer) => layer.nodeId === 'bn') as BatchNormLayer;
    bn.runningMean.fill(5);
    expect(shifted.evaluate(batch).loss).not.toBeCloseTo(before.loss, 2);
    expect(steps(shifted, 3).map((result) => result.loss)).toEqual(steps(reference, 3).map((result) => result.loss));
  });

  it('drops units only at the Dropout node, never the outputs', () => {
    const trainer = createTrainer(planOf(withBatchNormAndDropout));
    steps(trainer, 1);
    const dropped = trainer.tensors('drop')!.output;
    const zeros = dropped.filter((value) => value === 0).length / dropped.length;
    // 1024 units dropped with probability 0.3: 0.3 ± 0.014 (one standard deviation).
    expect(zeros).toBeGreaterThan(0.25);
    expect(zeros).toBeLessThan(0.35);
    expect(trainer.tensors('logits')!.output.every((value) => value !== 0)).toBe(true);
  });

  it('survives a final batch of one row through BatchNorm', () => {
    // 320 training rows in batches of 319: every second step has one row.
    const trainer = createTrainer(planOf((doc) => {
      withBatchNormAndDropout(doc);
      doc.training.batchSize = 319;
    }));
    const rows = steps(trainer, 4).map((result) => result.rows);
    expect(rows).toEqual([319, 1, 319, 1]);
    const bn = trainer.layers.find((layer) => layer.nodeId === 'bn') as BatchNormLayer;
    expect([...bn.runningMean, ...bn.runningVariance].every(Number.isFinite)).toBe(true);
  });
});

describe('penalties, clipping and schedules', () => {
  it('adds λ₁ sign(w) + λ₂ w to the Dense weights’ gradients only, and reports the penalty', () => {
    const [l1, l2] = [0.003, 0.02];
    const plain = createTrainer(planOf());
    const penalised = createTrainer(planOf((doc) => Object.assign(doc.training, { l1, l2 })));
    const before = penalised.layers.map((layer) => layer.parameters.map((parameter) => Float32Array.from(parameter.value)));
    const [plainStep] = steps(plain, 1);
    const [penalisedStep] = steps(penalised, 1);
    expect(penalisedStep.loss).toBe(plainStep.loss);
    let expectedPenalty = 0;
    penalised.layers.forEach((layer, i) => {
      layer.parameters.forEach((parameter, p) => {
        const w = before[i][p];
        const grad = plain.layers[i].parameters[p].grad;
        if (parameter.name === 'weight') {
          w.forEach((value, k) => expect(parameter.grad[k]).toBe(Math.fround(grad[k] + l1 * Math.sign(value) + l2 * value)));
          expectedPenalty += w.reduce((sum, value) => sum + l1 * Math.abs(value) + (l2 / 2) * value * value, 0);
        } else {
          expect([...parameter.grad]).toEqual([...grad]);
        }
      });
    });
    expect(penalisedStep.penalty).toBeCloseTo(expectedPenalty, 10);
    expect(plainStep.penalty).toBe(0);
  });

  it('clips the global gradient norm and reports the norm before clipping', () => {
    const trainer = createTrainer(planOf((doc) => (doc.training.clipNorm = 1e-3)));
    const [result] = steps(trainer, 1);
    expect(result.gradientNorm).toBeGreaterThan(1e-3);
    const norm = Math.sqrt(trainer.layers.flatMap((layer) => layer.parameters).reduce((sum, parameter) => sum + parameter.grad.reduce((s, g) => s + g * g, 0), 0));
    expect(norm).toBeCloseTo(1e-3, 8);
    expect(steps(createTrainer(planOf()), 1)[0].gradientNorm).toBeNull();
  });

  it('takes each step’s learning rate from the schedule', () => {
    const plan = planOf((doc) => Object.assign(doc.training, { schedule: 'cosine', scheduleMinFactor: 0.1, steps: 20 }));
    const rates = steps(createTrainer(plan), 20).map((result) => result.learningRate);
    expect(rates).toEqual(Array.from({ length: 20 }, (_, step) => learningRateAt(plan.training.schedule, 0.1, step, 20)));
    expect(rates[0]).toBe(0.1);
  });

  it('trains with every optimizer', () => {
    const settings = [
      { optimizer: 'momentum', learningRate: 0.05 },
      { optimizer: 'nesterov', learningRate: 0.05 },
      { optimizer: 'rmsprop', learningRate: 0.01 },
      { optimizer: 'adam', learningRate: 0.01 },
    ];
    // Measured for seeds 1–3 (the ratio of the last 50 steps' mean loss to the first 50's):
    // momentum 0.35–0.37, Nesterov 0.26–0.30, RMSProp 0.13–0.19, Adam 0.15–0.25.
    for (const training of settings) {
      const losses = steps(createTrainer(planOf((doc) => Object.assign(doc.training, training))), 600).map((result) => result.loss);
      expect(mean(losses.slice(-50)), training.optimizer).toBeLessThan(0.6 * mean(losses.slice(0, 50)));
    }
  });
});
