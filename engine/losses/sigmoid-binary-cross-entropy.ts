/**
 * A sigmoid on each output followed by the binary cross-entropy with a target t ∈ [0, 1],
 * summed over the outputs and averaged over the batch of n rows (independent yes/no outputs;
 * PyTorch's F.binary_cross_entropy_with_logits with reduction 'sum', divided by n):
 *
 *   p = σ(z)      L = (1/n) Σ_rows Σⱼ −(t log p + (1 − t) log(1 − p))      ∂L/∂z = (σ(z) − t) / n
 *
 * computed in the stable form −(t log p + (1 − t) log(1 − p)) = max(z, 0) − z·t + log(1 + e^(−|z|)),
 * which never takes the log of a rounded-to-zero probability and never overflows.
 *
 * `logits` and `targets` are [rows × width]; classification trains against the one-hot label.
 * Returns the mean loss; `rowLosses`, when given, receives each row's loss.
 */
export function sigmoidBinaryCrossEntropy(logits: Float32Array, targets: Float32Array, rows: number, width: number, gradient: Float32Array | null, rowLosses: Float64Array | null = null): number {
  let lossSum = 0;
  for (let r = 0; r < rows; r++) {
    let rowSum = 0;
    for (let i = r * width; i < (r + 1) * width; i++) {
      const z = logits[i];
      const t = targets[i];
      rowSum += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
      if (gradient) gradient[i] = (1 / (1 + Math.exp(-z)) - t) / rows;
    }
    if (rowLosses) rowLosses[r] = rowSum;
    lossSum += rowSum;
  }
  return lossSum / rows;
}
