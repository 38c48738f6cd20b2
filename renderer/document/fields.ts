import type { TrainingSettings } from '../../engine/document/types';

/** The limits a numeric input checks as the user types. */
export interface NumericRule {
  type: 'integer' | 'number';
  min: number;
  max: number;
}

/** Why `text` is not an acceptable value, or null with the parsed number. */
export function parseNumeric(text: string, rule: NumericRule): { value: number; problem: null } | { value: null; problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, problem: 'Enter a value.' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { value: null, problem: 'Enter a number.' };
  if (rule.type === 'integer' && !Number.isInteger(value)) return { value: null, problem: 'Enter a whole number.' };
  if (value < rule.min) return { value: null, problem: `At least ${rule.min}.` };
  if (value > rule.max) return { value: null, problem: `At most ${rule.max}.` };
  return { value, problem: null };
}

type NumericTrainingKey = { [Key in keyof TrainingSettings]: TrainingSettings[Key] extends number ? Key : never }[keyof TrainingSettings];

export interface TrainingField extends NumericRule {
  name: NumericTrainingKey;
  label: string;
}

/** The training settings the inspector shows when no node is selected. */
export const TRAINING_FIELDS: readonly TrainingField[] = [
  { name: 'learningRate', label: 'Learning rate', type: 'number', min: 1e-6, max: 10 },
  { name: 'batchSize', label: 'Batch size', type: 'integer', min: 1, max: 4096 },
  { name: 'steps', label: 'Steps', type: 'integer', min: 1, max: 10_000_000 },
  { name: 'reportEvery', label: 'Report every (steps)', type: 'integer', min: 1, max: 100_000 },
  { name: 'seed', label: 'Seed', type: 'integer', min: 0, max: 2 ** 31 - 1 },
];
