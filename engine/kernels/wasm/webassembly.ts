/**
 * The part of the WebAssembly JavaScript API the kernels use. The engine compiles against the
 * ES2022 library alone, which does not declare `WebAssembly` (the DOM library does), so it is
 * typed here and looked up on `globalThis` instead of being declared globally, which would
 * clash with the DOM's declaration in the configurations that include both.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

/** The runtime's WebAssembly object, or undefined where there is none. */
export function webAssemblyApi(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}
