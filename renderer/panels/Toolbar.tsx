import type { EditorCommands } from '../commands/useEditorCommands';
import { CATALOGS, LOCALES, isLocale, useLocale, useT } from '../i18n';
import { isDirty, isRunActive } from '../store';
import { WorkspaceTabs } from '../instruments/WorkspaceTabs';
import { useAppStore, useServices } from '../services';

function DocumentTitle() {
  const { store } = useServices();
  const t = useT();
  const locale = useLocale();
  const name = useAppStore((state) => state.document.name);
  const dirty = useAppStore(isDirty);
  const autosavedAt = useAppStore((state) => state.autosavedAt);
  const status = autosavedAt === null ? t.toolbar.unsaved : t.toolbar.autosaved(new Date(autosavedAt).toLocaleTimeString(locale));
  return (
    <div className="toolbar__document">
      <input
        className="toolbar__name"
        aria-label={t.toolbar.documentName}
        value={name}
        onChange={(event) => store.getState().renameDocument(event.target.value)}
        onBlur={() => store.getState().endGesture()}
        data-testid="document-name"
      />
      <span
        className={dirty ? 'toolbar__dirty toolbar__dirty--on' : 'toolbar__dirty'}
        title={dirty ? status : undefined}
        aria-label={dirty ? status : undefined}
        data-testid="dirty-marker"
        data-dirty={dirty}
        data-autosaved={autosavedAt !== null}
      >
        ●
      </span>
    </div>
  );
}

function ViewControls({ commands }: { commands: EditorCommands }) {
  const { store } = useServices();
  const t = useT();
  const preferences = useAppStore((state) => state.preferences);
  const set = store.getState().setPreferences;
  return (
    <div className="toolbar__group toolbar__group--view" role="group" aria-label={t.toolbar.view}>
      <button
        type="button"
        className="button button--icon"
        aria-pressed={preferences.snapToGrid}
        onClick={() => set({ snapToGrid: !preferences.snapToGrid })}
        title={t.toolbar.snap}
        aria-label={t.toolbar.snap}
        data-testid="toggle-snap"
      >
        #
      </button>
      <button
        type="button"
        className="button button--icon"
        aria-pressed={preferences.showMinimap}
        onClick={() => set({ showMinimap: !preferences.showMinimap })}
        title={t.toolbar.minimap}
        aria-label={t.toolbar.minimap}
        data-testid="toggle-minimap"
      >
        ▣
      </button>
      <button
        type="button"
        className="button button--icon"
        onClick={commands['toggle-theme']}
        title={preferences.theme === 'dark' ? t.toolbar.lightTheme : t.toolbar.darkTheme}
        aria-label={preferences.theme === 'dark' ? t.toolbar.lightTheme : t.toolbar.darkTheme}
        data-testid="toggle-theme"
        data-theme={preferences.theme}
      >
        {preferences.theme === 'dark' ? '☀' : '☾'}
      </button>
      <select
        className="toolbar__select"
        aria-label={t.toolbar.language}
        title={t.toolbar.language}
        value={preferences.locale}
        onChange={(event) => isLocale(event.target.value) && set({ locale: event.target.value })}
        data-testid="language"
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale}>
            {CATALOGS[locale].languageName}
          </option>
        ))}
      </select>
      <button type="button" className="button button--icon" onClick={commands.shortcuts} title={t.toolbar.shortcuts} aria-label={t.toolbar.shortcuts} data-testid="show-shortcuts">
        ?
      </button>
    </div>
  );
}

export function Toolbar({ commands }: { commands: EditorCommands }) {
  const { store, runClient, commands: documents } = useServices();
  const t = useT();
  const status = useAppStore((state) => state.runStatus);
  const canUndo = useAppStore((state) => state.history.past.length > 0);
  const canRedo = useAppStore((state) => state.history.future.length > 0);
  const active = isRunActive(status);

  return (
    <header className="toolbar" data-testid="toolbar">
      <button type="button" className="toolbar__brand" onClick={() => store.getState().openDialog({ kind: 'start' })} title={t.toolbar.homeTitle} data-testid="open-start">
        {t.app.brand}
      </button>
      <DocumentTitle />
      <div className="toolbar__group" role="group" aria-label={t.toolbar.file}>
        <button type="button" className="button" onClick={documents.newDocument} data-testid="new-document">
          {t.toolbar.new}
        </button>
        <button type="button" className="button" onClick={() => void documents.openDocument()} data-testid="open-document">
          {t.toolbar.open}
        </button>
        <button type="button" className="button" onClick={() => void documents.saveDocument()} data-testid="save-document">
          {t.toolbar.save}
        </button>
      </div>
      <div className="toolbar__group" role="group" aria-label={t.toolbar.edit}>
        <button type="button" className="button button--icon" disabled={!canUndo} onClick={commands.undo} title={t.toolbar.undo} aria-label={t.toolbar.undo} data-testid="undo">
          ↶
        </button>
        <button type="button" className="button button--icon" disabled={!canRedo} onClick={commands.redo} title={t.toolbar.redo} aria-label={t.toolbar.redo} data-testid="redo">
          ↷
        </button>
      </div>
      <div className="toolbar__group" role="group" aria-label={t.toolbar.run}>
        <button type="button" className="button button--primary" disabled={active} onClick={() => runClient.train()} data-testid="train">
          {t.toolbar.train}
        </button>
        <button
          type="button"
          className="button"
          disabled={status !== 'running' && status !== 'paused'}
          onClick={() => (status === 'paused' ? runClient.resume() : runClient.pause())}
          data-testid="pause-resume"
        >
          {status === 'paused' ? t.toolbar.resume : t.toolbar.pause}
        </button>
        <button type="button" className="button" disabled={!active} onClick={() => runClient.stop()} data-testid="stop">
          {t.toolbar.stop}
        </button>
      </div>
      <span className={`status status--${status}`} data-testid="run-status" data-status={status}>
        {t.status[status]}
      </span>
      <WorkspaceTabs />
      <ViewControls commands={commands} />
    </header>
  );
}
