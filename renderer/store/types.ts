import type { StateCreator } from 'zustand/vanilla';
import type { RunsSlice } from '../instruments/runsSlice';
import type { AnalysisSlice } from './analysisSlice';
import type { DiagnosticsSlice } from './diagnosticsSlice';
import type { DocumentSlice } from './documentSlice';
import type { NoticeSlice } from './noticeSlice';
import type { RunSlice } from './runSlice';
import type { UiSlice } from './uiSlice';

export type AppState = DocumentSlice & RunSlice & DiagnosticsSlice & NoticeSlice & UiSlice & AnalysisSlice & RunsSlice;

/** A slice sees the whole state, so an action may reset a neighbour's fields (New clears diagnostics). */
export type AppSlice<Slice> = StateCreator<AppState, [], [], Slice>;
