import { ALIGN_MODES, alignMinimum, type AlignMode } from '../document/arrange';
import type { EditorCommands } from '../commands/useEditorCommands';
import { useT } from '../i18n';
import { useAppStore, useServices } from '../services';

/** Arranging the network, over the top of the canvas: what acts on the selection waits for one. */
export function CanvasToolbar({ commands }: { commands: EditorCommands }) {
  const { store } = useServices();
  const t = useT();
  const selectedCount = useAppStore((state) => state.selectedNodeIds.length);
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label={t.toolbar.arrange} data-testid="canvas-toolbar">
      <button type="button" className="button" onClick={commands['auto-layout']} title={t.toolbar.layoutTitle} data-testid="auto-layout">
        {t.toolbar.layout}
      </button>
      <button type="button" className="button" onClick={commands['fit-view']} title={t.toolbar.fitTitle} data-testid="fit-view">
        {t.toolbar.fit}
      </button>
      <span className="canvas-toolbar__divider" />
      <button type="button" className="button" disabled={selectedCount === 0} onClick={commands.duplicate} data-testid="duplicate">
        {t.toolbar.duplicate}
      </button>
      <button type="button" className="button" disabled={selectedCount === 0} onClick={commands.repeat} data-testid="repeat">
        {t.toolbar.repeat}
      </button>
      <select
        className="toolbar__select"
        aria-label={t.toolbar.align}
        value=""
        disabled={selectedCount < 2}
        onChange={(event) => store.getState().alignSelection(event.target.value as AlignMode)}
        data-testid="align"
      >
        <option value="" disabled>
          {t.toolbar.align}
        </option>
        {ALIGN_MODES.map((mode) => (
          <option key={mode} value={mode} disabled={selectedCount < alignMinimum(mode)}>
            {t.align[mode]}
          </option>
        ))}
      </select>
    </div>
  );
}
