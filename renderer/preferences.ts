import { isLocale } from './i18n';
import { CATALOGS } from './i18n';
import type { AppStore, Preferences } from './store';

const STORAGE_KEY = 'netoscope.preferences';

/** What was chosen before, else the system's language and colour scheme. */
export function loadPreferences(): Partial<Preferences> {
  const preferences: Partial<Preferences> = {};
  if (navigator.language.toLowerCase().startsWith('ru')) preferences.locale = 'ru';
  let stored: unknown = null;
  try {
    stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    // A damaged entry is replaced at the next change.
  }
  if (typeof stored !== 'object' || stored === null) return preferences;
  const { theme, locale, snapToGrid, showMinimap } = stored as Record<string, unknown>;
  if (theme === 'light' || theme === 'dark') preferences.theme = theme;
  if (isLocale(locale)) preferences.locale = locale;
  if (typeof snapToGrid === 'boolean') preferences.snapToGrid = snapToGrid;
  if (typeof showMinimap === 'boolean') preferences.showMinimap = showMinimap;
  return preferences;
}

/** Applies the theme and language to the page and the window title, and remembers changes. */
export function startPreferences(store: AppStore): () => void {
  const apply = () => {
    const { preferences, document, savedDocument } = store.getState();
    const root = window.document.documentElement;
    root.dataset.theme = preferences.theme;
    root.lang = preferences.locale;
    window.document.title = CATALOGS[preferences.locale].app.windowTitle(document.name, document !== savedDocument);
  };
  apply();
  return store.subscribe((state, previous) => {
    if (state.preferences !== previous.preferences) {
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(state.preferences));
      } catch {
        // Private modes may refuse storage: the choice then lasts for this session.
      }
    }
    if (state.preferences !== previous.preferences || state.document !== previous.document || state.savedDocument !== previous.savedDocument) apply();
  });
}
