/**
 * Squared error as the lecture writes it, L = ½ (y − t)², summed over the outputs and averaged
 * over the batch of n rows:
 *
 *   L = (1/n) Σ_rows Σⱼ ½ (y[j] − t[j])²          ∂L/∂y[j] = (y[j] − t[j]) / n
 *
 * This is ½·width times PyTorch's F.mse_loss (which averages over every element): the ½ makes
 * the derivative y − t, as in the lecture's vanishing-gradient derivation.
 *
 * `outputs` and `targets` are [rows × width]; classification trains against the one-hot label.
 * Returns the mean loss; `rowLosses`, when given, receives each row's loss.
 */
export function meanSquaredError(outputs: Float32Array, targets: Float32Array, rows: number, width: number, gradient: Float32Array | null, rowLosses: Float64Array | null = null): number {
  let lossSum = 0;
  for (let r = 0; r < rows; r++) {
    let rowSum = 0;
    for (let i = r * width; i < (r + 1) * width; i++) {
      const error = outputs[i] - targets[i];
      rowSum += 0.5 * error * error;
      if (gradient) gradient[i] = error / rows;
    }
    if (rowLosses) rowLosses[r] = rowSum;
    lossSum += rowSum;
  }
  return lossSum / rows;
}
