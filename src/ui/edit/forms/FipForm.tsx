// A floating IP: its address on the external network and the port it is translated to.
import type { FloatingIp } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { type FipPatch, patchFip } from '../../../store/edit-patch';
import { requestDelete } from '../actions';
import { edit, FormCard, ProjectField } from './common';
import { SelectField, TextField } from './fields';
import { at, text } from './parse';

const set = (f: FloatingIp, label: string, patch: FipPatch) =>
  edit(`${label} of floating IP ${f.floating_ip_address}`, (t) => patchFip(t, f.id, patch));

/** A floating IP inside a VM's form: address, and buttons to disassociate or delete it. */
export function FipRow({ fip: f }: { fip: FloatingIp }) {
  const doc = useApp((s) => s.doc);
  if (!doc) return null;
  const k = doc.floatingips.indexOf(f);
  return (
    <div className="sub-card sub-card--row">
      <TextField
        label={`floating IP → ${f.fixed_ip_address ?? ''}`}
        value={f.floating_ip_address}
        format={(v) => v}
        parse={text}
        mono
        paths={[at('floatingips', k, 'floating_ip_address')]}
        onCommit={(v) => set(f, 'address', { floating_ip_address: v || undefined })}
      />
      <button
        type="button"
        className="icon-button"
        title="Disassociate (keep the address)"
        aria-label="Disassociate"
        onClick={() => void set(f, 'disassociate', { port_id: null })}
      >
        ⊘
      </button>
      <button
        type="button"
        className="icon-button danger"
        title="Delete this floating IP"
        aria-label="Delete floating IP"
        onClick={() => void requestDelete({ kind: 'floatingip', id: f.id })}
      >
        ✕
      </button>
    </div>
  );
}

export function FipForm({ id }: { id: string }) {
  const doc = useApp((s) => s.doc);
  const k = doc?.floatingips.findIndex((f) => f.id === id) ?? -1;
  const f = doc?.floatingips[k];
  if (!doc || !f) return null;
  const p = (x: string) => [at('floatingips', k, x)];
  const serverPorts = doc.ports.filter((x) => x.device_owner.startsWith('compute:') && x.fixed_ips.length);
  const owner = (deviceId: string) => doc.servers.find((s) => s.id === deviceId)?.name ?? '?';
  return (
    <FormCard
      kind="Floating IP"
      title={f.floating_ip_address}
      target={{ kind: 'floatingip', id }}
      testId="form-fip"
    >
      <TextField
        label="Address"
        value={f.floating_ip_address}
        format={(v) => v}
        parse={text}
        mono
        paths={p('floating_ip_address')}
        hint="empty: picked from the external subnet's pools"
        onCommit={(v) => set(f, 'address', { floating_ip_address: v || undefined })}
      />
      <SelectField
        label="External network"
        value={f.floating_network_id}
        options={doc.networks
          .filter((n) => n['router:external'])
          .map((n) => ({ value: n.id, label: n.name }))}
        paths={p('floating_network_id')}
        onCommit={(v) => set(f, 'network', { floating_network_id: v })}
      />
      <SelectField
        label="Translated to (port)"
        value={f.port_id ?? ''}
        options={[
          { value: '', label: 'nothing (not associated)' },
          ...serverPorts.map((x) => ({
            value: x.id,
            label: `${owner(x.device_id)} ${x.fixed_ips[0]!.ip_address}`,
          })),
        ]}
        paths={p('port_id')}
        hint="needs a router with an interface on the VM's subnet and its gateway on this network"
        onCommit={(v) => set(f, v ? 'associate' : 'disassociate', { port_id: v || null })}
      />
      <ProjectField
        value={f.project_id}
        paths={p('project_id')}
        onCommit={(v) => set(f, 'project', { project_id: v })}
      />
    </FormCard>
  );
}
