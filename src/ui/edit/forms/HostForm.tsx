// A host: its name, role, tunnel endpoint, and the faults a lesson may inject (agents down, cut off
// the underlay, a smaller underlay MTU, a wrong segmentation id).
import type { AgentKind, HostRole } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { patchHost } from '../../../store/edit-patch';
import { edit, FormCard, identity, SubHead } from './common';
import { CheckField, SelectField, TextField } from './fields';
import { at, int, required, text } from './parse';

const AGENTS: { kind: AgentKind; label: string }[] = [
  { kind: 'ovs', label: 'OVS agent' },
  { kind: 'l3', label: 'L3 agent' },
  { kind: 'dhcp', label: 'DHCP agent' },
];

export function HostForm({ name }: { name: string }) {
  const doc = useApp((s) => s.doc);
  const i = doc?.hosts.findIndex((h) => h.name === name) ?? -1;
  const h = doc?.hosts[i];
  if (!doc || !h) return null;
  const p = (f: string) => [at('hosts', i, f)];
  const set = (label: string, patch: Parameters<typeof patchHost>[2]) =>
    edit(`${label} of ${name}`, (t) => patchHost(t, name, patch));
  const netName = (id: string) => doc.networks.find((n) => n.id === id)?.name ?? id;
  const overrides = h.segmentation_overrides
    .map((o) => `${netName(o.network_id)} = ${o.segmentation_id}`)
    .join('\n');
  return (
    <FormCard kind="Host" title={h.name} target={{ kind: 'host', id: h.name }} testId="form-host">
      <TextField
        label="Name"
        value={h.name}
        format={identity}
        parse={required('name')}
        paths={p('name')}
        testId="field-host-name"
        onCommit={(v) =>
          edit(`rename ${name} to ${v}`, (t) => {
            patchHost(t, name, { name: v as typeof h.name });
            return { kind: 'host', id: v };
          })
        }
      />
      <SelectField
        label="Role"
        value={h.role}
        options={[
          { value: 'compute', label: 'compute: runs VMs' },
          { value: 'network', label: 'network: L3 and DHCP agents' },
        ]}
        paths={p('role')}
        onCommit={(v) => set('role', { role: v as HostRole })}
      />
      <TextField
        label="Tunnel IP (local_ip)"
        value={h.tunnel_ip}
        format={identity}
        parse={text}
        mono
        paths={p('tunnel_ip')}
        hint="this host's VXLAN endpoint on the underlay"
        onCommit={(v) => set('tunnel IP', { tunnel_ip: v })}
      />
      <SubHead>Faults</SubHead>
      <CheckField
        label="Connected to the underlay"
        checked={h.underlay_connected}
        paths={p('underlay_connected')}
        onCommit={(v) => set(v ? 'reconnect' : 'cut the underlay', { underlay_connected: v })}
      />
      <TextField
        label="Underlay MTU"
        value={h.underlay_mtu}
        format={String}
        parse={int(576, 9216)}
        paths={p('underlay_mtu')}
        onCommit={(v) => set('underlay MTU', { underlay_mtu: v ?? 1500 })}
      />
      {AGENTS.map((a) => (
        <CheckField
          key={a.kind}
          label={`${a.label} stopped`}
          checked={h.agents_down.includes(a.kind)}
          paths={p('agents_down')}
          onCommit={(down) =>
            set(`${a.label} ${down ? 'down' : 'up'}`, {
              agents_down: down ? [...h.agents_down, a.kind] : h.agents_down.filter((x) => x !== a.kind),
            })
          }
        />
      ))}
      <TextField
        label="Segmentation overrides"
        value={overrides}
        format={identity}
        lines={2}
        mono
        placeholder="net1 = 999"
        hint="this host's agent believes the network has another VNI (Ctrl+Enter to apply)"
        paths={p('segmentation_overrides')}
        parse={(s) => {
          const out: { network_id: string; segmentation_id: number }[] = [];
          for (const line of s
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)) {
            const m = /^(.+?)\s*=\s*(\d+)$/.exec(line);
            const net = m && doc.networks.find((n) => n.name === m[1] || n.id === m[1]);
            if (!m || !net) return { ok: false, message: `“${line}” should be “<network name> = <id>”` };
            out.push({ network_id: net.id, segmentation_id: Number(m[2]) });
          }
          return { ok: true, value: JSON.stringify(out) };
        }}
        onCommit={(v) => set('segmentation overrides', { segmentation_overrides: JSON.parse(v) })}
      />
    </FormCard>
  );
}
