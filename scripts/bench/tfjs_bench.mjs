// TensorFlow.js side of `npm run bench`: node scripts/bench/tfjs_bench.mjs <wasm|cpu> < workloads.json
// Prints one JSON line per workload: {"id", "stepsPerSecond"}, steps per CPU-second.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
// tfjs-core's Node build registers no gradients (the @tensorflow/tfjs union package does that);
// bundle its gradient registrations, which write into the same global registry.
const gradients = join(mkdtempSync(join(tmpdir(), 'tfjs-grads-')), 'gradients.cjs');
await build({
  entryPoints: [require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js')],
  bundle: true, platform: 'node', format: 'cjs', outfile: gradients, logLevel: 'error',
});
require(gradients);
require('@tensorflow/tfjs-backend-cpu');
const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm');

const backend = process.argv[2];
if (backend === 'wasm') {
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
}
await tf.setBackend(backend);
await tf.ready();

function buildModel(workload) {
  const layers = [];
  for (let i = 0; i + 1 < workload.sizes.length; i++) {
    const [nIn, nOut] = [workload.sizes[i], workload.sizes[i + 1]];
    const hidden = i + 2 < workload.sizes.length;
    const bound = 1 / Math.sqrt(nIn);
    layers.push({
      weight: tf.variable(tf.randomUniform([nIn, nOut], -bound, bound)),
      bias: hidden && workload.batchNorm ? null : tf.variable(tf.zeros([nOut])),
      gamma: hidden && workload.batchNorm ? tf.variable(tf.ones([nOut])) : null,
      beta: hidden && workload.batchNorm ? tf.variable(tf.zeros([nOut])) : null,
      hidden,
    });
  }
  return layers;
}

function forward(layers, x, activation) {
  let h = x;
  for (const layer of layers) {
    h = tf.matMul(h, layer.weight);
    if (layer.bias) h = tf.add(h, layer.bias);
    if (layer.gamma) {
      const { mean, variance } = tf.moments(h, 0);
      h = tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 1e-5))), layer.gamma), layer.beta);
    }
    if (layer.hidden) h = activation === 'relu' ? tf.relu(h) : tf.sigmoid(h);
  }
  return h;
}

function measure(workload) {
  const layers = buildModel(workload);
  const optimizer = tf.train.sgd(workload.learningRate);
  const x = tf.randomUniform([workload.batch, workload.sizes[0]]);
  const classes = workload.sizes.at(-1);
  const labels = tf.oneHot(tf.randomUniform([workload.batch], 0, classes, 'int32'), classes);
  const step = () => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, forward(layers, x, workload.activation)), true);
    loss.dataSync();
    loss.dispose();
  };
  for (let i = 0; i < workload.warmup; i++) step();
  let best = 0;
  for (let r = 0; r < workload.repeats; r++) {
    const start = cpuSeconds();
    for (let i = 0; i < workload.steps; i++) step();
    best = Math.max(best, workload.steps / (cpuSeconds() - start));
  }
  return best;
}

/** The process's CPU time (tfjs runs on one thread in Node), as on every side of the benchmark. */
function cpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

for (const workload of JSON.parse(readFileSync(0, 'utf8'))) {
  console.log(JSON.stringify({ id: workload.id, stepsPerSecond: measure(workload) }));
}
