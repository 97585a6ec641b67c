// Short messages: the worker restarted, an edit was refused...
import { useEffect } from 'react';
import { useApp } from '../../store/app-store';

export function Notices() {
  const notices = useApp((s) => s.notices);
  useEffect(() => {
    if (!notices.length) return;
    const last = notices[notices.length - 1]!;
    const t = setTimeout(() => useApp.getState().dismiss(last.id), last.tone === 'error' ? 9000 : 5000);
    return () => clearTimeout(t);
  }, [notices]);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice--${n.tone}`}>
          {n.text}
          <button type="button" aria-label="Dismiss" onClick={() => useApp.getState().dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
