// The inspector's view of an OVN chassis's br-int: its OVS ports, the logical ports bound here with
// their conntrack zones, and the MAC_Binding rows it sees.
import type { SimState } from '../engine/state';
import type { OvnBridge } from '../realize/ovn/db';
import type { DeviceInspect } from './inspect';

export function inspectOvnBridge(
  d: OvnBridge,
  state: SimState,
  base: Pick<DeviceInspect, 'id' | 'name' | 'kind' | 'host' | 'namespace'>,
): DeviceInspect {
  const ports = [...d.ports.values()].map(
    (p) =>
      `${String(p.ofport).padStart(3)} ${p.name.padEnd(16)} ${p.type}${
        p.options
          ? ` ${Object.entries(p.options)
              .map(([k, v]) => `${k}=${v}`)
              .join(',')}`
          : ''
      }`,
  );
  const bound = [...d.lportOf].map(([ovs, lport]) => {
    const b = d.db.ports.get(lport);
    const zone = d.zones.get(lport);
    return `${ovs.padEnd(16)} ${lport}${b ? ` (${b.label})` : ''}${zone ? `, ct zone ${zone}` : ''}`;
  });
  const macs = [...(state.neigh.get(d.id) ?? new Map())].map(([k, e]) => {
    const [port, ip] = k.split('|');
    return `${ip} ${e.mac} on ${port}`;
  });
  return {
    ...base,
    summary: [`OVN chassis ${d.chassis}: ${d.ports.size} ports, ${d.tunnelTo.size} Geneve tunnels`],
    sections: [
      { title: 'Ports', command: 'ovs-vsctl show', lines: ports },
      {
        title: 'Logical ports bound here',
        command: 'ovn-sbctl show',
        lines: bound.length ? bound : ['(none)'],
      },
      {
        title: 'MAC_Binding',
        command: 'ovn-sbctl list MAC_Binding',
        lines: macs.length ? macs : ['(empty)'],
      },
    ],
  };
}
