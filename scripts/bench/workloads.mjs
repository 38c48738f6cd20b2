// The benchmark workloads of `npm run bench` (issue 3), shared by every side so all train the same nets.
export const WORKLOADS = [
  { id: 'W1', title: "784-100-100-100-10 sigmoid, batch 60 (the BN paper's MNIST net)", sizes: [784, 100, 100, 100, 10], activation: 'sigmoid', batchNorm: false, batch: 60 },
  { id: 'W2', title: 'W1 with BatchNorm before each sigmoid', sizes: [784, 100, 100, 100, 10], activation: 'sigmoid', batchNorm: true, batch: 60 },
  { id: 'W3', title: '30 ReLU layers of 100, input 784, batch 64 (the He-init experiment)', sizes: [784, ...Array(30).fill(100), 10], activation: 'relu', batchNorm: false, batch: 64 },
  { id: 'W4', title: '841-100x5-26 sigmoid, batch 32 (the paralysis experiment)', sizes: [841, 100, 100, 100, 100, 100, 26], activation: 'sigmoid', batchNorm: false, batch: 32 },
  { id: 'W5', title: '784-512-512-10 ReLU, batch 128', sizes: [784, 512, 512, 10], activation: 'relu', batchNorm: false, batch: 128 },
  { id: 'W6', title: "30 ReLU layers of 50, input 784, batch 32 (presets/j-relu-30: the instruments' speed target)", sizes: [784, ...Array(30).fill(50), 10], activation: 'relu', batchNorm: false, batch: 32 },
].map((w) => ({ learningRate: 0.01, ...w }));

/** Multiply-adds of one training step: forward, input gradient and weight gradient of every Dense layer. */
export function flopsPerStep(workload) {
  let macs = 0;
  for (let i = 0; i + 1 < workload.sizes.length; i++) macs += workload.sizes[i] * workload.sizes[i + 1];
  return 6 * workload.batch * macs;
}

/** Steps to time per repeat so that one repeat takes roughly `seconds` at `gflops`. */
export function stepsFor(workload, gflops = 10, seconds = 1) {
  return Math.max(5, Math.round((gflops * 1e9 * seconds) / flopsPerStep(workload)));
}
