import { createStore, type StoreApi } from 'zustand/vanilla';
import { createRunsSlice } from '../instruments/runsSlice';
import { createAnalysisSlice } from './analysisSlice';
import { createDiagnosticsSlice } from './diagnosticsSlice';
import { createDocumentSlice } from './documentSlice';
import { createNoticeSlice } from './noticeSlice';
import { createRunSlice } from './runSlice';
import type { AppState } from './types';
import { createUiSlice, type Preferences } from './uiSlice';

export type { AppState } from './types';
export type { RunStatus, Divergence } from './runSlice';
export { isRunActive } from './runSlice';
export type { Notice } from './noticeSlice';
export type { Size } from './documentSlice';
export { isDirty } from './documentSlice';
export type { Dialog, Locale, Preferences, Recovery, Theme } from './uiSlice';
export { DEFAULT_PREFERENCES } from './uiSlice';

export type AppStore = StoreApi<AppState>;

/** The one store of the editor. A factory, not a module singleton: each test builds its own. */
export function createAppStore(preferences: Partial<Preferences> = {}): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createDocumentSlice(...args),
    ...createRunSlice(...args),
    ...createDiagnosticsSlice(...args),
    ...createNoticeSlice(...args),
    ...createUiSlice(preferences)(...args),
    ...createAnalysisSlice(...args),
    // The instruments' runs (renderer/instruments): every run's history, for the Instruments tab and the compare view.
    ...createRunsSlice(args[0], args[1]),
  }));
}
