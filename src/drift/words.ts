// What a difference on a host means for the traffic, in words: which network, server, router or host a
// device or flow serves, and what breaks when it is missing or otherwise. The flows' roles are those of
// the OVS agent's tables (neutron-facts §4: br-tun 0 in, 2 unicast or flood, 4 VNI to local VLAN, 10
// learn, 20 unicast to a tunnel, 21 ARP responder, 22 flood; br-int 0, 24 ARP anti-spoofing, 25 MAC
// anti-spoofing, 60 NORMAL).
import type { BuiltFlow, HostBuild, Topology } from '../sim';

export class Namer {
  private readonly vlanNet = new Map<number, string>();
  private readonly vniNet = new Map<number, string>();
  private readonly ipHost = new Map<string, string>();
  constructor(
    readonly topology: Topology,
    readonly build: HostBuild,
  ) {
    for (const [net, vlan] of Object.entries(build.localVlans)) this.vlanNet.set(vlan, net);
    for (const n of topology.networks)
      if (n['provider:network_type'] === 'vxlan' && n['provider:segmentation_id'] !== null)
        this.vniNet.set(n['provider:segmentation_id'], n.id);
    for (const h of topology.hosts) this.ipHost.set(h.tunnel_ip, h.name);
  }
  network(id: string | null | undefined): string {
    const n = this.topology.networks.find((x) => x.id === id);
    return n ? n.name : (id ?? 'an unknown network');
  }
  netOfVlan(vlan: number): string | null {
    const id = this.vlanNet.get(vlan);
    return id ? this.network(id) : null;
  }
  netOfVni(vni: number): string | null {
    const id = this.vniNet.get(vni);
    return id ? this.network(id) : null;
  }
  hostOfIp(ip: string): string {
    return this.ipHost.get(ip) ?? ip;
  }
  /** What a Neutron port is, in words: "server vm1's port", "router r1's interface on net1", … */
  port(id: string | null): string {
    const p = this.topology.ports.find((x) => x.id === id);
    if (!p) return 'a port';
    if (p.device_owner.startsWith('compute:')) {
      const s = this.topology.servers.find((x) => x.id === p.device_id);
      return s ? `server ${s.name}'s port on ${this.network(p.network_id)}` : `port ${p.id}`;
    }
    const r = this.topology.routers.find((x) => x.id === p.device_id);
    if (p.device_owner === 'network:router_gateway') return `router ${r?.name ?? p.device_id}'s gateway`;
    if (p.device_owner === 'network:router_interface')
      return `router ${r?.name ?? p.device_id}'s interface on ${this.network(p.network_id)}`;
    return `the DHCP port of ${this.network(p.network_id)}`;
  }
  router(id: string | null): string {
    return this.topology.routers.find((x) => x.id === id)?.name ?? id ?? 'a router';
  }
}

const field = (f: BuiltFlow, key: string): string | null => {
  const t = f.match.find((m) => m.startsWith(`${key}=`));
  return t ? t.slice(key.length + 1).replace(/"/g, '') : null;
};
const vniOf = (f: BuiltFlow): number | null => {
  const a = f.actions.find((x) => /NXM_NX_TUN_ID\[\]$/.test(x) && x.startsWith('load:0x'));
  const m = a ? /^load:(0x[0-9a-f]+)/.exec(a) : null;
  const t = field(f, 'tun_id');
  return m ? Number(m[1]) : t ? Number(t) : null;
};

/** The flow in a few words (for "br-tun has no …") and what goes wrong without it. */
export function flowWords(
  host: string,
  bridge: string,
  f: BuiltFlow,
  n: Namer,
): { what: string; without: string } {
  const vlan = field(f, 'dl_vlan');
  const net = vlan !== null ? n.netOfVlan(Number(vlan)) : null;
  const vni = vniOf(f);
  const netV = vni !== null ? n.netOfVni(vni) : null;
  const inPort = field(f, 'in_port');
  const dst = field(f, 'dl_dst');
  const because = f.why ? ` (${f.why})` : '';
  if (bridge === 'br-tun' || f.match.some((m) => m.startsWith('tun_id'))) {
    if (f.table === 22 && vlan !== null && vni !== null)
      return {
        what: `flood flow for VNI ${vni}`,
        without: `broadcasts from ${net ?? netV ?? `local VLAN ${vlan}`}'s VMs on ${host} reach no other host`,
      };
    if (f.table === 4 && vni !== null)
      return {
        what: `flow taking VNI ${vni} in`,
        without: `frames of ${netV ?? `VNI ${vni}`} from other hosts are dropped on ${host}`,
      };
    if (f.table === 20 && dst)
      return {
        what: `unicast flow to ${dst}${vni !== null ? ` on VNI ${vni}` : ''}`,
        without: `frames from ${net ?? 'its network'}'s VMs on ${host} to ${dst} are flooded to every host of the network instead of sent down their own tunnel`,
      };
    if (f.table === 21)
      return {
        what: `ARP responder flow${field(f, 'arp_tpa') ? ` for ${field(f, 'arp_tpa')}` : ''}`,
        without: 'ARP requests for that address are flooded to the other hosts instead of answered here',
      };
    if (f.table === 0 && inPort?.startsWith('vxlan-'))
      return {
        what: `flow taking in the tunnel ${inPort}`,
        without: `frames from the tunnel ${inPort} are dropped: ${host} hears nothing from that host`,
      };
    if (f.table === 0 && inPort)
      return {
        what: `flow taking frames in from ${inPort}`,
        without: `frames from br-int never reach the tunnels: no VM on ${host} reaches another host`,
      };
  }
  if (bridge === 'br-int') {
    if ((f.table === 24 || f.table === 25) && inPort)
      return {
        what: `anti-spoofing flow for ${inPort}${field(f, 'arp_spa') ? ` (${field(f, 'arp_spa')})` : ''}`,
        without: `the VM behind ${inPort} ${f.table === 24 ? 'cannot answer or send ARP' : 'cannot send'}: its frames are dropped`,
      };
    if (f.table === 0 && inPort && vlan !== null)
      return {
        what: `flow taking ${inPort}'s VLAN ${vlan} in`,
        without: 'frames of that provider network from the wire never reach its ports on this host',
      };
  }
  if (inPort?.startsWith('phy-') || inPort?.startsWith('int-'))
    return {
      what: `flow for frames from ${inPort}`,
      without: `provider traffic through ${inPort} is dropped or mis-tagged${because}`,
    };
  const short = `table ${f.table} priority ${f.priority}${f.match.length ? ` ${f.match.join(',')}` : ''}`;
  return {
    what: `flow ${short}`,
    without: f.why ? `what it does is lost: ${f.why}` : 'the frames it matched fall to lower-priority flows',
  };
}

/** What a NAT or mangle rule of a qrouter does, and what is lost without it. */
/** What a NAT or mangle rule of a qrouter does, and what is lost without it: [pattern, words]. */
const RULES: readonly [RegExp, (m: RegExpExecArray, router: string) => string][] = [
  [
    /-d (\S+)\/32 -j DNAT --to-destination (\S+)/,
    (m) => `traffic to floating IP ${m[1]} is not translated to ${m[2]}: it never reaches that instance`,
  ],
  [
    /-s (\S+)\/32 -j SNAT --to-source (\S+)/,
    (m, r) => `${m[1]} leaves router ${r} under its gateway address, not its floating IP ${m[2]}`,
  ],
  [
    /-j SNAT --to-source (\S+)/,
    (m, r) =>
      `traffic from router ${r}'s subnets leaves without source NAT to ${m[1]}: replies never come back`,
  ],
  [/REDIRECT --to-ports/, () => 'instances cannot reach the metadata service at 169.254.169.254'],
  [/-j (neutron-\S+)$/, (m) => `the chain ${m[1]} is never entered: none of its rules apply`],
  [
    /MARK --set-xmark 0x2/,
    () => 'packets from outside are not marked: floating IP traffic is source-NATed as if it left the router',
  ],
  [/ctstate DNAT -j ACCEPT/, () => 'traffic between the router’s own subnets is source-NATed'],
];

export function ruleWords(rule: string, router: string): string {
  for (const [re, words] of RULES) {
    const m = re.exec(rule);
    if (m) return words(m, router);
  }
  return `router ${router} handles the traffic that rule matches otherwise than Neutron would`;
}
