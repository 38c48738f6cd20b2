import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { DatasetSplit } from '../../engine/data/dataset';
import type { CompiledPlan, PlanLayer } from '../../engine/document/plan';
import type { ActivationKind } from '../../engine/document/types';
import type { Kernels } from '../../engine/kernels/kernels';
import { tsKernels } from '../../engine/kernels/ts';
import { createWasmKernels, wasmVariantsAvailable } from '../../engine/kernels/wasm';
import { createBatchNorm } from '../../engine/layers/batchnorm';
import { createDense } from '../../engine/layers/dense';
import type { Layer } from '../../engine/layers/layer';
import { createLayer } from '../../engine/layers/registry';
import { meanSquaredError } from '../../engine/losses/mse';
import { sigmoidBinaryCrossEntropy } from '../../engine/losses/sigmoid-binary-cross-entropy';
import { softmaxCrossEntropy } from '../../engine/losses/softmax-cross-entropy';
import { createRandom } from '../../engine/random';
import { createTrainer } from '../../engine/train';
import { expectClose, expectCloseScalar, f32, loadFixture, type FixtureTensor } from './fixtures';

/**
 * The engine against PyTorch (tests/fixtures/torch, written by scripts/torch/make_fixtures.py):
 * inputs are float32, references float64, compared by `expectClose`. Layers and training run on
 * every kernel backend: the TypeScript reference and each WASM build (the app runs the fastest).
 */

// Node 20 ships relaxed SIMD behind this flag (Electron's V8 enables it by default).
setFlagsFromString('--experimental-wasm-relaxed-simd');
const KERNELS: Kernels[] = [tsKernels, ...wasmVariantsAvailable().map((variant) => createWasmKernels({ variant })!)];

interface DenseCase {
  name: string;
  bias: boolean;
  x: FixtureTensor;
  weight: FixtureTensor;
  b?: FixtureTensor;
  dy: FixtureTensor;
  y: FixtureTensor;
  dx: FixtureTensor;
  dweight: FixtureTensor;
  dbias?: FixtureTensor;
}

describe.each(KERNELS)('Dense against torch.nn.functional.linear ($name kernels)', (kernels) => {
  for (const c of loadFixture<{ cases: DenseCase[] }>('dense').cases) {
    it(c.name, () => {
      const [rows, inWidth] = c.x.shape;
      const units = c.weight.shape[0];
      const layer = createDense({ nodeId: 'd', inWidth, units, bias: c.bias, init: { kind: 'zeros' } }, kernels, createRandom(1));
      const [weight, bias] = layer.parameters;
      weight.value.set(c.weight.data);
      if (c.b) bias.value.set(c.b.data);
      expect(layer.parameters.length).toBe(c.bias ? 2 : 1);

      const x = f32(c.x);
      const y = new Float32Array(rows * units);
      layer.forward([x], y, rows, 'train');
      expectClose(y, c.y, 'y');
      const dx = new Float32Array(rows * inWidth);
      layer.backward([x], y, f32(c.dy), [dx], rows);
      expectClose(dx, c.dx, 'dx');
      expectClose(weight.grad, c.dweight, 'dW');
      if (c.dbias) expectClose(bias.grad, c.dbias, 'db');
    });
  }
});

interface ActivationCase {
  fn: ActivationKind;
  params: { slope?: number; alpha?: number };
  x: FixtureTensor;
  dy: FixtureTensor;
  y: FixtureTensor;
  dx: FixtureTensor;
}

function activationSpec(c: ActivationCase, width: number): PlanLayer {
  const base = { nodeId: 'a', inputs: ['in'], outWidth: width, parameterCount: 0, flops: { forward: 0, backward: 0 } };
  switch (c.fn) {
    case 'leaky-relu':
      return { ...base, kind: 'activation', fn: c.fn, slope: c.params.slope! };
    case 'elu':
      return { ...base, kind: 'activation', fn: c.fn, alpha: c.params.alpha! };
    default:
      return { ...base, kind: 'activation', fn: c.fn };
  }
}

describe.each(KERNELS)('activations against torch ($name kernels)', (kernels) => {
  const { cases } = loadFixture<{ cases: ActivationCase[] }>('activations');

  it('covers every activation kind', () => {
    expect(cases.map((c) => c.fn).sort()).toEqual(['elu', 'identity', 'leaky-relu', 'relu', 'sigmoid', 'softplus', 'tanh']);
  });

  for (const c of cases) {
    it(`${c.fn} ${JSON.stringify(c.params)}`, () => {
      const [rows, width] = c.x.shape;
      const layer: Layer = createLayer(activationSpec(c, width), kernels, { init: createRandom(1), masks: createRandom(2) });
      const x = f32(c.x);
      const y = new Float32Array(rows * width);
      layer.forward([x], y, rows, 'train');
      expectClose(y, c.y, 'y');
      const dx = new Float32Array(rows * width);
      layer.backward([x], y, f32(c.dy), [dx], rows);
      expectClose(dx, c.dx, 'dx');
    });
  }
});

type LossCase =
  | { loss: 'softmax-cross-entropy'; logits: FixtureTensor; labels: number[]; value: number; dlogits: FixtureTensor }
  | { loss: 'mse'; outputs: FixtureTensor; targets: FixtureTensor; value: number; doutputs: FixtureTensor }
  | { loss: 'sigmoid-binary-cross-entropy'; logits: FixtureTensor; targets: FixtureTensor; value: number; dlogits: FixtureTensor };

describe('losses against torch', () => {
  const { cases } = loadFixture<{ cases: LossCase[] }>('losses');
  cases.forEach((c, index) => {
    it(`${c.loss} #${index + 1}`, () => {
      const [rows, width] = (c.loss === 'mse' ? c.outputs : c.logits).shape;
      const gradient = new Float32Array(rows * width);
      let value: number;
      let expected: FixtureTensor;
      switch (c.loss) {
        case 'softmax-cross-entropy':
          value = softmaxCrossEntropy(f32(c.logits), Int32Array.from(c.labels), rows, width, gradient);
          expected = c.dlogits;
          break;
        case 'mse':
          value = meanSquaredError(f32(c.outputs), f32(c.targets), rows, width, gradient);
          expected = c.doutputs;
          break;
        case 'sigmoid-binary-cross-entropy':
          value = sigmoidBinaryCrossEntropy(f32(c.logits), f32(c.targets), rows, width, gradient);
          expected = c.dlogits;
          break;
      }
      expectCloseScalar(value, c.value, 'loss');
      expectClose(gradient, expected, 'gradient');
    });
  });
});

interface BatchNormStep {
  x: FixtureTensor;
  dy: FixtureTensor;
  y: FixtureTensor;
  dx: FixtureTensor;
  runningMean: FixtureTensor;
  runningVar: FixtureTensor;
  dgamma?: FixtureTensor;
  dbeta?: FixtureTensor;
}

interface BatchNormCase {
  name: string;
  eps: number;
  momentum: number;
  affine: boolean;
  gamma?: FixtureTensor;
  beta?: FixtureTensor;
  steps: BatchNormStep[];
  evalX: FixtureTensor;
  evalY: FixtureTensor;
}

describe.each(KERNELS)('BatchNorm against torch.nn.BatchNorm1d ($name kernels)', (kernels) => {
  for (const c of loadFixture<{ cases: BatchNormCase[] }>('batchnorm').cases) {
    it(`${c.name}: three training steps, then evaluation`, () => {
      const [rows, width] = c.evalX.shape;
      const layer = createBatchNorm({ nodeId: 'bn', width, momentum: c.momentum, eps: c.eps, affine: c.affine }, kernels);
      expect(layer.parameters.length).toBe(c.affine ? 2 : 0);
      if (c.affine) {
        layer.parameters[0].value.set(c.gamma!.data);
        layer.parameters[1].value.set(c.beta!.data);
      }
      c.steps.forEach((s, index) => {
        const x = f32(s.x);
        const y = new Float32Array(rows * width);
        layer.forward([x], y, rows, 'train');
        expectClose(y, s.y, `step ${index + 1} y`);
        const dx = new Float32Array(rows * width);
        layer.backward([x], y, f32(s.dy), [dx], rows);
        expectClose(dx, s.dx, `step ${index + 1} dx`);
        if (c.affine) {
          expectClose(layer.parameters[0].grad, s.dgamma!, `step ${index + 1} dγ`);
          expectClose(layer.parameters[1].grad, s.dbeta!, `step ${index + 1} dβ`);
        }
        expectClose(layer.runningMean, s.runningMean, `step ${index + 1} running mean`);
        expectClose(layer.runningVariance, s.runningVar, `step ${index + 1} running variance`);
      });
      const y = new Float32Array(rows * width);
      layer.forward([f32(c.evalX)], y, rows, 'eval');
      expectClose(y, c.evalY, 'evaluation y');
    });
  }
});

interface MlpFixture {
  sizes: number[];
  activations: ('tanh' | 'relu')[];
  learningRate: number;
  initial: { weight: FixtureTensor; bias: FixtureTensor }[];
  batches: { x: FixtureTensor; labels: number[] }[];
  losses: number[];
  final: { weight: FixtureTensor; bias: FixtureTensor }[];
}

describe.each(KERNELS)('a 6-8-8-3 MLP against torch ($name kernels)', (kernels) => {
  const fixture = loadFixture<MlpFixture>('mlp');
  const { sizes, batches } = fixture;
  const classes = sizes[sizes.length - 1];
  const batchRows = batches[0].x.shape[0];

  /** Input → (Dense → activation)… → Dense → softmax cross-entropy, as a hand-built plan. */
  function mlpPlan(): CompiledPlan {
    const layers: PlanLayer[] = [];
    let previous = 'input';
    for (let i = 0; i + 1 < sizes.length; i++) {
      const [inWidth, units] = [sizes[i], sizes[i + 1]];
      const flops = { forward: 0, backward: 0 };
      layers.push({ kind: 'dense', nodeId: `dense${i}`, inputs: [previous], outWidth: units, parameterCount: 0, flops, inWidth, units, bias: true, init: { kind: 'zeros' }, initDescription: '' });
      previous = `dense${i}`;
      if (i < fixture.activations.length) {
        layers.push({ kind: 'activation', nodeId: `act${i}`, inputs: [previous], outWidth: units, parameterCount: 0, flops, fn: fixture.activations[i] });
        previous = `act${i}`;
      }
    }
    return {
      inputNodeId: 'input',
      inputWidth: sizes[0],
      outputNodeId: 'output',
      lossInput: previous,
      edgeShapes: {},
      loss: 'softmax-cross-entropy',
      target: 'labels',
      classes,
      layers,
      dataset: { kind: 'spirals', pointsPerClass: 1, noise: 0, testFraction: 0.5 },
      training: {
        optimizer: { kind: 'sgd' },
        learningRate: fixture.learningRate,
        schedule: { kind: 'constant' },
        l1: 0,
        l2: 0,
        clipNorm: 0,
        batchSize: batchRows,
        steps: batches.length,
        seed: 1,
        shuffle: false,
        sampling: { kind: 'sequential' },
        reportEvery: 1,
      },
    };
  }

  /** The fixture's batches back to back: with batch size 4 and no shuffling, step k trains on batch k. */
  function fixtureData(): DatasetSplit {
    const set = {
      features: Float32Array.from(batches.flatMap((batch) => batch.x.data)),
      labels: Int32Array.from(batches.flatMap((batch) => batch.labels)),
      rows: batches.length * batchRows,
      width: sizes[0],
      classes,
    };
    return { train: set, test: set };
  }

  it('gives the loss of each of 5 SGD steps and the final parameters', () => {
    const trainer = createTrainer(mlpPlan(), { data: fixtureData(), kernels });
    fixture.initial.forEach((initial, i) => {
      const [weight, bias] = trainer.tensors(`dense${i}`)!.parameters;
      weight.value.set(initial.weight.data);
      bias.value.set(initial.bias.data);
    });
    fixture.losses.forEach((expected, index) => {
      const result = trainer.step();
      if (result.kind !== 'step') throw new Error(result.message);
      expectCloseScalar(result.loss, expected, `loss of step ${index + 1}`);
    });
    fixture.final.forEach((final, i) => {
      const [weight, bias] = trainer.tensors(`dense${i}`)!.parameters;
      expectClose(weight.value, final.weight, `final W of layer ${i + 1}`);
      expectClose(bias.value, final.bias, `final b of layer ${i + 1}`);
    });
  });
});
