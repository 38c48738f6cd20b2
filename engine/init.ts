import type { ParamField } from './document/nodes';
import type { ParamValue } from './document/types';
import { assertNever } from './protocol';
import type { Random } from './random';

/**
 * Weight initializers of a Dense layer (the lecture's section 4). The weight is [fanOut × fanIn],
 * row-major, like PyTorch's Linear, so fan_in = n_i (the inputs) and fan_out = n_{i+1} (the units).
 * D[·] is the variance; D[U(−b, b)] = b²/3.
 *
 *   pytorch-default  W ~ U(±1/√n_in)                    D = 1/(3 n_in)   (nn.Linear's own)
 *   zeros, constant  W = c                              D = 0
 *   normal           W ~ N(mean, std²)                  D = std²
 *   uniform          W ~ U(low, high)                   D = (high − low)²/12
 *   xavier-uniform   W ~ U(±√(6/(n_in + n_out)))        D = 2/(n_in + n_out)   (Glorot & Bengio 2010)
 *   xavier-normal    W ~ N(0, 2/(n_in + n_out))         D = 2/(n_in + n_out)
 *   he-normal        W ~ N(0, 2/n)                      D = 2/n, n = n_in or n_out (He et al. 2015)
 *   he-uniform       W ~ U(±√(6/n))                     D = 2/n
 *   lecun-normal     W ~ N(0, 1/n_in)                   D = 1/n_in
 *   orthogonal       W = gain·Q, Q orthonormal columns (n_out ≥ n_in) or rows (n_out < n_in),
 *                    so Σ W² = gain²·min(n_in, n_out) exactly and D = gain²/max(n_in, n_out)
 */
export type InitializerSpec =
  | { kind: 'pytorch-default' }
  | { kind: 'zeros' }
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'xavier-uniform' }
  | { kind: 'xavier-normal' }
  | { kind: 'he-normal'; fan: 'in' | 'out' }
  | { kind: 'he-uniform'; fan: 'in' | 'out' }
  | { kind: 'lecun-normal' }
  | { kind: 'orthogonal'; gain: number };

export type InitializerKind = InitializerSpec['kind'];

/** The human names, in the order the inspector lists them. */
const KIND_LABELS = {
  'pytorch-default': 'PyTorch default U(±1/√fan_in)',
  zeros: 'Zeros',
  constant: 'Constant',
  normal: 'N(mean, std)',
  uniform: 'U(low, high)',
  'xavier-uniform': 'Xavier/Glorot uniform',
  'xavier-normal': 'Xavier/Glorot normal',
  'he-normal': 'He/Kaiming normal',
  'he-uniform': 'He/Kaiming uniform',
  'lecun-normal': 'LeCun normal',
  orthogonal: 'Orthogonal',
} as const satisfies Record<InitializerKind, string>;

export const INITIALIZER_KINDS = Object.keys(KIND_LABELS) as InitializerKind[];

/**
 * Parameter defaults when a document leaves them out: the lecture's N(0, 0.01) for `normal`,
 * and PyTorch's nn.Linear initialisation, the engine's behaviour before initializers were
 * selectable, for the kind.
 */
const DEFAULTS = {
  init: 'pytorch-default',
  initMean: 0,
  initStd: 0.01,
  initLow: -0.05,
  initHigh: 0.05,
  initValue: 0,
  initGain: 1,
  initFan: 'in',
} as const;

/** The Dense inspector's initializer fields; each numeric one is read only by the kinds named in its label. */
export const INITIALIZER_PARAM_FIELDS: readonly ParamField[] = [
  {
    name: 'init',
    label: 'Initializer',
    type: 'choice',
    default: DEFAULTS.init,
    options: INITIALIZER_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] })),
  },
  { name: 'initMean', label: 'Mean (normal)', type: 'number', default: DEFAULTS.initMean, min: -10, max: 10 },
  { name: 'initStd', label: 'Std (normal)', type: 'number', default: DEFAULTS.initStd, min: 0, max: 10 },
  { name: 'initLow', label: 'Low (uniform)', type: 'number', default: DEFAULTS.initLow, min: -10, max: 10 },
  { name: 'initHigh', label: 'High (uniform)', type: 'number', default: DEFAULTS.initHigh, min: -10, max: 10 },
  { name: 'initValue', label: 'Value (constant)', type: 'number', default: DEFAULTS.initValue, min: -10, max: 10 },
  { name: 'initGain', label: 'Gain (orthogonal)', type: 'number', default: DEFAULTS.initGain, min: 0, max: 10 },
  {
    name: 'initFan',
    label: 'Fan (He)',
    type: 'choice',
    default: DEFAULTS.initFan,
    options: [
      { value: 'in', label: 'fan_in: keeps the forward variance' },
      { value: 'out', label: 'fan_out: keeps the backward variance' },
    ],
  },
];

/**
 * Fills `weight` ([fanOut × fanIn], row-major) from `random`. Element-wise kinds draw in row-major
 * order, so `pytorch-default` gives the same weights as the Dense layer's original initialisation.
 */
export function initializeWeights(spec: InitializerSpec, weight: Float32Array, fanIn: number, fanOut: number, random: Random): void {
  checkInitializer(spec);
  if (!(Number.isInteger(fanIn) && fanIn >= 1 && Number.isInteger(fanOut) && fanOut >= 1)) {
    throw new Error(`Initializer ${spec.kind}: fan_in and fan_out must be positive integers, got ${fanIn} and ${fanOut}`);
  }
  if (weight.length !== fanIn * fanOut) {
    throw new Error(`Initializer ${spec.kind}: the weight holds ${weight.length} values, not fan_out × fan_in = ${fanOut} × ${fanIn}`);
  }
  switch (spec.kind) {
    case 'zeros':
      weight.fill(0);
      return;
    case 'constant':
      weight.fill(spec.value);
      return;
    case 'normal':
      fillNormal(weight, spec.mean, spec.std, random);
      return;
    case 'uniform':
      fillUniform(weight, spec.low, spec.high, random);
      return;
    case 'pytorch-default':
      fillSymmetricUniform(weight, 1 / Math.sqrt(fanIn), random);
      return;
    case 'xavier-uniform':
      fillSymmetricUniform(weight, Math.sqrt(6 / (fanIn + fanOut)), random);
      return;
    case 'he-uniform':
      fillSymmetricUniform(weight, Math.sqrt(6 / (spec.fan === 'in' ? fanIn : fanOut)), random);
      return;
    case 'xavier-normal':
    case 'he-normal':
    case 'lecun-normal':
      fillNormal(weight, 0, initializerStd(spec, fanIn, fanOut), random);
      return;
    case 'orthogonal':
      fillOrthogonal(weight, fanIn, fanOut, spec.gain, random);
      return;
    default:
      return assertNever(spec);
  }
}

/** The standard deviation of a weight drawn by `spec` for a layer of this shape (the table above). */
export function initializerStd(spec: InitializerSpec, fanIn: number, fanOut: number): number {
  switch (spec.kind) {
    case 'pytorch-default':
      return 1 / Math.sqrt(3 * fanIn);
    case 'zeros':
    case 'constant':
      return 0;
    case 'normal':
      return spec.std;
    case 'uniform':
      return (spec.high - spec.low) / Math.sqrt(12);
    case 'xavier-uniform':
    case 'xavier-normal':
      return Math.sqrt(2 / (fanIn + fanOut));
    case 'he-normal':
    case 'he-uniform':
      return Math.sqrt(2 / (spec.fan === 'in' ? fanIn : fanOut));
    case 'lecun-normal':
      return Math.sqrt(1 / fanIn);
    case 'orthogonal':
      return spec.gain / Math.sqrt(Math.max(fanIn, fanOut));
    default:
      return assertNever(spec);
  }
}

/** One line for the inspector: the distribution with this layer's numbers and the std it implies, e.g. "He normal: std = sqrt(2/100) = 0.141". */
export function describeInitializer(spec: InitializerSpec, fanIn: number, fanOut: number): string {
  const std = formatDerived(initializerStd(spec, fanIn, fanOut));
  const heFan = (fan: 'in' | 'out'): string => (fan === 'in' ? `${fanIn}` : `${fanOut}`);
  const heName = (name: string, fan: 'in' | 'out'): string => (fan === 'in' ? name : `${name} (fan_out)`);
  switch (spec.kind) {
    case 'pytorch-default':
      return `PyTorch default: U(±1/sqrt(${fanIn})), std = 1/sqrt(3·${fanIn}) = ${std}`;
    case 'zeros':
      return 'Zeros: std = 0';
    case 'constant':
      return `Constant ${spec.value}: std = 0`;
    case 'normal':
      return `Normal N(${spec.mean}, ${spec.std}²): std = ${spec.std}`;
    case 'uniform':
      return `Uniform U(${spec.low}, ${spec.high}): std = (high − low)/sqrt(12) = ${std}`;
    case 'xavier-uniform':
      return `Xavier uniform: U(±sqrt(6/(${fanIn}+${fanOut}))), std = sqrt(2/(${fanIn}+${fanOut})) = ${std}`;
    case 'xavier-normal':
      return `Xavier normal: std = sqrt(2/(${fanIn}+${fanOut})) = ${std}`;
    case 'he-normal':
      return `${heName('He normal', spec.fan)}: std = sqrt(2/${heFan(spec.fan)}) = ${std}`;
    case 'he-uniform':
      return `${heName('He uniform', spec.fan)}: U(±sqrt(6/${heFan(spec.fan)})), std = sqrt(2/${heFan(spec.fan)}) = ${std}`;
    case 'lecun-normal':
      return `LeCun normal: std = sqrt(1/${fanIn}) = ${std}`;
    case 'orthogonal':
      return `Orthogonal, gain ${spec.gain}: std = ${spec.gain}/sqrt(${Math.max(fanIn, fanOut)}) = ${std}`;
    default:
      return assertNever(spec);
  }
}

/**
 * Reads a Dense node's flat params (init, initMean, initStd, initLow, initHigh, initValue,
 * initGain, initFan). Only the fields the chosen kind uses are read; a missing one takes its
 * default; a wrong one is an error naming the field.
 */
export function initializerFromParams(params: Record<string, ParamValue>): InitializerSpec {
  const kind = params.init ?? DEFAULTS.init;
  if (typeof kind !== 'string' || !(INITIALIZER_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`Parameter "init": unknown initializer ${JSON.stringify(kind)} (one of ${INITIALIZER_KINDS.join(', ')})`);
  }
  const number = (name: 'initMean' | 'initStd' | 'initLow' | 'initHigh' | 'initValue' | 'initGain'): number => {
    const value = params[name] ?? DEFAULTS[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`Parameter "${name}" must be a finite number, got ${JSON.stringify(value)}`);
    return value;
  };
  const fan = (): 'in' | 'out' => {
    const value = params.initFan ?? DEFAULTS.initFan;
    if (value !== 'in' && value !== 'out') throw new Error(`Parameter "initFan" must be "in" or "out", got ${JSON.stringify(value)}`);
    return value;
  };
  const spec = ((): InitializerSpec => {
    const typedKind = kind as InitializerKind;
    switch (typedKind) {
      case 'pytorch-default':
      case 'zeros':
      case 'xavier-uniform':
      case 'xavier-normal':
      case 'lecun-normal':
        return { kind: typedKind };
      case 'constant':
        return { kind: typedKind, value: number('initValue') };
      case 'normal':
        return { kind: typedKind, mean: number('initMean'), std: number('initStd') };
      case 'uniform':
        return { kind: typedKind, low: number('initLow'), high: number('initHigh') };
      case 'he-normal':
      case 'he-uniform':
        return { kind: typedKind, fan: fan() };
      case 'orthogonal':
        return { kind: typedKind, gain: number('initGain') };
      default:
        return assertNever(typedKind);
    }
  })();
  checkInitializer(spec);
  return spec;
}

/** The inverse of initializerFromParams: the params a Dense node stores for `spec` (only the ones its kind reads). */
export function initializerToParams(spec: InitializerSpec): Record<string, ParamValue> {
  switch (spec.kind) {
    case 'pytorch-default':
    case 'zeros':
    case 'xavier-uniform':
    case 'xavier-normal':
    case 'lecun-normal':
      return { init: spec.kind };
    case 'constant':
      return { init: spec.kind, initValue: spec.value };
    case 'normal':
      return { init: spec.kind, initMean: spec.mean, initStd: spec.std };
    case 'uniform':
      return { init: spec.kind, initLow: spec.low, initHigh: spec.high };
    case 'he-normal':
    case 'he-uniform':
      return { init: spec.kind, initFan: spec.fan };
    case 'orthogonal':
      return { init: spec.kind, initGain: spec.gain };
    default:
      return assertNever(spec);
  }
}

/** Rejects numbers no distribution has, naming the param field that holds them. */
function checkInitializer(spec: InitializerSpec): void {
  const fail = (field: string, rule: string, value: number): never => {
    throw new Error(`Initializer ${spec.kind}: "${field}" must be ${rule}, got ${value}`);
  };
  switch (spec.kind) {
    case 'constant':
      if (!Number.isFinite(spec.value)) fail('initValue', 'finite', spec.value);
      return;
    case 'normal':
      if (!Number.isFinite(spec.mean)) fail('initMean', 'finite', spec.mean);
      if (!(Number.isFinite(spec.std) && spec.std >= 0)) fail('initStd', 'finite and ≥ 0', spec.std);
      return;
    case 'uniform':
      if (!Number.isFinite(spec.low)) fail('initLow', 'finite', spec.low);
      if (!(Number.isFinite(spec.high) && spec.high >= spec.low)) fail('initHigh', `finite and ≥ low (${spec.low})`, spec.high);
      return;
    case 'orthogonal':
      if (!(Number.isFinite(spec.gain) && spec.gain >= 0)) fail('initGain', 'finite and ≥ 0', spec.gain);
      return;
    case 'pytorch-default':
    case 'zeros':
    case 'xavier-uniform':
    case 'xavier-normal':
    case 'he-normal':
    case 'he-uniform':
    case 'lecun-normal':
      return;
    default:
      return assertNever(spec);
  }
}

/** Three significant digits, trailing zeros kept: "0.141", "0.0577", "1.00". */
function formatDerived(value: number): string {
  return value === 0 ? '0' : value.toPrecision(3);
}

function fillUniform(weight: Float32Array, low: number, high: number, random: Random): void {
  for (let i = 0; i < weight.length; i++) weight[i] = random.uniform(low, high);
}

function fillSymmetricUniform(weight: Float32Array, bound: number, random: Random): void {
  fillUniform(weight, -bound, bound, random);
}

function fillNormal(weight: Float32Array, mean: number, std: number, random: Random): void {
  for (let i = 0; i < weight.length; i++) weight[i] = random.normal(mean, std);
}

/**
 * PyTorch's orthogonal_: draw a Gaussian [fanOut × fanIn] matrix A (row-major, like the weight),
 * take the tall one of A and Aᵀ, factor it A = QR with diag(R) > 0 (which makes Q Haar-distributed,
 * PyTorch's sign correction), and store gain·Q (transposed back if A was wide).
 *
 * The factorisation is Gram–Schmidt in float64 with each column orthogonalised twice ("twice is
 * enough", Giraud et al. 2005): one pass leaves an error that grows with the condition number of A,
 * the second brings QᵀQ to machine precision. Gram–Schmidt's R has a positive diagonal by construction.
 */
function fillOrthogonal(weight: Float32Array, fanIn: number, fanOut: number, gain: number, random: Random): void {
  const tall = fanOut >= fanIn;
  const length = Math.max(fanIn, fanOut);
  const columns = Array.from({ length: Math.min(fanIn, fanOut) }, () => new Float64Array(length));
  for (let r = 0; r < fanOut; r++) {
    for (let c = 0; c < fanIn; c++) {
      const value = random.normal();
      if (tall) columns[c][r] = value;
      else columns[r][c] = value;
    }
  }
  orthonormalizeColumns(columns);
  for (let r = 0; r < fanOut; r++) {
    for (let c = 0; c < fanIn; c++) weight[r * fanIn + c] = gain * (tall ? columns[c][r] : columns[r][c]);
  }
}

/** In place: column j ← (a_j − Σ_{k<j} (q_k·a_j) q_k) / ‖…‖, the projection applied twice. */
function orthonormalizeColumns(columns: Float64Array[]): void {
  for (let j = 0; j < columns.length; j++) {
    const column = columns[j];
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const basis = columns[k];
        let projection = 0;
        for (let i = 0; i < column.length; i++) projection += basis[i] * column[i];
        for (let i = 0; i < column.length; i++) column[i] -= projection * basis[i];
      }
    }
    let squares = 0;
    for (let i = 0; i < column.length; i++) squares += column[i] * column[i];
    const inverseNorm = 1 / Math.sqrt(squares);
    for (let i = 0; i < column.length; i++) column[i] *= inverseNorm;
  }
}
