// A router: name, project, state, its gateway (external network, SNAT, address), extra routes and its
// interfaces, each on a subnet.
import { useState } from 'react';
import { ROUTER_FLAVOURS, type Router, type RouterFlavour, routerFlavour } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { attachRouterSubnet } from '../../../store/edit-ops';
import { patchPort, patchRouter, type RouterPatch } from '../../../store/edit-patch';
import { setRouterType } from '../../../store/edit-variants';
import { requestDelete, runJoin } from '../actions';
import { edit, FormCard, identity, ProjectField, SubHead } from './common';
import { CheckField, SelectField, TextField } from './fields';
import { at, parseRoutes, required, routesText, text } from './parse';

export function RouterForm({ id }: { id: string }) {
  const doc = useApp((s) => s.doc);
  const [adding, setAdding] = useState('');
  const i = doc?.routers.findIndex((r) => r.id === id) ?? -1;
  const r = doc?.routers[i];
  if (!doc || !r) return null;
  const p = (f: string) => [at('routers', i, f)];
  const set = (label: string, patch: RouterPatch) =>
    edit(`${label} of ${r.name}`, (t) => patchRouter(t, id, patch));
  const gw = r.external_gateway_info;
  const ifaces = doc.ports.filter(
    (x) => x.device_id === r.id && x.device_owner === 'network:router_interface',
  );
  const attached = new Set(ifaces.flatMap((x) => x.fixed_ips.map((f) => f.subnet_id as string)));
  const free = doc.subnets.filter(
    (s) => !attached.has(s.id) && !doc.networks.find((n) => n.id === s.network_id)?.['router:external'],
  );
  const netName = (nid: string) => doc.networks.find((n) => n.id === nid)?.name ?? '?';
  const subName = (sid: string) => doc.subnets.find((s) => s.id === sid)?.name ?? '?';
  return (
    <FormCard kind="Router" title={r.name} target={{ kind: 'router', id }} testId="form-router">
      <TextField
        label="Name"
        value={r.name}
        format={identity}
        parse={required('name')}
        paths={p('name')}
        onCommit={(v) => set('name', { name: v })}
      />
      <ProjectField
        value={r.project_id}
        paths={p('project_id')}
        onCommit={(v) => set('project', { project_id: v as Router['project_id'] })}
      />
      <CheckField
        label="Up (admin_state_up)"
        checked={r.admin_state_up}
        paths={p('admin_state_up')}
        onCommit={(v) => set(v ? 'bring up' : 'bring down', { admin_state_up: v })}
      />
      <SelectField
        label="Router type"
        value={routerFlavour(r)}
        options={ROUTER_FLAVOURS.map((f) => ({ value: f.id, label: f.label }))}
        paths={[...p('distributed'), ...p('ha')]}
        hint="legacy: one qrouter on a network host; distributed (DVR): routed on each compute; HA: keepalived across network hosts"
        testId="field-router-type"
        onCommit={(v) => setRouterType(id, v as RouterFlavour)}
      />
      <SubHead>Gateway</SubHead>
      <SelectField
        label="External network"
        value={gw?.network_id ?? ''}
        options={[
          { value: '', label: 'none' },
          ...doc.networks.filter((n) => n['router:external']).map((n) => ({ value: n.id, label: n.name })),
        ]}
        paths={p('external_gateway_info')}
        testId="field-router-gateway"
        onCommit={(v) => set(v ? 'gateway' : 'remove the gateway', { gateway: v || null })}
      />
      {gw ? (
        <>
          <CheckField
            label="SNAT (enable_snat)"
            checked={gw.enable_snat}
            paths={p('external_gateway_info.enable_snat')}
            hint="source-NAT the inner subnets' traffic to the gateway address"
            onCommit={(v) => set(v ? 'SNAT on' : 'SNAT off', { enable_snat: v })}
          />
          <TextField
            label="Gateway address"
            value={gw.external_fixed_ips[0]?.ip_address ?? ''}
            format={identity}
            parse={text}
            mono
            paths={p('external_gateway_info.external_fixed_ips')}
            hint="empty: picked from the external subnet's pools"
            onCommit={(v) => set('gateway address', { gateway_ip: v || undefined })}
          />
        </>
      ) : null}
      <SubHead>Interfaces</SubHead>
      {ifaces.map((x) => {
        const k = doc.ports.indexOf(x);
        const f = x.fixed_ips[0];
        return (
          <div className="sub-card sub-card--row" key={x.id}>
            <TextField
              label={`on ${f ? subName(f.subnet_id) : '?'} (${netName(x.network_id)})`}
              value={f?.ip_address ?? ''}
              format={identity}
              parse={text}
              mono
              paths={[at('ports', k, 'fixed_ips')]}
              onCommit={(v) =>
                edit(`address of ${r.name}'s interface`, (t) => patchPort(t, x.id, { addresses: [v] }))
              }
            />
            <button
              type="button"
              className="icon-button danger"
              aria-label={`Remove the interface on ${f ? subName(f.subnet_id) : '?'}`}
              title="Remove this interface"
              onClick={() => void requestDelete({ kind: 'port', id: x.id })}
            >
              ✕
            </button>
          </div>
        );
      })}
      {free.length ? (
        <div className="add-row">
          <select
            aria-label="Subnet for a new interface"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          >
            <option value="">add an interface on…</option>
            {free.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.cidr}, {netName(s.network_id)})
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!adding}
            onClick={() => {
              const sid = adding;
              setAdding('');
              void runJoin(
                `connect ${r.name} to ${subName(sid)}`,
                () => id,
                (t) => {
                  attachRouterSubnet(t, id, sid);
                  return sid;
                },
              );
            }}
          >
            Add
          </button>
        </div>
      ) : null}
      <TextField
        label="Extra routes"
        value={r.routes}
        format={routesText}
        parse={(t) => {
          const x = parseRoutes(t);
          return x.ok
            ? { ok: true, value: x.value.map(([destination, nexthop]) => ({ destination, nexthop })) }
            : x;
        }}
        lines={2}
        mono
        paths={p('routes')}
        hint="10.9.0.0/16 via 192.168.1.254, one per line (Ctrl+Enter to apply)"
        onCommit={(v) => set('routes', { routes: v })}
      />
    </FormCard>
  );
}
