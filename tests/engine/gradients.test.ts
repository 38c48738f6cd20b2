import { describe, expect, it } from 'vitest';
import { tsKernels } from '../../engine/kernels/ts';
import { createAdd } from '../../engine/layers/add';
import { createBatchNorm } from '../../engine/layers/batchnorm';
import { createConcat } from '../../engine/layers/concat';
import { createDense } from '../../engine/layers/dense';
import { createDropout } from '../../engine/layers/dropout';
import { createElu } from '../../engine/layers/elu';
import { createIdentity } from '../../engine/layers/identity';
import type { Layer } from '../../engine/layers/layer';
import { createLeakyRelu } from '../../engine/layers/leaky-relu';
import { createRelu } from '../../engine/layers/relu';
import { createSigmoid } from '../../engine/layers/sigmoid';
import { createSoftplus } from '../../engine/layers/softplus';
import { createTanh } from '../../engine/layers/tanh';
import { countCorrect, createLoss } from '../../engine/losses/loss';
import { meanSquaredError } from '../../engine/losses/mse';
import { sigmoidBinaryCrossEntropy } from '../../engine/losses/sigmoid-binary-cross-entropy';
import { softmaxCrossEntropy } from '../../engine/losses/softmax-cross-entropy';
import { createRandom } from '../../engine/random';

/**
 * The oracle: float64 reference forward passes written here independently of the engine, and
 * central differences f'(x) ≈ (f(x+h) − f(x−h)) / 2h on them with h = 1e-6. In float64 the
 * difference quotient is accurate to about 1e-9 for these smooth O(1) functions, so any
 * disagreement beyond float32 rounding of the engine (≈1e-7 relative per operation, a few
 * dozen operations per value) is a wrong derivative. Tolerance: 1e-5 + 1e-4·|expected|.
 */
const H = 1e-6;
const closeTo = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(expected));
};
const allClose = (actual: ArrayLike<number>, expected: ArrayLike<number>): void => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) closeTo(actual[i], expected[i]);
};

function numericGradient(f: (values: Float64Array) => number, at: Float64Array): Float64Array {
  const gradient = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) {
    const saved = at[i];
    at[i] = saved + H;
    const up = f(at);
    at[i] = saved - H;
    const down = f(at);
    at[i] = saved;
    gradient[i] = (up - down) / (2 * H);
  }
  return gradient;
}

const random = createRandom(2024);
const randomArray = (length: number, low = -1, high = 1): Float64Array => Float64Array.from({ length }, () => random.uniform(low, high));
/** float64 values rounded to float32, so the engine and the reference see the same inputs. */
const asFloat32 = (values: Float64Array): Float64Array => Float64Array.from(Float32Array.from(values));

/** L = Σ g ⊙ y: a random linear read-out, so ∂L/∂y = g. */
const readOut = (y: ArrayLike<number>, g: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < g.length; i++) sum += y[i] * g[i];
  return sum;
};

describe('Dense', () => {
  const rows = 5;
  const inWidth = 4;
  const units = 3;

  const referenceForward = (x: Float64Array, w: Float64Array, b: Float64Array | null): Float64Array => {
    const y = new Float64Array(rows * units);
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < units; u++) {
        let sum = b ? b[u] : 0;
        for (let i = 0; i < inWidth; i++) sum += x[r * inWidth + i] * w[u * inWidth + i];
        y[r * units + u] = sum;
      }
    }
    return y;
  };

  for (const bias of [true, false]) {
    it(`computes y = x Wᵀ${bias ? ' + b' : ''} and the gradients of the reference`, () => {
      const layer = createDense({ nodeId: 'd', inWidth, units, bias, init: { kind: 'pytorch-default' } }, tsKernels, createRandom(1));
      expect(layer.parameters.map((p) => p.name)).toEqual(bias ? ['weight', 'bias'] : ['weight']);
      expect(layer.parameters.map((p) => p.penalized)).toEqual(bias ? [true, false] : [true]);
      const [weight, biasParameter] = layer.parameters;
      const x = asFloat32(randomArray(rows * inWidth));
      const g = asFloat32(randomArray(rows * units));
      const w = Float64Array.from(weight.value);
      const b = bias ? Float64Array.from(biasParameter.value) : null;

      const y = new Float32Array(rows * units);
      layer.forward([Float32Array.from(x)], y, rows, 'train');
      allClose(y, referenceForward(x, w, b));

      const dx = new Float32Array(rows * inWidth);
      layer.backward([Float32Array.from(x)], y, Float32Array.from(g), [dx], rows);
      allClose(dx, numericGradient((values) => readOut(referenceForward(values, w, b), g), x));
      allClose(weight.grad, numericGradient((values) => readOut(referenceForward(x, values, b), g), w));
      if (b) allClose(biasParameter.grad, numericGradient((values) => readOut(referenceForward(x, w, values), g), b));
    });
  }

  it("initialises W and b like PyTorch's Linear: U(±1/√fan_in), from its random stream only", () => {
    const make = (seed: number): Layer => createDense({ nodeId: 'd', inWidth: 16, units: 64, bias: true, init: { kind: 'pytorch-default' } }, tsKernels, createRandom(seed));
    const [weight, bias] = make(3).parameters;
    const values = [...weight.value, ...bias.value];
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.25);
    // 1040 uniform draws on [-0.25, 0.25]: the largest |value| is above 0.24 unless all 1040 miss a
    // 4 % band, probability 0.96¹⁰⁴⁰ ≈ 1e-18.
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.24);
    expect([...make(3).parameters[0].value]).toEqual([...weight.value]);
    expect([...make(4).parameters[0].value]).not.toEqual([...weight.value]);
  });

  it('starts the bias at 0 under any initializer other than the PyTorch default', () => {
    const layer = createDense({ nodeId: 'd', inWidth: 8, units: 8, bias: true, init: { kind: 'he-normal', fan: 'in' } }, tsKernels, createRandom(5));
    expect([...layer.parameters[1].value]).toEqual(new Array(8).fill(0));
    expect(layer.parameters[0].value.some((value) => value !== 0)).toBe(true);
  });

  it('skips dx when none is asked for and still sets the parameter gradients', () => {
    const layer = createDense({ nodeId: 'd', inWidth: 2, units: 2, bias: true, init: { kind: 'zeros' } }, tsKernels, createRandom(1));
    layer.backward([Float32Array.of(1, 2)], new Float32Array(2), Float32Array.of(3, 4), [null], 1);
    expect([...layer.parameters[0].grad]).toEqual([3, 6, 4, 8]);
    expect([...layer.parameters[1].grad]).toEqual([3, 4]);
  });
});

describe('activations', () => {
  const softplus = (x: number): number => Math.log1p(Math.exp(x));
  const cases = [
    { name: 'sigmoid', layer: createSigmoid('a', 6), f: (x: number) => 1 / (1 + Math.exp(-x)), low: -4, high: 4 },
    { name: 'tanh', layer: createTanh('a', 6), f: Math.tanh, low: -3, high: 3 },
    // The ReLU family away from the kink at 0, where the derivative is a convention.
    { name: 'relu', layer: createRelu('a', 6), f: (x: number) => Math.max(0, x), low: 0.1, high: 3, negate: true },
    { name: 'leaky relu (slope 0.2)', layer: createLeakyRelu('a', 6, 0.2), f: (x: number) => (x > 0 ? x : 0.2 * x), low: 0.1, high: 3, negate: true },
    { name: 'elu (alpha 1.5)', layer: createElu('a', 6, 1.5), f: (x: number) => (x > 0 ? x : 1.5 * Math.expm1(x)), low: 0.1, high: 3, negate: true },
    { name: 'softplus', layer: createSoftplus('a', 6), f: softplus, low: -6, high: 6 },
    { name: 'identity', layer: createIdentity('a', 6), f: (x: number) => x, low: -3, high: 3 },
  ];
  for (const { name, layer, f, low, high, negate } of cases) {
    it(`${name}: forward matches f and backward matches the numeric derivative`, () => {
      const rows = 3;
      const length = rows * 6;
      const x = asFloat32(randomArray(length, low, high).map((value, i) => (negate && i % 2 === 1 ? -value : value)));
      const g = asFloat32(randomArray(length));
      const y = new Float32Array(length);
      layer.forward([Float32Array.from(x)], y, rows, 'train');
      allClose(y, x.map(f));
      const dx = new Float32Array(length);
      layer.backward([Float32Array.from(x)], y, Float32Array.from(g), [dx], rows);
      allClose(dx, numericGradient((values) => readOut(values.map(f), g), x));
    });
  }

  it("relu's derivative at 0 is 0 and leaky relu's is its slope, as in PyTorch", () => {
    const dx = new Float32Array(1);
    createRelu('r', 1).backward([Float32Array.of(0)], Float32Array.of(0), Float32Array.of(1), [dx], 1);
    expect(dx[0]).toBe(0);
    createLeakyRelu('l', 1, 0.25).backward([Float32Array.of(0)], Float32Array.of(0), Float32Array.of(1), [dx], 1);
    expect(dx[0]).toBe(0.25);
  });

  it('sigmoid, tanh, elu and softplus stay finite for huge inputs', () => {
    for (const layer of [createSigmoid('s', 2), createTanh('t', 2), createElu('e', 2, 1), createSoftplus('p', 2)]) {
      const y = new Float32Array(2);
      layer.forward([Float32Array.of(-1e30, 1e30)], y, 1, 'train');
      expect([...y].every(Number.isFinite)).toBe(true);
    }
  });
});

describe('Dropout backward', () => {
  for (const mode of ['inverted', 'classic'] as const) {
    it(`${mode}: ∂L/∂x is ∂L/∂y times the forward pass's own mask`, () => {
      const rows = 4;
      const width = 50;
      const rate = 0.3;
      const layer = createDropout({ nodeId: 'd', width, rate, mode }, createRandom(9));
      const x = asFloat32(randomArray(rows * width, 0.5, 2));
      const y = new Float32Array(rows * width);
      layer.forward([Float32Array.from(x)], y, rows, 'train');
      const kept = mode === 'inverted' ? 1 / (1 - rate) : 1;
      // Recover the mask from y / x (x is never 0 here); every factor is 0 or the kept scale.
      const mask = Float64Array.from(y, (value, i) => value / x[i]);
      for (const factor of mask) expect(factor === 0 || Math.abs(factor - kept) < 1e-6).toBe(true);
      expect(mask.some((factor) => factor === 0)).toBe(true);
      const g = asFloat32(randomArray(rows * width));
      const dx = new Float32Array(rows * width);
      layer.backward([Float32Array.from(x)], y, Float32Array.from(g), [dx], rows);
      allClose(dx, numericGradient((values) => readOut(values.map((value, i) => value * mask[i]), g), x));
    });
  }
});

describe('BatchNorm backward', () => {
  /** Training-mode BatchNorm in float64, the paper's Alg. 1. */
  const referenceForward = (x: Float64Array, gamma: Float64Array, beta: Float64Array, rows: number, width: number, eps: number): Float64Array => {
    const y = new Float64Array(rows * width);
    for (let j = 0; j < width; j++) {
      let mean = 0;
      for (let r = 0; r < rows; r++) mean += x[r * width + j] / rows;
      let variance = 0;
      for (let r = 0; r < rows; r++) variance += (x[r * width + j] - mean) ** 2 / rows;
      for (let r = 0; r < rows; r++) y[r * width + j] = (gamma[j] * (x[r * width + j] - mean)) / Math.sqrt(variance + eps) + beta[j];
    }
    return y;
  };

  for (const { rows, affine } of [
    { rows: 2, affine: true },
    { rows: 7, affine: true },
    { rows: 16, affine: false },
  ]) {
    it(`matches central differences through μ and σ² (batch ${rows}${affine ? '' : ', no affine'})`, () => {
      const width = 5;
      const eps = 1e-5;
      const layer = createBatchNorm({ nodeId: 'bn', width, momentum: 0.1, eps, affine }, tsKernels);
      const gamma = affine ? asFloat32(randomArray(width, 0.5, 1.5)) : new Float64Array(width).fill(1);
      const beta = affine ? asFloat32(randomArray(width, -0.5, 0.5)) : new Float64Array(width);
      if (affine) {
        layer.parameters[0].value.set(gamma);
        layer.parameters[1].value.set(beta);
      }
      const x = asFloat32(randomArray(rows * width, -2, 3));
      const g = asFloat32(randomArray(rows * width));
      const y = new Float32Array(rows * width);
      layer.forward([Float32Array.from(x)], y, rows, 'train');
      allClose(y, referenceForward(x, gamma, beta, rows, width, eps));
      const dx = new Float32Array(rows * width);
      layer.backward([Float32Array.from(x)], y, Float32Array.from(g), [dx], rows);
      allClose(dx, numericGradient((values) => readOut(referenceForward(values, gamma, beta, rows, width, eps), g), x));
      if (affine) {
        allClose(layer.parameters[0].grad, numericGradient((values) => readOut(referenceForward(x, values, beta, rows, width, eps), g), gamma));
        allClose(layer.parameters[1].grad, numericGradient((values) => readOut(referenceForward(x, gamma, values, rows, width, eps), g), beta));
      }
    });
  }

  it('normalises a batch of one row to β, passes no gradient, and keeps its running statistics', () => {
    const layer = createBatchNorm({ nodeId: 'bn', width: 2, momentum: 0.5, eps: 1e-5, affine: true }, tsKernels);
    layer.parameters[1].value.set([0.25, -0.5]);
    const y = new Float32Array(2);
    layer.forward([Float32Array.of(3, -7)], y, 1, 'train');
    expect([...y]).toEqual([0.25, -0.5]);
    const dx = new Float32Array(2);
    layer.backward([Float32Array.of(3, -7)], y, Float32Array.of(1, 1), [dx], 1);
    expect([...dx]).toEqual([0, 0]);
    expect([...layer.runningMean, ...layer.runningVariance]).toEqual([0, 0, 1, 1]);
  });

  it('with momentum 1 and the whole set as one batch, evaluation equals training up to the m/(m−1) variance correction', () => {
    const rows = 10;
    const width = 3;
    const layer = createBatchNorm({ nodeId: 'bn', width, momentum: 1, eps: 0, affine: false }, tsKernels);
    const x = Float32Array.from(randomArray(rows * width, -2, 2));
    const trained = new Float32Array(rows * width);
    layer.forward([x], trained, rows, 'train');
    const evaluated = new Float32Array(rows * width);
    layer.forward([x], evaluated, rows, 'eval');
    // x̂_eval = x̂_train · √((m−1)/m) when ε = 0.
    allClose(evaluated, Float64Array.from(trained, (value) => value * Math.sqrt((rows - 1) / rows)));
  });
});

describe('Add and Concat', () => {
  it('Add sums its inputs and hands ∂L/∂y to each', () => {
    const rows = 3;
    const width = 4;
    const layer = createAdd({ nodeId: 'sum', width, inputCount: 3 });
    const xs = [0, 1, 2].map(() => asFloat32(randomArray(rows * width)));
    const g = asFloat32(randomArray(rows * width));
    const y = new Float32Array(rows * width);
    layer.forward(xs.map((x) => Float32Array.from(x)), y, rows, 'train');
    allClose(y, xs[0].map((value, i) => value + xs[1][i] + xs[2][i]));
    const dxs = xs.map(() => new Float32Array(rows * width));
    layer.backward(xs.map((x) => Float32Array.from(x)), y, Float32Array.from(g), [dxs[0], null, dxs[2]], rows);
    const reference = (values: Float64Array): number => readOut(values.map((value, i) => value + xs[1][i] + xs[2][i]), g);
    allClose(dxs[0], numericGradient(reference, xs[0]));
    allClose(dxs[2], g);
    expect([...dxs[1]].every((value) => value === 0)).toBe(true);
  });

  it('Concat lays its inputs side by side and splits ∂L/∂y back', () => {
    const rows = 3;
    const layer = createConcat({ nodeId: 'cat', inWidths: [2, 3] });
    expect(layer.outWidth).toBe(5);
    const a = Float32Array.of(1, 2, /**/ 3, 4, /**/ 5, 6);
    const b = Float32Array.of(10, 11, 12, /**/ 13, 14, 15, /**/ 16, 17, 18);
    const y = new Float32Array(15);
    layer.forward([a, b], y, rows, 'train');
    expect([...y]).toEqual([1, 2, 10, 11, 12, 3, 4, 13, 14, 15, 5, 6, 16, 17, 18]);
    const dy = Float32Array.from({ length: 15 }, (_, i) => i);
    const da = new Float32Array(6);
    const db = new Float32Array(9);
    layer.backward([a, b], y, dy, [da, db], rows);
    expect([...da]).toEqual([0, 1, 5, 6, 10, 11]);
    expect([...db]).toEqual([2, 3, 4, 7, 8, 9, 12, 13, 14]);
  });
});

describe('losses', () => {
  const rows = 4;
  const classes = 3;
  const labels = Int32Array.of(0, 2, 1, 2);
  const oneHot = Float64Array.from({ length: rows * classes }, (_, i) => (labels[Math.floor(i / classes)] === i % classes ? 1 : 0));

  const softmaxLoss = (logits: Float64Array): number => {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const row = Array.from(logits.subarray(r * classes, (r + 1) * classes));
      const probabilities = row.map(Math.exp);
      const sum = probabilities.reduce((a, b) => a + b, 0);
      total -= Math.log(probabilities[labels[r]] / sum);
    }
    return total / rows;
  };
  const squaredError = (outputs: Float64Array, targets: Float64Array): number => outputs.reduce((sum, y, i) => sum + 0.5 * (y - targets[i]) ** 2, 0) / rows;
  const binaryCrossEntropy = (logits: Float64Array, targets: Float64Array): number =>
    logits.reduce((sum, z, i) => {
      const p = 1 / (1 + Math.exp(-z));
      return sum - (targets[i] * Math.log(p) + (1 - targets[i]) * Math.log(1 - p));
    }, 0) / rows;

  it('softmax cross-entropy: the mean loss and its gradient (softmax − onehot)/rows', () => {
    const logits = asFloat32(randomArray(rows * classes, -3, 3));
    const gradient = new Float32Array(rows * classes);
    closeTo(softmaxCrossEntropy(Float32Array.from(logits), labels, rows, classes, gradient), softmaxLoss(logits));
    allClose(gradient, numericGradient(softmaxLoss, logits));
  });

  it('squared error ½(y − t)²: summed over outputs, averaged over rows, gradient (y − t)/rows', () => {
    const outputs = asFloat32(randomArray(rows * classes, -2, 2));
    const targets = asFloat32(randomArray(rows * classes));
    const gradient = new Float32Array(rows * classes);
    closeTo(meanSquaredError(Float32Array.from(outputs), Float32Array.from(targets), rows, classes, gradient), squaredError(outputs, targets));
    allClose(gradient, numericGradient((values) => squaredError(values, targets), outputs));
  });

  it('sigmoid binary cross-entropy: summed over outputs, averaged over rows, gradient (σ(z) − t)/rows', () => {
    const logits = asFloat32(randomArray(rows * classes, -4, 4));
    const targets = asFloat32(randomArray(rows * classes, 0, 1));
    const gradient = new Float32Array(rows * classes);
    closeTo(sigmoidBinaryCrossEntropy(Float32Array.from(logits), Float32Array.from(targets), rows, classes, gradient), binaryCrossEntropy(logits, targets));
    allClose(gradient, numericGradient((values) => binaryCrossEntropy(values, targets), logits));
  });

  it('MSE and binary cross-entropy train classification against the one-hot label', () => {
    const outputs = Float32Array.from(randomArray(rows * classes, -2, 2));
    for (const kind of ['mse', 'sigmoid-binary-cross-entropy'] as const) {
      const loss = createLoss(kind, classes, rows);
      const gradient = new Float32Array(rows * classes);
      const expectedGradient = new Float32Array(rows * classes);
      const direct = kind === 'mse' ? meanSquaredError : sigmoidBinaryCrossEntropy;
      const expected = direct(outputs, Float32Array.from(oneHot), rows, classes, expectedGradient);
      expect(loss.compute(outputs, labels, rows, gradient)).toBe(expected);
      expect([...gradient]).toEqual([...expectedGradient]);
    }
  });

  it('counts argmax hits', () => {
    const logits = Float32Array.of(5, 1, 0, /**/ 0, 1, 5, /**/ 9, 1, 0, /**/ 0, 7, 1);
    expect(countCorrect(logits, labels, rows, classes)).toBe(2);
  });

  it('stay finite for logits far beyond exp overflow', () => {
    const logits = Float32Array.of(1000, -1000, 0, /**/ -1000, 0, 1000, /**/ 1000, 1000, 1000, /**/ 3e38, -3e38, 0);
    const gradient = new Float32Array(rows * classes);
    const loss = softmaxCrossEntropy(logits, labels, rows, classes, gradient);
    expect([...gradient].every(Number.isFinite)).toBe(true);
    // Row 3 (label 1, logits all 1000) has loss log 3; the others are ~0 or the margin.
    closeTo(loss, (0 + 0 + Math.log(3) + 3e38) / rows);
    const binary = sigmoidBinaryCrossEntropy(logits, Float32Array.from(oneHot), rows, classes, gradient);
    expect(Number.isFinite(binary)).toBe(true);
    expect([...gradient].every(Number.isFinite)).toBe(true);
  });
});
