// GFLOP/s of every matrix product form on every available backend, at the shapes of the
// lecture's workloads. Bundles the engine's kernels with esbuild on the fly:
//   node scripts/bench-gemm.mjs [--trials N]
// Each figure is the best of N trials (default 10) of at least 50 ms of CPU time each, timed
// by the process's CPU time rather than the wall clock: the machine's cores are shared, and
// time spent descheduled is not the kernel's.
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Node 20 ships relaxed SIMD behind a flag; Electron's V8 enables it by default.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = await build({
  stdin: {
    contents: [
      "export { tsKernels } from './engine/kernels/ts';",
      "export { createWasmKernels, wasmVariantsAvailable } from './engine/kernels/wasm';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
});
const { tsKernels, createWasmKernels, wasmVariantsAvailable } = await import(
  `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].contents).toString('base64')}`
);

const trialsFlag = process.argv.indexOf('--trials');
const trials = trialsFlag > 0 ? Number(process.argv[trialsFlag + 1]) : 10;

// m×n×k of each product, and the form a 784-100 Dense layer at batch 60 runs it in.
const SHAPES = [
  { m: 60, n: 100, k: 784, note: 'Dense 784-100, batch 60: forward y = x·Wᵀ (gemmNT)' },
  { m: 60, n: 784, k: 100, note: 'Dense 784-100, batch 60: dx = dy·W (gemm)' },
  { m: 100, n: 784, k: 60, note: 'Dense 784-100, batch 60: dW = dyᵀ·x (gemmTN)' },
  { m: 128, n: 512, k: 512, note: '' },
  { m: 64, n: 100, k: 100, note: '' },
];
const FORMS = ['gemm', 'gemmNT', 'gemmTN'];

function filled(kernels, length, seed) {
  const array = kernels.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    array[i] = state / 2 ** 32 - 0.5;
  }
  return array;
}

function cpuMilliseconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function gflops(kernels, form, { m, n, k }) {
  const a = filled(kernels, m * k, 1);
  const b = filled(kernels, k * n, 2);
  const c = kernels.alloc(m * n);
  kernels[form](m, n, k, a, b, c, false);
  let best = 0;
  for (let trial = 0; trial < trials; trial++) {
    let calls = 0;
    const start = cpuMilliseconds();
    let elapsed = 0;
    while (elapsed < 50) {
      kernels[form](m, n, k, a, b, c, false);
      calls++;
      elapsed = cpuMilliseconds() - start;
    }
    best = Math.max(best, (2 * m * n * k * calls) / (elapsed * 1e6));
  }
  return best;
}

const backends = [
  ...wasmVariantsAvailable().map((variant) => createWasmKernels({ variant })),
  tsKernels,
];
console.log(`backends: ${backends.map((kernels) => kernels.name).join(', ')}; best of ${trials} trials`);
for (const shape of SHAPES) {
  console.log(`\n${shape.m}×${shape.n}×${shape.k}${shape.note ? `  (${shape.note})` : ''}`);
  for (const kernels of backends) {
    const figures = FORMS.map((form) => `${form} ${gflops(kernels, form, shape).toFixed(1).padStart(5)}`);
    console.log(`  ${kernels.name.padEnd(18)} ${figures.join('   ')}  GFLOP/s`);
  }
}
