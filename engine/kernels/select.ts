import { assertNever } from '../protocol';
import type { Kernels } from './kernels';
import { tsKernels } from './ts';
import { createWasmKernels, wasmVariantsAvailable, type WasmKernelOptions } from './wasm';

export type KernelPreference = 'auto' | 'ts' | 'wasm';

/**
 * The kernels to train on. 'auto' takes the fastest this runtime supports (WASM relaxed SIMD,
 * then WASM SIMD, then TypeScript); 'wasm' insists on WebAssembly and throws where it is
 * missing; 'ts' is the plain TypeScript reference.
 */
export function selectKernels(preference: KernelPreference = 'auto', options?: WasmKernelOptions): Kernels {
  switch (preference) {
    case 'ts':
      return tsKernels;
    case 'wasm': {
      const kernels = createWasmKernels(options);
      if (!kernels) throw new Error('Kernels "wasm" were requested, but this runtime cannot run WebAssembly SIMD');
      return kernels;
    }
    case 'auto':
      return createWasmKernels(options) ?? tsKernels;
    default:
      return assertNever(preference);
  }
}

/** The `Kernels.name` of every backend this runtime can run, fastest first. */
export function kernelsAvailable(): string[] {
  return [...wasmVariantsAvailable().map((variant) => `wasm-${variant}`), tsKernels.name];
}
