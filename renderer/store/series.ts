/**
 * Training telemetry arrives many times a second, so it is appended to growable typed arrays
 * instead of copied into new state objects. The store publishes a version number; readers take
 * `length` once and read up to it, so a later append never changes what they read.
 */

function grown<T extends Float32Array | Float64Array>(array: T, needed: number, make: (size: number) => T): T {
  if (needed <= array.length) return array;
  const next = make(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

/** One entry per reported training step. */
export class TrainSeries {
  steps = new Float64Array(256);
  loss = new Float32Array(256);
  accuracy = new Float32Array(256);
  length = 0;

  append(steps: ArrayLike<number>, loss: ArrayLike<number>, accuracy: ArrayLike<number>): void {
    const count = steps.length;
    if (loss.length !== count || accuracy.length !== count) {
      throw new Error(`A frame's steps, loss and accuracy must have the same length (got ${count}, ${loss.length}, ${accuracy.length}).`);
    }
    const needed = this.length + count;
    this.steps = grown(this.steps, needed, (size) => new Float64Array(size));
    this.loss = grown(this.loss, needed, (size) => new Float32Array(size));
    this.accuracy = grown(this.accuracy, needed, (size) => new Float32Array(size));
    this.steps.set(steps, this.length);
    this.loss.set(loss, this.length);
    this.accuracy.set(accuracy, this.length);
    this.length = needed;
  }
}

/** One entry per frame: the held-out accuracy measured at the frame's last step. */
export class TestSeries {
  steps = new Float64Array(64);
  accuracy = new Float32Array(64);
  length = 0;

  append(step: number, accuracy: number): void {
    const needed = this.length + 1;
    this.steps = grown(this.steps, needed, (size) => new Float64Array(size));
    this.accuracy = grown(this.accuracy, needed, (size) => new Float32Array(size));
    this.steps[this.length] = step;
    this.accuracy[this.length] = accuracy;
    this.length = needed;
  }
}
