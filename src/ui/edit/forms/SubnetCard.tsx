// One subnet of a network: CIDR, gateway, allocation pools, DHCP and host routes. A new CIDR lets the
// core choose the gateway, pools and addresses again; a new gateway takes the router interface along.
import type { Subnet } from '../../../sim';
import { useApp } from '../../../store/app-store';
import { type Patch, patchSubnet } from '../../../store/edit-patch';
import { requestDelete } from '../actions';
import { edit, identity } from './common';
import { CheckField, TextField } from './fields';
import { at, parsePools, parseRoutes, poolsText, required, routesText, text } from './parse';

export function SubnetCard({ subnet: s, index: i }: { subnet: Subnet; index: number }) {
  const p = (f: string) => [at('subnets', i, f)];
  const set = (label: string, patch: Patch<Subnet>) =>
    edit(`${label} of ${s.name}`, (t) => patchSubnet(t, s.id, patch));
  const setGateway = async (v: string | null) => {
    const errors = await set('gateway', { gateway_ip: v });
    // pools that now hold the gateway are computed again around it, if that is all that was wrong
    if (errors?.some((e) => e.path.startsWith(at('subnets', i, 'allocation_pools')))) {
      const again = await set('gateway', { gateway_ip: v, allocation_pools: undefined });
      if (!again)
        useApp
          .getState()
          .notify('info', `The allocation pools of ${s.name} were recomputed around the new gateway.`);
      return again ? errors : null;
    }
    return errors;
  };
  return (
    <div className="sub-card" data-testid={`subnet-card-${s.name}`}>
      <div className="sub-card__head">
        <strong>{s.name}</strong>
        <button
          type="button"
          className="icon-button danger"
          aria-label={`Delete subnet ${s.name}`}
          title={`Delete subnet ${s.name}`}
          onClick={() => void requestDelete({ kind: 'subnet', id: s.id })}
        >
          Delete
        </button>
      </div>
      <TextField
        label="Name"
        value={s.name}
        format={identity}
        parse={required('name')}
        paths={p('name')}
        onCommit={(v) => set('name', { name: v })}
      />
      <TextField
        label="CIDR"
        value={s.cidr}
        format={identity}
        parse={text}
        mono
        paths={p('cidr')}
        testId={`field-cidr-${s.name}`}
        hint="changing it lets Neutron pick the gateway, pools and addresses again"
        onCommit={(v) => set('CIDR', { cidr: v })}
      />
      <TextField
        label="Gateway IP"
        value={s.gateway_ip}
        format={(v) => v ?? ''}
        parse={(t) => ({ ok: true, value: t.trim() || null })}
        mono
        paths={p('gateway_ip')}
        hint="empty: no gateway"
        testId={`field-gateway-${s.name}`}
        onCommit={setGateway}
      />
      <TextField
        label="Allocation pools"
        value={s.allocation_pools}
        format={poolsText}
        parse={(t) => {
          const r = parsePools(t);
          return r.ok ? { ok: true, value: r.value.map(([start, end]) => ({ start, end })) } : r;
        }}
        lines={2}
        mono
        paths={p('allocation_pools')}
        hint="start - end, one per line; empty: the whole subnet but the gateway (Ctrl+Enter to apply)"
        onCommit={(v) => set('allocation pools', { allocation_pools: v.length ? v : undefined })}
      />
      <CheckField
        label="DHCP (a qdhcp namespace serves this subnet)"
        checked={s.enable_dhcp}
        paths={p('enable_dhcp')}
        testId={`field-dhcp-${s.name}`}
        onCommit={(v) => set(v ? 'DHCP on' : 'DHCP off', { enable_dhcp: v })}
      />
      <TextField
        label="Host routes"
        value={s.host_routes}
        format={routesText}
        parse={(t) => {
          const r = parseRoutes(t);
          return r.ok
            ? { ok: true, value: r.value.map(([destination, nexthop]) => ({ destination, nexthop })) }
            : r;
        }}
        lines={1}
        mono
        paths={p('host_routes')}
        hint="10.9.0.0/16 via 192.168.1.254, one per line"
        onCommit={(v) => set('host routes', { host_routes: v })}
      />
    </div>
  );
}
