import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clipGradientNorm } from '../../engine/optim/clip';
import { createOptimizer, type OptimizerSettings } from '../../engine/optim/optimizer';
import { addPenaltyGradients, penaltyValue } from '../../engine/optim/regularization';
import { learningRateAt } from '../../engine/optim/schedule';

interface FixtureTensor {
  shape: number[];
  data: number[];
}

interface OptimizerCase {
  optimizer: 'sgd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam';
  settings: { learningRate: number; momentum?: number; alpha?: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number; l1?: number };
  initial: FixtureTensor;
  grads: FixtureTensor[];
  final: FixtureTensor;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch/optimizers.json', import.meta.url), 'utf8')) as { cases: OptimizerCase[] };

function required(value: number | undefined, name: string): number {
  if (value === undefined) throw new Error(`fixture case lacks ${name}`);
  return value;
}

function settingsOf({ optimizer, settings }: OptimizerCase): OptimizerSettings {
  switch (optimizer) {
    case 'sgd':
      return { kind: 'sgd' };
    case 'momentum':
    case 'nesterov':
      return { kind: optimizer, momentum: required(settings.momentum, 'momentum') };
    case 'rmsprop':
      return { kind: 'rmsprop', alpha: required(settings.alpha, 'alpha'), eps: required(settings.eps, 'eps') };
    case 'adam':
      return { kind: 'adam', beta1: required(settings.beta1, 'beta1'), beta2: required(settings.beta2, 'beta2'), eps: required(settings.eps, 'eps') };
  }
}

const norm = (arrays: readonly Float32Array[]): number => Math.sqrt(arrays.reduce((sum, array) => sum + array.reduce((s, g) => s + g * g, 0), 0));

describe('optimizers against PyTorch (tests/fixtures/torch/optimizers.json)', () => {
  it('covers every optimizer kind, and weight decay and L1', () => {
    const names = fixture.cases.map(({ optimizer, settings }) => optimizer + (settings.weightDecay ? '+l2' : '') + (settings.l1 ? '+l1' : ''));
    expect(names.sort()).toEqual(['adam', 'momentum', 'nesterov', 'rmsprop', 'sgd', 'sgd+l1', 'sgd+l2']);
  });

  // float32 parameters and state against a float64 reference: 5 steps of a few float32
  // roundings each, far inside 1e-5 of the tensor's largest magnitude.
  it.each(fixture.cases.map((c) => [`${c.optimizer} ${JSON.stringify(c.settings)}`, c] as const))('%s: parameters after 5 steps', (_, testCase) => {
    const parameter = { value: Float32Array.from(testCase.initial.data), grad: new Float32Array(testCase.initial.data.length) };
    const optimizer = createOptimizer(settingsOf(testCase), [parameter]);
    for (const gradient of testCase.grads) {
      parameter.grad.set(gradient.data);
      addPenaltyGradients([parameter], testCase.settings.l1 ?? 0, testCase.settings.weightDecay ?? 0);
      optimizer.step(testCase.settings.learningRate);
    }
    const expected = testCase.final.data;
    const scale = Math.max(...expected.map(Math.abs));
    const worst = Math.max(...expected.map((e, i) => Math.abs(parameter.value[i] - e)));
    expect(worst).toBeLessThanOrEqual(1e-5 * scale);
  });

  it('keeps separate state for each parameter tensor', () => {
    const single = { value: Float32Array.of(1, -2), grad: new Float32Array(2) };
    const first = { value: Float32Array.of(1), grad: new Float32Array(1) };
    const second = { value: Float32Array.of(-2), grad: new Float32Array(1) };
    const alone = createOptimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8 }, [single]);
    const split = createOptimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8 }, [first, second]);
    for (const [g1, g2] of [[0.5, -3], [0.1, 2], [-1, 0.25]]) {
      single.grad.set([g1, g2]);
      first.grad[0] = g1;
      second.grad[0] = g2;
      alone.step(0.1);
      split.step(0.1);
    }
    expect([first.value[0], second.value[0]]).toEqual([single.value[0], single.value[1]]);
  });

  it('moves each weight by about the learning rate on Adam\'s first step, whatever the gradient\'s scale', () => {
    // m̂ = g and v̂ = g² after one step, so Δθ = −η g / (|g| + ε) ≈ −η sign(g).
    const parameter = { value: new Float32Array(3), grad: Float32Array.of(1e-3, -50, 7) };
    createOptimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8 }, [parameter]).step(0.01);
    expect(Array.from(parameter.value, (v) => Number(v.toFixed(6)))).toEqual([-0.01, 0.01, -0.01]);
  });

  it('rejects hyperparameters outside their range, naming them', () => {
    const parameter = { value: new Float32Array(1), grad: new Float32Array(1) };
    expect(() => createOptimizer({ kind: 'momentum', momentum: 1 }, [parameter])).toThrow('momentum must be in [0, 1), got 1');
    expect(() => createOptimizer({ kind: 'adam', beta1: 0.9, beta2: 1, eps: 1e-8 }, [parameter])).toThrow('beta2');
    expect(() => createOptimizer({ kind: 'rmsprop', alpha: 0.99, eps: -1 }, [parameter])).toThrow('eps must be ≥ 0');
    expect(() => createOptimizer({ kind: 'sgd' }, [{ value: new Float32Array(2), grad: new Float32Array(3) }])).toThrow('2 values but 3 gradients');
  });
});

describe('learning-rate schedules', () => {
  it('constant: the base rate at every step', () => {
    expect([0, 7, 1000].map((t) => learningRateAt({ kind: 'constant' }, 0.1, t, 100))).toEqual([0.1, 0.1, 0.1]);
  });

  it('step: multiplies by the factor every `every` steps', () => {
    // ⌊t/10⌋ = 0, 0, 1, 2 → 0.1 · 0.5⁰, 0.5⁰, 0.5¹, 0.5²
    const rates = [0, 9, 10, 25].map((t) => learningRateAt({ kind: 'step', every: 10, factor: 0.5 }, 0.1, t, 100));
    expect(rates).toEqual([0.1, 0.1, 0.05, 0.025]);
  });

  it('exponential: base · decayᵗ', () => {
    const rates = [0, 1, 2, 10].map((t) => learningRateAt({ kind: 'exponential', decay: 0.9 }, 0.1, t, 100));
    // 0.9¹⁰ = 0.3486784401
    [0.1, 0.09, 0.081, 0.03486784401].forEach((expected, i) => expect(rates[i]).toBeCloseTo(expected, 12));
  });

  it('cosine: from the base rate down to minFactor · base at the last step, then held there', () => {
    const rate = (t: number): number => learningRateAt({ kind: 'cosine', minFactor: 0.1 }, 1, t, 100);
    // η_min = 0.1; t = 25: 0.1 + 0.9 (1 + cos(π/4))/2 = 0.1 + 0.9 · 0.853553390593 = 0.868198051534
    expect(rate(0)).toBe(1);
    expect(rate(25)).toBeCloseTo(0.868198051534, 12);
    expect(rate(50)).toBeCloseTo(0.55, 12);
    expect(rate(100)).toBeCloseTo(0.1, 12);
    expect(rate(150)).toBeCloseTo(0.1, 12);
  });

  it('rejects settings a schedule is undefined for', () => {
    expect(() => learningRateAt({ kind: 'step', every: 0, factor: 0.5 }, 0.1, 3, 100)).toThrow('every must be an integer ≥ 1');
    expect(() => learningRateAt({ kind: 'cosine', minFactor: 0.1 }, 0.1, 3, 0)).toThrow('the total number of steps');
    expect(() => learningRateAt({ kind: 'constant' }, 0.1, -1, 100)).toThrow('the step must be an integer ≥ 0');
  });
});

describe('clipGradientNorm', () => {
  it('returns the global norm over all tensors and scales them down to exactly maxNorm', () => {
    const a = { grad: Float32Array.of(3, 4) };
    const b = { grad: Float32Array.of(12) };
    expect(clipGradientNorm([a, b], 6.5)).toBe(13); // √(9 + 16 + 144)
    expect([...a.grad, ...b.grad]).toEqual([1.5, 2, 6]); // · 6.5/13, direction kept
  });

  it('leaves gradients at or below maxNorm untouched', () => {
    const a = { grad: Float32Array.of(3, 4) };
    expect(clipGradientNorm([a], 5)).toBe(5);
    expect(clipGradientNorm([a], 20)).toBe(5);
    expect([...a.grad]).toEqual([3, 4]);
  });

  it('brings large random gradients to maxNorm within float32 rounding', () => {
    const tensors = [1000, 37, 1].map((length, t) => ({ grad: Float32Array.from({ length }, (_, i) => Math.sin(i * 12.9898 + t) * 100) }));
    const before = norm(tensors.map(({ grad }) => grad));
    expect(clipGradientNorm(tensors, 0.75)).toBeCloseTo(before, 9);
    expect(Math.abs(norm(tensors.map(({ grad }) => grad)) / 0.75 - 1)).toBeLessThan(1e-6);
  });

  it('reports a non-finite norm and leaves the gradients for the divergence report', () => {
    const a = { grad: Float32Array.of(1, Infinity) };
    const b = { grad: Float32Array.of(2) };
    expect(clipGradientNorm([a, b], 1)).toBe(Infinity);
    expect([...a.grad, ...b.grad]).toEqual([1, Infinity, 2]);
    expect(() => clipGradientNorm([b], 0)).toThrow('maximum norm must be finite and > 0');
  });
});

describe('L1 and L2 penalties', () => {
  const weights = (): { value: Float32Array; grad: Float32Array } => ({ value: Float32Array.of(-2, 0, 0.5, 3), grad: Float32Array.of(1, 1, 1, 1) });

  it('value: λ₁ Σ|w| + λ₂/2 Σw²', () => {
    // 0.1 · (2 + 0 + 0.5 + 3) + 0.01/2 · (4 + 0 + 0.25 + 9) = 0.55 + 0.06625
    expect(penaltyValue([weights()], 0.1, 0.01)).toBeCloseTo(0.61625, 12);
    expect(penaltyValue([weights(), weights()], 0, 0.01)).toBeCloseTo(0.1325, 12);
  });

  it('gradient: grad + λ₁ sign(w) + λ₂ w, with sign(0) = 0', () => {
    const w = weights();
    addPenaltyGradients([w], 0.1, 0.01);
    // 1 + 0.1·(−1, 0, 1, 1) + 0.01·(−2, 0, 0.5, 3)
    const expected = [0.88, 1, 1.105, 1.13];
    expected.forEach((e, i) => expect(w.grad[i]).toBeCloseTo(e, 6));
    expect(w.grad[1]).toBe(1);
  });

  it('matches the derivative of the penalty value (central differences)', () => {
    const w = { value: Float32Array.of(-1.5, 0.25, 2), grad: new Float32Array(3) };
    addPenaltyGradients([w], 0.3, 0.2);
    // w ± 2⁻¹⁰ is exact in float32 and stays on one side of 0, where the penalty is a quadratic,
    // whose central difference is its exact derivative.
    const h = 2 ** -10;
    w.value.forEach((original, i) => {
      w.value[i] = original + h;
      const up = penaltyValue([w], 0.3, 0.2);
      w.value[i] = original - h;
      const down = penaltyValue([w], 0.3, 0.2);
      w.value[i] = original;
      expect(w.grad[i]).toBeCloseTo((up - down) / (2 * h), 6);
    });
  });

  it('rejects negative strengths', () => {
    expect(() => penaltyValue([weights()], -0.1, 0)).toThrow('L1 penalty strength must be finite and ≥ 0, got -0.1');
    expect(() => addPenaltyGradients([weights()], 0, Number.NaN)).toThrow('L2 penalty strength');
  });
});
