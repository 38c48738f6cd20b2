/**
 * Softmax over each row of logits z followed by the cross-entropy with the true class y,
 * averaged over the batch of n rows (PyTorch's F.cross_entropy):
 *
 *   p[c] = e^(z[c]) / Σⱼ e^(z[j])
 *   L    = (1/n) Σ_rows −log p[y] = (1/n) Σ_rows (logΣⱼ e^(z[j]) − z[y])
 *   ∂L/∂z[c] = (p[c] − [c = y]) / n
 *
 * log-sum-exp is computed as m + log Σⱼ e^(z[j] − m) with m = maxⱼ z[j], so no exponential
 * overflows and the loss stays finite for any finite logits.
 *
 * `logits` is [rows × classes]; `gradient`, when given, receives ∂L/∂logits in the same layout
 * (evaluation passes null). Returns the mean loss; `rowLosses`, when given, receives each row's loss.
 */
export function softmaxCrossEntropy(logits: Float32Array, labels: Int32Array, rows: number, classes: number, gradient: Float32Array | null, rowLosses: Float64Array | null = null): number {
  if (exponentials.length < classes) exponentials = new Float64Array(classes);
  let lossSum = 0;
  for (let r = 0; r < rows; r++) {
    const row = r * classes;
    let max = logits[row];
    for (let c = 1; c < classes; c++) if (logits[row + c] > max) max = logits[row + c];
    let sumExp = 0;
    for (let c = 0; c < classes; c++) {
      const exponential = Math.exp(logits[row + c] - max);
      exponentials[c] = exponential;
      sumExp += exponential;
    }
    const rowLoss = max + Math.log(sumExp) - logits[row + labels[r]];
    if (rowLosses) rowLosses[r] = rowLoss;
    lossSum += rowLoss;
    if (gradient) {
      for (let c = 0; c < classes; c++) {
        const probability = exponentials[c] / sumExp;
        gradient[row + c] = (probability - (c === labels[r] ? 1 : 0)) / rows;
      }
    }
  }
  return lossSum / rows;
}

/** e^(z[c] − m) of the current row, kept in float64 for its gradient: one exp per logit, not two. */
let exponentials = new Float64Array(0);
