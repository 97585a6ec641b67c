// Break the cloud the way clouds break, then send and see where and why traffic dies. A fault is an
// ordinary edit: it shows in the model, is saved with it, and Undo heals it.
import { useEffect, useMemo, useState } from 'react';
import type { PlaneView, SendRequest, Topology, Trace } from '../../sim';
import type { Selection } from '../../store/app-store';
import { useApp } from '../../store/app-store';
import { lessonHooks } from '../../store/classroom-store';
import { activeFaults, FAULTS, type FaultKind } from '../../store/faults';
import './classroom.css';

export function FaultsPanel() {
  const doc = useApp((s) => s.doc);
  const past = useApp((s) => s.past);
  const [kind, setKind] = useState<FaultKind>('sg-rule');
  const [target, setTarget] = useState('');
  const [result, setResult] = useState<Trace | null>(null);
  const [busy, setBusy] = useState(false);
  // the send that shows the fault just applied, worked out on the cloud before it broke (afterwards
  // the broken thing may be gone from the list: a removed rule, a detached interface)
  const [applied, setApplied] = useState<{ label: string; trial: SendRequest | null } | null>(null);
  const selection = useApp((s) => s.selection);
  // What is selected on the canvas proposes a fault: a VM its port going down, a host its underlay...
  useEffect(() => {
    const { view, doc: now } = useApp.getState();
    const pick = faultFor(selection, view, now);
    if (!pick) return;
    setKind(pick.kind);
    setTarget(pick.target);
    setApplied(null);
  }, [selection]);
  const fault = FAULTS.find((f) => f.kind === kind)!;
  const targets = useMemo(() => (doc ? fault.targets(doc) : []), [doc, fault]);
  const chosen = targets.some((t) => t.id === target) ? target : (targets[0]?.id ?? '');
  const trial = applied ? applied.trial : doc && chosen ? fault.trial(doc, chosen) : null;
  const active = doc ? activeFaults(doc) : [];
  const lastFault =
    past.length && past[past.length - 1]!.label.startsWith('fault: ') ? past[past.length - 1]!.label : null;
  const breakIt = async () => {
    if (!chosen) return;
    const label = targets.find((t) => t.id === chosen)?.label ?? chosen;
    setResult(null);
    const before = trial;
    const errors = await useApp
      .getState()
      .edit(`fault: ${fault.title.toLowerCase()}: ${label}`, (draft) => fault.apply(draft, chosen));
    if (errors) useApp.getState().notify('error', `Not broken: ${errors[0]?.message ?? ''}`);
    else setApplied({ label, trial: before });
  };
  const sendIt = async () => {
    if (!trial) return;
    setBusy(true);
    try {
      setResult(await lessonHooks.send(trial, { fresh: true }));
    } finally {
      setBusy(false);
    }
  };
  if (!doc) return null;
  return (
    <div className="lesson faults" data-testid="faults-panel">
      <h2>Break the cloud</h2>
      <label className="field">
        <span>Fault</span>
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as FaultKind);
            setApplied(null);
          }}
          data-testid="fault-kind"
        >
          {FAULTS.map((f) => (
            <option key={f.kind} value={f.kind}>
              {f.title}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Where</span>
        <select
          value={chosen}
          onChange={(e) => {
            setTarget(e.target.value);
            setApplied(null);
          }}
          data-testid="fault-target"
          disabled={!targets.length}
        >
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{fault.effect}.</p>
      <div className="lesson__nav">
        <button
          type="button"
          className="danger"
          onClick={() => void breakIt()}
          disabled={!chosen}
          data-testid="fault-apply"
        >
          Break it
        </button>
        <button
          type="button"
          onClick={() => void useApp.getState().undo()}
          disabled={!lastFault}
          title={lastFault ?? 'the last change was not a fault'}
          data-testid="fault-undo"
        >
          Undo the last fault
        </button>
      </div>
      {trial ? (
        <div className="lesson__send">
          <button
            type="button"
            className="primary"
            onClick={() => void sendIt()}
            disabled={busy}
            data-testid="fault-send"
          >
            {busy
              ? 'Sending…'
              : `Send to see it: ${trial.proto === 'dhcp' ? `DHCP from ${trial.from}` : `${trial.proto ?? 'ping'} ${trial.from} → ${trial.to}${trial.port ? `:${trial.port}` : ''}${trial.size ? `, ${trial.size}-byte packets` : ''}`}`}
          </button>
          {result ? (
            <div
              className={`lesson__outcome ${result.verdict === 'delivered' ? 'ok' : 'bad'}`}
              data-testid="fault-outcome"
            >
              <strong>{result.verdict}</strong>{' '}
              {result.verdict === 'delivered' ? (result.probes[0]?.summary ?? '') : result.reason}
              {result.dropped ? (
                <div>
                  at {result.dropped.host ? `${result.dropped.host}/` : ''}
                  {result.dropped.device}
                  {result.dropped.rule ? <pre>{result.dropped.rule}</pre> : null}
                </div>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
      <h3>Broken now</h3>
      {active.length ? (
        <ul data-testid="faults-active">
          {active.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          {lastFault ? `${lastFault.slice(7)} (undo to heal it)` : 'Nothing the model shows.'}
        </p>
      )}
    </div>
  );
}

/** The fault that fits what is selected, if any. */
function faultFor(
  sel: Selection,
  view: PlaneView | null,
  doc: Topology | null,
): { kind: FaultKind; target: string } | null {
  if (!sel || !view || !doc) return null;
  if (sel.kind === 'host') return { kind: 'underlay', target: sel.id };
  if (sel.kind === 'server') {
    const port = doc.ports.find((p) => p.device_id === sel.id);
    return port ? { kind: 'port-down', target: port.id } : null;
  }
  if (sel.kind !== 'device') return null;
  const d = view.devices.find((x) => x.id === sel.id);
  if (!d) return null;
  const port = d.portId ? doc.ports.find((p) => p.id === d.portId) : undefined;
  switch (d.role) {
    case 'vm': {
      const p = doc.ports.find((x) => x.device_id === d.serverId);
      return p ? { kind: 'port-down', target: p.id } : null;
    }
    case 'tap':
    case 'qvb':
    case 'qvo':
      return port ? { kind: 'port-down', target: port.id } : null;
    case 'qbr': {
      const rule = doc.security_groups
        .find((g) => port?.security_groups.includes(g.id))
        ?.rules.find((r) => r.direction === 'ingress');
      return rule ? { kind: 'sg-rule', target: rule.id } : null;
    }
    case 'ns-port':
      return port?.device_owner === 'network:router_interface'
        ? { kind: 'router-interface', target: port.id }
        : null;
    case 'qdhcp':
      return d.host ? { kind: 'dhcp-agent', target: d.host } : null;
    case 'vxlan':
    case 'br-tun':
      return d.host ? { kind: 'mtu', target: d.host } : null;
    default:
      return null;
  }
}
