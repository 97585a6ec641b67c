// The flows sent so far, each in its colour, with what came of it: the reply a tool would print, or
// where and why the packet died. A click shows the flow's decisive hop.
import { useDeferredValue } from 'react';
import type { Flow } from '../../store/playback-model';
import { usePlayback } from '../../store/playback-store';

function outcome(f: Flow): { ok: boolean; text: string } {
  const t = f.trace;
  if (t.verdict === 'delivered') return { ok: true, text: t.probes.map((p) => p.summary).join(' · ') };
  return { ok: false, text: t.reason ?? t.verdict };
}

export function FlowList() {
  const flows = useDeferredValue(usePlayback((s) => s.flows));
  const focusFlow = usePlayback((s) => s.focus?.flow ?? null);
  const { seek, removeFlow } = usePlayback.getState();
  return (
    <ul className="flows" aria-label="Flows" data-testid="flows">
      {flows.length === 0 ? (
        <li className="muted flows__empty">
          Each send plays as a flow in its own colour. The first ping shows ARP; a second one does not, until
          you reset state.
        </li>
      ) : null}
      {[...flows].reverse().map((f) => {
        const o = outcome(f);
        const key = f.trace.dropped?.seq ?? f.trace.hops[0]?.seq ?? 1;
        return (
          <li
            key={f.id}
            className={`flow${focusFlow === f.id ? ' is-focus' : ''}${o.ok ? '' : ' is-failed'}`}
            data-testid={`flow-${f.id}`}
          >
            <button
              type="button"
              className="flow__main"
              onClick={() => seek({ flow: f.id, seq: key })}
              title={`${f.title}\n${o.ok ? 'Show the first hop' : 'Show the hop where it was dropped'}`}
            >
              <span className="flow-dot" style={{ background: f.color }} />
              <span className="flow__title">{f.title}</span>
              {f.stale ? (
                <span className="flow__stale" title="An edit since changed a device this send passed">
                  before the edit
                </span>
              ) : null}
              <span className={`flow__verdict ${o.ok ? 'ok' : 'bad'}`}>
                {o.ok ? '✓ delivered' : `✕ ${f.trace.verdict}`}
              </span>
              <span className="flow__text" data-testid="flow-outcome">
                {o.text}
              </span>
            </button>
            <button
              type="button"
              className="flow__remove"
              aria-label={`Remove ${f.title}`}
              title="Remove"
              onClick={() => removeFlow(f.id)}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
