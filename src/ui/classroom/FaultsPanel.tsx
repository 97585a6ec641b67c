// Break the cloud the way clouds break, then send and see where and why traffic dies. A fault is an
// ordinary edit: it shows in the model, is saved with it, and Undo heals it.
import { useEffect, useMemo } from 'react';
import type { PlaneView, SendRequest, Topology } from '../../sim';
import type { Selection } from '../../store/app-store';
import { useApp } from '../../store/app-store';
import { chosenTarget, faultOf, trialOf, useFaultDrill } from '../../store/fault-drill';
import { activeFaults, FAULTS, type FaultKind } from '../../store/faults';
import './classroom.css';

export function FaultsPanel() {
  const doc = useApp((s) => s.doc);
  const past = useApp((s) => s.past);
  const kind = useFaultDrill((s) => s.kind);
  const target = useFaultDrill((s) => s.target);
  const applied = useFaultDrill((s) => s.applied);
  const refusal = useFaultDrill((s) => s.refusal);
  const result = useFaultDrill((s) => s.result);
  const busy = useFaultDrill((s) => s.busy);
  const drill = useFaultDrill.getState();
  const selection = useApp((s) => s.selection);
  // What is selected on the canvas proposes a fault: a VM its port going down, a host its underlay...
  useEffect(() => {
    const { view, doc: now } = useApp.getState();
    const pick = faultFor(selection, view, now);
    if (pick) useFaultDrill.getState().choose(pick.kind, pick.target);
  }, [selection]);
  const fault = faultOf(kind);
  const targets = useMemo(() => (doc ? fault.targets(doc) : []), [doc, fault]);
  const chosen = chosenTarget(doc, kind, target);
  const trial = trialOf({ kind, target, applied, refusal }, doc);
  const active = doc ? activeFaults(doc) : [];
  const lastFault =
    past.length && past[past.length - 1]!.label.startsWith('fault: ') ? past[past.length - 1]!.label : null;
  if (!doc) return null;
  return (
    <div className="lesson faults" data-testid="faults-panel">
      <h2>Break the cloud</h2>
      <label className="field">
        <span>Fault</span>
        <select
          value={kind}
          onChange={(e) => drill.choose(e.target.value as FaultKind)}
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
          onChange={(e) => drill.choose(kind, e.target.value)}
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
      <p className="muted" data-testid="fault-effect">
        {fault.effectOn?.(doc) ?? fault.effect}.
      </p>
      <div className="lesson__nav">
        <button
          type="button"
          className="danger"
          onClick={() => void drill.breakIt()}
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
      {refusal ? (
        <div className="faults__refusal" role="alert" data-testid="fault-refusal">
          <p>
            <strong>Not broken:</strong> {sentence(refusal.reason)}
          </p>
          {refusal.instead.length ? (
            <>
              <p>{fault.instead ?? 'Break it on one of these instead:'}</p>
              <div className="faults__instead">
                {refusal.instead.map((t) => (
                  <button
                    key={t.id}
                    type="button"
                    className="danger"
                    onClick={() => void drill.breakIt(t.id)}
                    title={`${fault.title}: ${t.label}`}
                    data-testid="fault-instead"
                  >
                    {t.label}
                  </button>
                ))}
              </div>
            </>
          ) : (
            <p className="muted">Nothing else here takes this fault.</p>
          )}
        </div>
      ) : trial ? (
        <div className="lesson__send">
          <button
            type="button"
            className="primary"
            onClick={() => void drill.send()}
            disabled={busy}
            data-testid="fault-send"
          >
            {busy ? 'Sending…' : `${applied ? 'Send to see it' : 'Send'}: ${sendWords(trial)}`}
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

/** "ping vm1 → vm2, 1450-byte packets" */
function sendWords(r: SendRequest): string {
  if (r.proto === 'dhcp') return `DHCP from ${r.from}`;
  return `${r.proto ?? 'ping'} ${r.from} → ${r.to}${r.port ? `:${r.port}` : ''}${r.size ? `, ${r.size}-byte packets` : ''}`;
}

/** A reason with its full stop (it may start with a resource's name, so it keeps its case). */
const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

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
