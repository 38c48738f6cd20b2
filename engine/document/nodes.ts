import { INITIALIZER_KINDS, INITIALIZER_PARAM_FIELDS, initializerFromParams, initializerToParams } from '../init';
import type { NodeKind, ParamValue } from './types';

/**
 * One definition per node kind: the palette, the inspector form and the compiler all read
 * this table, so a new kind is added in one place (plus its layer: see docs/ENGINE.md).
 */

interface FieldBase {
  name: string;
  label: string;
  /**
   * The field matters only while another field of the same node holds one of `values` (a leaky
   * ReLU's slope, a normal initializer's std): otherwise the inspector hides it and the compiler
   * ignores it.
   */
  relevantWhen?: { field: string; values: readonly ParamValue[] };
}

export type ParamField =
  | (FieldBase & { type: 'integer'; default: number; min: number; max: number })
  | (FieldBase & {
      type: 'number';
      default: number;
      min: number;
      max: number;
      /** The bound itself is not allowed: (min, …] or […, max). */
      minExclusive?: boolean;
      maxExclusive?: boolean;
    })
  | (FieldBase & { type: 'choice'; default: string; options: readonly { value: string; label: string }[] })
  | (FieldBase & { type: 'boolean'; default: boolean });

export type PaletteGroup = 'Data' | 'Layers' | 'Activations' | 'Regularization' | 'Normalization' | 'Merge' | 'Output';

export interface NodeDefinition {
  kind: NodeKind;
  title: string;
  group: PaletteGroup;
  description: string;
  params: readonly ParamField[];
  /**
   * How many incoming edges the node takes: none (Input), exactly one, or 'many' (two or more,
   * Add and Concat, which read them in the order of the document's edges).
   */
  inputs: 0 | 1 | 'many';
  /** Whether other nodes may consume its output (Output is a sink). */
  hasOutput: boolean;
}

/** The initializer fields of a Dense node, each shown only for the initializers that read it. */
const DENSE_INIT_FIELDS: readonly ParamField[] = INITIALIZER_PARAM_FIELDS.map((field) => {
  if (field.name === 'init') return field;
  const readBy = INITIALIZER_KINDS.filter((kind) => field.name in initializerToParams(initializerFromParams({ init: kind })));
  return { ...field, relevantWhen: { field: 'init', values: readBy } };
});

export const NODE_DEFINITIONS = {
  input: {
    kind: 'input',
    title: 'Input',
    group: 'Data',
    description: 'The features of the dataset, one row per example.',
    params: [],
    inputs: 0,
    hasOutput: true,
  },
  dense: {
    kind: 'dense',
    title: 'Dense',
    group: 'Layers',
    description: 'Fully connected layer: y = x Wᵀ + b.',
    params: [
      { name: 'units', label: 'Units', type: 'integer', default: 16, min: 1, max: 4096 },
      { name: 'bias', label: 'Bias', type: 'boolean', default: true },
      ...DENSE_INIT_FIELDS,
    ],
    inputs: 1,
    hasOutput: true,
  },
  activation: {
    kind: 'activation',
    title: 'Activation',
    group: 'Activations',
    description: 'Element-wise non-linearity.',
    params: [
      {
        name: 'fn',
        label: 'Function',
        type: 'choice',
        default: 'tanh',
        options: [
          { value: 'sigmoid', label: 'Sigmoid' },
          { value: 'tanh', label: 'Tanh' },
          { value: 'relu', label: 'ReLU' },
          { value: 'leaky-relu', label: 'Leaky ReLU' },
          { value: 'elu', label: 'ELU' },
          { value: 'softplus', label: 'Softplus' },
          { value: 'identity', label: 'Identity' },
        ],
      },
      { name: 'slope', label: 'Negative slope', type: 'number', default: 0.01, min: 0, max: 1, relevantWhen: { field: 'fn', values: ['leaky-relu'] } },
      { name: 'alpha', label: 'Alpha', type: 'number', default: 1, min: 0, max: 10, relevantWhen: { field: 'fn', values: ['elu'] } },
    ],
    inputs: 1,
    hasOutput: true,
  },
  dropout: {
    kind: 'dropout',
    title: 'Dropout',
    group: 'Regularization',
    description: 'Zeroes each unit with the drop probability while training (the paper’s p is the keep probability, 1 − rate).',
    params: [
      { name: 'rate', label: 'Drop probability (rate)', type: 'number', default: 0.4, min: 0, max: 1, maxExclusive: true },
      {
        name: 'mode',
        label: 'Scaling',
        type: 'choice',
        default: 'inverted',
        options: [
          { value: 'inverted', label: 'Inverted: ×1/(1 − rate) while training' },
          { value: 'classic', label: 'Classic: ×(1 − rate) at test time (the lecture)' },
        ],
      },
    ],
    inputs: 1,
    hasOutput: true,
  },
  batchnorm: {
    kind: 'batchnorm',
    title: 'BatchNorm',
    group: 'Normalization',
    description: 'Normalises each feature over the mini-batch, then scales by γ and shifts by β.',
    params: [
      { name: 'momentum', label: 'Momentum of the running averages', type: 'number', default: 0.1, min: 0, max: 1 },
      { name: 'eps', label: 'Epsilon', type: 'number', default: 1e-5, min: 0, max: 1, minExclusive: true },
      { name: 'affine', label: 'Learnable γ and β', type: 'boolean', default: true },
    ],
    inputs: 1,
    hasOutput: true,
  },
  add: {
    kind: 'add',
    title: 'Add',
    group: 'Merge',
    description: 'Element-wise sum of two or more inputs of equal width (a skip connection).',
    params: [],
    inputs: 'many',
    hasOutput: true,
  },
  concat: {
    kind: 'concat',
    title: 'Concat',
    group: 'Merge',
    description: 'The features of two or more inputs side by side, in the order they were wired.',
    params: [],
    inputs: 'many',
    hasOutput: true,
  },
  output: {
    kind: 'output',
    title: 'Output',
    group: 'Output',
    description:
      'The loss against the labels (its input needs one feature per class) or, to reconstruct the input like an autoencoder, against the network’s input (one feature per input feature).',
    params: [
      {
        name: 'loss',
        label: 'Loss',
        type: 'choice',
        default: 'softmax-cross-entropy',
        options: [
          { value: 'softmax-cross-entropy', label: 'Softmax cross-entropy' },
          { value: 'mse', label: 'Squared error ½(y − t)²' },
          { value: 'sigmoid-binary-cross-entropy', label: 'Sigmoid binary cross-entropy' },
        ],
      },
      {
        name: 'target',
        label: 'Target',
        type: 'choice',
        default: 'labels',
        options: [
          { value: 'labels', label: 'The labels (one-hot for squared error and binary cross-entropy)' },
          { value: 'input', label: 'The input: reconstruct it (autoencoder)' },
        ],
      },
    ],
    inputs: 1,
    hasOutput: false,
  },
} as const satisfies Record<NodeKind, NodeDefinition>;

export const NODE_KINDS = Object.keys(NODE_DEFINITIONS) as NodeKind[];

export function defaultParams(kind: NodeKind): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const field of NODE_DEFINITIONS[kind].params as readonly ParamField[]) params[field.name] = field.default;
  return params;
}

/**
 * The fields that matter for these values (see `relevantWhen`); a controlling field that is
 * missing counts as its default.
 */
export function relevantFields(fields: readonly ParamField[], params: Readonly<Record<string, unknown>>): ParamField[] {
  return fields.filter((field) => {
    const condition = field.relevantWhen;
    if (!condition) return true;
    const controller = fields.find((candidate) => candidate.name === condition.field);
    const value = params[condition.field] ?? controller?.default;
    return condition.values.includes(value as ParamValue);
  });
}
