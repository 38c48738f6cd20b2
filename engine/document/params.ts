import { relevantFields, type ParamField } from './nodes';
import type { ParamValue } from './types';

/**
 * Checking a record of values (a node's params, the training settings) against its fields.
 * A missing field takes its default, so documents written before a field existed still load;
 * a present field must be valid; fields that are not relevant (see `relevantWhen`) are ignored.
 */
export interface ResolvedParams {
  /** Every relevant field's value: the document's when valid, else the default. */
  values: Record<string, ParamValue>;
  /** Relevant fields whose value is present but wrong, with the reason ("must be …"). */
  problems: { field: ParamField; problem: string }[];
}

export function resolveParams(fields: readonly ParamField[], raw: Readonly<Record<string, unknown>>): ResolvedParams {
  const values: Record<string, ParamValue> = {};
  const problems: ResolvedParams['problems'] = [];
  for (const field of relevantFields(fields, raw)) {
    const value = raw[field.name];
    if (value === undefined) {
      values[field.name] = field.default;
      continue;
    }
    const problem = paramProblem(field, value);
    if (problem) problems.push({ field, problem });
    values[field.name] = problem ? field.default : (value as ParamValue);
  }
  return { values, problems };
}

/** Why `value` does not fit `field` ("must be …"), or null. */
export function paramProblem(field: ParamField, value: unknown): string | null {
  switch (field.type) {
    case 'integer':
      return numberProblem(value, { integer: true, min: field.min, max: field.max });
    case 'number':
      return numberProblem(value, { integer: false, min: field.min, max: field.max, minExclusive: field.minExclusive, maxExclusive: field.maxExclusive });
    case 'choice':
      return field.options.some((option) => option.value === value)
        ? null
        : `must be one of ${field.options.map((option) => option.label).join(', ')} (got ${describeValue(value)})`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be true or false (got ${describeValue(value)})`;
  }
}

interface NumberRule {
  integer: boolean;
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

function numberProblem(value: unknown, rule: NumberRule): string | null {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isSafeInteger(value)) &&
    (rule.minExclusive ? value > rule.min : value >= rule.min) &&
    (rule.maxExclusive ? value < rule.max : value <= rule.max);
  if (ok) return null;
  const what = rule.integer ? 'a whole number' : 'a number';
  return `must be ${what}${describeRange(rule)} (got ${describeValue(value)})`;
}

/** " from 1 to 4096", " of at least 0 and below 1", " greater than 0", or "" when unbounded. */
function describeRange({ min, max, minExclusive, maxExclusive }: NumberRule): string {
  const lower = min === -Infinity ? null : minExclusive ? `greater than ${min}` : `at least ${min}`;
  const upper = max === Infinity ? null : maxExclusive ? `below ${max}` : `at most ${max}`;
  if (lower && upper) return !minExclusive && !maxExclusive ? ` from ${min} to ${max}` : ` ${ofBound(lower)} and ${upper}`;
  if (lower) return ` ${ofBound(lower)}`;
  if (upper) return ` ${ofBound(upper)}`;
  return '';
}

const ofBound = (bound: string): string => (bound.startsWith('at ') ? `of ${bound}` : bound);

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
