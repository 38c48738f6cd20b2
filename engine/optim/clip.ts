/**
 * Gradient clipping by global norm (torch.nn.utils.clip_grad_norm_ with norm_type 2):
 *
 *   ‖g‖ = √(Σ over every tensor and element of g²);   if ‖g‖ > maxNorm:  g ← g · maxNorm / ‖g‖
 *
 * The direction is kept and the clipped norm is maxNorm exactly (PyTorch divides by ‖g‖ + 1e-6,
 * so its clipped norm is a hair below). Sums are in float64, so float32 gradients cannot overflow.
 * A NaN or infinite norm leaves the gradients as they are: scaling would smear the NaN over every
 * tensor and hide where the divergence began, which the trainer's report names.
 */
export function clipGradientNorm(params: readonly { grad: Float32Array }[], maxNorm: number): number {
  if (!(Number.isFinite(maxNorm) && maxNorm > 0)) throw new Error(`Gradient clipping: the maximum norm must be finite and > 0, got ${maxNorm}`);
  let squares = 0;
  for (const { grad } of params) {
    for (let i = 0; i < grad.length; i++) squares += grad[i] * grad[i];
  }
  const norm = Math.sqrt(squares);
  if (norm > maxNorm && Number.isFinite(norm)) {
    const scale = maxNorm / norm;
    for (const { grad } of params) {
      for (let i = 0; i < grad.length; i++) grad[i] *= scale;
    }
  }
  return norm;
}
