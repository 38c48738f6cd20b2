import type { LossKind } from '../document/types';
import { assertNever } from '../protocol';
import { meanSquaredError } from './mse';
import { sigmoidBinaryCrossEntropy } from './sigmoid-binary-cross-entropy';
import { softmaxCrossEntropy } from './softmax-cross-entropy';

/** A loss bound to a network's output width, reading class labels. */
export interface Loss {
  readonly kind: LossKind;
  /**
   * The mean loss of the first `rows` (≤ capacity) rows of `outputs` [rows × width];
   * `gradient` (or null) receives ∂L/∂outputs and `rowLosses` (or null) each row's loss.
   */
  compute(outputs: Float32Array, labels: Int32Array, rows: number, gradient: Float32Array | null, rowLosses?: Float64Array | null): number;
}

/**
 * The Output node's loss. MSE and binary cross-entropy train against the one-hot encoding of
 * the label (1 for the true class, 0 elsewhere), built in a buffer of `capacity` rows.
 */
export function createLoss(kind: LossKind, width: number, capacity: number): Loss {
  switch (kind) {
    case 'softmax-cross-entropy':
      return { kind, compute: (outputs, labels, rows, gradient, rowLosses = null) => softmaxCrossEntropy(outputs, labels, rows, width, gradient, rowLosses) };
    case 'mse':
    case 'sigmoid-binary-cross-entropy': {
      const targets = new Float32Array(capacity * width);
      const lossOf = kind === 'mse' ? meanSquaredError : sigmoidBinaryCrossEntropy;
      return {
        kind,
        compute(outputs, labels, rows, gradient, rowLosses = null) {
          targets.fill(0, 0, rows * width);
          for (let r = 0; r < rows; r++) targets[r * width + labels[r]] = 1;
          return lossOf(outputs, targets, rows, width, gradient, rowLosses);
        },
      };
    }
    default:
      return assertNever(kind);
  }
}

/** Rows whose largest output (the first one on ties) is the true class. */
export function countCorrect(outputs: Float32Array, labels: Int32Array, rows: number, width: number): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const row = r * width;
    let argmax = 0;
    for (let c = 1; c < width; c++) if (outputs[row + c] > outputs[row + argmax]) argmax = c;
    if (argmax === labels[r]) correct++;
  }
  return correct;
}
