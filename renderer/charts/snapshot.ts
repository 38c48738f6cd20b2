import type { AppState, RunStatus } from '../store';

/** At most this many points reach a chart: recharts redraws every one of them each update. */
export const MAX_CHART_POINTS = 400;

export interface LossPoint {
  step: number;
  loss: number;
}
export interface AccuracyPoint {
  step: number;
  accuracy: number;
}

/** What the run panel draws, taken from the store at a bounded rate. */
export interface RunSnapshot {
  status: RunStatus;
  step: number;
  totalSteps: number;
  message: string | null;
  points: number;
  firstLoss: number | null;
  latestLoss: number | null;
  latestAccuracy: number | null;
  latestTestAccuracy: number | null;
  loss: LossPoint[];
  accuracy: AccuracyPoint[];
  testAccuracy: AccuracyPoint[];
}

/**
 * Averages `values[0..length)` into at most `maxPoints` consecutive buckets, each plotted at its
 * last step; short series pass through unchanged. Averaging rather than picking every k-th
 * point keeps the curve's level honest when batch losses are noisy.
 */
export function downsample(steps: ArrayLike<number>, values: ArrayLike<number>, length: number, maxPoints: number): { step: number; value: number }[] {
  const bucketSize = Math.max(1, Math.ceil(length / maxPoints));
  const points: { step: number; value: number }[] = [];
  for (let start = 0; start < length; start += bucketSize) {
    const end = Math.min(length, start + bucketSize);
    let sum = 0;
    for (let index = start; index < end; index += 1) sum += values[index];
    points.push({ step: steps[end - 1], value: sum / (end - start) });
  }
  return points;
}

/** A reconstruction (an autoencoder) has no accuracy: the engine reports NaN, which is not drawn. */
function accuracyPoints(points: { step: number; value: number }[]): AccuracyPoint[] {
  return points.filter(({ value }) => !Number.isNaN(value)).map(({ step, value }) => ({ step, accuracy: value }));
}

export function takeSnapshot(state: AppState, maxPoints = MAX_CHART_POINTS): RunSnapshot {
  const train = state.trainSeries;
  const test = state.testSeries;
  const length = train.length;
  const last = length - 1;
  return {
    status: state.runStatus,
    step: state.runStep,
    totalSteps: state.runTotalSteps,
    message: state.runMessage,
    points: length,
    firstLoss: length > 0 ? train.loss[0] : null,
    latestLoss: length > 0 ? train.loss[last] : null,
    latestAccuracy: length > 0 ? train.accuracy[last] : null,
    latestTestAccuracy: test.length > 0 ? test.accuracy[test.length - 1] : null,
    loss: downsample(train.steps, train.loss, length, maxPoints).map(({ step, value }) => ({ step, loss: value })),
    accuracy: accuracyPoints(downsample(train.steps, train.accuracy, length, maxPoints)),
    testAccuracy: accuracyPoints(downsample(test.steps, test.accuracy, test.length, maxPoints)),
  };
}
