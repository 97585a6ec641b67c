// A network: name, project, provider attributes, its subnets, and (external) the world outside it.
import type { Network, NetworkType } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { portLabel } from '../../../store/edit-delete';
import { newId, nextSubnetFields } from '../../../store/edit-ops';
import { addSubnet, type Patch, patchNetwork } from '../../../store/edit-patch';
import { run } from '../actions';
import { edit, FormCard, identity, ProjectField, SubHead } from './common';
import { CheckField, SelectField, TextField } from './fields';
import { OutsideCard } from './OutsideCard';
import { at, int, required } from './parse';
import { SubnetCard } from './SubnetCard';

export function NetworkForm({ id }: { id: string }) {
  const doc = useApp((s) => s.doc);
  const i = doc?.networks.findIndex((n) => n.id === id) ?? -1;
  const n = doc?.networks[i];
  if (!doc || !n) return null;
  const p = (f: string) => [at('networks', i, f)];
  const set = (label: string, patch: Patch<Network>) =>
    edit(`${label} of ${n.name}`, (t) => patchNetwork(t, id, patch));
  const type = n['provider:network_type'];
  const world = doc.outside.find((w) => w.network_id === n.id);
  const ports = doc.ports.filter((x) => x.network_id === n.id);
  return (
    <FormCard
      kind={n['router:external'] ? 'External network' : 'Network'}
      title={n.name}
      target={{ kind: 'network', id }}
      testId="form-network"
    >
      <TextField
        label="Name"
        value={n.name}
        format={identity}
        parse={required('name')}
        paths={p('name')}
        onCommit={(v) => set('name', { name: v })}
      />
      <ProjectField
        value={n.project_id}
        paths={p('project_id')}
        onCommit={(v) => set('project', { project_id: v as Network['project_id'] })}
      />
      <CheckField
        label="External (router:external): routers put their gateway here"
        checked={n['router:external']}
        paths={p('router:external')}
        onCommit={(v) => set(v ? 'make external' : 'make internal', { 'router:external': v })}
      />
      <CheckField
        label="Up (admin_state_up)"
        checked={n.admin_state_up}
        paths={p('admin_state_up')}
        hint="down puts every port in the dead VLAN 4095"
        onCommit={(v) => set(v ? 'bring up' : 'bring down', { admin_state_up: v })}
      />
      <SelectField
        label="Type (provider:network_type)"
        value={type}
        options={['vxlan', 'vlan', 'flat'].map((v) => ({ value: v, label: v }))}
        paths={p('provider:network_type')}
        onCommit={(v) => set('type', { 'provider:network_type': v as NetworkType })}
      />
      {type !== 'vxlan' ? (
        <SelectField
          label="Physical network"
          value={n['provider:physical_network'] ?? ''}
          options={doc.options.bridge_mappings.map((m) => ({
            value: m.physical_network,
            label: `${m.physical_network} (${m.bridge})`,
          }))}
          paths={p('provider:physical_network')}
          onCommit={(v) => set('physical network', { 'provider:physical_network': v })}
        />
      ) : null}
      {type !== 'flat' ? (
        <TextField
          label={type === 'vxlan' ? 'VNI (provider:segmentation_id)' : 'VLAN id (provider:segmentation_id)'}
          value={n['provider:segmentation_id']}
          format={(v) => (v === null ? '' : String(v))}
          parse={int(1, type === 'vxlan' ? 16777215 : 4094, undefined)}
          paths={p('provider:segmentation_id')}
          hint="empty: a free one is chosen"
          testId="field-segmentation-id"
          onCommit={(v) => set('segmentation id', { 'provider:segmentation_id': v ?? undefined })}
        />
      ) : null}
      <TextField
        label="MTU"
        value={n.mtu}
        format={String}
        parse={int(68, 9216, undefined)}
        paths={p('mtu')}
        hint="empty: 1450 for VXLAN, 1500 otherwise"
        onCommit={(v) => set('MTU', { mtu: v ?? undefined })}
      />
      <SubHead>Subnets</SubHead>
      {doc.subnets.map((s, k) =>
        s.network_id === n.id ? <SubnetCard key={s.id} subnet={s} index={k} /> : null,
      )}
      <button
        type="button"
        className="add-button"
        onClick={() =>
          void run(`add a subnet to ${n.name}`, (t) => {
            const f = nextSubnetFields(t, n.id);
            addSubnet(t, n.id, n['router:external'] ? { ...f, enable_dhcp: false } : f, newId());
          })
        }
      >
        + Add a subnet
      </button>
      {world ? <OutsideCard world={world} index={doc.outside.indexOf(world)} /> : null}
      <SubHead>Ports on {n.name}</SubHead>
      <ul className="plain-list">
        {ports.length ? (
          ports.map((x) => <li key={x.id}>{portLabel(doc, x)}</li>)
        ) : (
          <li className="muted">none yet</li>
        )}
      </ul>
    </FormCard>
  );
}
