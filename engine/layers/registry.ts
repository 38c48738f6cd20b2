import type { PlanLayer } from '../document/plan';
import type { Kernels } from '../kernels/kernels';
import { assertNever } from '../protocol';
import type { Random } from '../random';
import { createAdd } from './add';
import { createBatchNorm } from './batchnorm';
import { createConcat } from './concat';
import { createDense } from './dense';
import { createDropout } from './dropout';
import { createElu } from './elu';
import { createIdentity } from './identity';
import type { Layer } from './layer';
import { createLeakyRelu } from './leaky-relu';
import { createRelu } from './relu';
import { createSigmoid } from './sigmoid';
import { createSoftplus } from './softplus';
import { createTanh } from './tanh';

/** The streams a layer may draw from: its own, so no layer's draws shift another's. */
export interface LayerRandom {
  /** Initial weights. */
  init: Random;
  /** Dropout masks, one draw per element per training pass. */
  masks: Random;
}

/** Builds the layer of a plan entry. */
export function createLayer(spec: PlanLayer, kernels: Kernels, random: LayerRandom): Layer {
  const { nodeId, outWidth } = spec;
  switch (spec.kind) {
    case 'dense':
      return createDense(spec, kernels, random.init);
    case 'activation':
      switch (spec.fn) {
        case 'sigmoid':
          return createSigmoid(nodeId, outWidth, kernels);
        case 'tanh':
          return createTanh(nodeId, outWidth);
        case 'relu':
          return createRelu(nodeId, outWidth, kernels);
        case 'leaky-relu':
          return createLeakyRelu(nodeId, outWidth, spec.slope);
        case 'elu':
          return createElu(nodeId, outWidth, spec.alpha);
        case 'softplus':
          return createSoftplus(nodeId, outWidth);
        case 'identity':
          return createIdentity(nodeId, outWidth);
        default:
          return assertNever(spec);
      }
    case 'dropout':
      return createDropout({ nodeId, width: outWidth, rate: spec.rate, mode: spec.mode }, random.masks);
    case 'batchnorm':
      return createBatchNorm({ nodeId, width: outWidth, momentum: spec.momentum, eps: spec.eps, affine: spec.affine }, kernels);
    case 'add':
      return createAdd({ nodeId, width: outWidth, inputCount: spec.inputs.length });
    case 'concat':
      return createConcat({ nodeId, inWidths: spec.inWidths });
    default:
      return assertNever(spec);
  }
}
