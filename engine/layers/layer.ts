/**
 * A layer is a small record of buffers and two functions over batch-major Float32Array
 * matrices ([rows × width], row-major). It owns its parameters, their gradients and whatever it
 * must remember between its forward and backward pass (a dropout mask, BatchNorm's x̂); the
 * trainer owns the activations and their gradients, so every intermediate tensor of a step stays
 * reachable for instruments.
 */

/**
 * 'train' draws dropout masks and normalises with batch statistics (updating BatchNorm's running
 * averages); 'eval' is the deterministic network used for testing: no masks, running statistics.
 */
export type Mode = 'train' | 'eval';

/** A trainable tensor [rows × columns] and ∂L/∂value, both allocated through the kernels. */
export interface Parameter {
  readonly name: 'weight' | 'bias' | 'gamma' | 'beta';
  readonly rows: number;
  readonly columns: number;
  readonly value: Float32Array;
  readonly grad: Float32Array;
  /**
   * Whether the L1/L2 penalties apply to it. Only Dense weights are penalised: a penalty on
   * biases or on BatchNorm's γ and β constrains offsets and scales, not the model's capacity.
   */
  readonly penalized: boolean;
}

export interface Layer {
  readonly nodeId: string;
  /** The width of each input, in the order of the plan's `inputs`. */
  readonly inWidths: readonly number[];
  readonly outWidth: number;
  /** Empty for parameter-free layers. */
  readonly parameters: readonly Parameter[];
  /** output[rows × outWidth] = f(inputs), each input [rows × inWidths[i]]. */
  forward(inputs: readonly Float32Array[], output: Float32Array, rows: number, mode: Mode): void;
  /**
   * Runs only after a 'train' forward pass on the same buffers. From that pass's inputs and
   * output and dy = ∂L/∂output: overwrites the parameter gradients and every non-null
   * inputGradients[i] = ∂L/∂inputs[i] (null where no gradient is needed, e.g. the data).
   */
  backward(
    inputs: readonly Float32Array[],
    output: Float32Array,
    outputGradient: Float32Array,
    inputGradients: readonly (Float32Array | null)[],
    rows: number,
  ): void;
}

/**
 * The shell of a layer that maps each element on its own (activations): `forward` and
 * `backward` see the first `length` = rows × width values of one input.
 */
export function elementwiseLayer(
  nodeId: string,
  width: number,
  kernel: {
    forward(x: Float32Array, y: Float32Array, length: number): void;
    backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, length: number): void;
  },
): Layer {
  return {
    nodeId,
    inWidths: [width],
    outWidth: width,
    parameters: [],
    forward(inputs, output, rows) {
      kernel.forward(inputs[0], output, rows * width);
    },
    backward(inputs, output, outputGradient, inputGradients, rows) {
      const dx = inputGradients[0];
      if (dx) kernel.backward(inputs[0], output, outputGradient, dx, rows * width);
    },
  };
}
