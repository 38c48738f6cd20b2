/** The limits a numeric input checks as the user types (a ParamField of type integer or number fits). */
export interface NumericRule {
  type: 'integer' | 'number';
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** Why typed text is not an acceptable value; the UI words it (i18n). */
export type NumericProblem =
  | { code: 'empty' }
  | { code: 'not-a-number' }
  | { code: 'not-whole' }
  | { code: 'too-small'; min: number; exclusive: boolean }
  | { code: 'too-large'; max: number; exclusive: boolean };

export function parseNumeric(text: string, rule: NumericRule): { value: number; problem: null } | { value: null; problem: NumericProblem } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, problem: { code: 'empty' } };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { value: null, problem: { code: 'not-a-number' } };
  if (rule.type === 'integer' && !Number.isInteger(value)) return { value: null, problem: { code: 'not-whole' } };
  const minExclusive = rule.minExclusive ?? false;
  const maxExclusive = rule.maxExclusive ?? false;
  if (minExclusive ? value <= rule.min : value < rule.min) return { value: null, problem: { code: 'too-small', min: rule.min, exclusive: minExclusive } };
  if (maxExclusive ? value >= rule.max : value > rule.max) return { value: null, problem: { code: 'too-large', max: rule.max, exclusive: maxExclusive } };
  return { value, problem: null };
}

/**
 * The accepted range in interval notation, as the lecture writes it: "[1, 4 096]", "(0, ∞)",
 * "[0, 1)". `format` prints a finite bound.
 */
export function rangeText(rule: NumericRule, format: (value: number) => string): string {
  const low = rule.min === -Infinity ? '(−∞' : `${rule.minExclusive ? '(' : '['}${format(rule.min)}`;
  const high = rule.max === Infinity ? '∞)' : `${format(rule.max)}${rule.maxExclusive ? ')' : ']'}`;
  return `${low}, ${high}`;
}
