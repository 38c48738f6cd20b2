import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../engine/document/types';
import {
  describeInitializer,
  INITIALIZER_KINDS,
  INITIALIZER_PARAM_FIELDS,
  initializeWeights,
  initializerFromParams,
  initializerStd,
  initializerToParams,
  type InitializerSpec,
} from '../../engine/init';
import { createRandom } from '../../engine/random';

function draw(spec: InitializerSpec, fanIn: number, fanOut: number, seed = 1): Float32Array {
  const weight = new Float32Array(fanIn * fanOut);
  initializeWeights(spec, weight, fanIn, fanOut, createRandom(seed));
  return weight;
}

function moments(values: Float32Array): { mean: number; variance: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, variance: squares / values.length };
}

/** G = M Mᵀ for M [rows × columns] row-major, in float64. */
function gram(m: Float32Array, rows: number, columns: number): Float64Array {
  const g = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j <= i; j++) {
      let dot = 0;
      for (let k = 0; k < columns; k++) dot += m[i * columns + k] * m[j * columns + k];
      g[i * rows + j] = dot;
      g[j * rows + i] = dot;
    }
  }
  return g;
}

function transpose(m: Float32Array, rows: number, columns: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) t[c * rows + r] = m[r * columns + c];
  return t;
}

/** max |G − gain²·I| over all entries. */
function distanceFromScaledIdentity(g: Float64Array, size: number, gain: number): number {
  let worst = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) worst = Math.max(worst, Math.abs(g[i * size + j] - (i === j ? gain * gain : 0)));
  }
  return worst;
}

/**
 * Statistical tolerance. For N independent draws of variance σ², the sample mean has standard
 * error σ/√N, and the sample variance has standard error σ²·√((κ − 1)/N) with κ = E[x⁴]/σ⁴ the
 * kurtosis: κ = 3 for a normal (√(2/N)), κ = 9/5 for a uniform (√(0.8/N)). Checks allow 5 standard
 * errors (a false failure about once in 1.7 million; with fixed seeds the outcome never changes).
 * At N = 200 704 (784×256) that is ±1.6 % of the variance for a normal and ±1.0 % for a uniform.
 */
const SIGMAS = 5;
const KURTOSIS = { normal: 3, uniform: 9 / 5 } as const;

type Family = keyof typeof KURTOSIS;

interface VarianceCase {
  name: string;
  spec: InitializerSpec;
  family: Family;
  /** The formula's mean and variance for a [fanOut × fanIn] layer, written here independently of the engine. */
  mean: (fanIn: number, fanOut: number) => number;
  variance: (fanIn: number, fanOut: number) => number;
}

const zero = (): number => 0;
const VARIANCE_CASES: VarianceCase[] = [
  { name: 'PyTorch default U(±1/√n_in)', spec: { kind: 'pytorch-default' }, family: 'uniform', mean: zero, variance: (i) => 1 / (3 * i) },
  { name: 'N(0.3, 0.05²)', spec: { kind: 'normal', mean: 0.3, std: 0.05 }, family: 'normal', mean: () => 0.3, variance: () => 0.05 ** 2 },
  { name: 'U(−0.2, 0.6)', spec: { kind: 'uniform', low: -0.2, high: 0.6 }, family: 'uniform', mean: () => 0.2, variance: () => 0.8 ** 2 / 12 },
  { name: 'Xavier uniform', spec: { kind: 'xavier-uniform' }, family: 'uniform', mean: zero, variance: (i, o) => 2 / (i + o) },
  { name: 'Xavier normal', spec: { kind: 'xavier-normal' }, family: 'normal', mean: zero, variance: (i, o) => 2 / (i + o) },
  { name: 'He normal, fan_in', spec: { kind: 'he-normal', fan: 'in' }, family: 'normal', mean: zero, variance: (i) => 2 / i },
  { name: 'He normal, fan_out', spec: { kind: 'he-normal', fan: 'out' }, family: 'normal', mean: zero, variance: (_, o) => 2 / o },
  { name: 'He uniform, fan_in', spec: { kind: 'he-uniform', fan: 'in' }, family: 'uniform', mean: zero, variance: (i) => 2 / i },
  { name: 'He uniform, fan_out', spec: { kind: 'he-uniform', fan: 'out' }, family: 'uniform', mean: zero, variance: (_, o) => 2 / o },
  { name: 'LeCun normal', spec: { kind: 'lecun-normal' }, family: 'normal', mean: zero, variance: (i) => 1 / i },
];

const SHAPES = [
  { fanIn: 784, fanOut: 256 },
  { fanIn: 500, fanOut: 500 },
];

describe('initializer variances on large matrices', () => {
  for (const { fanIn, fanOut } of SHAPES) {
    it.each(VARIANCE_CASES.map((c) => [c.name, c] as const))(`%s, fan_in ${fanIn} × fan_out ${fanOut}`, (_, testCase) => {
      const n = fanIn * fanOut;
      const variance = testCase.variance(fanIn, fanOut);
      const { mean: sampleMean, variance: sampleVariance } = moments(draw(testCase.spec, fanIn, fanOut));
      expect(Math.abs(sampleMean - testCase.mean(fanIn, fanOut))).toBeLessThanOrEqual(SIGMAS * Math.sqrt(variance / n));
      expect(Math.abs(sampleVariance / variance - 1)).toBeLessThanOrEqual(SIGMAS * Math.sqrt((KURTOSIS[testCase.family] - 1) / n));
      expect(initializerStd(testCase.spec, fanIn, fanOut)).toBeCloseTo(Math.sqrt(variance), 12);
    });
  }

  it('EXPERIMENTS.md: the sample variance of U(±√6/√(n_in+n_out)) is within 2 % of 2/(n_in+n_out) for a 784×256 matrix', () => {
    const { variance } = moments(draw({ kind: 'xavier-uniform' }, 784, 256));
    expect(Math.abs(variance / (2 / (784 + 256)) - 1)).toBeLessThan(0.02);
  });

  it('keeps uniform draws inside their bounds (rounded to float32, like the weights)', () => {
    const bound = Math.fround(Math.sqrt(6 / (784 + 256)));
    const weights = draw({ kind: 'xavier-uniform' }, 784, 256);
    expect(weights.reduce((max, w) => Math.max(max, w), -Infinity)).toBeLessThanOrEqual(bound);
    expect(weights.reduce((min, w) => Math.min(min, w), Infinity)).toBeGreaterThanOrEqual(-bound);
  });

  it('fills zeros and constants exactly', () => {
    expect(draw({ kind: 'zeros' }, 30, 20).every((w) => w === 0)).toBe(true);
    expect(draw({ kind: 'constant', value: 0.25 }, 30, 20).every((w) => w === 0.25)).toBe(true);
    expect(initializerStd({ kind: 'constant', value: 0.25 }, 30, 20)).toBe(0);
  });

  it('gives PyTorch-default weights equal to row-major U(±1/√fan_in) draws, as the Dense layer always did', () => {
    const random = createRandom(5);
    const expected = Float32Array.from({ length: 12 * 7 }, () => random.uniform(-1 / Math.sqrt(12), 1 / Math.sqrt(12)));
    expect(draw({ kind: 'pytorch-default' }, 12, 7, 5)).toEqual(expected);
  });
});

describe('orthogonal initializer', () => {
  it('has orthonormal columns times the gain when fan_out ≥ fan_in: WᵀW = gain²·I', () => {
    const gain = Math.SQRT2;
    const w = draw({ kind: 'orthogonal', gain }, 100, 300); // W is [300 × 100]
    expect(distanceFromScaledIdentity(gram(transpose(w, 300, 100), 100, 300), 100, gain)).toBeLessThan(1e-4);
  });

  it('has orthonormal rows times the gain when fan_out < fan_in: WWᵀ = gain²·I', () => {
    const w = draw({ kind: 'orthogonal', gain: 0.5 }, 300, 100); // W is [100 × 300]
    expect(distanceFromScaledIdentity(gram(w, 100, 300), 100, 0.5)).toBeLessThan(1e-4);
  });

  it('is orthogonal for a square 500×500 matrix, with variance gain²/max(n_in, n_out) exactly', () => {
    const w = draw({ kind: 'orthogonal', gain: 1 }, 500, 500);
    expect(distanceFromScaledIdentity(gram(transpose(w, 500, 500), 500, 500), 500, 1)).toBeLessThan(1e-4);
    const meanSquare = w.reduce((sum, v) => sum + v * v, 0) / w.length;
    expect(meanSquare).toBeCloseTo(1 / 500, 8);
    expect(initializerStd({ kind: 'orthogonal', gain: 1 }, 500, 500)).toBeCloseTo(Math.sqrt(1 / 500), 12);
  });

  it('is the Q of the QR factorisation of the seed\'s Gaussian matrix with diag(R) > 0, like torch.nn.init.orthogonal_', () => {
    for (const [fanIn, fanOut] of [[4, 6], [6, 4]]) {
      const random = createRandom(9);
      const a = Float32Array.from({ length: fanIn * fanOut }, () => random.normal()); // [fanOut × fanIn], the order PyTorch draws in
      const q = draw({ kind: 'orthogonal', gain: 1 }, fanIn, fanOut, 9);
      // For the tall one of A and Aᵀ, = QR with Q the tall one of W and Wᵀ: R = QᵀA, R[i][j] = Σ_k Q[k][i] A[k][j].
      const [tallQ, tallA, rows, columns] = fanOut >= fanIn ? [q, a, fanOut, fanIn] : [transpose(q, fanOut, fanIn), transpose(a, fanOut, fanIn), fanIn, fanOut];
      for (let i = 0; i < columns; i++) {
        for (let j = 0; j <= i; j++) {
          let r = 0;
          for (let k = 0; k < rows; k++) r += tallQ[k * columns + i] * tallA[k * columns + j];
          if (i === j) expect(r).toBeGreaterThan(0);
          else expect(Math.abs(r)).toBeLessThan(1e-5);
        }
      }
    }
  });
});

describe('determinism', () => {
  const specs: InitializerSpec[] = [
    { kind: 'pytorch-default' },
    { kind: 'normal', mean: 0, std: 0.01 },
    { kind: 'uniform', low: -1, high: 1 },
    { kind: 'xavier-uniform' },
    { kind: 'xavier-normal' },
    { kind: 'he-normal', fan: 'out' },
    { kind: 'he-uniform', fan: 'in' },
    { kind: 'lecun-normal' },
    { kind: 'orthogonal', gain: 1 },
  ];

  it.each(specs.map((spec) => [spec.kind, spec] as const))('%s: the same seed gives the same weights, another seed others', (_, spec) => {
    expect(draw(spec, 20, 30, 77)).toEqual(draw(spec, 20, 30, 77));
    expect(draw(spec, 20, 30, 77)).not.toEqual(draw(spec, 20, 30, 78));
  });

  it('rejects a weight buffer of the wrong size', () => {
    expect(() => initializeWeights({ kind: 'xavier-normal' }, new Float32Array(10), 3, 4, createRandom(1))).toThrow(
      'the weight holds 10 values, not fan_out × fan_in = 4 × 3',
    );
  });
});

describe('initializerStd and describeInitializer', () => {
  it('writes the formula with the layer\'s sizes and the std it implies', () => {
    expect(describeInitializer({ kind: 'he-normal', fan: 'in' }, 100, 50)).toBe('He normal: std = sqrt(2/100) = 0.141');
    expect(describeInitializer({ kind: 'he-uniform', fan: 'out' }, 100, 50)).toBe('He uniform (fan_out): U(±sqrt(6/50)), std = sqrt(2/50) = 0.200');
    expect(describeInitializer({ kind: 'xavier-uniform' }, 100, 50)).toBe('Xavier uniform: U(±sqrt(6/(100+50))), std = sqrt(2/(100+50)) = 0.115');
    expect(describeInitializer({ kind: 'xavier-normal' }, 784, 256)).toBe('Xavier normal: std = sqrt(2/(784+256)) = 0.0439');
    expect(describeInitializer({ kind: 'lecun-normal' }, 100, 10)).toBe('LeCun normal: std = sqrt(1/100) = 0.100');
    expect(describeInitializer({ kind: 'pytorch-default' }, 784, 100)).toBe('PyTorch default: U(±1/sqrt(784)), std = 1/sqrt(3·784) = 0.0206');
    expect(describeInitializer({ kind: 'orthogonal', gain: 1 }, 100, 400)).toBe('Orthogonal, gain 1: std = 1/sqrt(400) = 0.0500');
    expect(describeInitializer({ kind: 'normal', mean: 0, std: 0.01 }, 841, 100)).toBe('Normal N(0, 0.01²): std = 0.01');
    expect(describeInitializer({ kind: 'uniform', low: -0.5, high: 0.5 }, 3, 3)).toBe('Uniform U(-0.5, 0.5): std = (high − low)/sqrt(12) = 0.289');
    expect(describeInitializer({ kind: 'zeros' }, 3, 3)).toBe('Zeros: std = 0');
  });

  it('gives every kind\'s std as a number', () => {
    expect(initializerStd({ kind: 'he-normal', fan: 'in' }, 100, 50)).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(initializerStd({ kind: 'he-normal', fan: 'out' }, 100, 50)).toBeCloseTo(0.2, 12);
    expect(initializerStd({ kind: 'uniform', low: -0.5, high: 0.5 }, 3, 3)).toBeCloseTo(1 / Math.sqrt(12), 12);
    expect(initializerStd({ kind: 'orthogonal', gain: 2 }, 400, 100)).toBeCloseTo(0.1, 12);
  });
});

describe('Dense params', () => {
  it('defaults to PyTorch\'s own initialisation, and each kind to its default parameters', () => {
    expect(initializerFromParams({})).toEqual({ kind: 'pytorch-default' });
    expect(initializerFromParams({ units: 16 })).toEqual({ kind: 'pytorch-default' });
    expect(initializerFromParams({ init: 'normal' })).toEqual({ kind: 'normal', mean: 0, std: 0.01 });
    expect(initializerFromParams({ init: 'he-normal' })).toEqual({ kind: 'he-normal', fan: 'in' });
    expect(initializerFromParams({ init: 'orthogonal' })).toEqual({ kind: 'orthogonal', gain: 1 });
  });

  it('round-trips every spec through the params', () => {
    const specs: InitializerSpec[] = [
      { kind: 'pytorch-default' },
      { kind: 'zeros' },
      { kind: 'constant', value: -0.3 },
      { kind: 'normal', mean: 0.1, std: 0.2 },
      { kind: 'uniform', low: -0.1, high: 0.4 },
      { kind: 'xavier-uniform' },
      { kind: 'xavier-normal' },
      { kind: 'he-normal', fan: 'out' },
      { kind: 'he-uniform', fan: 'in' },
      { kind: 'lecun-normal' },
      { kind: 'orthogonal', gain: 1.5 },
    ];
    expect(new Set(specs.map((s) => s.kind))).toEqual(new Set(INITIALIZER_KINDS));
    for (const spec of specs) expect(initializerFromParams({ units: 8, ...initializerToParams(spec) })).toEqual(spec);
  });

  it('has inspector fields whose defaults are the missing-param defaults and whose choices cover every kind', () => {
    const defaults: Record<string, ParamValue> = Object.fromEntries(INITIALIZER_PARAM_FIELDS.map((field) => [field.name, field.default]));
    expect(Object.keys(defaults).sort()).toEqual(['init', 'initFan', 'initGain', 'initHigh', 'initLow', 'initMean', 'initStd', 'initValue']);
    for (const kind of INITIALIZER_KINDS) expect(initializerFromParams({ ...defaults, init: kind })).toEqual(initializerFromParams({ init: kind }));
    const choice = INITIALIZER_PARAM_FIELDS.find((field) => field.name === 'init');
    if (choice?.type !== 'choice') throw new Error('the init field is not a choice');
    expect(choice.options.map((option) => option.value)).toEqual(INITIALIZER_KINDS);
    expect(choice.options.map((option) => option.label)).toContain('Xavier/Glorot uniform');
    expect(choice.options.map((option) => option.label)).toContain('He/Kaiming normal');
    expect(new Set(choice.options.map((option) => option.label)).size).toBe(INITIALIZER_KINDS.length);
  });

  it('reads only the fields the kind uses', () => {
    expect(initializerFromParams({ init: 'xavier-uniform', initStd: 'junk', initFan: 'sideways' })).toEqual({ kind: 'xavier-uniform' });
  });

  it('rejects bad values with the field\'s name', () => {
    expect(() => initializerFromParams({ init: 'glorot' })).toThrow('Parameter "init": unknown initializer "glorot"');
    expect(() => initializerFromParams({ init: 'normal', initStd: '0.1' })).toThrow('Parameter "initStd" must be a finite number, got "0.1"');
    expect(() => initializerFromParams({ init: 'normal', initStd: -1 })).toThrow('"initStd" must be finite and ≥ 0, got -1');
    expect(() => initializerFromParams({ init: 'uniform', initLow: 1, initHigh: 0 })).toThrow('"initHigh" must be finite and ≥ low (1), got 0');
    expect(() => initializerFromParams({ init: 'he-uniform', initFan: 'both' })).toThrow('Parameter "initFan" must be "in" or "out", got "both"');
  });
});
