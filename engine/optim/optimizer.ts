import type { Kernels } from '../kernels/kernels';
import { tsKernels } from '../kernels/ts';
import { assertNever } from '../protocol';

/**
 * The update rules, exactly PyTorch's (torch.optim, dampening 0, no weight decay: penalties are
 * added to the gradient beforehand by regularization.ts). g is the gradient, η the learning rate,
 * t = 1, 2, … the step number; all state starts at zero.
 *
 *   sgd        θ ← θ − η g
 *   momentum   v ← μ v + g;             θ ← θ − η v                  (SGD(momentum=μ))
 *   nesterov   v ← μ v + g;             θ ← θ − η (g + μ v)          (SGD(momentum=μ, nesterov=True))
 *   rmsprop    s ← α s + (1 − α) g²;    θ ← θ − η g / (√s + ε)       (RMSprop, not centered)
 *   adam       m ← β₁ m + (1 − β₁) g;   v ← β₂ v + (1 − β₂) g²;
 *              θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)   (Adam: bias-corrected, ε outside the root)
 *
 * Note that PyTorch's momentum accumulates g, not (1 − μ) g: the step is η/(1 − μ) times
 * larger than plain SGD's once v settles, so equal learning rates are not comparable across rules.
 */
export type OptimizerSettings =
  | { kind: 'sgd' }
  | { kind: 'momentum'; momentum: number }
  | { kind: 'nesterov'; momentum: number }
  | { kind: 'rmsprop'; alpha: number; eps: number }
  | { kind: 'adam'; beta1: number; beta2: number; eps: number };

export type OptimizerKind = OptimizerSettings['kind'];

export interface Optimizer {
  /** Updates every parameter in place from its current gradient. */
  step(learningRate: number): void;
}

interface Tensor {
  readonly value: Float32Array;
  readonly grad: Float32Array;
}

/**
 * An optimizer over `params`, holding one state buffer per parameter per moment (float32, like
 * PyTorch's state for float32 parameters). Plain SGD's update runs on `kernels`
 * (`subtractScaled`), so parameters allocated by a WASM backend are updated in SIMD.
 */
export function createOptimizer(settings: OptimizerSettings, params: readonly Tensor[], kernels: Kernels = tsKernels): Optimizer {
  checkSettings(settings);
  params.forEach(({ value, grad }, index) => {
    if (value.length !== grad.length) throw new Error(`Optimizer: parameter ${index} has ${value.length} values but ${grad.length} gradients`);
  });
  const stateLike = (): Float32Array[] => params.map(({ value }) => new Float32Array(value.length));

  switch (settings.kind) {
    case 'sgd':
      return {
        step(learningRate) {
          for (const { value, grad } of params) kernels.subtractScaled(value, grad, value.length, learningRate);
        },
      };
    case 'momentum':
    case 'nesterov': {
      const { momentum } = settings;
      const nesterov = settings.kind === 'nesterov';
      const velocities = stateLike();
      return {
        step(learningRate) {
          for (let p = 0; p < params.length; p++) {
            const { value, grad } = params[p];
            const velocity = velocities[p];
            for (let i = 0; i < value.length; i++) {
              const v = momentum * velocity[i] + grad[i];
              velocity[i] = v;
              value[i] -= learningRate * (nesterov ? grad[i] + momentum * v : v);
            }
          }
        },
      };
    }
    case 'rmsprop': {
      const { alpha, eps } = settings;
      const squareAverages = stateLike();
      return {
        step(learningRate) {
          for (let p = 0; p < params.length; p++) {
            const { value, grad } = params[p];
            const squareAverage = squareAverages[p];
            for (let i = 0; i < value.length; i++) {
              const g = grad[i];
              squareAverage[i] = alpha * squareAverage[i] + (1 - alpha) * g * g;
              value[i] -= (learningRate * g) / (Math.sqrt(squareAverage[i]) + eps);
            }
          }
        },
      };
    }
    case 'adam': {
      const { beta1, beta2, eps } = settings;
      const firstMoments = stateLike();
      const secondMoments = stateLike();
      let t = 0;
      return {
        step(learningRate) {
          t++;
          const stepSize = learningRate / (1 - beta1 ** t);
          const rootCorrection2 = Math.sqrt(1 - beta2 ** t);
          for (let p = 0; p < params.length; p++) {
            const { value, grad } = params[p];
            const m = firstMoments[p];
            const v = secondMoments[p];
            for (let i = 0; i < value.length; i++) {
              const g = grad[i];
              m[i] = beta1 * m[i] + (1 - beta1) * g;
              v[i] = beta2 * v[i] + (1 - beta2) * g * g;
              value[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / rootCorrection2 + eps);
            }
          }
        },
      };
    }
    default:
      return assertNever(settings);
  }
}

/** Rejects hyperparameters outside the range where the rule is defined, naming the field. */
function checkSettings(settings: OptimizerSettings): void {
  const check = (field: string, value: number, valid: boolean, rule: string): void => {
    if (!(Number.isFinite(value) && valid)) throw new Error(`Optimizer ${settings.kind}: ${field} must be ${rule}, got ${value}`);
  };
  switch (settings.kind) {
    case 'sgd':
      return;
    case 'momentum':
    case 'nesterov':
      check('momentum', settings.momentum, settings.momentum >= 0 && settings.momentum < 1, 'in [0, 1)');
      return;
    case 'rmsprop':
      check('alpha', settings.alpha, settings.alpha >= 0 && settings.alpha <= 1, 'in [0, 1]');
      check('eps', settings.eps, settings.eps >= 0, '≥ 0');
      return;
    case 'adam':
      // β = 1 would make the bias correction 1 − βᵗ zero.
      check('beta1', settings.beta1, settings.beta1 >= 0 && settings.beta1 < 1, 'in [0, 1)');
      check('beta2', settings.beta2, settings.beta2 >= 0 && settings.beta2 < 1, 'in [0, 1)');
      check('eps', settings.eps, settings.eps >= 0, '≥ 0');
      return;
    default:
      return assertNever(settings);
  }
}
