// A VM: name, project, host (a move, as a drag to another host is), listening ports, its ports on
// networks and its floating IPs.
import { useState } from 'react';
import { namesakes, type Server, serverLabel, type Topology } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { addFloatingIp, attachServer } from '../../../store/edit-ops';
import { type Patch, patchServer } from '../../../store/edit-patch';
import { run } from '../actions';
import { edit, FormCard, identity, ProjectField, SubHead } from './common';
import { FipRow } from './FipForm';
import { SelectField, TextField } from './fields';
import { PortCard } from './PortCard';
import { at, intList, required } from './parse';

/**
 * Neutron and Nova let two servers have one name, and so does this cloud: a warning, not a refusal.
 * "Another server is called vm1, on compute2: sends and the terminal tell them apart as vm1 (compute1)
 * and vm1 (compute2)."
 */
function nameRepeats(doc: Topology, s: Server): string | null {
  const others = namesakes(doc, s);
  if (!others.length) return null;
  const hosts = [...new Set(others.map((x) => x.host))].join(', ');
  const who = others.length === 1 ? 'Another server is' : `${others.length} other servers are`;
  const all = [s, ...others].map((x) => serverLabel(doc, x)).sort();
  return `${who} called ${s.name}, on ${hosts}: sends and the terminal tell them apart as ${all.slice(0, -1).join(', ')} and ${all.at(-1)}.`;
}

export function ServerForm({ id, focusPort }: { id: string; focusPort?: string | null }) {
  const doc = useApp((s) => s.doc);
  const [net, setNet] = useState('');
  const i = doc?.servers.findIndex((s) => s.id === id) ?? -1;
  const s = doc?.servers[i];
  if (!doc || !s) return null;
  const p = (f: string) => [at('servers', i, f)];
  const set = (label: string, patch: Patch<Server>) =>
    edit(`${label} of ${s.name}`, (t) => patchServer(t, id, patch));
  const ports = doc.ports.filter((x) => x.device_id === s.id);
  const fips = doc.floatingips.filter((f) => ports.some((x) => x.id === f.port_id));
  const repeats = nameRepeats(doc, s);
  const others = doc.networks.filter(
    (n) => !ports.some((x) => x.network_id === n.id) && !n['router:external'],
  );
  return (
    <FormCard kind="VM" title={s.name} target={{ kind: 'server', id }} testId="form-server">
      <TextField
        label="Name"
        value={s.name}
        format={identity}
        parse={required('name')}
        paths={p('name')}
        testId="field-server-name"
        onCommit={(v) => set('name', { name: v })}
      />
      {repeats ? (
        <p className="field__warn" role="status" data-testid="server-name-repeats">
          {repeats}
        </p>
      ) : null}
      <SelectField
        label="Host"
        value={s.host}
        options={doc.hosts.map((h) => ({
          value: h.name,
          label: `${h.name}${h.role === 'network' ? ' (network host)' : ''}`,
        }))}
        paths={p('host')}
        hint="moving it is a live migration: its ports follow"
        testId="field-server-host"
        onCommit={(v) => set(`move to ${v}`, { host: v as Server['host'] })}
      />
      <ProjectField
        value={s.project_id}
        paths={p('project_id')}
        onCommit={(v) => set('project', { project_id: v as Server['project_id'] })}
      />
      <TextField
        label="Listening TCP ports"
        value={s.listening.tcp}
        format={(v) => v.join(', ')}
        parse={intList(1, 65535)}
        paths={p('listening.tcp')}
        onCommit={(v) => set('TCP ports', { listening: { ...s.listening, tcp: v } })}
      />
      <TextField
        label="Listening UDP ports"
        value={s.listening.udp}
        format={(v) => v.join(', ')}
        parse={intList(1, 65535)}
        paths={p('listening.udp')}
        onCommit={(v) => set('UDP ports', { listening: { ...s.listening, udp: v } })}
      />
      <SubHead>Networks</SubHead>
      {ports.length ? null : <p className="muted">Not on any network yet.</p>}
      {ports.map((x) => (
        <PortCard key={x.id} port={x} index={doc.ports.indexOf(x)} focus={x.id === focusPort} />
      ))}
      {others.length ? (
        <div className="add-row">
          <select
            aria-label="Network to connect to"
            value={net}
            onChange={(e) => setNet(e.target.value)}
            data-testid="connect-network"
          >
            <option value="">connect to a network…</option>
            {others.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!net}
            onClick={() => {
              const nid = net;
              setNet('');
              void run(`connect ${s.name}`, (t) => void attachServer(t, id, nid));
            }}
          >
            Connect
          </button>
        </div>
      ) : null}
      <SubHead>Floating IPs</SubHead>
      {fips.map((f) => (
        <FipRow key={f.id} fip={f} />
      ))}
      {doc.networks.some((n) => n['router:external']) && ports.length ? (
        <button
          type="button"
          className="add-button"
          onClick={() =>
            void run(`add a floating IP to ${s.name}`, (t) => void addFloatingIp(t, s.project_id, id))
          }
        >
          + Add a floating IP
        </button>
      ) : (
        <p className="muted">A floating IP needs a port on a network and an external network.</p>
      )}
    </FormCard>
  );
}
