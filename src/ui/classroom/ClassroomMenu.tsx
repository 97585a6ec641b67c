// Lessons and presenter mode, from the top bar; the keys a clicker sends move through the steps.
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { usePanel } from '../../store/panel-store';
import { installActivityLink } from '../activity/activity-link';
import { installLessonLink } from './lesson-link';
import { builtinLessons, useBuiltinLessons } from './lesson-list';
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
  const lessons = useBuiltinLessons();
  useEffect(() => {
    // the lessons come after the first screen, in the idle time that follows it
    const idle = setTimeout(() => void builtinLessons(), 1000);
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
    return () => {
      clearTimeout(idle);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
  // the menu by keyboard, as the top bar's other menus (src/ui/edit/Menu.tsx): open on its first item,
  // arrows between items, Escape back to the button
  const menu = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const ready = lessons !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the lessons arriving in an open menu put the keyboard on the first
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [open, ready]);
  const onMenuKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      trigger.current?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
  };
  const start = async (run: () => Promise<string | null>) => {
    setOpen(false);
    const err = await run();
    if (err) useApp.getState().notify('error', err);
    else {
      usePanel.getState().setTab('lesson');
      // the keyboard goes on where the lesson is (the menu item it was on is gone)
      setTimeout(() => document.getElementById('panel-tab-body')?.focus(), 0);
    }
  };
  return (
    <div className="cls-anchor">
      <button
        ref={trigger}
        type="button"
        onClick={() => {
          if (!open) void builtinLessons();
          setOpen(!open);
        }}
        aria-expanded={open}
        aria-haspopup="menu"
      >
        Lessons ▾
      </button>
      {open ? (
        <div className="cls-menu" role="menu" ref={menu} onKeyDown={onMenuKey}>
          {lessons ? (
            lessons.map((l) => (
              <button key={l.id} type="button" role="menuitem" onClick={() => void start(() => c.open(l))}>
                {l.title}
              </button>
            ))
          ) : (
            <p className="muted cls-menu__loading">Loading the lessons…</p>
          )}
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
