// The hop inspector (the "Hop" tab): for the hop the animation is at, where it is, what the device did,
// the rule that decided in the form an operator sees on a real host (ovs-ofctl dump-flows, iptables -S,
// ip route), then the headers (HopLayers). The rule comes before the headers: it is what a class asks
// about, and it stays in view on a laptop screen with the event list open.

import { shortKind } from '../../logic/send/timeline';
import type { TraceHop } from '../../sim';
import { type Flow, hopNumber } from '../../store/playback-model';
import { usePlayback } from '../../store/playback-store';
import { PreLines } from '../panels/PreLines';
import { HopLayers } from './HopLayers';
import './hop.css';

const FATE: Record<TraceHop['fate'], string> = {
  forward: 'sent on',
  deliver: 'delivered: the stack it was for took it',
  hold: 'held: waiting for an ARP answer before it can go on',
  drop: 'dropped',
};

const KIND: Record<string, string> = {
  vm: 'VM',
  tap: 'tap device',
  'linux-bridge': 'Linux bridge',
  veth: 'veth',
  'ovs-bridge': 'OVS bridge',
  'ovs-internal': 'OVS internal port',
  'vxlan-port': 'VXLAN port',
  'ovn-bridge': 'OVN integration bridge',
  'geneve-port': 'Geneve port',
  namespace: 'network namespace',
  underlay: 'underlay network',
  'physical-switch': 'physical network',
  'upstream-router': 'upstream router',
  'outside-host': 'outside host',
};

/** The command that shows a rule line on a real host. */
function commandFor(line: string, h: TraceHop): string {
  const ns = h.namespace ?? (h.kind === 'namespace' ? h.device : null);
  const inNs = ns ? `ip netns exec ${ns} ` : '';
  if (/^table=/.test(line)) return `ovs-ofctl dump-flows ${h.device}`;
  // an OVN logical flow, as ovn-trace prints it
  if (/^\d+\. (ls|lr)_(in|out)_/.test(line)) return 'ovn-sbctl lflow-list';
  if (/^-A /.test(line))
    return `${inNs}iptables${/(PREROUTING|POSTROUTING|snat|float-snat)/.test(line) ? ' -t nat' : ''} -S`;
  if (/remote_ip=/.test(line)) return `ovs-vsctl show  (interface ${h.device})`;
  if (/(^default |\bdev\b|\bvia\b)/.test(line))
    return h.kind === 'vm' ? `ip route  (inside ${h.device})` : `${inNs}ip route`;
  return '';
}

function RuleBlock({ h }: { h: TraceHop }) {
  if (!h.rule) return <p className="muted">No rule: the device passes every frame on.</p>;
  const groups: { cmd: string; lines: string[] }[] = [];
  for (const line of h.rule.split('\n')) {
    const g = groups.at(-1);
    // an indented line goes on with the rule above it (a logical flow's actions)
    if (g && /^\s/.test(line)) {
      g.lines.push(line);
      continue;
    }
    const cmd = commandFor(line, h);
    if (g && g.cmd === cmd) g.lines.push(line);
    else groups.push({ cmd, lines: [line] });
  }
  return (
    <>
      {groups.map((g) => (
        <div key={g.cmd + g.lines[0]} className="hop-rule">
          {g.cmd ? <div className="command">$ {g.cmd}</div> : null}
          <PreLines lines={g.lines} testId="hop-rule" />
        </div>
      ))}
    </>
  );
}

function HopLink({ flow, seq, label }: { flow: Flow; seq: number; label: string }) {
  const h = flow.data.bySeq.get(seq);
  const n = hopNumber(
    flow,
    seq,
    usePlayback((s) => s.showDiscarded),
  );
  if (!h) return null;
  return (
    <button
      type="button"
      className="hop-link"
      onClick={() => usePlayback.getState().seek({ flow: flow.id, seq })}
      title={h.action}
    >
      {label} {n === null ? '' : `#${n} `}
      {h.device}
    </button>
  );
}

export function HopInspector() {
  const focus = usePlayback((s) => s.focus);
  const flow = usePlayback((s) => s.flows.find((f) => f.id === s.focus?.flow) ?? null);
  const showDiscarded = usePlayback((s) => s.showDiscarded);
  const h = flow && focus ? flow.data.bySeq.get(focus.seq) : undefined;
  if (!flow || !h) {
    return (
      <div className="inspector hop" data-testid="hop-inspector">
        <h2>Hop</h2>
        <p className="muted">
          Send a packet (press <b>✉ Click to send</b> under the canvas, then click two VMs) and step through
          it: this tab shows the current hop's headers, what the hop changed, and the rule that decided.
        </p>
      </div>
    );
  }
  const prevSeq = flow.data.prevOf.get(h.seq);
  const prev = prevSeq !== undefined ? flow.data.bySeq.get(prevSeq) : undefined;
  const packet = flow.trace.packets.find((p) => p.id === h.packet);
  const kids = flow.data.children.get(h.seq) ?? [];
  // a port's own name (peer, br, patch-int) says little alone: beside it, the device at its other end
  const from = h.parent !== null ? flow.data.bySeq.get(h.parent) : undefined;
  const to = kids.length ? flow.data.bySeq.get(kids[0]!) : undefined;
  const dropClass = h.drop ? (h.drop.severity === 'fatal' ? ' is-drop' : ' is-discard') : '';
  return (
    <div
      className="inspector hop"
      data-testid="hop-inspector"
      data-seq={h.seq}
      data-number={hopNumber(flow, h.seq, showDiscarded) ?? ''}
      data-device={h.device}
    >
      <div className="hop-flow">
        <span className="flow-dot" style={{ background: flow.color }} />
        {flow.title}
      </div>
      {flow.stale ? (
        <p className="hop-stale" data-testid="hop-stale">
          Recorded before an edit that changed a device this send passed: the cloud would not do this now.
          Send again to see what it does.
        </p>
      ) : null}
      <h2 title={h.device}>
        <span className="hop-seq" title={`hop ${h.seq} of the trace (npm run trace numbers every hop)`}>
          #{hopNumber(flow, h.seq, showDiscarded) ?? h.seq}
        </span>{' '}
        {h.device}
      </h2>
      <div className="hop-where">
        {KIND[h.kind] ?? h.kind} ·{' '}
        {h.host ?? (h.kind === 'underlay' ? 'between the hosts' : 'outside the cloud')}
        {h.namespace && h.namespace !== h.device ? ` · in ${h.namespace}` : ''} · {(h.t / 1000).toFixed(3)} ms
      </div>
      <div className="hop-packet">
        <b>{shortKind(h)}</b> <span className="muted">as sent: {packet?.label}</span>
      </div>
      <table className="kv hop-ports">
        <tbody>
          <tr>
            <th>in</th>
            <td data-testid="hop-in">
              {h.in ?? '— (made here)'}
              {from && h.in !== null ? <span className="muted"> ← {from.device}</span> : null}
            </td>
          </tr>
          <tr>
            <th>out</th>
            <td data-testid="hop-out">
              {h.out ?? '—'}
              {to && h.out !== null ? <span className="muted"> → {to.device}</span> : null}
            </td>
          </tr>
        </tbody>
      </table>
      <p className={`hop-action${dropClass}`} data-testid="hop-action">
        {h.action}
      </p>
      {h.drop ? (
        <p className={`hop-drop${dropClass}`} data-testid="hop-drop">
          <b>{h.drop.severity === 'fatal' ? '✕ Dropped here. ' : 'Discarded copy. '}</b>
          {h.drop.reason}
        </p>
      ) : h.fate !== 'forward' ? (
        <p className="hop-fate">{FATE[h.fate]}</p>
      ) : null}
      {h.changes.length ? (
        <div className="hop-changes" data-testid="hop-changes">
          {h.changes.map((c) => (
            <span key={c} className="chip">
              {c}
            </span>
          ))}
        </div>
      ) : null}
      <h3>Rule that decided</h3>
      <RuleBlock h={h} />
      {h.trail && h.trail.length > 1 ? (
        <>
          <h3>Matched on the way</h3>
          <ol className="hop-trail" data-testid="hop-trail">
            {h.trail.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the same rule can match twice
              <li key={i}>{line}</li>
            ))}
          </ol>
        </>
      ) : null}
      <HopLayers h={h} prev={prev} from={from?.device} to={to?.device} />
      <div className="hop-nav">
        {h.parent !== null ? <HopLink flow={flow} seq={h.parent} label="came from" /> : null}
        {kids.map((k) => (
          <HopLink key={k} flow={flow} seq={k} label="on to" />
        ))}
      </div>
    </div>
  );
}
