import type { Kernels } from './kernels';
import { tsKernels } from './ts';
import { decodeBase64 } from './wasm/base64';
import { GEMM_RELAXED_SIMD_WASM, GEMM_SIMD_WASM } from './wasm/gemm.generated';
import { webAssemblyApi } from './wasm/webassembly';

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

const decoded: Partial<Record<WasmVariant, Uint8Array>> = {};

function moduleBytes(variant: WasmVariant): Uint8Array {
  return (decoded[variant] ??= decodeBase64(MODULES[variant]));
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
  if (!api) return [];
  return (Object.keys(MODULES) as WasmVariant[]).filter((variant) => api.validate(moduleBytes(variant)));
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
  if (!api.validate(bytes)) return null;

  const reserveBytes = align16(options.reserveBytes ?? 64 * MIB);
  const stagingBytes = align16(options.stagingBytes ?? 16 * MIB);
  const module = new api.Module(bytes);
  // A throwaway instance tells the scratch size before the real memory is sized.
  const scratchBytes = align16(
    (new api.Instance(module, { env: { memory: new api.Memory({ initial: 1 }) } }).exports as unknown as GemmExports)
      .scratch_bytes(),
  );
  const scratchStart = 0;
  const stagingStart = scratchStart + scratchBytes;
  const reserveStart = stagingStart + stagingBytes;
  const reserveEnd = reserveStart + reserveBytes;
  if (reserveEnd > MAX_MEMORY_BYTES) {
    throw new RangeError(`WASM kernels: reserveBytes + stagingBytes exceed ${MAX_MEMORY_BYTES} bytes`);
  }
  const pages = Math.ceil(reserveEnd / PAGE_BYTES);
  const memory = new api.Memory({ initial: pages, maximum: pages });
  const exports = new api.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
  const heap = new Float32Array(memory.buffer);
  let reserveCursor = reserveStart;

  const inMemory = (array: Float32Array) => array.buffer === memory.buffer;
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
    let staging = stagingStart;
    const place = (array: Float32Array, length: number, copyIn: boolean): number => {
      if (inMemory(array)) return array.byteOffset;
      const at = staging;
      staging += align16(length * 4);
      if (copyIn) heap.set(array.subarray(0, length), at / 4);
      return at;
    };
    const aAt = place(a, aLength, true);
    const bAt = place(b, bLength, true);
    const cAt = place(c, cLength, accumulate);
    exports[EXPORT_OF[form]](m, n, k, aAt, bAt, cAt, accumulate ? 1 : 0, scratchStart);
    if (!inMemory(c)) c.set(heap.subarray(cAt / 4, cAt / 4 + cLength));
  }

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
  };
}

/**
 * WebAssembly reads memory unchecked, so a short operand would silently read its neighbours:
 * refuse it here.
 */
function checkOperands(
  form: Form, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array,
): void {
  for (const [name, value] of [['m', m], ['n', n], ['k', k]] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`${form}: ${name} must be a non-negative integer, got ${value}`);
    }
  }
  const [aShape, bShape] =
    form === 'gemm' ? [[m, k], [k, n]] : form === 'gemmNT' ? [[m, k], [n, k]] : [[k, m], [k, n]];
  for (const [name, array, [rows, cols]] of [['a', a, aShape], ['b', b, bShape], ['c', c, [m, n]]] as const) {
    if (array.length < rows * cols) {
      throw new RangeError(`${form}: ${name} has ${array.length} elements, needs ${rows}×${cols}`);
    }
  }
}
