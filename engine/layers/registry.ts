import type { ActivationKind } from '../document/types';
import type { PlanLayer } from '../document/plan';
import type { Kernels } from '../kernels/kernels';
import { assertNever } from '../protocol';
import type { Random } from '../random';
import { createDense } from './dense';
import type { Layer } from './layer';
import { createRelu } from './relu';
import { createSigmoid } from './sigmoid';
import { createTanh } from './tanh';

const ACTIVATIONS = {
  sigmoid: createSigmoid,
  tanh: createTanh,
  relu: createRelu,
} as const satisfies Record<ActivationKind, (nodeId: string, width: number) => Layer>;

/** Builds the layer of a plan entry; `random` is that layer's own init stream. */
export function createLayer(spec: PlanLayer, kernels: Kernels, random: Random): Layer {
  switch (spec.kind) {
    case 'dense':
      return createDense(spec, kernels, random);
    case 'activation':
      return ACTIVATIONS[spec.fn](spec.nodeId, spec.width);
    default:
      return assertNever(spec);
  }
}
