// The compare view's form: the send (from, to, protocol), the router types and backends to see it
// under, and the button that runs it. The variants are every router type chosen with every backend
// chosen; none chosen on a side keeps what the cloud has.
import { useMemo } from 'react';
import { BACKENDS, MAX_VARIANTS, ROUTER_FLAVOURS } from '../../sim';
import { useApp } from '../../store/app-store';
import { type CompareProto, useCompare, variantsOf } from '../../store/compare-store';
import { endpointsOf } from '../send/picking';

const PROTOS: { value: CompareProto; label: string }[] = [
  { value: 'icmp', label: 'ping' },
  { value: 'tcp', label: 'TCP connect' },
  { value: 'udp', label: 'UDP datagram' },
];

/** A row of toggle buttons: the choices of one side of the comparison. */
function Toggles<T extends string>({
  legend,
  items,
  chosen,
  onToggle,
  none,
}: {
  legend: string;
  items: readonly { id: T; label: string }[];
  chosen: readonly T[];
  onToggle: (id: T) => void;
  none: string;
}) {
  return (
    <fieldset className="compare-toggles">
      <legend>{legend}</legend>
      {items.map((x) => (
        <button
          key={x.id}
          type="button"
          className={chosen.includes(x.id) ? 'on' : ''}
          aria-pressed={chosen.includes(x.id)}
          onClick={() => onToggle(x.id)}
        >
          {x.label}
        </button>
      ))}
      {chosen.length ? null : <span className="muted compare-toggles__none">{none}</span>}
    </fieldset>
  );
}

export function CompareForm() {
  const doc = useApp((s) => s.doc);
  const from = useCompare((s) => s.from);
  const to = useCompare((s) => s.to);
  const proto = useCompare((s) => s.proto);
  const port = useCompare((s) => s.port);
  const routers = useCompare((s) => s.routers);
  const backends = useCompare((s) => s.backends);
  const busy = useCompare((s) => s.busy);
  const { setForm, toggleRouter, toggleBackend, compare } = useCompare.getState();
  const endpoints = useMemo(() => endpointsOf(doc), [doc]);
  const n = variantsOf(routers, backends).length;
  return (
    <form
      className="compare-form"
      onSubmit={(e) => {
        e.preventDefault();
        void compare();
      }}
    >
      <div className="compare-form__send">
        <label>
          From
          <select value={from} onChange={(e) => setForm({ from: e.target.value })} data-testid="compare-from">
            <option value="">choose…</option>
            {endpoints
              .filter((x) => x.source)
              .map((x) => (
                <option key={x.value} value={x.value}>
                  {x.label}
                </option>
              ))}
          </select>
        </label>
        <label>
          To
          <input
            list="compare-targets"
            value={to}
            placeholder="VM or IP"
            onChange={(e) => setForm({ to: e.target.value.trim() })}
            data-testid="compare-to"
            size={12}
          />
          <datalist id="compare-targets">
            {endpoints.map((x) => (
              <option key={x.value} value={x.value}>
                {x.label}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          Protocol
          <select
            value={proto}
            onChange={(e) => setForm({ proto: e.target.value as CompareProto })}
            data-testid="compare-proto"
          >
            {PROTOS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {proto === 'icmp' ? null : (
          <label>
            Port
            <input
              type="number"
              min={1}
              max={65535}
              value={port}
              onChange={(e) => setForm({ port: Number(e.target.value) || 1 })}
              data-testid="compare-port"
              size={5}
            />
          </label>
        )}
      </div>
      <Toggles
        legend="Router types"
        items={ROUTER_FLAVOURS}
        chosen={routers}
        onToggle={toggleRouter}
        none="as the cloud has them"
      />
      <Toggles
        legend="Backends"
        items={BACKENDS}
        chosen={backends}
        onToggle={toggleBackend}
        none="the cloud's own"
      />
      <div className="compare-form__go">
        {n > MAX_VARIANTS ? (
          <span className="compare-form__many" role="status">
            {n} variants: choose {MAX_VARIANTS} at most
          </span>
        ) : null}
        <button
          type="submit"
          className="primary"
          disabled={busy || n > MAX_VARIANTS}
          data-testid="compare-go"
        >
          {busy ? 'Comparing…' : `Compare ${n} variant${n === 1 ? '' : 's'}`}
        </button>
      </div>
    </form>
  );
}
