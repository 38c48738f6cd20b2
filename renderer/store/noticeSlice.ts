import type { AppSlice } from './types';

/** A one-line message above the canvas: what Open or Save did, or why they could not. */
export interface Notice {
  tone: 'info' | 'error';
  text: string;
}

export interface NoticeSlice {
  notice: Notice | null;
  showNotice(notice: Notice): void;
  dismissNotice(): void;
}

export const createNoticeSlice: AppSlice<NoticeSlice> = (set) => ({
  notice: null,
  showNotice(notice) {
    set({ notice });
  },
  dismissNotice() {
    set({ notice: null });
  },
});
