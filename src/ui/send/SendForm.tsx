// The send form: pick on the canvas or choose here; protocol, port and count; send.
import { memo, useMemo, useRef } from 'react';
import { useApp } from '../../store/app-store';
import { useCompare } from '../../store/compare-store';
import { type Proto, usePlayback } from '../../store/playback-store';
import { CraftToggle } from './CraftToggle';
import { type Endpoint, endpointsOf, sameEndpoints } from './picking';

const PROTOS: { value: Proto; label: string }[] = [
  { value: 'icmp', label: 'ping' },
  { value: 'tcp', label: 'TCP connect' },
  { value: 'udp', label: 'UDP datagram' },
  // the whole exchange (DISCOVER, OFFER, REQUEST, ACK), as dhclient does at boot
  { value: 'dhcp', label: 'DHCP lease' },
  // a REQUEST from the leased address straight to the server, as dhclient does at T1
  { value: 'dhcp-renew', label: 'DHCP renewal' },
];

function PickHint() {
  const picking = usePlayback((s) => s.picking);
  const from = usePlayback((s) => s.from);
  const proto = usePlayback((s) => s.proto);
  if (picking === 'off') return null;
  return (
    <span className="send-hint" role="status" data-testid="send-hint">
      {picking === 'source' ? (
        <>
          Click the <b>source</b> on the canvas: a VM, an outside host or a router
          {proto === 'dhcp' || proto === 'dhcp-renew' ? ' (the DHCP exchange starts at once)' : ''}
        </>
      ) : (
        <>
          From <b>{from}</b>: click the <b>destination</b>, or type it in To
        </>
      )}
      <span className="muted"> · Esc to stop</span>
    </span>
  );
}

/** The sources to choose from: a cloud of 2,000 VMs has as many options, drawn again only when they change. */
const SourceOptions = memo(function SourceOptions({ endpoints }: { endpoints: Endpoint[] }) {
  return endpoints
    .filter((x) => x.source)
    .map((x) => (
      <option key={x.value} value={x.value}>
        {x.label}
      </option>
    ));
});

const TargetOptions = memo(function TargetOptions({ endpoints }: { endpoints: Endpoint[] }) {
  return endpoints.map((x) => (
    <option key={x.value} value={x.value}>
      {x.label}
    </option>
  ));
});

/** The cloud's endpoints, the same array while an edit leaves them as they were (most edits do). */
function useEndpoints(doc: Parameters<typeof endpointsOf>[0]): Endpoint[] {
  const kept = useRef<Endpoint[]>([]);
  return useMemo(() => {
    const next = endpointsOf(doc);
    if (!sameEndpoints(kept.current, next)) kept.current = next;
    return kept.current;
  }, [doc]);
}

export function SendForm() {
  const doc = useApp((s) => s.doc);
  const picking = usePlayback((s) => s.picking);
  const from = usePlayback((s) => s.from);
  const fromId = usePlayback((s) => s.fromId);
  const to = usePlayback((s) => s.to);
  const proto = usePlayback((s) => s.proto);
  const port = usePlayback((s) => s.port);
  const count = usePlayback((s) => s.count);
  const busy = usePlayback((s) => s.busy);
  const { setForm, setPicking, send } = usePlayback.getState();
  const endpoints = useEndpoints(doc);
  // the source chosen by id shows as its label of now (a name that came to repeat reads "vm1 (compute1)")
  const fromValue = fromId ? (endpoints.find((x) => x.id === fromId)?.value ?? '') : from;
  /** the form's words for a value, with the server or router it names (by value: values are unique) */
  const chosen = (value: string) => endpoints.find((x) => x.value === value)?.id ?? '';
  const l4 = proto === 'tcp' || proto === 'udp';
  return (
    <form
      className="send-form"
      onSubmit={(e) => {
        e.preventDefault();
        // Space should pause the animation next, not press Send again
        (document.activeElement as HTMLElement | null)?.blur();
        void send();
      }}
    >
      <button
        type="button"
        className={`send-pick${picking !== 'off' ? ' on' : ''}`}
        aria-pressed={picking !== 'off'}
        title="Click a source, then a destination on the canvas (S)"
        onClick={(e) => {
          e.currentTarget.blur();
          setPicking(picking === 'off' ? 'source' : 'off');
        }}
      >
        ✉ Click to send
      </button>
      <label>
        From
        <select
          value={fromValue}
          onChange={(e) => setForm({ from: e.target.value, fromId: chosen(e.target.value) })}
          aria-label="Send from"
          data-testid="send-from"
        >
          <option value="">choose…</option>
          <SourceOptions endpoints={endpoints} />
        </select>
      </label>
      <label>
        To
        <input
          list="send-targets"
          value={proto === 'dhcp' || proto === 'dhcp-renew' ? '' : to}
          disabled={proto === 'dhcp' || proto === 'dhcp-renew'}
          placeholder={proto === 'dhcp' || proto === 'dhcp-renew' ? 'DHCP server' : 'VM or IP'}
          onChange={(e) => setForm({ to: e.target.value.trim(), toId: chosen(e.target.value.trim()) })}
          aria-label="Send to"
          data-testid="send-to"
          size={10}
        />
        <datalist id="send-targets">
          <TargetOptions endpoints={endpoints} />
        </datalist>
      </label>
      <select
        value={proto}
        onChange={(e) => setForm({ proto: e.target.value as Proto })}
        aria-label="Protocol"
        data-testid="send-proto"
      >
        {PROTOS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </select>
      {l4 ? (
        <label>
          port
          <input
            type="number"
            min={1}
            max={65535}
            value={port}
            onChange={(e) => setForm({ port: Math.max(1, Math.min(65535, Number(e.target.value) || 1)) })}
            aria-label="Port"
            data-testid="send-port"
            className="num"
          />
        </label>
      ) : null}
      <label title="How many probes (pings, connections, datagrams)">
        ×
        <input
          type="number"
          min={1}
          max={10}
          value={count}
          onChange={(e) => setForm({ count: Math.max(1, Math.min(10, Number(e.target.value) || 1)) })}
          aria-label="Count"
          className="num num--small"
        />
      </label>
      <CraftToggle />
      <button type="submit" className="send-go" disabled={busy || !from} data-testid="send-go">
        Send
      </button>
      <button
        type="button"
        className="send-compare"
        onClick={() => useCompare.getState().show()}
        title="This send under several router types and backends, side by side"
        data-testid="compare-open"
      >
        Compare…
      </button>
      <PickHint />
    </form>
  );
}
