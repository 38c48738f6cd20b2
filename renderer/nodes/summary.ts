import { NODE_DEFINITIONS, type ParamField } from '../../engine/document/nodes';
import type { NodeKind, ParamValue } from '../../engine/document/types';
import { assertNever } from '../../engine/protocol';

export function paramFields(kind: NodeKind): readonly ParamField[] {
  return NODE_DEFINITIONS[kind].params;
}

/** The key parameters as a card shows them after the title: "16 units", "tanh". */
export function paramSummary(kind: NodeKind, params: Record<string, ParamValue>): string {
  return paramFields(kind)
    .map((field) => {
      const value = params[field.name];
      switch (field.type) {
        case 'integer':
        case 'number':
          return `${value} ${field.label.toLowerCase()}`;
        case 'choice':
          return String(value);
        default:
          return assertNever(field);
      }
    })
    .join(', ');
}

