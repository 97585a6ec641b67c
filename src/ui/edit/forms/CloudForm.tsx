// The cloud as a whole: its name, description and seed, the agents' options, and its projects.
import type { FirewallDriver, Topology } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { addProject } from '../../../store/edit-ops';
import { type Patch, patchCloud, patchOptions, patchProject } from '../../../store/edit-patch';
import { requestDelete, run } from '../actions';
import { edit, identity, SubHead } from './common';
import { CheckField, SelectField, TextField } from './fields';
import { at, int, pairs, required, text } from './parse';

const setCloud = (label: string, patch: Patch<Pick<Topology, 'name' | 'description' | 'seed'>>) =>
  edit(label, (t) => patchCloud(t, patch));
const setOption = (label: string, patch: Patch<Topology['options']>) =>
  edit(label, (t) => patchOptions(t, patch));

export function CloudForm() {
  const doc = useApp((s) => s.doc);
  if (!doc) return null;
  const o = doc.options;
  return (
    <div data-testid="cloud-form">
      <TextField
        label="Name of the cloud"
        value={doc.name}
        format={identity}
        parse={text}
        paths={['name']}
        testId="field-cloud-name"
        onCommit={(v) => setCloud('rename the cloud', { name: v })}
      />
      <TextField
        label="Description"
        value={doc.description}
        format={identity}
        parse={(s) => ({ ok: true, value: s })}
        lines={3}
        paths={['description']}
        onCommit={(v) => setCloud('description', { description: v })}
      />
      <TextField
        label="Seed"
        value={doc.seed}
        format={String}
        parse={int(0, 0xffffffff)}
        paths={['seed']}
        hint="ids, MACs and addresses Neutron picks come from it"
        onCommit={(v) => setCloud('seed', { seed: v ?? 1 })}
      />
      <SubHead>Agents</SubHead>
      <CheckField
        label="l2population"
        checked={o.l2population}
        paths={['options.l2population']}
        hint="tunnels only toward hosts that share a network"
        testId="field-l2population"
        onCommit={(v) => setOption(`l2population ${v ? 'on' : 'off'}`, { l2population: v })}
      />
      <CheckField
        label="arp_responder"
        checked={o.arp_responder}
        paths={['options.arp_responder']}
        hint="br-tun answers ARP for remote ports (needs l2population)"
        testId="field-arp-responder"
        onCommit={(v) => setOption(`arp_responder ${v ? 'on' : 'off'}`, { arp_responder: v })}
      />
      <SelectField
        label="Firewall driver"
        value={o.firewall_driver}
        options={[
          { value: 'iptables_hybrid', label: 'iptables_hybrid (qbr bridges)' },
          { value: 'openvswitch', label: 'openvswitch' },
        ]}
        paths={['options.firewall_driver']}
        onCommit={(v) => setOption('firewall driver', { firewall_driver: v as FirewallDriver })}
      />
      <TextField
        label="Bridge mappings"
        value={o.bridge_mappings}
        format={(m) => m.map((x) => `${x.physical_network}:${x.bridge}`).join('\n')}
        parse={(s) => {
          const r = pairs(/\s*:\s*/, 'provider:br-ex')(s);
          return r.ok
            ? { ok: true, value: r.value.map(([physical_network, bridge]) => ({ physical_network, bridge })) }
            : r;
        }}
        lines={2}
        mono
        paths={['options.bridge_mappings']}
        hint="physical network:bridge, one per line (Ctrl+Enter to apply)"
        onCommit={(v) => setOption('bridge mappings', { bridge_mappings: v })}
      />
      <SubHead>Projects</SubHead>
      {doc.projects.map((p, i) => (
        <div className="sub-card sub-card--row" key={p.id}>
          <TextField
            label="Project"
            value={p.name}
            format={identity}
            parse={required('name')}
            paths={[at('projects', i, 'name')]}
            onCommit={(v) => edit(`rename project ${p.name}`, (t) => patchProject(t, p.id, v))}
          />
          <button
            type="button"
            className="icon-button danger"
            aria-label={`Delete project ${p.name}`}
            title={`Delete project ${p.name}`}
            onClick={() => void requestDelete({ kind: 'project', id: p.id })}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="add-button"
        onClick={() => void run('add a project', (t) => void addProject(t))}
      >
        + Add a project
      </button>
    </div>
  );
}
