// `npm run bench`: trains the workloads of workloads.mjs for a fixed number of steps with
// Netoscope, TensorFlow.js (wasm and cpu backends) and PyTorch (CPU, one thread, when Debian's
// python3-torch is installed), in one go, and prints steps per second and the ratios.
// Each side runs in its own process, one after another, so none competes with another, and
// every side times its runs by the process's CPU time (all are single-threaded): on a shared
// machine the wall clock also counts the time other processes take, which differs from side to
// side and from run to run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { WORKLOADS, flopsPerStep, stepsFor } from './workloads.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const workloads = WORKLOADS.filter((w) => only.length === 0 || only.includes(w.id)).map((w) => ({
  ...w,
  warmup: Math.max(3, Math.round(stepsFor(w, 10, 0.2))),
  steps: stepsFor(w, 10, 1),
  repeats: 3,
}));

const scratch = mkdtempSync(path.join(tmpdir(), 'netoscope-bench-'));
const netoscopeBundle = path.join(scratch, 'netoscope_bench.mjs');
await build({ entryPoints: [path.join(here, 'netoscope_bench.ts')], bundle: true, platform: 'node', format: 'esm', outfile: netoscopeBundle, logLevel: 'error' });

/** Runs one side; returns {rates: {id: stepsPerSecond}, kernels} or the reason it could not run. */
function runSide(label, command, args, input = JSON.stringify(workloads)) {
  process.stderr.write(`running ${label}…\n`);
  const result = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (result.status !== 0) return { error: (result.stderr || result.error?.message || 'failed').trim().split('\n').at(-1) };
  const rates = {};
  const instrumentedRates = {};
  const instrumentsCosts = {};
  let kernels;
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line);
    rates[parsed.id] = parsed.stepsPerSecond;
    instrumentedRates[parsed.id] = parsed.instrumentedStepsPerSecond;
    instrumentsCosts[parsed.id] = parsed.instrumentsCost;
    kernels ??= parsed.kernels;
  }
  return { rates, instrumentedRates, instrumentsCosts, kernels };
}

const python = '/usr/bin/python3';
const hasTorch = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
// The app runs in Electron, whose V8 enables relaxed SIMD (fused multiply-adds) by default;
// Node 20 ships it behind this flag. The main Netoscope figures use it, as the app does; the
// "SIMD only" side shows Node's default, without it.
const relaxedSimd = '--experimental-wasm-relaxed-simd';
// The instrumented trainer runs in the same process as the plain one, taking turns with it; the
// instruments' cost is the median over 15 such pairs (netoscope_bench.ts).
const netoscope = runSide('Netoscope, with and without instruments', process.execPath, [relaxedSimd, netoscopeBundle, '--instruments']);
const sides = {
  Netoscope: netoscope,
  'Netoscope (SIMD only)': runSide('Netoscope without relaxed SIMD', process.execPath, [netoscopeBundle]),
  'tfjs-wasm': runSide('TensorFlow.js wasm', process.execPath, [path.join(here, 'tfjs_bench.mjs'), 'wasm']),
  'tfjs-cpu': runSide('TensorFlow.js cpu', process.execPath, [path.join(here, 'tfjs_bench.mjs'), 'cpu']),
  PyTorch: hasTorch ? runSide('PyTorch', python, [path.join(here, 'torch_bench.py')]) : { error: 'python3-torch is not installed (apt-get install python3-torch)' },
};

const format = (value) => (value === undefined ? '—' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
const rows = workloads.map((w) => {
  const rate = (side) => sides[side].rates?.[w.id];
  const ours = rate('Netoscope');
  return {
    workload: w.id,
    'MFLOP/step': (flopsPerStep(w) / 1e6).toFixed(1),
    ...Object.fromEntries(Object.keys(sides).map((side) => [`${side} steps/s`, format(rate(side))])),
    'Netoscope GFLOP/s': ours ? ((ours * flopsPerStep(w)) / 1e9).toFixed(1) : '—',
    'vs tfjs-wasm': ratio(ours, rate('tfjs-wasm')),
    'vs PyTorch': ratio(ours, rate('PyTorch')),
    'SIMD only vs PyTorch': ratio(rate('Netoscope (SIMD only)'), rate('PyTorch')),
    'instruments cost': netoscope.instrumentsCosts?.[w.id] === undefined ? '—' : `${(netoscope.instrumentsCosts[w.id] * 100).toFixed(1)}%`,
  };
});
console.log('\nSteps per CPU-second (best of 3 timed runs each), one thread:\n');
for (const w of workloads) console.log(`  ${w.id}: ${w.title}`);
for (const [side, result] of Object.entries(sides)) if (result.kernels) console.log(`  ${side}: ${result.kernels} kernels`);
console.table(rows);
for (const [side, result] of Object.entries(sides)) if (result.error) console.log(`${side} did not run: ${result.error}`);
writeFileSync(path.join(scratch, 'results.json'), JSON.stringify({ workloads, sides }, null, 2));
