// The Terminal tab: a shell on a host, in one of its namespaces, on a VM's console or on an outside
// host, answered by the simulated cloud. A place picker, the scrollback (plain text, selectable and
// copyable), and the line being typed with bash's keys: Enter, Tab, Up/Down, Ctrl+C, Ctrl+L, Ctrl+U,
// Ctrl+A/E, Ctrl+D.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  describePlace,
  type Place,
  placeExists,
  placeGroups,
  placeKey,
  placeOfSelection,
  placeTitle,
  promptOf,
  targetName,
} from '../../logic/terminal/places';
import { useApp } from '../../store/app-store';
import {
  type Block,
  defaultPlace,
  placeOfSession,
  type Session,
  useTerminal,
} from '../../store/terminal-store';
import { installCanvasTerminal } from './canvas-open';
import './terminal.css';

installCanvasTerminal();

export function TerminalPanel() {
  const doc = useApp((s) => s.doc);
  const view = useApp((s) => s.view);
  const selection = useApp((s) => s.selection);
  const current = useTerminal((s) => s.current);
  const session = useTerminal((s) => (s.current ? s.sessions[s.current] : undefined));
  const open = useTerminal((s) => s.open);
  const wide = useTerminal((s) => s.wide);

  // the first time the tab opens: at what is selected, else on the network node
  useEffect(() => {
    if (current || !doc) return;
    const p = placeOfSelection(selection, doc, view) ?? defaultPlace();
    if (p) open(p);
  }, [current, doc, view, selection, open]);

  const place = session ? placeOfSession(session) : null;
  const here = place ? placeKey(place) : '';
  const groups = useMemo(() => placeGroups(doc, view), [doc, view]);
  const known = groups.some((g) => g.options.some((o) => o.key === here));
  const selected = placeOfSelection(selection, doc, view);
  const offer = selected && placeKey(selected) !== here ? selected : null;

  return (
    <div
      className="term"
      data-testid="terminal"
      data-place={here}
      data-running={session?.running ? 'yes' : 'no'}
      data-done={session?.done ?? 0}
      data-wide={wide ? 'on' : 'off'}
    >
      <div className="term-bar">
        <label className="term-pick">
          <select
            aria-label="Terminal place"
            data-testid="terminal-place"
            value={here}
            onChange={(e) => {
              const o = groups.flatMap((g) => g.options).find((x) => x.key === e.target.value);
              if (o) open(o.place);
            }}
          >
            {!known && place ? <option value={here}>{targetName(place.target, doc)} (gone)</option> : null}
            {groups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.options.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="term-wide"
          aria-pressed={wide}
          onClick={() => useTerminal.getState().setWide(!wide)}
          title={
            wide
              ? 'Give the canvas its room back'
              : 'Widen the panel: long lines (flows, routes) stay on one line'
          }
        >
          {wide ? '⇥ Narrow' : '⇤ Wide'}
        </button>
        {session?.running ? (
          <button
            type="button"
            className="term-stop"
            onClick={() => useTerminal.getState().interrupt()}
            title="Stop the running command (Ctrl+C)"
          >
            ■ Stop
          </button>
        ) : null}
      </div>
      {place ? (
        <div className="term-where" data-testid="terminal-where">
          {describePlace(place, doc, view)}
          {!placeExists(place, doc, view) ? ' (no longer in the cloud)' : ''}
        </div>
      ) : null}
      {offer ? <Offer place={offer} /> : null}
      {session ? (
        // a place of its own: its own line being typed
        <Screen key={session.key} session={session} />
      ) : (
        <p className="term-empty muted">
          {doc?.hosts.length
            ? 'Pick a place above.'
            : 'This cloud has no hosts yet: add one to open a terminal.'}
        </p>
      )}
    </div>
  );
}

function Offer({ place }: { place: Place }) {
  const doc = useApp((s) => s.doc);
  return (
    <div className="term-offer" data-testid="terminal-offer">
      <span>Selected on the canvas: {placeTitle(place, doc)}</span>
      <button type="button" onClick={() => useTerminal.getState().open(place)}>
        Open a terminal there
      </button>
    </div>
  );
}

/** The scrollback and the input line under it, scrolled to the end as output comes. */
function Screen({ session }: { session: Session }) {
  const screen = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const stick = useRef(true);
  const place = placeOfSession(session);
  // biome-ignore lint/correctness/useExhaustiveDependencies: new output is the reason to scroll
  useLayoutEffect(() => {
    const el = screen.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [session.blocks, session.running]);
  // a screen that grows or shrinks (presenter mode, the event list opening) stays at the end
  useEffect(() => {
    const el = screen.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    // and when what it holds grows without a new block (a larger font, a wrapped line)
    for (const child of el.children) ro.observe(child);
    return () => ro.disconnect();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new place (or the tab opening) takes the keyboard
  useEffect(() => {
    input.current?.focus({ preventScroll: true });
    stick.current = true;
  }, [session.key]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the input line takes the keyboard; a click only gives it focus
    // biome-ignore lint/a11y/noStaticElementInteractions: as a terminal's screen, a click puts the cursor on the line
    <div
      ref={screen}
      className="term-screen"
      data-testid="terminal-screen"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      onClick={() => {
        // a click focuses the line; a drag that selected text leaves the selection to copy
        if (!window.getSelection()?.toString()) input.current?.focus({ preventScroll: true });
      }}
    >
      <div className="term-log" role="log" aria-label="Terminal output" data-testid="terminal-log">
        {session.blocks.map((b) => (
          <BlockView key={b.id} block={b} />
        ))}
      </div>
      <InputLine inputRef={input} prompt={session.running ? '' : promptOf(place)} running={session.running} />
    </div>
  );
}

const BlockView = memo(function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'cmd':
      return (
        <pre className="term-cmd" data-kind="cmd">
          <Prompt text={block.prompt ?? ''} />
          {block.text}
        </pre>
      );
    case 'list':
      return (
        <div className="term-list-block" data-kind="list">
          <pre className="term-cmd">
            <Prompt text={block.prompt ?? ''} />
            {block.text}
          </pre>
          <div
            className="term-list"
            data-testid="terminal-candidates"
            style={{ ['--w' as string]: `${Math.max(...(block.items ?? ['']).map((i) => i.length)) + 2}ch` }}
          >
            {(block.items ?? []).map((i) => (
              <span key={i}>{i}</span>
            ))}
          </div>
        </div>
      );
    case 'note':
      // the simulator's own words, with `commands` in the terminal's type
      return (
        <pre className="term-note" data-kind="note">
          {block.text.split('`').map((part, i) =>
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
            i % 2 ? <code key={i}>{part}</code> : part,
          )}
        </pre>
      );
    default:
      return (
        <pre className={`term-${block.kind}`} data-kind={block.kind}>
          {block.text}
        </pre>
      );
  }
});

/** A prompt in the colours of Debian's bash: user@host green, the directory blue, a namespace purple. */
function Prompt({ text }: { text: string }) {
  const m = /^(\(\S+\) )?(\S+@\S+?)(:~)([#$] )$/.exec(text);
  if (!m) return <span className="term-prompt">{text}</span>;
  return (
    <span className="term-prompt">
      {m[1] ? <span className="term-p-ns">{m[1]}</span> : null}
      <span className="term-p-user">{m[2]}</span>
      <span className="term-p-dir">{m[3]}</span>
      {m[4]}
    </span>
  );
}

function InputLine({
  inputRef,
  prompt,
  running,
}: {
  inputRef: React.RefObject<HTMLTextAreaElement | null>;
  prompt: string;
  running: boolean;
}) {
  const [value, setValue] = useState('');
  /** where Up/Down are in the history: its length means the line being typed */
  const pos = useRef<number | null>(null);
  const draft = useRef('');
  const busy = useRef(false);
  const escaped = useRef(false);

  const setLine = (v: string, cursor = v.length) => {
    setValue(v);
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(cursor, cursor));
  };

  const onKeyDown = async (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    const t = useTerminal.getState();
    const el = e.currentTarget;
    const ctrl = e.ctrlKey && !e.altKey && !e.metaKey;
    const key = e.key.toLowerCase();
    // Tab completes; Escape then Tab, or Shift+Tab, leaves the terminal, for the keyboard alone
    const leave = escaped.current;
    escaped.current = e.key === 'Escape';
    if (e.key === 'Tab' && (leave || e.shiftKey)) return;
    if (ctrl && key === 'c') {
      // with text selected in the line, Ctrl+C copies as usual
      if (el.selectionStart !== el.selectionEnd) return;
      e.preventDefault();
      t.interrupt(running ? '' : value);
      setValue('');
      pos.current = null;
      return;
    }
    if (ctrl && key === 'l') {
      e.preventDefault();
      t.clear();
      return;
    }
    if (running) {
      if (e.key === 'Enter' || e.key === 'Tab') e.preventDefault();
      return;
    }
    if (ctrl && key === 'u') {
      e.preventDefault();
      setLine(value.slice(el.selectionStart ?? value.length), 0);
      return;
    }
    if (ctrl && key === 'a') {
      e.preventDefault();
      el.setSelectionRange(0, 0);
      return;
    }
    if (ctrl && key === 'e') {
      e.preventDefault();
      el.setSelectionRange(value.length, value.length);
      return;
    }
    if (ctrl && key === 'd' && value === '') {
      e.preventDefault();
      void t.run('exit');
      return;
    }
    switch (e.key) {
      case 'Enter': {
        e.preventDefault();
        const line = value;
        setValue('');
        pos.current = null;
        await t.run(line);
        return;
      }
      case 'Tab': {
        e.preventDefault();
        if (busy.current) return;
        busy.current = true;
        const cursor = el.selectionStart ?? value.length;
        const before = value.slice(0, cursor);
        const after = value.slice(cursor);
        try {
          const done = await t.complete(before);
          // the line may have changed while the worker answered
          if (inputRef.current?.value === value && done !== before) setLine(done + after, done.length);
        } finally {
          busy.current = false;
        }
        return;
      }
      case 'ArrowUp':
      case 'ArrowDown': {
        e.preventDefault();
        const h = t.history;
        if (!h.length) return;
        const at = pos.current ?? h.length;
        if (at === h.length) draft.current = value;
        const next = Math.max(0, Math.min(h.length, at + (e.key === 'ArrowUp' ? -1 : 1)));
        pos.current = next;
        setLine(next === h.length ? draft.current : h[next]!);
        return;
      }
    }
  };

  // the line grows as a terminal wraps a long command, under the prompt
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new value or prompt is when it may grow
  useLayoutEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [value, prompt, inputRef]);

  return (
    <div className="term-input">
      <Prompt text={prompt} />
      <textarea
        ref={inputRef}
        rows={1}
        aria-label="Command line"
        data-testid="terminal-input"
        value={value}
        readOnly={running}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        // the first line starts after the prompt (monospace: one ch per character)
        style={{ textIndent: `${prompt.length}ch` }}
        onChange={(e) => {
          // a pasted line break is not Enter: one line at a time
          setValue(e.target.value.replace(/\r?\n/g, ' '));
          pos.current = null;
        }}
        onKeyDown={(e) => void onKeyDown(e)}
      />
    </div>
  );
}
