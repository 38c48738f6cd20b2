import { useState } from 'react';
import { useAppStore, useServices } from '../services';
import type { CompareSetup } from './comparison';
import { CompareSetupForm } from './CompareSetupForm';
import { CompareView } from './CompareView';
import { useInstrumentsText } from './text';

/** The Instruments tab: the views of every tracked run, and Compare, which trains the document's variants side by side. */
export function InstrumentsPanel() {
  const text = useInstrumentsText();
  const { store: runs, comparisons: runner } = useServices();
  const document = useAppStore((state) => state.document);
  const [setupOpen, setSetupOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => {
    setSetupOpen(false);
    setProblem(null);
  };
  const start = (setup: CompareSetup) => {
    const refused = runner.compare(document, setup);
    if (refused) setProblem(refused);
    else close();
  };
  return (
    <section className="instruments-panel" aria-label={text.title} data-testid="instruments-panel">
      <header className="instruments-panel__head">
        <h2 className="instruments-panel__title">{text.title}</h2>
        <button type="button" className="instrument__button instruments-panel__compare" aria-expanded={setupOpen} onClick={() => (setupOpen ? close() : setSetupOpen(true))} data-testid="compare">
          {text.compare}
        </button>
      </header>
      {setupOpen && (
        <div className="instruments-panel__popover">
          <CompareSetupForm key={document.name} document={document} problem={problem} onStart={start} onCancel={close} />
        </div>
      )}
      <CompareView store={runs} />
    </section>
  );
}
