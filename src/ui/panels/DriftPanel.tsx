// The Drift tab: paste (or drop) what you ran on one of your hosts, and see where it differs from what
// the model says Neutron's agents should have built there, each difference with its consequence. The
// devices of the differences are marked on the canvas; picking one marks only its own. Nothing pasted
// here leaves the browser.
import { useMemo, useState } from 'react';
import { useApp } from '../../store/app-store';
import { DRIFT_FIELDS, type DriftField, useDrift } from '../../store/drift-store';
import './drift.css';

async function readDropped(dt: DataTransfer): Promise<{ name: string; text: string }[]> {
  return Promise.all([...dt.files].map(async (f) => ({ name: f.name, text: await f.text() })));
}

export function DriftPanel() {
  const doc = useApp((s) => s.doc);
  const view = useApp((s) => s.view);
  const host = useDrift((s) => s.host);
  const namespace = useDrift((s) => s.namespace);
  const fields = useDrift((s) => s.fields);
  const busy = useDrift((s) => s.busy);
  const result = useDrift((s) => s.result);
  const picked = useDrift((s) => s.picked);
  const drift = useDrift.getState();
  const [note, setNote] = useState<string | null>(null);
  const routers = useMemo(
    () => (view?.devices ?? []).filter((d) => d.host === host && d.role === 'qrouter').map((d) => d.name),
    [view, host],
  );
  if (!doc) return null;
  const hostNow = host || doc.hosts[0]?.name || '';
  if (hostNow !== host && hostNow) queueMicrotask(() => useDrift.getState().setHost(hostNow));
  return (
    <section
      className="drift"
      aria-label="Drift check"
      data-testid="drift-panel"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void readDropped(e.dataTransfer)
          .then((files) => drift.dropFiles(files))
          .then((unknown) =>
            setNote(unknown.length ? `Not read (name not recognised): ${unknown.join(', ')}` : null),
          );
      }}
    >
      <h2>Drift check</h2>
      <p className="muted drift__intro">
        Paste what you ran on one of your hosts, or drop the files of <code>host-capture.sh</code> here. It is
        compared with what Neutron’s agents should have built there. Nothing leaves this browser.
      </p>
      <label className="drift__field">
        <span>Host</span>
        <select value={hostNow} onChange={(e) => drift.setHost(e.target.value)} data-testid="drift-host">
          {doc.hosts.map((h) => (
            <option key={h.name} value={h.name}>
              {h.name} ({h.role})
            </option>
          ))}
        </select>
      </label>
      {DRIFT_FIELDS.map(({ key, label }) => (
        <div key={key}>
          {key === 'ipAddr' && routers.length > 0 ? (
            <label className="drift__field">
              <span>Router namespace of the next three outputs</span>
              <select
                value={namespace}
                onChange={(e) => drift.setNamespace(e.target.value)}
                data-testid="drift-namespace"
              >
                {routers.length === 1 ? (
                  <option value="">{routers[0]}</option>
                ) : (
                  <option value="">choose…</option>
                )}
                {routers.length > 1
                  ? routers.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))
                  : null}
              </select>
            </label>
          ) : null}
          <label className="drift__field">
            <span>
              <code>{label}</code>
            </span>
            <textarea
              value={fields[key as DriftField]}
              onChange={(e) => drift.setField(key as DriftField, e.target.value)}
              rows={fields[key as DriftField] ? 4 : 1}
              spellCheck={false}
              placeholder="paste the output here"
              data-testid={`drift-${key}`}
            />
          </label>
        </div>
      ))}
      {note ? <p className="muted">{note}</p> : null}
      <div className="drift__actions">
        <button type="button" onClick={() => drift.clear()}>
          Clear
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || !hostNow}
          onClick={() => void drift.run()}
          data-testid="drift-run"
        >
          {busy ? 'Comparing…' : `Compare with ${hostNow}`}
        </button>
      </div>
      {result ? (
        result.ok ? (
          <section className="drift__result" data-testid="drift-result">
            <h3>
              {result.differences.length
                ? `${result.differences.length} difference${result.differences.length === 1 ? '' : 's'} on ${result.host}`
                : `No difference on ${result.host}`}
            </h3>
            <p className="muted">
              Compared: {result.compared.join(', ') || 'nothing: paste an output first'}.
            </p>
            <ol className="drift__list">
              {result.differences.map((d, i) => (
                <li
                  key={`${d.source}|${d.line ?? ''}|${d.kind}|${d.found}`}
                  className={`drift__diff drift__diff--${d.kind}${picked === i ? ' is-picked' : ''}`}
                >
                  <button
                    type="button"
                    onClick={() => drift.pick(picked === i ? null : i)}
                    title="Mark its devices on the canvas"
                  >
                    <strong>
                      {result.host} {d.found}
                    </strong>
                    <span className="drift__why">{d.consequence}</span>
                    <span className="muted drift__src">
                      {d.source}
                      {d.line !== undefined ? `, line ${d.line}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          </section>
        ) : (
          <p className="drift__error" role="alert" data-testid="drift-error">
            {result.error}
          </p>
        )
      ) : null}
    </section>
  );
}
