import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Kernels } from '../../engine/kernels/kernels';
import { kernelsAvailable, selectKernels } from '../../engine/kernels/select';
import { tsKernels } from '../../engine/kernels/ts';
import { createWasmKernels, type WasmVariant } from '../../engine/kernels/wasm';
import { decodeBase64 } from '../../engine/kernels/wasm/base64';
import { createRandom, type Random } from '../../engine/random';

// Node 20 ships relaxed SIMD behind this flag (Electron 39's V8 enables it by default); turning
// it on lets both builds of gemm.wat be checked here. It only widens what validates.
setFlagsFromString('--experimental-wasm-relaxed-simd');

type Form = 'gemm' | 'gemmNT' | 'gemmTN';
const FORMS: Form[] = ['gemm', 'gemmNT', 'gemmTN'];
const VARIANTS: WasmVariant[] = ['simd', 'relaxed-simd'];
const UNIT_ROUNDOFF = 2 ** -24;

/** x[rows×cols] filled with N(0, 1) draws. */
function randomMatrix(random: Random, rows: number, cols: number): Float64Array {
  const x = new Float64Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = random.normal();
  return x;
}

function transpose(x: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(x.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
  return t;
}

/**
 * A shape's operands as logical A[m×k], B[k×n], C₀[m×n] (float32 values held in float64), the
 * float64 product A·B and Σₚ|A(i,p)·B(p,j)|, which scales the rounding error.
 */
interface Case {
  m: number;
  n: number;
  k: number;
  a: Float64Array;
  b: Float64Array;
  c0: Float64Array;
  product: Float64Array;
  magnitude: Float64Array;
}

function makeCase(m: number, n: number, k: number, seed: number): Case {
  const random = createRandom(seed);
  const a = Float64Array.from(new Float32Array(randomMatrix(random, m, k)));
  const b = Float64Array.from(new Float32Array(randomMatrix(random, k, n)));
  const c0 = Float64Array.from(new Float32Array(randomMatrix(random, m, n)));
  const product = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      for (let j = 0; j < n; j++) {
        product[i * n + j] += aip * b[p * n + j];
        magnitude[i * n + j] += Math.abs(aip * b[p * n + j]);
      }
    }
  }
  return { m, n, k, a, b, c0, product, magnitude };
}

/** The operands laid out as `form` expects them. */
function operandsOf(form: Form, { m, n, k, a, b }: Case): [Float64Array, Float64Array] {
  switch (form) {
    case 'gemm':
      return [a, b];
    case 'gemmNT':
      return [a, transpose(b, k, n)];
    case 'gemmTN':
      return [transpose(a, m, k), b];
  }
}

/**
 * Runs `form` on `kernels` with operands inside the module memory (`alloc`) or in plain arrays,
 * and returns C.
 */
function run(kernels: Kernels, form: Form, testCase: Case, accumulate: boolean, inside: boolean): Float32Array {
  const { m, n, k, c0 } = testCase;
  const place = (values: Float64Array) => {
    const array = inside ? kernels.alloc(values.length) : new Float32Array(values.length);
    array.set(values);
    return array;
  };
  const [a, b] = operandsOf(form, testCase);
  const c = place(accumulate ? c0 : new Float64Array(m * n).fill(Number.NaN));
  kernels[form](m, n, k, place(a), place(b), c, accumulate);
  return c;
}

/**
 * Float32 products summed in any order (the kernels block and vectorise, so their order
 * differs from the reference's) are within γ_{k+1}·(Σ|a·b| + |c₀|) of the exact sum, with
 * γ_j = j·u/(1 − j·u) and u = 2⁻²⁴ (Higham, Accuracy and Stability of Numerical Algorithms,
 * §3.1: the bound holds for every summation order and covers the rounding of each product;
 * a fused multiply-add only tightens it). One more u·|result| covers the final rounding.
 * A wrong element or index shows up as an error of order Σ|a·b| itself, far above this.
 */
function expectClose(actual: Float32Array, testCase: Case, accumulate: boolean, label: string): void {
  const { k, c0, product, magnitude } = testCase;
  const terms = k + 1;
  const gamma = (terms * UNIT_ROUNDOFF) / (1 - terms * UNIT_ROUNDOFF);
  let worst = 0;
  for (let i = 0; i < product.length; i++) {
    const expected = accumulate ? product[i] + c0[i] : product[i];
    const scale = accumulate ? magnitude[i] + Math.abs(c0[i]) : magnitude[i];
    const bound = gamma * scale + UNIT_ROUNDOFF * Math.abs(expected);
    const excess = Math.abs(actual[i] - expected) / bound;
    if (!(excess <= worst)) worst = excess;
  }
  expect(worst, `${label}: worst error / bound`).toBeLessThanOrEqual(1);
}

function wasmKernels(variant: WasmVariant, options = {}): Kernels {
  const kernels = createWasmKernels({ ...options, variant });
  if (!kernels) throw new Error(`this runtime cannot run the ${variant} build`);
  return kernels;
}

// Tiles are 4×8 and k is padded to multiples of 4, blocked by 256; rows are blocked by 128.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 16],
  [2, 9, 1],
  [6, 9, 1],
  [1, 20, 30],
  [5, 7, 3],
  [9, 17, 6],
  [131, 13, 11],
  [7, 23, 258],
  [13, 25, 517],
  [61, 100, 784],
  [128, 512, 784],
];

describe.each(VARIANTS)('WASM kernels, %s build', (variant) => {
  const kernels = wasmKernels(variant);

  it('is named after its build', () => {
    expect(kernels.name).toBe(`wasm-${variant}`);
  });

  describe.each(SHAPES)('%i×%i×%i', (m, n, k) => {
    const testCase = makeCase(m, n, k, m * 1_000_003 + n * 1009 + k);
    it.each(FORMS)('%s matches a float64 loop, in and out of module memory, with and without accumulate', (form) => {
      for (const accumulate of [false, true]) {
        for (const inside of [true, false]) {
          const label = `${form} accumulate=${accumulate} inside=${inside}`;
          expectClose(run(kernels, form, testCase, accumulate, inside), testCase, accumulate, label);
        }
      }
    });
  });

  it('mixes operands inside and outside module memory', () => {
    const testCase = makeCase(21, 30, 45, 7);
    const a = kernels.alloc(21 * 45);
    a.set(testCase.a);
    const b = Float32Array.from(testCase.b);
    const c = Float32Array.from(testCase.c0);
    kernels.gemm(21, 30, 45, a, b, c, true);
    expectClose(c, testCase, true, 'a inside, b and c outside');
    const cInside = kernels.alloc(21 * 30);
    kernels.gemm(21, 30, 45, Float32Array.from(testCase.a), b, cInside, false);
    expectClose(cInside, testCase, false, 'c inside, a and b outside');
  });

  it('propagates NaN and Infinity to exactly the entries they reach, and ignores C when not accumulating', () => {
    const m = 6;
    const n = 10;
    const k = 5;
    const a = kernels.alloc(m * k).fill(1);
    const b = kernels.alloc(k * n).fill(1);
    a[4 * k + (k - 1)] = Number.NaN; // row 4, in the last (padded) group of k
    b[2 * n + 9] = Number.POSITIVE_INFINITY; // column 9, in the edge panel of columns
    const c = kernels.alloc(m * n).fill(Number.NaN);
    kernels.gemm(m, n, k, a, b, c, false);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const expected = i === 4 ? Number.NaN : j === 9 ? Number.POSITIVE_INFINITY : k;
        expect(c[i * n + j], `c[${i}][${j}]`).toBe(expected);
      }
    }
  });

  it('agrees with the TypeScript kernels', () => {
    const testCase = makeCase(33, 70, 129, 11);
    for (const form of FORMS) {
      const fromWasm = run(kernels, form, testCase, true, true);
      const fromTs = run(tsKernels, form, testCase, true, false);
      const terms = testCase.k + 1;
      const gamma = (terms * UNIT_ROUNDOFF) / (1 - terms * UNIT_ROUNDOFF);
      for (let i = 0; i < fromWasm.length; i++) {
        // Each is within one bound of the exact value (see expectClose), so within two of each other.
        const bound = 2 * (gamma * (testCase.magnitude[i] + Math.abs(testCase.c0[i])) + UNIT_ROUNDOFF * Math.abs(fromTs[i]));
        expect(Math.abs(fromWasm[i] - fromTs[i]), `${form} c[${i}]`).toBeLessThanOrEqual(bound);
      }
    }
  });
});

describe('WASM kernel memory', () => {
  it('allocates zero-filled, 16-byte aligned views of one memory, then plain arrays once the reserve is used up', () => {
    const kernels = wasmKernels('simd', { reserveBytes: 1024 });
    // Buffers are compared by identity through booleans: a failing toBe would print all of memory.
    const first = kernels.alloc(3);
    const second = kernels.alloc(5);
    expect(first.buffer === second.buffer).toBe(true);
    for (const view of [first, second]) {
      expect(view.byteOffset % 16).toBe(0);
      expect(Array.from(view).every((value) => value === 0)).toBe(true);
    }
    expect(second.byteOffset - first.byteOffset).toBe(16);
    // 48 bytes used: 250 floats do not fit, 150 and 15 still do.
    const beyondReserve = kernels.alloc(250);
    expect(beyondReserve.buffer === first.buffer).toBe(false);
    expect(beyondReserve.length).toBe(250);
    const a = kernels.alloc(150);
    const c = kernels.alloc(15);
    expect(a.buffer === first.buffer && c.buffer === first.buffer).toBe(true);

    const testCase = makeCase(3, 5, 50, 3);
    a.set(testCase.a);
    beyondReserve.set(testCase.b);
    kernels.gemm(3, 5, 50, a, beyondReserve, c, false);
    expectClose(c, testCase, false, 'b beyond the reserve');
  });

  it('falls back correctly when the copies of outside operands exceed the staging area', () => {
    const kernels = wasmKernels('simd', { stagingBytes: 256 });
    const testCase = makeCase(20, 30, 40, 5);
    for (const form of FORMS) {
      for (const accumulate of [false, true]) {
        expectClose(run(kernels, form, testCase, accumulate, false), testCase, accumulate, `${form} staged`);
      }
    }
  });

  it('zeroes C for k = 0 unless accumulating, and accepts empty products', () => {
    const kernels = wasmKernels('simd');
    const c = kernels.alloc(6).fill(2);
    kernels.gemmNT(2, 3, 0, new Float32Array(0), new Float32Array(0), c, true);
    expect(Array.from(c)).toEqual([2, 2, 2, 2, 2, 2]);
    kernels.gemmNT(2, 3, 0, new Float32Array(0), new Float32Array(0), c, false);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => kernels.gemmTN(0, 3, 4, new Float32Array(0), new Float32Array(12), new Float32Array(0), false)).not.toThrow();
  });

  it('refuses operands too short for the shape, naming them', () => {
    const kernels = wasmKernels('simd');
    const ok = kernels.alloc(12);
    expect(() => kernels.gemm(3, 4, 4, ok, kernels.alloc(16), kernels.alloc(11), false)).toThrow(
      /gemm: c has 11 elements, needs 3×4/,
    );
    expect(() => kernels.gemmTN(4, 3, 5, ok, kernels.alloc(15), ok, false)).toThrow(/gemmTN: a has 12 elements, needs 5×4/);
    expect(() => kernels.gemmNT(1.5, 1, 1, ok, ok, ok, false)).toThrow(/gemmNT: m must be a non-negative integer/);
  });
});

describe('kernel selection', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('prefers relaxed SIMD, then SIMD, then TypeScript', () => {
    expect(kernelsAvailable()).toEqual(['wasm-relaxed-simd', 'wasm-simd', 'typescript']);
    expect(selectKernels().name).toBe('wasm-relaxed-simd');
    expect(selectKernels('wasm', { variant: 'simd' }).name).toBe('wasm-simd');
    expect(selectKernels('ts')).toBe(tsKernels);
  });

  it('falls back to TypeScript where WebAssembly is missing, and says so when WASM was demanded', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(createWasmKernels()).toBeNull();
    expect(kernelsAvailable()).toEqual(['typescript']);
    expect(selectKernels('auto')).toBe(tsKernels);
    expect(() => selectKernels('wasm')).toThrow(/cannot run WebAssembly SIMD/);
  });
});

describe('generated module', () => {
  it('is up to date with gemm.wat and vector.wat', () => {
    // Rebuilds in memory and compares; exits non-zero when stale.
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('decodes base64 like Node does', () => {
    const random = createRandom(1);
    for (const length of [0, 1, 2, 3, 4, 5, 255]) {
      const bytes = Uint8Array.from({ length }, () => random.int(256));
      expect(decodeBase64(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    }
  });
});
