// Form fields that edit the model: each commits on Enter or when it loses focus (a checkbox or a list
// at once), and shows, right under itself, why the core refused a value. A refused value stays in the
// field for the user to fix (Escape puts the model's value back); the model is not changed. Text typed
// and not applied yet is kept as a draft (store/form-drafts.ts) and offered back after a reload.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { TopologyError } from '../../../sim';
import { dropDraft, keepDraft, takeDraft } from '../../../store/form-drafts';
import { errorSentence } from '../text';

export type Commit<T> = (value: T) => Promise<TopologyError[] | null>;

/** A parse of typed text: the value, or what is wrong with the text. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The errors that concern a field (its paths); else the first errors, saying what they are about. */
export function errorText(errors: TopologyError[], paths: string[]): string {
  const mine = errors.filter((e) =>
    paths.some((p) => e.path === p || e.path.startsWith(`${p}.`) || e.path.startsWith(`${p}[`)),
  );
  const show = errorSentence;
  if (mine.length)
    return mine
      .slice(0, 2)
      .map((e) => show(e, false))
      .join('; ');
  return (
    errors
      .slice(0, 2)
      .map((e) => show(e, true))
      .join('; ') + (errors.length > 2 ? ` (+${errors.length - 2} more)` : '')
  );
}

/** Said under a field that offers back what was typed in it before the page closed. */
export const DRAFT_HINT = 'Typed before the page closed, not applied yet: Enter applies it, Esc drops it.';

function FieldShell({
  id,
  label,
  hint,
  error,
  children,
  wide,
  restored,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error: string | null;
  children: ReactNode;
  wide?: boolean | undefined;
  restored?: boolean | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  // a refusal, or text offered back, is read where it is: its folded sections opened, scrolled to
  useEffect(() => {
    if (!error && !restored) return;
    for (let d = box.current?.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [error, restored]);
  return (
    <div
      ref={box}
      className={`field${error ? ' has-error' : ''}${wide ? ' field--wide' : ''}${restored ? ' is-draft' : ''}`}
    >
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <div className="field__error" id={`${id}-err`} role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="field__hint" role={restored ? 'status' : undefined}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

interface TextProps<T> {
  label: string;
  value: T;
  format: (v: T) => string;
  parse: (text: string) => Parsed<T>;
  onCommit: Commit<T>;
  /** paths of the field in the topology, for matching the core's errors (e.g. subnets[1].cidr) */
  paths: string[];
  hint?: string;
  placeholder?: string;
  lines?: number;
  mono?: boolean;
  testId?: string;
}

/** A text input (or textarea) whose text is parsed, committed and checked by the core. */
export function TextField<T>({
  label,
  value,
  format,
  parse,
  onCommit,
  paths,
  hint,
  placeholder,
  lines,
  mono,
  testId,
}: TextProps<T>) {
  const id = useId();
  const model = format(value);
  // what is typed is kept as a draft until applied, so that a reload does not lose it
  const key = `${paths.join('|')}#${label}`;
  const [kept] = useState(() => takeDraft(key, model));
  const [draft, setDraft] = useState(kept ?? model);
  const [restored, setRestored] = useState(kept !== null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = useRef(model);
  useEffect(() => {
    // the model changed (an edit, an undo): what was typed over the old value is gone
    if (shown.current === model) return;
    shown.current = model;
    setDraft(model);
    setError(null);
    setRestored(false);
    dropDraft(key);
  }, [model, key]);
  const type = (text: string) => {
    setDraft(text);
    keepDraft(key, model, text);
  };
  const discard = () => {
    setDraft(model);
    setError(null);
    setRestored(false);
    dropDraft(key);
  };
  const commit = async () => {
    if (draft === model) {
      setError(null);
      return;
    }
    const p = parse(draft);
    if (!p.ok) {
      setError(p.message);
      return;
    }
    setBusy(true);
    const errors = await onCommit(p.value);
    setBusy(false);
    setError(errors ? errorText(errors, paths) : null);
    if (!errors) {
      setRestored(false);
      dropDraft(key);
    }
  };
  const common = {
    id,
    value: draft,
    placeholder,
    className: mono ? 'mono' : undefined,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-err` : undefined,
    'aria-busy': busy || undefined,
    'data-testid': testId,
    onBlur: () => void commit(),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Enter' && (!lines || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void commit();
      } else if (e.key === 'Escape') discard();
    },
  };
  return (
    <FieldShell
      id={id}
      label={label}
      hint={restored && draft !== model ? DRAFT_HINT : hint}
      error={error}
      wide={!!lines}
      restored={restored && draft !== model}
    >
      {lines ? (
        <textarea rows={lines} {...common} onChange={(e) => type(e.target.value)} />
      ) : (
        <input type="text" spellCheck={false} {...common} onChange={(e) => type(e.target.value)} />
      )}
    </FieldShell>
  );
}

/**
 * A control committed on change: returns the refusal to show and the commit. A refusal belongs to the
 * value it was made against: once the model changes, it is gone.
 */
function useInstantCommit<T>(
  model: T,
  onCommit: Commit<T>,
  paths: string[],
): [string | null, (value: T) => Promise<void>] {
  const [refused, setRefused] = useState<{ at: T; text: string } | null>(null);
  const error = refused !== null && Object.is(refused.at, model) ? refused.text : null;
  const commit = async (value: T) => {
    const errors = await onCommit(value);
    setRefused(errors ? { at: model, text: errorText(errors, paths) } : null);
  };
  return [error, commit];
}

/** A checkbox committed at once; refused, it stays as the model is and says why. */
export function CheckField({
  label,
  checked,
  onCommit,
  paths,
  hint,
  testId,
}: {
  label: string;
  checked: boolean;
  onCommit: Commit<boolean>;
  paths: string[];
  hint?: string;
  testId?: string;
}) {
  const id = useId();
  const [error, commit] = useInstantCommit(checked, onCommit, paths);
  return (
    <div className={`field field--check${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          data-testid={testId}
          onChange={(e) => commit(e.target.checked)}
        />{' '}
        {label}
      </label>
      {error ? (
        <div className="field__error" role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="field__hint">{hint}</div>
      ) : null}
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A choice committed at once. */
export function SelectField({
  label,
  value,
  options,
  onCommit,
  paths,
  hint,
  testId,
}: {
  label: string;
  value: string;
  options: Option[];
  onCommit: Commit<string>;
  paths: string[];
  hint?: string;
  testId?: string;
}) {
  const id = useId();
  const [error, commit] = useInstantCommit(value, onCommit, paths);
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <select id={id} value={value} data-testid={testId} onChange={(e) => commit(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** A refusal shown under a group of controls (a list, a table of rules). */
export function useRefusal(): [string | null, (errors: TopologyError[] | null, paths?: string[]) => void] {
  const [error, setError] = useState<string | null>(null);
  return [error, (errors, paths = []) => setError(errors ? errorText(errors, paths) : null)];
}

export function Refusal({ text }: { text: string | null }) {
  return text ? (
    <div className="field__error" role="alert">
      {text}
    </div>
  ) : null;
}
