import { describe, expect, it } from 'vitest';
import { tsKernels } from '../../engine/kernels/ts';
import { createDense } from '../../engine/layers/dense';
import type { Layer } from '../../engine/layers/layer';
import { createRelu } from '../../engine/layers/relu';
import { createSigmoid } from '../../engine/layers/sigmoid';
import { createTanh } from '../../engine/layers/tanh';
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

  const referenceForward = (x: Float64Array, w: Float64Array, b: Float64Array): Float64Array => {
    const y = new Float64Array(rows * units);
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < units; u++) {
        let sum = b[u];
        for (let i = 0; i < inWidth; i++) sum += x[r * inWidth + i] * w[u * inWidth + i];
        y[r * units + u] = sum;
      }
    }
    return y;
  };

  it('computes y = x Wᵀ + b and the gradients dx, dW, db of the reference', () => {
    const layer = createDense({ nodeId: 'd', inWidth, units }, tsKernels, createRandom(1));
    const [weight, bias] = layer.parameters;
    expect([weight.rows, weight.columns, bias.columns]).toEqual([units, inWidth, units]);
    const x = randomArray(rows * inWidth);
    const g = randomArray(rows * units);
    const w = Float64Array.from(weight.value);
    const b = Float64Array.from(bias.value);

    const y = new Float32Array(rows * units);
    layer.forward(Float32Array.from(x), y, rows);
    referenceForward(x, w, b).forEach((expected, i) => closeTo(y[i], expected));

    const dx = new Float32Array(rows * inWidth);
    layer.backward(Float32Array.from(x), y, Float32Array.from(g), dx, rows);
    numericGradient((values) => readOut(referenceForward(values, w, b), g), x).forEach((expected, i) => closeTo(dx[i], expected));
    numericGradient((values) => readOut(referenceForward(x, values, b), g), w).forEach((expected, i) => closeTo(weight.grad[i], expected));
    numericGradient((values) => readOut(referenceForward(x, w, values), g), b).forEach((expected, i) => closeTo(bias.grad[i], expected));
  });

  it("initialises W and b like PyTorch's Linear: U(±1/√fan_in), from its random stream only", () => {
    const make = (seed: number): Layer => createDense({ nodeId: 'd', inWidth: 16, units: 64 }, tsKernels, createRandom(seed));
    const [weight, bias] = make(3).parameters;
    const values = [...weight.value, ...bias.value];
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.25);
    // 1040 uniform draws on [-0.25, 0.25]: the largest |value| is above 0.24 unless all 1040 miss a
    // 4 % band, probability 0.96¹⁰⁴⁰ ≈ 1e-18.
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.24);
    expect([...make(3).parameters[0].value]).toEqual([...weight.value]);
    expect([...make(4).parameters[0].value]).not.toEqual([...weight.value]);
  });

  it('skips dx when none is asked for and still sets the parameter gradients', () => {
    const layer = createDense({ nodeId: 'd', inWidth: 2, units: 2 }, tsKernels, createRandom(1));
    layer.backward(Float32Array.of(1, 2), new Float32Array(2), Float32Array.of(3, 4), null, 1);
    expect([...layer.parameters[0].grad]).toEqual([3, 6, 4, 8]);
    expect([...layer.parameters[1].grad]).toEqual([3, 4]);
  });
});

describe('activations', () => {
  const cases = [
    { name: 'sigmoid', create: createSigmoid, f: (x: number) => 1 / (1 + Math.exp(-x)), low: -4, high: 4 },
    { name: 'tanh', create: createTanh, f: Math.tanh, low: -3, high: 3 },
    // Away from the kink at 0, where the derivative is undefined.
    { name: 'relu', create: createRelu, f: (x: number) => Math.max(0, x), low: 0.1, high: 3, negate: true },
  ];
  for (const { name, create, f, low, high, negate } of cases) {
    it(`${name}: forward matches f and backward matches the numeric derivative`, () => {
      const rows = 3;
      const width = 6;
      const layer = create('a', width);
      const x = randomArray(rows * width, low, high).map((value, i) => (negate && i % 2 === 1 ? -value : value));
      const g = randomArray(rows * width);
      const y = new Float32Array(rows * width);
      layer.forward(Float32Array.from(x), y, rows);
      x.forEach((value, i) => closeTo(y[i], f(value)));
      const dx = new Float32Array(rows * width);
      layer.backward(Float32Array.from(x), y, Float32Array.from(g), dx, rows);
      numericGradient((values) => readOut(values.map(f), g), x).forEach((expected, i) => closeTo(dx[i], expected));
    });
  }

  it("relu's derivative at 0 is 0, as in PyTorch", () => {
    const dx = new Float32Array(1);
    createRelu('r', 1).backward(Float32Array.of(0), Float32Array.of(0), Float32Array.of(1), dx, 1);
    expect(dx[0]).toBe(0);
  });

  it('sigmoid and tanh saturate without NaN for huge inputs', () => {
    for (const layer of [createSigmoid('s', 2), createTanh('t', 2)]) {
      const y = new Float32Array(2);
      layer.forward(Float32Array.of(-1e30, 1e30), y, 1);
      expect([...y].every(Number.isFinite)).toBe(true);
    }
  });
});

describe('softmax cross-entropy', () => {
  const rows = 4;
  const classes = 3;
  const labels = Int32Array.of(0, 2, 1, 2);

  const referenceLoss = (logits: Float64Array): number => {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const row = Array.from(logits.subarray(r * classes, (r + 1) * classes));
      const probabilities = row.map(Math.exp);
      const sum = probabilities.reduce((a, b) => a + b, 0);
      total -= Math.log(probabilities[labels[r]] / sum);
    }
    return total / rows;
  };

  it('returns the mean loss and its gradient (softmax − onehot)/rows', () => {
    const logits = randomArray(rows * classes, -3, 3);
    const gradient = new Float32Array(rows * classes);
    const result = softmaxCrossEntropy(Float32Array.from(logits), labels, rows, classes, gradient);
    closeTo(result.loss, referenceLoss(logits));
    numericGradient(referenceLoss, logits).forEach((expected, i) => closeTo(gradient[i], expected));
  });

  it('counts argmax hits', () => {
    const logits = Float32Array.of(5, 1, 0, /**/ 0, 1, 5, /**/ 9, 1, 0, /**/ 0, 7, 1);
    expect(softmaxCrossEntropy(logits, labels, rows, classes, null).correct).toBe(2);
  });

  it('stays finite for logits far beyond exp overflow', () => {
    const logits = Float32Array.of(1000, -1000, 0, /**/ -1000, 0, 1000, /**/ 1000, 1000, 1000, /**/ 3e38, -3e38, 0);
    const gradient = new Float32Array(rows * classes);
    const result = softmaxCrossEntropy(logits, labels, rows, classes, gradient);
    expect(Number.isFinite(result.loss)).toBe(true);
    expect([...gradient].every(Number.isFinite)).toBe(true);
    // Row 3 (label 1, logits all 1000) has loss log 3; the others are ~0 or the margin.
    closeTo(result.loss, (0 + 0 + Math.log(3) + 3e38) / rows);
  });
});
