import { useT } from '../i18n';
import { useAppStore, useServices } from '../services';

export function NoticeBar() {
  const { store } = useServices();
  const t = useT();
  const notice = useAppStore((state) => state.notice);
  if (!notice) return null;
  return (
    <div className={`notice notice--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="notice" data-tone={notice.tone}>
      <span data-testid="notice-text">{notice.text}</span>
      <button type="button" className="notice__close" aria-label={t.notice.dismiss} onClick={() => store.getState().dismissNotice()}>
        ×
      </button>
    </div>
  );
}
