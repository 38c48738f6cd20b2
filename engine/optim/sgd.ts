/** A parameter tensor and its gradient, flat and of equal length. */
export interface ParameterAndGradient {
  readonly value: Float32Array;
  readonly grad: Float32Array;
}

/** Plain stochastic gradient descent, in place: θ ← θ − η ∂L/∂θ. */
export function sgdStep(parameters: readonly ParameterAndGradient[], learningRate: number): void {
  for (const { value, grad } of parameters) {
    for (let i = 0; i < value.length; i++) value[i] -= learningRate * grad[i];
  }
}
