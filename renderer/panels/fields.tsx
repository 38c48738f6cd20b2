import { useId, useState } from 'react';
import type { ParamField } from '../../engine/document/nodes';
import type { ParamValue } from '../../engine/document/types';
import { assertNever } from '../../engine/protocol';
import { parseNumeric, rangeText, type NumericProblem, type NumericRule } from '../document/fields';
import { fieldLabel, formatNumber, optionLabel, useLocale, useT, type Messages } from '../i18n';
import type { Locale } from '../store';

export function numericProblemText(t: Messages, locale: Locale, problem: NumericProblem): string {
  switch (problem.code) {
    case 'empty':
      return t.field.enterValue;
    case 'not-a-number':
      return t.field.enterNumber;
    case 'not-whole':
      return t.field.wholeNumber;
    case 'too-small':
      return problem.exclusive ? t.field.above(formatNumber(locale, problem.min)) : t.field.atLeast(formatNumber(locale, problem.min));
    case 'too-large':
      return problem.exclusive ? t.field.below(formatNumber(locale, problem.max)) : t.field.atMost(formatNumber(locale, problem.max));
    default:
      return assertNever(problem);
  }
}

interface NumberFieldProps {
  name: string;
  label: string;
  value: number;
  rule: NumericRule;
  onCommit(value: number): void;
  /** The user left the field: typing in it was one gesture. */
  onDone(): void;
  note?: string | null;
}

/**
 * A numeric input that keeps what the user typed, says inline why it is not acceptable, and
 * commits each acceptable value. When the value changes from outside (undo, another window of
 * the same field) the text follows, unless it already says the same number.
 */
export function NumberField({ name, label, value, rule, onCommit, onDone, note }: NumberFieldProps) {
  const id = useId();
  const t = useT();
  const locale = useLocale();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (parseNumeric(text, rule).value !== value) setText(String(value));
  }
  const { problem } = parseNumeric(text, rule);

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="field__hint">{rangeText(rule, (bound) => formatNumber(locale, bound))}</span>
      <input
        id={id}
        type="text"
        inputMode={rule.type === 'integer' ? 'numeric' : 'decimal'}
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        className={problem ? 'field__input field__input--invalid' : 'field__input'}
        data-testid={`param-${name}`}
        onChange={(event) => {
          setText(event.target.value);
          const parsed = parseNumeric(event.target.value, rule);
          if (parsed.problem === null && parsed.value !== value) {
            setShown(parsed.value);
            onCommit(parsed.value);
          }
        }}
        onBlur={onDone}
      />
      {problem && (
        <span id={`${id}-problem`} className="field__problem" role="alert" data-testid={`param-error-${name}`}>
          {numericProblemText(t, locale, problem)}
        </span>
      )}
      {note && (
        <span className="field__note" data-testid={`param-note-${name}`}>
          {note}
        </span>
      )}
    </div>
  );
}

interface ChoiceFieldProps {
  name: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onCommit(value: string): void;
  note?: string | null;
}

export function ChoiceField({ name, label, value, options, onCommit, note }: ChoiceFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="field__input" value={value} data-testid={`param-${name}`} onChange={(event) => onCommit(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {note && (
        <span className="field__note" data-testid={`param-note-${name}`}>
          {note}
        </span>
      )}
    </div>
  );
}

interface CheckboxFieldProps {
  name: string;
  label: string;
  value: boolean;
  onCommit(value: boolean): void;
}

export function CheckboxField({ name, label, value, onCommit }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="field field--checkbox">
      <input id={id} type="checkbox" checked={value} data-testid={`param-${name}`} onChange={(event) => onCommit(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

interface RegistryFieldProps {
  /** The node kind, `training` or `dataset`: where the label's translation is looked up. */
  scope: string;
  field: ParamField;
  value: ParamValue | undefined;
  onCommit(value: ParamValue): void;
  onDone(): void;
  /** A line under the field, e.g. what the chosen initializer gives this layer. */
  note?: string | null;
}

/** One field of the registry (a node's parameter, a training or dataset setting) as its input. */
export function RegistryField({ scope, field, value, onCommit, onDone, note }: RegistryFieldProps) {
  const t = useT();
  const label = fieldLabel(t, scope, field);
  switch (field.type) {
    case 'integer':
    case 'number':
      return <NumberField name={field.name} label={label} value={Number(value ?? field.default)} rule={field} onCommit={onCommit} onDone={onDone} note={note} />;
    case 'choice':
      return (
        <ChoiceField
          name={field.name}
          label={label}
          value={String(value ?? field.default)}
          options={field.options.map((option) => ({ value: option.value, label: optionLabel(t, scope, field, option) }))}
          onCommit={onCommit}
          note={note}
        />
      );
    case 'boolean':
      return <CheckboxField name={field.name} label={label} value={Boolean(value ?? field.default)} onCommit={onCommit} />;
    default:
      return assertNever(field);
  }
}
