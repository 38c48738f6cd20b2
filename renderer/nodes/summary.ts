import { NODE_DEFINITIONS, relevantFields } from '../../engine/document/nodes';
import type { NodeKind, ParamValue } from '../../engine/document/types';
import { assertNever } from '../../engine/protocol';
import { fieldLabel, type Messages } from '../i18n';

/**
 * The key parameters as a card shows them after the title: "16 units", "tanh", "16 units, no
 * bias". The first field always shows; the others only when they differ from their default.
 * Choices show their value ("relu", "he-normal"): short, and the same in every language.
 */
export function paramSummary(t: Messages, kind: NodeKind, params: Record<string, ParamValue>): string {
  return relevantFields(NODE_DEFINITIONS[kind].params, params)
    .filter((field, index) => index === 0 || (params[field.name] ?? field.default) !== field.default)
    .map((field) => {
      const value = params[field.name] ?? field.default;
      const label = fieldLabel(t, kind, field).toLowerCase();
      switch (field.type) {
        case 'integer':
        case 'number':
          return `${value} ${label}`;
        case 'choice':
          return String(value);
        case 'boolean':
          return value ? label : `${label}: ${t.field.off}`;
        default:
          return assertNever(field);
      }
    })
    .join(', ');
}
