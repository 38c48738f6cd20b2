import { useAppStore, useServices } from '../services';
import { useInstrumentsText } from './text';

/** Editor | Instruments: which of the two the workspace shows. */
export function WorkspaceTabs({ className }: { className?: string }) {
  const text = useInstrumentsText();
  const { store } = useServices();
  const open = useAppStore((state) => state.instrumentsOpen);
  const measured = useAppStore((state) => state.runs.length);
  return (
    <div className={`segmented workspace-tabs${className ? ` ${className}` : ''}`} role="tablist" aria-label={text.workspace}>
      <button type="button" role="tab" aria-selected={!open} aria-pressed={!open} onClick={() => store.getState().setInstrumentsOpen(false)} data-testid="workspace-editor">
        {text.editor}
      </button>
      <button type="button" role="tab" aria-selected={open} aria-pressed={open} onClick={() => store.getState().setInstrumentsOpen(true)} data-testid="workspace-instruments">
        {text.title}
        {measured > 0 && <span className="workspace-tabs__count">{measured}</span>}
      </button>
    </div>
  );
}
