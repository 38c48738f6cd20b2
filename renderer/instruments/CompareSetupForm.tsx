import { useState, type FormEvent } from 'react';
import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import type { ActivationKind, NetDocument } from '../../engine/document/types';
import { INITIALIZER_KINDS, INITIALIZER_PARAM_FIELDS, type InitializerKind } from '../../engine/init';
import { assertNever } from '../../engine/protocol';
import { comparisonVariants, type CompareAxis, type CompareSetup } from './comparison';
import { useInstrumentsText } from './text';

const ACTIVATION_OPTIONS = NODE_DEFINITIONS.activation.params[0].options as readonly { value: ActivationKind; label: string }[];
const INITIALIZER_LABELS = new Map((INITIALIZER_PARAM_FIELDS[0].type === 'choice' ? INITIALIZER_PARAM_FIELDS[0].options : []).map((option) => [option.value, option.label]));

interface Draft {
  axis: CompareAxis;
  kinds: InitializerKind[];
  functions: ActivationKind[];
  dropoutRates: string;
  learningRates: string;
}

function setupOf(draft: Draft): CompareSetup {
  switch (draft.axis) {
    case 'document':
    case 'batchnorm':
      return { axis: draft.axis };
    case 'initializer':
      return { axis: 'initializer', kinds: draft.kinds };
    case 'activation':
      return { axis: 'activation', functions: draft.functions };
    case 'dropout':
      return { axis: 'dropout', rates: draft.dropoutRates };
    case 'learningRate':
      return { axis: 'learningRate', rates: draft.learningRates };
    default:
      return assertNever(draft.axis);
  }
}

function toggled<Item>(items: readonly Item[], item: Item, on: boolean): Item[] {
  return on ? [...items, item] : items.filter((existing) => existing !== item);
}

/**
 * Chooses what a comparison varies: the document's variants, or an axis and its values. The
 * start button counts the runs; a problem (no value, a rate out of range, a variant that does
 * not compile) shows under it.
 */
export function CompareSetupForm({ document, problem, onStart, onCancel }: { document: NetDocument; problem: string | null; onStart(setup: CompareSetup): void; onCancel(): void }) {
  const text = useInstrumentsText();
  const hasVariants = (document.variants?.length ?? 0) > 0;
  const [draft, setDraft] = useState<Draft>({
    axis: hasVariants ? 'document' : 'initializer',
    kinds: ['he-normal', 'xavier-normal', 'normal'],
    functions: ['sigmoid', 'tanh', 'relu'],
    dropoutRates: '0, 0.2, 0.5',
    learningRates: '0.1, 0.01, 0.001',
  });
  const setup = setupOf(draft);
  const variants = comparisonVariants(document, setup);
  const count = typeof variants === 'string' ? 0 : variants.length;
  const shown = problem ?? (typeof variants === 'string' ? variants : null);
  const change = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (count > 0) onStart(setup);
  };
  const axes = (['document', 'initializer', 'batchnorm', 'dropout', 'activation', 'learningRate'] as const).filter((axis) => axis !== 'document' || hasVariants);

  return (
    <form className="compare-setup" onSubmit={submit} data-testid="compare-setup">
      <h2 className="compare-setup__title">{text.compareTitle}</h2>
      <label className="compare-setup__field">
        {text.axis}
        <select value={draft.axis} onChange={(event) => change({ axis: event.target.value as CompareAxis })} data-testid="compare-axis">
          {axes.map((axis) => (
            <option key={axis} value={axis}>
              {text.axes[axis]}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="compare-setup__values">
        <legend>{text.values}</legend>
        {draft.axis === 'document' && (
          <ul className="compare-setup__list">
            {document.variants?.map((variant) => <li key={variant.name}>{variant.name}</li>)}
          </ul>
        )}
        {draft.axis === 'initializer' &&
          INITIALIZER_KINDS.map((kind) => (
            <label key={kind} className="compare-setup__choice">
              <input type="checkbox" checked={draft.kinds.includes(kind)} onChange={(event) => change({ kinds: toggled(draft.kinds, kind, event.target.checked) })} data-testid={`compare-initializer-${kind}`} />
              {INITIALIZER_LABELS.get(kind) ?? kind}
            </label>
          ))}
        {draft.axis === 'activation' &&
          ACTIVATION_OPTIONS.map((option) => (
            <label key={option.value} className="compare-setup__choice">
              <input
                type="checkbox"
                checked={draft.functions.includes(option.value)}
                onChange={(event) => change({ functions: toggled(draft.functions, option.value, event.target.checked) })}
                data-testid={`compare-activation-${option.value}`}
              />
              {option.label}
            </label>
          ))}
        {draft.axis === 'batchnorm' && <p>{text.batchnormBoth}</p>}
        {(draft.axis === 'dropout' || draft.axis === 'learningRate') && (
          <label className="compare-setup__field">
            <input
              value={draft.axis === 'dropout' ? draft.dropoutRates : draft.learningRates}
              onChange={(event) => change(draft.axis === 'dropout' ? { dropoutRates: event.target.value } : { learningRates: event.target.value })}
              data-testid="compare-numbers"
            />
            <span className="compare-setup__hint">{text.numbersHint}</span>
          </label>
        )}
      </fieldset>
      {shown && (
        <p className="compare-setup__problem" role="alert" data-testid="compare-problem">
          {shown}
        </p>
      )}
      <div className="compare-setup__buttons">
        <button type="button" onClick={onCancel} data-testid="compare-cancel">
          {text.cancel}
        </button>
        <button type="submit" className="compare-setup__start" disabled={count === 0} data-testid="compare-start">
          {text.start(count)}
        </button>
      </div>
    </form>
  );
}
