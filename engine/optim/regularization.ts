/**
 * The lecture's weight penalties, L_R = L(y, t) + λ₁ R₁(W) + λ₂ R₂(W):
 *
 *   L1  R₁ = Σ |w|         ∂R₁/∂w = sign(w)   (the subgradient 0 at w = 0, like torch.sign)
 *   L2  R₂ = ½ Σ w²        ∂R₂/∂w = w         (PyTorch's weight_decay = λ₂)
 *
 * The trainer passes only the tensors to regularise: by default the Dense weights, not biases
 * or BatchNorm's γ and β.
 */

/** grad ← grad + λ₁ sign(w) + λ₂ w, in place, before the optimizer's step. */
export function addPenaltyGradients(weights: readonly { value: Float32Array; grad: Float32Array }[], l1: number, l2: number): void {
  checkStrengths(l1, l2);
  if (l1 === 0 && l2 === 0) return;
  for (const { value, grad } of weights) {
    for (let i = 0; i < value.length; i++) {
      const w = value[i];
      grad[i] += l1 * Math.sign(w) + l2 * w;
    }
  }
}

/** λ₁ Σ|w| + (λ₂/2) Σw², summed in float64: the amount the penalty adds to the loss. */
export function penaltyValue(weights: readonly { value: Float32Array }[], l1: number, l2: number): number {
  checkStrengths(l1, l2);
  let absolute = 0;
  let squares = 0;
  for (const { value } of weights) {
    for (let i = 0; i < value.length; i++) {
      const w = value[i];
      absolute += Math.abs(w);
      squares += w * w;
    }
  }
  return l1 * absolute + (l2 / 2) * squares;
}

function checkStrengths(l1: number, l2: number): void {
  if (!(Number.isFinite(l1) && l1 >= 0)) throw new Error(`L1 penalty strength must be finite and ≥ 0, got ${l1}`);
  if (!(Number.isFinite(l2) && l2 >= 0)) throw new Error(`L2 penalty strength must be finite and ≥ 0, got ${l2}`);
}
