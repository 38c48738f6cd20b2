import type { BatchStatistics, Kernels } from './kernels';
import { tsKernels } from './ts';
import { decodeBase64 } from './wasm/base64';
import { GEMM_RELAXED_SIMD_WASM, GEMM_SIMD_WASM } from './wasm/gemm.generated';
import { VECTOR_SIMD_WASM } from './wasm/vector.generated';
import { webAssemblyApi, type WebAssemblyApi } from './wasm/webassembly';

/** The builds of gemm.wat, fastest first: relaxed SIMD fuses each multiply-add. */
export type WasmVariant = 'relaxed-simd' | 'simd';

export interface WasmKernelOptions {
  /** Bytes of module memory `alloc` hands out as views (zero-copy operands); 64 MiB by default. */
  reserveBytes?: number;
  /**
   * Bytes for per-call copies of operands that live outside the module memory; 16 MiB by
   * default. A product whose copies do not fit runs on the TypeScript kernels instead.
   */
  stagingBytes?: number;
  /** Which build to run; by default the fastest this runtime validates. */
  variant?: WasmVariant;
}

const MIB = 1 << 20;
const PAGE_BYTES = 65536;
/** wasm32 addresses are 32-bit; staying under 2 GiB keeps every byte offset a positive i32. */
const MAX_MEMORY_BYTES = 2048 * MIB - PAGE_BYTES;

const MODULES: Record<WasmVariant, string> = {
  'relaxed-simd': GEMM_RELAXED_SIMD_WASM,
  simd: GEMM_SIMD_WASM,
};

const decoded: Partial<Record<WasmVariant | 'vector', Uint8Array>> = {};

function moduleBytes(variant: WasmVariant): Uint8Array {
  return (decoded[variant] ??= decodeBase64(MODULES[variant]));
}

/** vector.wat (element-wise kernels and reductions): plain SIMD, shared by both variants. */
function vectorModuleBytes(): Uint8Array {
  return (decoded.vector ??= decodeBase64(VECTOR_SIMD_WASM));
}

type Product = (
  m: number, n: number, k: number, a: number, b: number, c: number, accumulate: number, scratch: number,
) => void;

interface GemmExports {
  scratch_bytes(): number;
  gemm: Product;
  gemm_nt: Product;
  gemm_tn: Product;
}

/** vector.wat's exports; pointers are byte offsets into the memory, counts are elements. */
interface VectorExports {
  non_finite(p: number, n: number): number;
  sigmoid(x: number, y: number, n: number): void;
  sigmoid_backward(y: number, dy: number, dx: number, n: number): void;
  relu(x: number, y: number, n: number): void;
  relu_backward(x: number, dy: number, dx: number, n: number): void;
  add_row_vector(y: number, b: number, rows: number, width: number): void;
  column_sums(x: number, rows: number, width: number, sums: number): void;
  subtract_scaled(value: number, grad: number, n: number, scale: number): void;
  batchnorm_forward(
    x: number, y: number, rows: number, width: number, gamma: number, beta: number,
    mean: number, variance: number, invStd: number, eps: number,
  ): void;
  batchnorm_backward(
    x: number, dy: number, dx: number, rows: number, width: number, gamma: number,
    mean: number, invStd: number, dGamma: number, dBeta: number, params: number, inputs: number,
  ): void;
}

type Form = 'gemm' | 'gemmNT' | 'gemmTN';

const EXPORT_OF: Record<Form, keyof Omit<GemmExports, 'scratch_bytes'>> = {
  gemm: 'gemm',
  gemmNT: 'gemm_nt',
  gemmTN: 'gemm_tn',
};

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** The variants this runtime validates, fastest first (empty without WebAssembly SIMD). */
export function wasmVariantsAvailable(): WasmVariant[] {
  const api = webAssemblyApi();
  if (!api || !api.validate(vectorModuleBytes())) return [];
  return (Object.keys(MODULES) as WasmVariant[]).filter((variant) => api.validate(moduleBytes(variant)));
}

function instantiate<T>(api: WebAssemblyApi, module: object, memory: object): T {
  return new api.Instance(module, { env: { memory } }).exports as unknown as T;
}

/**
 * WebAssembly SIMD kernels over one fixed-size memory, or null where the runtime cannot run
 * the requested (by default: any) variant. Memory layout: packing scratch, then the staging
 * area for copies, then the `alloc` reserve. The memory never grows, because growing would
 * detach every view `alloc` has handed out.
 */
export function createWasmKernels(options: WasmKernelOptions = {}): Kernels | null {
  const api = webAssemblyApi();
  const variant = options.variant ?? wasmVariantsAvailable()[0];
  if (!api || !variant) return null;
  const bytes = moduleBytes(variant);
  if (!api.validate(bytes) || !api.validate(vectorModuleBytes())) return null;

  const reserveBytes = align16(options.reserveBytes ?? 64 * MIB);
  const stagingBytes = align16(options.stagingBytes ?? 16 * MIB);
  const module = new api.Module(bytes);
  // A throwaway instance tells the scratch size before the real memory is sized.
  const scratchBytes = align16(instantiate<GemmExports>(api, module, new api.Memory({ initial: 1 })).scratch_bytes());
  const scratchStart = 0;
  const stagingStart = scratchStart + scratchBytes;
  const reserveStart = stagingStart + stagingBytes;
  const reserveEnd = reserveStart + reserveBytes;
  if (reserveEnd > MAX_MEMORY_BYTES) {
    throw new RangeError(`WASM kernels: reserveBytes + stagingBytes exceed ${MAX_MEMORY_BYTES} bytes`);
  }
  const pages = Math.ceil(reserveEnd / PAGE_BYTES);
  const memory = new api.Memory({ initial: pages, maximum: pages });
  const exports = instantiate<GemmExports>(api, module, memory);
  const vector = instantiate<VectorExports>(api, new api.Module(vectorModuleBytes()), memory);
  const heap = new Float32Array(memory.buffer);
  let reserveCursor = reserveStart;

  const inMemory = (array: Float32Array | Float64Array) => array.buffer === memory.buffer;
  const stagedBytes = (array: Float32Array, length: number) => (inMemory(array) ? 0 : align16(length * 4));

  function product(
    form: Form, m: number, n: number, k: number,
    a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean,
  ): void {
    checkOperands(form, m, n, k, a, b, c);
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (!accumulate) c.fill(0, 0, m * n);
      return;
    }
    const aLength = m * k;
    const bLength = k * n;
    const cLength = m * n;
    if (stagedBytes(a, aLength) + stagedBytes(b, bLength) + stagedBytes(c, cLength) > stagingBytes) {
      tsKernels[form](m, n, k, a, b, c, accumulate);
      return;
    }
    // Operands outside the memory are copied to the staging area, one after another.
    const bStaging = stagingStart + stagedBytes(a, aLength);
    const cStaging = bStaging + stagedBytes(b, bLength);
    const aAt = inMemory(a) ? a.byteOffset : stage(a, aLength, stagingStart, true);
    const bAt = inMemory(b) ? b.byteOffset : stage(b, bLength, bStaging, true);
    const cAt = inMemory(c) ? c.byteOffset : stage(c, cLength, cStaging, accumulate);
    exports[EXPORT_OF[form]](m, n, k, aAt, bAt, cAt, accumulate ? 1 : 0, scratchStart);
    if (!inMemory(c)) c.set(heap.subarray(cAt / 4, cAt / 4 + cLength));
  }

  /** Copies (when `copyIn`) an operand from outside the memory to `at`; returns `at`. */
  function stage(array: Float32Array, length: number, at: number, copyIn: boolean): number {
    if (copyIn) heap.set(array.subarray(0, length), at / 4);
    return at;
  }

  /** Whether the array is a view of the module memory holding at least `length` elements. */
  const fits = (array: Float32Array | Float64Array, length: number): boolean => array.buffer === memory.buffer && array.length >= length;
  /** The element-wise kernels run in place on arrays that `fit`; any other falls back to TypeScript. */
  const isCount = (n: number): boolean => n >= 0 && (n | 0) === n;
  const statisticsFit = ({ mean, variance, invStd }: BatchStatistics, width: number): boolean =>
    fits(mean, width) && fits(variance, width) && fits(invStd, width);

  return {
    name: `wasm-${variant}`,
    alloc(length) {
      const bytes = align16(length * 4);
      if (reserveCursor + bytes > reserveEnd) return new Float32Array(length);
      const view = new Float32Array(memory.buffer, reserveCursor, length);
      reserveCursor += bytes;
      return view;
    },
    gemm: (m, n, k, a, b, c, accumulate) => product('gemm', m, n, k, a, b, c, accumulate),
    gemmNT: (m, n, k, a, b, c, accumulate) => product('gemmNT', m, n, k, a, b, c, accumulate),
    gemmTN: (m, n, k, a, b, c, accumulate) => product('gemmTN', m, n, k, a, b, c, accumulate),

    allFinite(values, length) {
      if (!(isCount(length) && fits(values, length))) return tsKernels.allFinite(values, length);
      return vector.non_finite(values.byteOffset, length) === 0;
    },
    sigmoid(x, y, length) {
      if (isCount(length) && fits(x, length) && fits(y, length)) vector.sigmoid(x.byteOffset, y.byteOffset, length);
      else tsKernels.sigmoid(x, y, length);
    },
    sigmoidBackward(y, dy, dx, length) {
      if (isCount(length) && fits(y, length) && fits(dy, length) && fits(dx, length)) {
        vector.sigmoid_backward(y.byteOffset, dy.byteOffset, dx.byteOffset, length);
      } else tsKernels.sigmoidBackward(y, dy, dx, length);
    },
    relu(x, y, length) {
      if (isCount(length) && fits(x, length) && fits(y, length)) vector.relu(x.byteOffset, y.byteOffset, length);
      else tsKernels.relu(x, y, length);
    },
    reluBackward(x, dy, dx, length) {
      if (isCount(length) && fits(x, length) && fits(dy, length) && fits(dx, length)) {
        vector.relu_backward(x.byteOffset, dy.byteOffset, dx.byteOffset, length);
      } else tsKernels.reluBackward(x, dy, dx, length);
    },
    addRowVector(y, b, rows, width) {
      if (isCount(rows) && isCount(width) && fits(y, rows * width) && fits(b, width)) {
        vector.add_row_vector(y.byteOffset, b.byteOffset, rows, width);
      } else tsKernels.addRowVector(y, b, rows, width);
    },
    columnSums(x, rows, width, sums) {
      if (isCount(rows) && isCount(width) && fits(x, rows * width) && fits(sums, width)) {
        vector.column_sums(x.byteOffset, rows, width, sums.byteOffset);
      } else tsKernels.columnSums(x, rows, width, sums);
    },
    subtractScaled(value, grad, length, scale) {
      if (isCount(length) && fits(value, length) && fits(grad, length)) {
        vector.subtract_scaled(value.byteOffset, grad.byteOffset, length, scale);
      } else tsKernels.subtractScaled(value, grad, length, scale);
    },
    batchNormForward(x, y, rows, width, gamma, beta, statistics, eps) {
      const length = rows * width;
      if (isCount(rows) && isCount(width) && fits(x, length) && fits(y, length) && fits(gamma, width) && fits(beta, width) && statisticsFit(statistics, width)) {
        const { mean, variance, invStd } = statistics;
        vector.batchnorm_forward(x.byteOffset, y.byteOffset, rows, width, gamma.byteOffset, beta.byteOffset, mean.byteOffset, variance.byteOffset, invStd.byteOffset, eps);
      } else tsKernels.batchNormForward(x, y, rows, width, gamma, beta, statistics, eps);
    },
    batchNormBackward(x, dy, rows, width, gamma, statistics, parameterGradients, dx) {
      const length = rows * width;
      const parametersFit = !parameterGradients || (fits(parameterGradients.dGamma, width) && fits(parameterGradients.dBeta, width));
      if (isCount(rows) && isCount(width) && fits(x, length) && fits(dy, length) && fits(gamma, width) && statisticsFit(statistics, width) && parametersFit && (!dx || fits(dx, length))) {
        const { mean, invStd } = statistics;
        vector.batchnorm_backward(
          x.byteOffset, dy.byteOffset, dx ? dx.byteOffset : 0, rows, width, gamma.byteOffset, mean.byteOffset, invStd.byteOffset,
          parameterGradients ? parameterGradients.dGamma.byteOffset : 0, parameterGradients ? parameterGradients.dBeta.byteOffset : 0,
          parameterGradients ? 1 : 0, dx ? 1 : 0,
        );
      } else tsKernels.batchNormBackward(x, dy, rows, width, gamma, statistics, parameterGradients, dx);
    },
  };
}

/**
 * WebAssembly reads memory unchecked, so a short operand would silently read its neighbours:
 * refuse it here. Runs on every product, so it allocates nothing unless it throws.
 */
function checkOperands(
  form: Form, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array,
): void {
  checkDimension(form, 'm', m);
  checkDimension(form, 'n', n);
  checkDimension(form, 'k', k);
  const transposedA = form === 'gemmTN';
  const transposedB = form === 'gemmNT';
  checkLength(form, 'a', a, transposedA ? k : m, transposedA ? m : k);
  checkLength(form, 'b', b, transposedB ? n : k, transposedB ? k : n);
  checkLength(form, 'c', c, m, n);
}

function checkDimension(form: Form, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${form}: ${name} must be a non-negative integer, got ${value}`);
  }
}

function checkLength(form: Form, name: string, array: Float32Array, rows: number, cols: number): void {
  if (array.length < rows * cols) {
    throw new RangeError(`${form}: ${name} has ${array.length} elements, needs ${rows}×${cols}`);
  }
}
