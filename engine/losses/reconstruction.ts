import type { LossKind } from '../document/types';
import { assertNever } from '../protocol';
import type { Loss } from './loss';
import { meanSquaredError } from './mse';
import { sigmoidBinaryCrossEntropy } from './sigmoid-binary-cross-entropy';

/**
 * An autoencoder's loss: the outputs [rows × width] against the network's own input batch,
 * which `inputs` holds (the trainer's data buffer, refilled each batch). The labels are not
 * read. The squared error and binary cross-entropy are the label losses' own functions (summed
 * over the outputs, averaged over the batch), with the input as the target: sigmoid binary
 * cross-entropy on logits is the "BCE summed over pixels" of the dropout autoencoder, for
 * targets in [0, 1].
 *
 * Softmax cross-entropy has no meaning against a pixel vector: the compiler refuses it, and so
 * does this function (throws).
 */
export function createReconstructionLoss(kind: LossKind, width: number, inputs: Float32Array): Loss {
  switch (kind) {
    case 'mse':
      return { kind, compute: (outputs, _labels, rows, gradient, rowLosses = null) => meanSquaredError(outputs, inputs, rows, width, gradient, rowLosses) };
    case 'sigmoid-binary-cross-entropy':
      return { kind, compute: (outputs, _labels, rows, gradient, rowLosses = null) => sigmoidBinaryCrossEntropy(outputs, inputs, rows, width, gradient, rowLosses) };
    case 'softmax-cross-entropy':
      throw new Error('Softmax cross-entropy cannot reconstruct the input: use the squared error or sigmoid binary cross-entropy.');
    default:
      return assertNever(kind);
  }
}
