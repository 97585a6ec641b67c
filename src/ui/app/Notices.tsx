// Short messages: the worker restarted, an edit was refused... Each goes away on its own after a while.
import { memo, useEffect } from 'react';
import { type Notice, useApp } from '../../store/app-store';

const NoticeItem = memo(function NoticeItem({ n }: { n: Notice }) {
  useEffect(() => {
    // one that offers something to do stays until it is done or dismissed
    if (n.action) return;
    const t = setTimeout(() => useApp.getState().dismiss(n.id), n.tone === 'error' ? 9000 : 5000);
    return () => clearTimeout(t);
  }, [n]);
  return (
    <div className={`notice notice--${n.tone}`}>
      {n.text}
      {n.action ? (
        <button
          type="button"
          className="notice__action"
          onClick={() => {
            useApp.getState().dismiss(n.id);
            n.action?.run();
          }}
        >
          {n.action.label}
        </button>
      ) : null}
      <button type="button" aria-label="Dismiss" onClick={() => useApp.getState().dismiss(n.id)}>
        ×
      </button>
    </div>
  );
});

export function Notices() {
  const notices = useApp((s) => s.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <NoticeItem key={n.id} n={n} />
      ))}
    </div>
  );
}
