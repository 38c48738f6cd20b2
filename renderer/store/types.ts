import type { StateCreator } from 'zustand/vanilla';
import type { DiagnosticsSlice } from './diagnosticsSlice';
import type { DocumentSlice } from './documentSlice';
import type { NoticeSlice } from './noticeSlice';
import type { RunSlice } from './runSlice';

export type AppState = DocumentSlice & RunSlice & DiagnosticsSlice & NoticeSlice;

/** A slice sees the whole state, so an action may reset a neighbour's fields (New clears diagnostics). */
export type AppSlice<Slice> = StateCreator<AppState, [], [], Slice>;
