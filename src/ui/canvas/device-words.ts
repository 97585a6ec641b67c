// What a canvas node is, in words: the kind of each device and the accessible name a screen reader
// says for each node ("br-int on compute1, OVS integration bridge"). Plain functions, so that the graph
// builders give every node its name when they make it.
import type { DeviceView } from '../../sim';

export const KIND_WORD: Record<string, string> = {
  vm: 'VM',
  tap: 'tap',
  qbr: 'Linux bridge',
  qvb: 'veth',
  qvo: 'veth',
  'br-int': 'OVS integration bridge',
  'br-tun': 'OVS tunnel bridge',
  'br-phys': 'OVS provider bridge',
  qrouter: 'router namespace',
  qdhcp: 'DHCP namespace',
  snat: 'SNAT namespace of a distributed router',
  fip: 'floating IP namespace (DVR)',
  ovnmeta: 'OVN metadata namespace',
  'ns-port': 'OVS internal port',
  vxlan: 'VXLAN port',
  provider: 'provider network',
  upstream: 'upstream router',
  internet: 'internet',
  'outside-host': 'outside host',
  underlay: 'underlay',
};

/** "br-int on compute1, OVS integration bridge"; a device outside the hosts says only its kind. */
export function deviceLabel(d: Pick<DeviceView, 'name' | 'role' | 'kind' | 'host'>): string {
  return `${d.name}${d.host ? ` on ${d.host}` : ''}, ${KIND_WORD[d.role] ?? d.kind}`;
}

/** "compute1, compute host, 2 VMs" */
export function hostLabel(name: string, role: string, vms: number, collapsed: boolean): string {
  const what = `${name}, ${role} host`;
  const count = role === 'compute' || vms ? `, ${vms} VM${vms === 1 ? '' : 's'}` : '';
  return `${what}${count}${collapsed ? ', folded' : ''}`;
}
