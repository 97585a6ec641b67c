// A server's port: its network, addresses, MAC, security groups, port security and state.
import type { Port } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { type PortPatch, patchPort } from '../../../store/edit-patch';
import { requestDelete } from '../actions';
import { edit, identity } from './common';
import { CheckField, Refusal, TextField, useRefusal } from './fields';
import { at, text } from './parse';

export function PortCard({ port: x, index: k, focus }: { port: Port; index: number; focus?: boolean }) {
  const doc = useApp((s) => s.doc);
  const [refusal, setRefusal] = useRefusal();
  if (!doc) return null;
  const p = (f: string) => [at('ports', k, f)];
  const net = doc.networks.find((n) => n.id === x.network_id)?.name ?? '?';
  const set = (label: string, patch: PortPatch) =>
    edit(`${label} of the port on ${net}`, (t) => patchPort(t, x.id, patch));
  const groups = doc.security_groups;
  const project = (id: string) => doc.projects.find((q) => q.id === id)?.name ?? '';
  return (
    <div className={`sub-card${focus ? ' is-focus' : ''}`} data-testid={`port-card-${net}`}>
      <div className="sub-card__head">
        <strong>port on {net}</strong>
        <button
          type="button"
          className="icon-button danger"
          aria-label={`Disconnect the port on ${net}`}
          title="Disconnect from this network (deletes the port)"
          onClick={() => void requestDelete({ kind: 'port', id: x.id })}
        >
          Disconnect
        </button>
      </div>
      <TextField
        label="Fixed IPs"
        value={x.fixed_ips.map((f) => f.ip_address)}
        format={(v) => v.join(', ')}
        parse={(t) => ({ ok: true, value: t.split(/[\s,]+/).filter(Boolean) })}
        mono
        paths={p('fixed_ips')}
        hint="empty: Neutron picks one on the network's first subnet"
        testId={`field-ips-${net}`}
        onCommit={(v) => set('addresses', { addresses: v.length ? v : [''] })}
      />
      <TextField
        label="MAC address"
        value={x.mac_address}
        format={identity}
        parse={text}
        mono
        paths={p('mac_address')}
        hint="empty: a new fa:16:3e:… address"
        onCommit={(v) => set('MAC', { mac_address: v || undefined })}
      />
      <TextField
        label="Port name"
        value={x.name}
        format={identity}
        parse={text}
        paths={p('name')}
        onCommit={(v) => set('name', { name: v })}
      />
      <fieldset className="field field--wide">
        <legend>Security groups</legend>
        {groups.map((g) => (
          <label key={g.id} className="check-line">
            <input
              type="checkbox"
              checked={x.security_groups.includes(g.id)}
              onChange={async (e) => {
                const next = e.target.checked
                  ? [...x.security_groups, g.id]
                  : x.security_groups.filter((s) => s !== g.id);
                setRefusal(await set('security groups', { security_groups: next }), p('security_groups'));
              }}
            />{' '}
            {g.name} <span className="muted">({project(g.project_id)})</span>
          </label>
        ))}
        <Refusal text={refusal} />
      </fieldset>
      <CheckField
        label="Port security (security groups and anti-spoofing)"
        checked={x.port_security_enabled}
        paths={p('port_security_enabled')}
        onCommit={(v) => set(v ? 'port security on' : 'port security off', { port_security_enabled: v })}
      />
      <CheckField
        label="Up (admin_state_up)"
        checked={x.admin_state_up}
        paths={p('admin_state_up')}
        onCommit={(v) => set(v ? 'bring up' : 'bring down', { admin_state_up: v })}
      />
    </div>
  );
}
