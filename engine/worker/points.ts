/** The metric arrays of a frame: one entry per point. */
export interface MetricPoints {
  steps: Float64Array;
  loss: Float32Array;
  accuracy: Float32Array;
}

/**
 * The training metrics a worker has recorded but not yet posted, in bounded memory. A point
 * closes every `reportEvery` steps (and wherever the caller closes one: a pause, a measured
 * step) with the mean loss and the accuracy of the steps since the previous point. When
 * `maxPoints` are waiting (the consumer is slow), neighbouring points merge pairwise, each merged
 * point being exactly the mean over both windows, and new points close at twice the interval,
 * so the waiting points never exceed `maxPoints` and still cover every step evenly. Taking the
 * points restores the interval.
 */
export class MetricRecorder {
  private stride = 1;
  private openSteps = 0;
  private openLoss = 0;
  private openCorrect = 0;
  private openRows = 0;
  /** Per waiting point: its last step, and the sums that make its means. */
  private readonly pointStep: Float64Array;
  private readonly pointSteps: Float64Array;
  private readonly pointLoss: Float64Array;
  private readonly pointCorrect: Float64Array;
  private readonly pointRows: Float64Array;
  private count = 0;

  constructor(
    private readonly reportEvery: number,
    private readonly maxPoints: number,
  ) {
    if (!Number.isInteger(reportEvery) || reportEvery < 1) throw new RangeError(`reportEvery must be a positive integer, got ${reportEvery}`);
    if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxPoints must be an integer of at least 2, got ${maxPoints}`);
    this.pointStep = new Float64Array(maxPoints);
    this.pointSteps = new Float64Array(maxPoints);
    this.pointLoss = new Float64Array(maxPoints);
    this.pointCorrect = new Float64Array(maxPoints);
    this.pointRows = new Float64Array(maxPoints);
  }

  /** Points waiting to be taken. */
  get pending(): number {
    return this.count;
  }

  /** Steps since the last closed point. */
  get open(): number {
    return this.openSteps;
  }

  /** Adds step `step` (1-based) of the run. */
  add(step: number, loss: number, correct: number, rows: number): void {
    this.openSteps++;
    this.openLoss += loss;
    this.openCorrect += correct;
    this.openRows += rows;
    if (step % (this.reportEvery * this.stride) === 0) this.close(step);
  }

  /** Closes the steps added since the last point into a point ending at `step`; nothing if there are none. */
  close(step: number): void {
    if (this.openSteps === 0) return;
    if (this.count === this.maxPoints) this.mergePairs();
    const i = this.count++;
    this.pointStep[i] = step;
    this.pointSteps[i] = this.openSteps;
    this.pointLoss[i] = this.openLoss;
    this.pointCorrect[i] = this.openCorrect;
    this.pointRows[i] = this.openRows;
    this.openSteps = this.openLoss = this.openCorrect = this.openRows = 0;
  }

  /** The waiting points as fresh arrays (to transfer); the recorder starts over at full resolution. */
  take(): MetricPoints {
    const n = this.count;
    const points: MetricPoints = { steps: this.pointStep.slice(0, n), loss: new Float32Array(n), accuracy: new Float32Array(n) };
    for (let i = 0; i < n; i++) {
      points.loss[i] = this.pointLoss[i] / this.pointSteps[i];
      points.accuracy[i] = this.pointCorrect[i] / this.pointRows[i];
    }
    this.count = 0;
    this.stride = 1;
    return points;
  }

  /** Forgets every point, the open ones included (a reset run). */
  clear(): void {
    this.take();
    this.openSteps = this.openLoss = this.openCorrect = this.openRows = 0;
  }

  private mergePairs(): void {
    const n = this.count;
    let kept = 0;
    for (let i = 0; i < n; i += 2, kept++) {
      const last = Math.min(i + 1, n - 1);
      this.pointStep[kept] = this.pointStep[last];
      for (const sums of [this.pointSteps, this.pointLoss, this.pointCorrect, this.pointRows]) {
        sums[kept] = last === i ? sums[i] : sums[i] + sums[last];
      }
    }
    this.count = kept;
    this.stride *= 2;
  }
}
