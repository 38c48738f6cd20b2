/**
 * A layer is a small record of buffers and two functions over batch-major Float32Array
 * matrices ([rows × width], row-major). It owns its parameters and their gradients; the
 * trainer owns the activations and their gradients, so every intermediate tensor of a step
 * stays reachable for instruments.
 */

/** A trainable tensor [rows × columns] and ∂L/∂value, both allocated through the kernels. */
export interface Parameter {
  readonly name: 'weight' | 'bias';
  readonly rows: number;
  readonly columns: number;
  readonly value: Float32Array;
  readonly grad: Float32Array;
}

export interface Layer {
  readonly nodeId: string;
  readonly inWidth: number;
  readonly outWidth: number;
  /** Empty for parameter-free layers. */
  readonly parameters: readonly Parameter[];
  /** y[rows × outWidth] = f(x[rows × inWidth]). */
  forward(x: Float32Array, y: Float32Array, rows: number): void;
  /**
   * From the forward pass's x and y and dy = ∂L/∂y: overwrites the parameter gradients and,
   * unless `dx` is null (the first layer, whose input needs no gradient), dx = ∂L/∂x.
   */
  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array | null, rows: number): void;
}
