// Lessons and presenter mode, from the top bar; the keys a clicker sends move through the steps.
import { useEffect, useRef, useState } from 'react';
import { BUILTIN_LESSONS } from '../../lessons/builtin';
import { useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { usePanel } from '../../store/panel-store';
import { installActivityLink } from '../activity/activity-link';
import { installLessonLink } from './lesson-link';
// the presenter-mode and lit-device rules apply to the whole page, before any lesson tab has loaded
import './classroom.css';

function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return (
    !!t &&
    (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)
  );
}

export function ClassroomMenu() {
  const [open, setOpen] = useState(false);
  const presenter = useClassroom((s) => s.presenter);
  const file = useRef<HTMLInputElement>(null);
  const c = useClassroom.getState();
  useEffect(() => {
    installLessonLink();
    installActivityLink();
    const onKey = (e: KeyboardEvent) => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      const s = useClassroom.getState();
      // Escape leaves presenter mode, lesson or not, as it leaves a slideshow
      if (e.key === 'Escape' && s.presenter) {
        s.setPresenter(false);
        return;
      }
      if (!s.lesson) return;
      // a presentation clicker sends PageDown/PageUp; arrows work from the keyboard
      if (e.key === 'PageDown' || (e.key === 'ArrowRight' && s.presenter)) {
        e.preventDefault();
        s.next();
      } else if (e.key === 'PageUp' || (e.key === 'ArrowLeft' && s.presenter)) {
        e.preventDefault();
        s.prev();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const start = async (run: () => Promise<string | null>) => {
    setOpen(false);
    const err = await run();
    if (err) useApp.getState().notify('error', err);
    else usePanel.getState().setTab('lesson');
  };
  return (
    <div className="cls-anchor">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="menu">
        Lessons ▾
      </button>
      {open ? (
        <div className="cls-menu" role="menu">
          {BUILTIN_LESSONS.map((l) => (
            <button key={l.id} type="button" role="menuitem" onClick={() => void start(() => c.open(l))}>
              {l.title}
            </button>
          ))}
          <hr />
          <button type="button" role="menuitem" onClick={() => file.current?.click()}>
            Open a lesson file…
          </button>
          <hr />
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              usePanel.getState().setTab('activity');
            }}
          >
            Graded activities (troubleshooting, your own)…
          </button>
        </div>
      ) : null}
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="lesson-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void f.text().then((t) => start(() => c.openText(t)));
        }}
      />
      <button
        type="button"
        className={presenter ? 'on' : ''}
        aria-pressed={presenter}
        onClick={() => c.setPresenter(!presenter)}
        title="Large type, high contrast, editing hidden; PageUp/PageDown or arrows move through a lesson; Esc leaves"
      >
        Presenter
      </button>
    </div>
  );
}
