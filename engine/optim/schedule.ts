import { assertNever } from '../protocol';

/**
 * Learning-rate schedules, as functions of the 0-based step t (η₀ = the base rate, T = the total
 * number of steps); the same formulas as PyTorch's schedulers stepped once per step:
 *
 *   constant     η = η₀
 *   step         η = η₀ · factor^⌊t / every⌋                          (StepLR)
 *   exponential  η = η₀ · decayᵗ                                       (ExponentialLR)
 *   cosine       η = η_min + (η₀ − η_min) (1 + cos(π t / T)) / 2,      (CosineAnnealingLR, T_max = T)
 *                η_min = minFactor · η₀, t clamped to [0, T]: the rate stays at η_min after T
 *                instead of rising again as PyTorch's does.
 */
export type ScheduleSettings =
  | { kind: 'constant' }
  | { kind: 'step'; every: number; factor: number }
  | { kind: 'exponential'; decay: number }
  | { kind: 'cosine'; minFactor: number };

export type ScheduleKind = ScheduleSettings['kind'];

/** The rate for step `step` of `totalSteps` (only the cosine schedule reads `totalSteps`, which must then be ≥ 1). */
export function learningRateAt(schedule: ScheduleSettings, baseRate: number, step: number, totalSteps: number): number {
  if (!(Number.isInteger(step) && step >= 0)) throw new Error(`Learning-rate schedule: the step must be an integer ≥ 0, got ${step}`);
  const fail = (field: string, rule: string, value: number): never => {
    throw new Error(`Learning-rate schedule ${schedule.kind}: ${field} must be ${rule}, got ${value}`);
  };
  switch (schedule.kind) {
    case 'constant':
      return baseRate;
    case 'step':
      if (!(Number.isInteger(schedule.every) && schedule.every >= 1)) fail('every', 'an integer ≥ 1', schedule.every);
      if (!(Number.isFinite(schedule.factor) && schedule.factor > 0)) fail('factor', 'finite and > 0', schedule.factor);
      return baseRate * schedule.factor ** Math.floor(step / schedule.every);
    case 'exponential':
      if (!(Number.isFinite(schedule.decay) && schedule.decay > 0)) fail('decay', 'finite and > 0', schedule.decay);
      return baseRate * schedule.decay ** step;
    case 'cosine': {
      if (!(Number.isFinite(schedule.minFactor) && schedule.minFactor >= 0 && schedule.minFactor <= 1)) fail('minFactor', 'in [0, 1]', schedule.minFactor);
      if (!(Number.isInteger(totalSteps) && totalSteps >= 1)) fail('the total number of steps', 'an integer ≥ 1', totalSteps);
      const minimum = schedule.minFactor * baseRate;
      const progress = Math.min(step, totalSteps) / totalSteps;
      return minimum + ((baseRate - minimum) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
    default:
      return assertNever(schedule);
  }
}
