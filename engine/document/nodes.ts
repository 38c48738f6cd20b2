import type { NodeKind, ParamValue } from './types';

/**
 * One definition per node kind: the palette, the inspector form and the compiler all read
 * this table, so a new kind is added in one place.
 */

export type ParamField =
  | { name: string; label: string; type: 'integer'; default: number; min: number; max: number }
  | { name: string; label: string; type: 'number'; default: number; min: number; max: number }
  | { name: string; label: string; type: 'choice'; default: string; options: readonly { value: string; label: string }[] };

export type PaletteGroup = 'Data' | 'Layers' | 'Activations' | 'Output';

export interface NodeDefinition {
  kind: NodeKind;
  title: string;
  group: PaletteGroup;
  description: string;
  params: readonly ParamField[];
  /** How many incoming edges the node takes (Input takes none). */
  inputs: 0 | 1;
  /** Whether other nodes may consume its output (Output is a sink). */
  hasOutput: boolean;
}

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
    params: [{ name: 'units', label: 'Units', type: 'integer', default: 16, min: 1, max: 4096 }],
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
        ],
      },
    ],
    inputs: 1,
    hasOutput: true,
  },
  output: {
    kind: 'output',
    title: 'Output',
    group: 'Output',
    description: 'Softmax over the classes and the cross-entropy loss. Its input needs one feature per class.',
    params: [],
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
