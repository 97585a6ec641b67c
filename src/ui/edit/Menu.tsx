// A drop-down menu of the top bar: a button that opens a list of actions; Escape, a click outside or
// a chosen action closes it. Arrow keys move between items.
import { type ReactNode, useEffect, useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  /** shown right-aligned, e.g. a shortcut */
  hint?: string;
  disabled?: boolean;
  onSelect: () => void;
  testId?: string;
}

export type MenuEntry = MenuItem | { heading: string } | 'separator';

export function Menu({
  label,
  title,
  entries,
  testId,
}: {
  label: ReactNode;
  title: string;
  entries: MenuEntry[];
  testId: string;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', esc);
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [
      ...(root.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? []),
    ];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
  };
  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        title={title}
        data-testid={testId}
        onClick={() => setOpen(!open)}
      >
        {label} <span aria-hidden>▾</span>
      </button>
      {open ? (
        <div className="menu__list" role="menu" onKeyDown={onKeyDown}>
          {entries.map((e, i) =>
            e === 'separator' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: separators have no identity
              <hr key={i} />
            ) : 'heading' in e ? (
              <div key={e.heading} className="menu__heading">
                {e.heading}
              </div>
            ) : (
              <button
                key={e.label}
                type="button"
                role="menuitem"
                disabled={e.disabled}
                data-testid={e.testId}
                onClick={() => {
                  setOpen(false);
                  e.onSelect();
                }}
              >
                <span>{e.label}</span>
                {e.hint ? <kbd>{e.hint}</kbd> : null}
              </button>
            ),
          )}
        </div>
      ) : null}
    </div>
  );
}
