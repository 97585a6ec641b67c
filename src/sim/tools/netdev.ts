// The network devices the kernel of a place would list (`ip link`, `ip addr`): what the Dataplane holds
// (VIF chains, OVS internal ports, namespace interfaces) plus what every Linux host with Open vSwitch
// has and the model leaves implicit (lo, the underlay NIC, ovs-system, the bridges' own internal
// devices, vxlan_sys_4789). Interface indexes are numbered host-wide in creation order, so a port moved
// into a namespace keeps the index it was created with in the root namespace, as in Linux.
import { intToIp, ipToInt, prefixToMask } from '../addr/ipv4';
import { ipv6LinkLocal } from '../addr/mac';
import { UNDERLAY_NIC, UNDERLAY_PREFIX } from '../addr/naming';
import { underlayMac } from '../devices/vxlan-port';
import type { Device, HostPlane, PassThrough, StackDevice } from '../realize/dataplane';
import { bridgesOf, cmp, type Place, stableMac, type ToolContext } from './context';

export interface LinkAddr {
  readonly family: 4 | 6;
  readonly ip: string;
  readonly prefix: number;
  readonly brd: string | null;
  readonly scope: 'host' | 'global' | 'link';
  /** inet6 flags printed after the scope (noprefixroute on ::1) */
  readonly flags?: string;
}

export interface NetLink {
  readonly index: number;
  readonly name: string;
  /** the other end of a veth pair, printed as name@peer */
  readonly peer: string | null;
  readonly loopback: boolean;
  /** the flags between < and > */
  readonly flags: string;
  readonly mtu: number;
  readonly qdisc: string;
  /** the bridge it is enslaved to (a qbr, or ovs-system for every OVS port) */
  readonly master: string | null;
  readonly state: 'UP' | 'DOWN' | 'UNKNOWN';
  readonly mac: string;
  readonly addrs: readonly LinkAddr[];
}

const UP = 'BROADCAST,MULTICAST,UP,LOWER_UP';
const DOWN = 'BROADCAST,MULTICAST';
/** The VXLAN UDP port (neutron-facts §10): OVS names its kernel vxlan device after it. */
const VXLAN_DEVICE = 'vxlan_sys_4789';
/** OVS gives its kernel VXLAN device the largest MTU it can (OVS creates it with mtu 65000). */
const VXLAN_DEVICE_MTU = 65000;

/** The IPv6 link-local address the kernel derives from a MAC (modified EUI-64). */
export const linkLocal = ipv6LinkLocal;

/** An IPv4 address as Neutron's ip_lib adds it: with a broadcast, the address itself for a /32. */
function inet(ip: string, prefix: number, scope: LinkAddr['scope'] = 'global'): LinkAddr {
  const bcast = intToIp((ipToInt(ip) | ~prefixToMask(prefix)) >>> 0);
  const brd = prefix === 32 ? ip : prefix === 31 ? null : bcast;
  return { family: 4, ip, prefix, brd, scope };
}

const inet6LinkLocal = (mac: string): LinkAddr => ({
  family: 6,
  ip: linkLocal(mac),
  prefix: 64,
  brd: null,
  scope: 'link',
});

function loopback(): NetLink {
  return {
    index: 1,
    name: 'lo',
    peer: null,
    loopback: true,
    flags: 'LOOPBACK,UP,LOWER_UP',
    mtu: 65536,
    qdisc: 'noqueue',
    master: null,
    state: 'UNKNOWN',
    mac: '00:00:00:00:00:00',
    addrs: [
      { family: 4, ip: '127.0.0.1', prefix: 8, brd: null, scope: 'host' },
      { family: 6, ip: '::1', prefix: 128, brd: null, scope: 'host', flags: 'noprefixroute' },
    ],
  };
}

type Draft = Omit<NetLink, 'index'>;

/** The host's NIC on the underlay: a stable virtual-machine style MAC (52:54:00 is QEMU's). */
export function hostNicMac(host: string, nic: string): string {
  return `52:54:00:${stableMac(`${host}|${nic}`).slice(9)}`;
}

/** libvirt gives the tap of a guest NIC the guest's MAC with the first octet fe. */
export const tapMac = (portMac: string): string => `fe${portMac.slice(2)}`;

/** A veth end's MAC: random in Linux, stable here. */
export const vethMac = (host: string, name: string): string => stableMac(`${host}|${name}`);

/** A Linux bridge takes the lowest MAC of its ports. */
export function qbrMac(ctx: ToolContext, host: string, tap: string, qvb: string): string {
  const dev = ctx.plane.devices.get(`${host}|${tap}`);
  const mac = tapMac(portMacOf(ctx, dev));
  const v = vethMac(host, qvb);
  return cmp(mac, v) <= 0 ? mac : v;
}

function portMacOf(ctx: ToolContext, dev: Device | undefined): string {
  const portId = dev && 'portId' in dev ? dev.portId : null;
  return ctx.topology.ports.find((p) => p.id === portId)?.mac_address ?? stableMac(dev?.id ?? '');
}

interface EtherOptions {
  readonly mtu: number;
  readonly state: NetLink['state'];
  readonly master?: string;
  readonly peer?: string;
  readonly flags?: string;
  readonly qdisc?: string;
  readonly ipv4?: readonly LinkAddr[];
}

/** An Ethernet device that is up, with the IPv6 link-local address the kernel gives it. */
function ether(name: string, mac: string, o: EtherOptions): Draft {
  return {
    name,
    peer: o.peer ?? null,
    loopback: false,
    flags: o.flags ?? UP,
    mtu: o.mtu,
    qdisc: o.qdisc ?? 'noqueue',
    master: o.master ?? null,
    state: o.state,
    mac,
    addrs: [...(o.ipv4 ?? []), inet6LinkLocal(mac)],
  };
}

/** A device nobody brought up: ovs-system and the OVS bridges' own internal devices. */
function downDevice(host: string, name: string, mtu: number): Draft {
  return {
    name,
    peer: null,
    loopback: false,
    flags: DOWN,
    mtu,
    qdisc: 'noop',
    master: null,
    state: 'DOWN',
    mac: stableMac(`${host}|${name}`),
    addrs: [],
  };
}

const PROMISC = 'BROADCAST,MULTICAST,PROMISC,UP,LOWER_UP';

/** The hybrid plug (neutron-facts §2): qbr, then the qvo/qvb veth pair (os-vif), then the tap (libvirt). */
function vifChain(ctx: ToolContext, host: string, qbr: string, ports: readonly string[]): Draft[] {
  const [tap = '', qvb = ''] = ports;
  const qvo = `qvo${qvb.slice(3)}`;
  const tapDev = ctx.plane.devices.get(`${host}|${tap}`) as PassThrough | undefined;
  const mtu = tapDev?.mtu ?? 1500;
  return [
    ether(qbr, qbrMac(ctx, host, tap, qvb), { mtu, state: 'UP' }),
    // os-vif sets both veth ends promiscuous; the qvo is an OVS port, the qvb a port of the qbr
    ether(qvo, vethMac(host, qvo), { mtu, state: 'UP', master: 'ovs-system', peer: qvb, flags: PROMISC }),
    ether(qvb, vethMac(host, qvb), { mtu, state: 'UP', master: qbr, peer: qvo, flags: PROMISC }),
    // libvirt gives a guest's tap the noqueue qdisc (the real capture: "tap648437e1-0d: … qdisc noqueue")
    ether(tap, tapMac(portMacOf(ctx, tapDev)), { mtu, state: 'UNKNOWN', master: qbr, qdisc: 'noqueue' }),
  ];
}

/** Every link a host's kernel has, in creation order; namespace ports included (with their namespace). */
interface Placed {
  draft: Draft;
  namespace: string | null;
  /** the namespace of a veth's other end, when it is another one: ip prints it as @if<index> */
  peerIn?: string;
}

function hostDrafts(ctx: ToolContext, host: HostPlane): Placed[] {
  const h = host.name;
  const bridges = bridgesOf(ctx, host);
  // the underlay NIC: the MAC the tunnel ports put on the outer frames they send and receive
  const eth0 = underlayMac(host.tunnelIp);
  const root: Draft[] = [
    ether(UNDERLAY_NIC, eth0, {
      mtu: ctx.topology.hosts.find((x) => x.name === h)?.underlay_mtu ?? 1500,
      state: 'UP',
      qdisc: 'fq_codel',
      ipv4: [inet(host.tunnelIp, UNDERLAY_PREFIX)],
    }),
  ];
  // The NICs of provider bridges (bridge_mappings, neutron-facts §6): OVS system ports.
  for (const br of bridges)
    for (const p of br.ports.values())
      if (p.type === 'system' && br.role === 'phys')
        root.push(
          ether(p.name, hostNicMac(h, p.name), {
            mtu: 1500,
            state: 'UP',
            master: 'ovs-system',
            qdisc: 'fq_codel',
          }),
        );
  if (bridges.length) root.push(downDevice(h, 'ovs-system', 1500));
  for (const br of bridges) {
    // An OVS bridge's own internal device follows the smallest MTU of its system ports.
    const mtus = [...br.ports.values()]
      .filter((p) => p.type === 'system')
      .map((p) => ctx.topology.networks.find((n) => n.id === p.networkId)?.mtu ?? 1500);
    root.push(downDevice(h, br.name, mtus.length ? Math.min(...mtus) : 1500));
  }
  if (bridges.some((b) => [...b.ports.values()].some((p) => p.type === 'vxlan')))
    root.push(
      ether(VXLAN_DEVICE, stableMac(`${h}|${VXLAN_DEVICE}`), {
        mtu: VXLAN_DEVICE_MTU,
        state: 'UNKNOWN',
        master: 'ovs-system',
      }),
    );
  const moved: Placed[] = [];
  for (const id of host.devices) {
    const d = ctx.plane.devices.get(id);
    if (d?.kind === 'linux-bridge') root.push(...vifChain(ctx, h, d.name, d.ports));
    // without the hybrid plug (openvswitch firewall) the tap is an OVS port itself (neutron-facts-beyond §4)
    if (d?.kind === 'tap' && ctx.plane.links.get(d.id)?.get('br')?.device === `${h}|br-int`)
      root.push(
        ether(d.name, tapMac(portMacOf(ctx, d)), {
          mtu: d.mtu,
          state: 'UNKNOWN',
          master: 'ovs-system',
          qdisc: 'noqueue',
        }),
      );
    if (d?.kind === 'ovs-internal' && d.namespace)
      moved.push({ draft: nsPort(ctx, d), namespace: d.namespace });
    // a veth between two namespaces (a DVR router's rfp- and the fip namespace's fpr-)
    if (d?.kind === 'namespace')
      for (const i of d.stack.ifaces.values()) {
        const peer = ctx.plane.links.get(d.id)?.get(i.name);
        const other = peer ? ctx.plane.devices.get(peer.device) : undefined;
        if (peer && other?.kind === 'namespace')
          moved.push({
            peerIn: other.name,
            draft: ether(i.name, i.mac, {
              mtu: i.mtu,
              state: 'UP',
              peer: peer.port,
              ipv4: i.addrs.map((a) => inet(a.ip, a.prefix)),
            }),
            namespace: d.name,
          });
      }
  }
  return [...root.map((draft) => ({ draft, namespace: null })), ...moved];
}

/** A qr-/qg-/tap port of a namespace: an OVS internal port, configured by the agent inside it. */
function nsPort(ctx: ToolContext, d: PassThrough): Draft {
  const ns = ctx.plane.devices.get(`${d.host}|${d.namespace}`) as StackDevice | undefined;
  const iface = ns?.stack.ifaces.get(d.name);
  const mac = iface?.mac ?? portMacOf(ctx, d);
  const up = iface?.up ?? d.up;
  return {
    name: d.name,
    peer: null,
    loopback: false,
    flags: up ? UP : DOWN,
    mtu: iface?.mtu ?? d.mtu,
    qdisc: up ? 'noqueue' : 'noop',
    master: null,
    state: up ? 'UNKNOWN' : 'DOWN',
    mac,
    // Neutron's ip_lib adds each address with its broadcast; floating IPs are /32 on qg (neutron-facts §8).
    addrs: [
      ...(iface?.addrs ?? []).map((a) => inet(a.ip, a.prefix)),
      ...(iface?.linkLocal === false ? [] : [inet6LinkLocal(mac)]),
    ],
  };
}

/** The links of one place, as `ip link` numbers and lists them. */
export function linksOf(ctx: ToolContext, place: Place): NetLink[] {
  if (place.kind === 'guest') {
    const links: NetLink[] = [loopback()];
    for (const i of place.device.stack.ifaces.values())
      links.push({
        index: links.length + 1,
        name: i.name,
        peer: null,
        loopback: false,
        flags: i.up ? UP : DOWN,
        mtu: i.mtu,
        qdisc: i.up ? 'fq_codel' : 'noop',
        master: null,
        state: i.up ? 'UP' : 'DOWN',
        mac: i.mac,
        addrs: [...i.addrs.map((a) => inet(a.ip, a.prefix)), inet6LinkLocal(i.mac)],
      });
    return links;
  }
  const all = hostDrafts(ctx, place.host);
  const want = place.kind === 'host' ? null : place.device.name;
  const out: NetLink[] = [loopback()];
  all.forEach((x, i) => {
    if (x.namespace !== want) return;
    const far = x.peerIn
      ? all.findIndex((y) => y.namespace === x.peerIn && y.draft.name === x.draft.peer)
      : -1;
    out.push({ ...x.draft, index: i + 2, ...(far >= 0 ? { peer: `if${far + 2}` } : {}) });
  });
  return out;
}
