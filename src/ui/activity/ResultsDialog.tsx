// The teacher's table: several result files (or pasted codes) at once, one row each, with what could not
// be read listed apart. Nothing leaves the browser. A result file can be edited by whoever holds it.
import { useEffect, useRef, useState } from 'react';
import { type ActivityResult, readResult, summaryRows } from '../../activities/result';
import { useAuthor } from '../../store/activity-author';

interface Loaded {
  source: string;
  result: ActivityResult;
}

const close = () => useAuthor.getState().setResultsOpen(false);

export function ResultsDialog() {
  const [loaded, setLoaded] = useState<Loaded[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const [codes, setCodes] = useState('');
  const file = useRef<HTMLInputElement>(null);
  // pasted codes are numbered among themselves: "code 1" is the first code pasted, whatever the files
  const codesPasted = useRef(0);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('button')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const add = (items: { source: string; text: string }[]) => {
    const ok: Loaded[] = [];
    const bad: string[] = [];
    const taken = new Set(loaded.map((l) => l.source));
    for (const { source, text } of items) {
      const r = readResult(text);
      // a file opened twice is two rows, told apart
      let name = source;
      for (let n = 2; taken.has(name); n++) name = `${source} (${n})`;
      taken.add(name);
      if (r.ok) ok.push({ source: name, result: r.result });
      else bad.push(`${source}: ${r.error}`);
    }
    setLoaded((l) => [...l, ...ok]);
    setRefused((b) => [...b, ...bad]);
  };
  const rows = summaryRows(loaded);
  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal results"
        role="dialog"
        aria-modal
        aria-label="Students' results"
        ref={box}
        data-testid="results-dialog"
      >
        <h2>Students' results</h2>
        <p className="muted">
          Open the result files your students downloaded (several at once), or paste the codes they copied,
          one a line. Nothing leaves this browser. A result file can be edited by whoever holds it: this is a
          classroom aid, not an exam lock.
        </p>
        <div className="results__add">
          <button type="button" onClick={() => file.current?.click()}>
            Open result files…
          </button>
          <input
            ref={file}
            type="file"
            multiple
            accept="application/json,.json"
            hidden
            data-testid="results-files"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void Promise.all(files.map(async (f) => ({ source: f.name, text: await f.text() }))).then(add);
            }}
          />
          <textarea
            rows={2}
            placeholder="NXR1-… one code a line"
            value={codes}
            onChange={(e) => setCodes(e.target.value)}
            aria-label="Result codes"
            data-testid="results-codes"
          />
          <button
            type="button"
            disabled={!codes.trim()}
            onClick={() => {
              const lines = codes
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean);
              add(lines.map((text, i) => ({ source: `code ${codesPasted.current + i + 1}`, text })));
              codesPasted.current += lines.length;
              setCodes('');
            }}
          >
            Add the codes
          </button>
        </div>
        {rows.length ? (
          <table className="results__table" data-testid="results-table">
            <thead>
              <tr>
                <th>Student</th>
                <th>Activity</th>
                <th>Goals</th>
                <th>Hints</th>
                <th>Challenge</th>
                <th>Time</th>
                <th>Score</th>
                <th>From</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.source}>
                  <td>{r.student}</td>
                  <td title={r.activity}>{r.title}</td>
                  <td>{r.goals}</td>
                  <td>{r.hints}</td>
                  <td>{r.challenge}</td>
                  <td>{r.time}</td>
                  <td className="results__score">{r.score}</td>
                  <td className="muted">{r.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No result yet.</p>
        )}
        {refused.length ? (
          <ul className="error-list" data-testid="results-refused">
            {refused.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
        <div className="modal__actions">
          <button
            type="button"
            onClick={() => {
              setLoaded([]);
              setRefused([]);
              codesPasted.current = 0;
            }}
            disabled={!loaded.length && !refused.length}
          >
            Clear
          </button>
          <button type="button" className="primary" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
