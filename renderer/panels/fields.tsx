import { useId, useState } from 'react';
import { parseNumeric, type NumericRule } from '../document/fields';

function formatLimit(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en') : String(value);
}

interface NumberFieldProps {
  name: string;
  label: string;
  value: number;
  rule: NumericRule;
  onCommit(value: number): void;
}

/**
 * A numeric input that keeps what the user typed, says inline why it is not acceptable, and
 * commits only acceptable values. Mount it with a `key` per edited object so the draft resets.
 */
export function NumberField({ name, label, value, rule, onCommit }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const { problem } = parseNumeric(text, rule);

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="field__hint">
        {formatLimit(rule.min)} – {formatLimit(rule.max)}
      </span>
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
          if (parsed.problem === null && parsed.value !== value) onCommit(parsed.value);
        }}
      />
      {problem && (
        <span id={`${id}-problem`} className="field__problem" role="alert" data-testid={`param-error-${name}`}>
          {problem}
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
}

export function ChoiceField({ name, label, value, options, onCommit }: ChoiceFieldProps) {
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
    </div>
  );
}
