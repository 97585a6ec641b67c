// The logical flows ovn-northd writes for a logical router with a distributed gateway port
// (ovn-northd(8) "Logical Router Datapaths", OVN 24.03 stages; neutron-facts-beyond §3.6, §3.7):
// admission, ARP and ping for the router's own addresses, un-SNAT and DNAT, routing, ARP resolution,
// the redirect to the gateway chassis (cr-lrp), SNAT. Everything tied to the gateway port matches
// is_chassis_resident("cr-lrp-…"), so it happens on the gateway chassis only; a distributed floating IP
// matches the VM's port instead, so it happens on the VM's chassis.
import { type Cidr, cidrOf, inCidr, intToIp, ipToInt, prefixToMask } from '../../addr/ipv4';
import type { Topology } from '../../model/types';
import type { NbNat, NbRouter, NbRouterPort, OvnDb } from './db';
import { DROP, FlowList, NEXT, OUTPUT } from './flow-list';
import type { LAct, Lflow, Match } from './lflow';
import {
  always,
  and,
  arp,
  arpOp,
  arpTpa,
  ethDst,
  ethMcast,
  ethSrcMcast,
  ethZero,
  icmpCode,
  icmpType,
  inport,
  ip,
  ip4,
  ip4Addr,
  ip4DstIn,
  outport,
  reg,
  resident,
  vlanPresent,
} from './match';
import { crLrpName } from './names';

/** Route priorities of OVN 24.03: prefix length × 3, plus 2 for a connected route, 1 for a static one. */
const routePriority = (prefix: number, connected: boolean) => prefix * 3 + (connected ? 2 : 1);

const ipOf = (network: string) => network.split('/')[0]!;

function arpReplyFlow(mac: string, addr: string): { text: string; run: LAct[] } {
  return {
    text: `eth.dst = eth.src; eth.src = ${mac}; arp.op = 2; /* ARP reply */ arp.tha = arp.sha; arp.sha = ${mac}; arp.tpa <-> arp.spa; outport = inport; flags.loopback = 1; output;`,
    run: [{ k: 'arp-reply', mac, ip: addr }, { k: 'outport-inport' }, { k: 'output' }],
  };
}

/** Where a NAT rule of the gateway port takes effect: on the gateway chassis, or on the VM's chassis. */
function natResident(n: NbNat, cr: string): Match {
  return resident(n.external_mac && n.logical_port ? n.logical_port : cr);
}

function admission(fl: FlowList, lr: NbRouter, gw: NbRouterPort | undefined, cr: string): void {
  fl.add(
    'ingress',
    'lr_in_admission',
    100,
    { t: 'vlan.present || eth.src[40]', f: (p, r) => vlanPresent.f(p, r) || ethSrcMcast.f(p, r) },
    'drop;',
    DROP,
  );
  for (const p of lr.ports) {
    const set = `xreg0[0..47] = ${p.mac}; next;`;
    fl.add('ingress', 'lr_in_admission', 50, and(ethMcast, inport(p.name)), set, NEXT);
    const unicast = and(ethDst(p.mac), inport(p.name));
    fl.add('ingress', 'lr_in_admission', 50, p === gw ? and(unicast, resident(cr)) : unicast, set, NEXT);
  }
  if (gw)
    for (const n of lr.nat)
      if (n.external_mac && n.logical_port)
        fl.add(
          'ingress',
          'lr_in_admission',
          50,
          and(ethDst(n.external_mac), inport(gw.name), resident(n.logical_port)),
          `xreg0[0..47] = ${n.external_mac}; next;`,
          NEXT,
        );
}

function ipInput(fl: FlowList, lr: NbRouter, gw: NbRouterPort | undefined, cr: string): void {
  const natIps = new Set(lr.nat.map((n) => n.external_ip));
  const own = lr.ports.flatMap((p) => p.networks.map(ipOf));
  fl.add(
    'ingress',
    'lr_in_lookup_neighbor',
    100,
    arp,
    'reg9[2] = lookup_arp(inport, arp.spa, arp.sha); next;',
    NEXT,
  );
  fl.add(
    'ingress',
    'lr_in_learn_neighbor',
    90,
    arp,
    'put_arp(inport, arp.spa, arp.sha); next;',
    [{ k: 'put-arp' }, { k: 'next' }],
    { why: 'the sender of an ARP is learned into MAC_Binding' },
  );
  if (own.length)
    fl.add(
      'ingress',
      'lr_in_ip_input',
      90,
      and(ip4DstIn(own), icmpType(8), icmpCode(0)),
      'ip4.dst <-> ip4.src; ip.ttl = 255; icmp4.type = 0; flags.loopback = 1; next;',
      [{ k: 'icmp-echo-reply' }, { k: 'next' }],
      { why: 'the router answers a ping to its own address' },
    );
  for (const p of lr.ports)
    for (const n of p.networks) {
      const m = and(inport(p.name), arpTpa(ipOf(n)), arpOp(1));
      const r = arpReplyFlow(p.mac, ipOf(n));
      fl.add('ingress', 'lr_in_ip_input', 90, p === gw ? and(m, resident(cr)) : m, r.text, r.run);
    }
  // ARP for the NAT addresses of the gateway port: the gateway chassis, or the VM's for a distributed FIP
  if (gw)
    for (const n of lr.nat) {
      if (own.includes(n.external_ip)) continue;
      const mac = n.external_mac ?? gw.mac;
      const r = arpReplyFlow(mac, n.external_ip);
      fl.add(
        'ingress',
        'lr_in_ip_input',
        90,
        and(inport(gw.name), arpOp(1), arpTpa(n.external_ip), natResident(n, cr)),
        r.text,
        r.run,
      );
    }
  const dropOwn = own.filter((x) => !natIps.has(x));
  if (dropOwn.length)
    fl.add('ingress', 'lr_in_ip_input', 60, ip4DstIn(dropOwn), 'drop;', DROP, {
      why: 'the router takes no other traffic for its own addresses',
    });
  fl.add('ingress', 'lr_in_ip_input', 50, arp, 'drop;', DROP, { why: 'an ARP the router does not answer' });
}

function nat(fl: FlowList, lr: NbRouter, gw: NbRouterPort, cr: string): void {
  for (const n of lr.nat) {
    const here = natResident(n, cr);
    if (n.type === 'snat') {
      fl.add(
        'ingress',
        'lr_in_unsnat',
        90,
        and(ip, ip4Addr('dst', n.external_ip), inport(gw.name), here),
        'ct_snat;',
        [{ k: 'ct-snat', ip: null }, { k: 'next' }],
        { why: 'a reply to SNAT: conntrack gives back the inner address' },
      );
      const prefix = cidrOf(n.logical_ip).prefix;
      fl.add(
        'egress',
        'lr_out_snat',
        prefix + 1,
        and(ip, ip4Addr('src', n.logical_ip), outport(gw.name), here),
        `ct_snat(${n.external_ip});`,
        [{ k: 'ct-snat', ip: n.external_ip }, { k: 'next' }],
        { why: `SNAT of ${n.logical_ip} to the gateway address` },
      );
      continue;
    }
    fl.add(
      'ingress',
      'lr_in_unsnat',
      100,
      and(ip, ip4Addr('dst', n.external_ip), inport(gw.name), here),
      'ct_snat;',
      [{ k: 'ct-snat', ip: null }, { k: 'next' }],
    );
    fl.add(
      'ingress',
      'lr_in_dnat',
      100,
      and(ip, ip4Addr('dst', n.external_ip), inport(gw.name), here),
      `ct_dnat(${n.logical_ip});`,
      [{ k: 'ct-dnat', ip: n.logical_ip }, { k: 'next' }],
      { why: `floating IP ${n.external_ip} -> ${n.logical_ip}` },
    );
    fl.add(
      'egress',
      'lr_out_undnat',
      100,
      and(ip, ip4Addr('src', n.logical_ip), outport(gw.name), here),
      'ct_dnat;',
      [{ k: 'ct-dnat', ip: null }, { k: 'next' }],
    );
    const mac: LAct[] = n.external_mac ? [{ k: 'eth-src', mac: n.external_mac }] : [];
    fl.add(
      'egress',
      'lr_out_snat',
      33,
      and(ip, ip4Addr('src', n.logical_ip), outport(gw.name), here),
      `${n.external_mac ? `eth.src = ${n.external_mac}; ` : ''}ct_snat(${n.external_ip});`,
      [...mac, { k: 'ct-snat', ip: n.external_ip }, { k: 'next' }],
      { why: `floating IP: ${n.logical_ip} leaves as ${n.external_ip}` },
    );
    if (n.external_mac && n.logical_port)
      // a distributed floating IP leaves from the VM's chassis: no redirect to the gateway chassis
      fl.add(
        'ingress',
        'lr_in_gw_redirect',
        100,
        and(ip4Addr('src', n.logical_ip), outport(gw.name), resident(n.logical_port)),
        `eth.src = ${n.external_mac}; reg1 = ${n.external_ip}; next;`,
        [{ k: 'eth-src', mac: n.external_mac }, { k: 'reg1', ip: n.external_ip }, { k: 'next' }],
        { why: 'a distributed floating IP: out by the provider network of this chassis' },
      );
  }
}

function routing(fl: FlowList, db: OvnDb, lr: NbRouter): void {
  fl.add('ingress', 'lr_in_ip_routing_pre', 0, always(), 'reg7 = 0; next;', NEXT);
  const routeText = (via: string, src: string, p: NbRouterPort) =>
    `ip.ttl--; reg8[0..15] = 0; reg0 = ${via}; reg1 = ${src}; eth.src = ${p.mac}; outport = "${p.name}"; flags.loopback = 1; next;`;
  const outOf = (nexthop: string) => lr.ports.find((p) => p.networks.some((n) => inNet(n, nexthop)));
  for (const p of lr.ports)
    for (const n of p.networks) {
      const c = networkOf(n);
      const net = c.text;
      fl.add(
        'ingress',
        'lr_in_ip_routing',
        routePriority(c.prefix, true),
        ip4Addr('dst', net),
        routeText('ip4.dst', ipOf(n), p),
        [{ k: 'route', via: null, src: ipOf(n), mac: p.mac, port: p.name }, { k: 'next' }],
      );
    }
  for (const r of lr.static_routes) {
    const p = outOf(r.nexthop);
    if (!p) continue;
    const src = p.networks.find((n) => inNet(n, r.nexthop))!;
    fl.add(
      'ingress',
      'lr_in_ip_routing',
      routePriority(cidrOf(r.ip_prefix).prefix, false),
      ip4Addr('dst', r.ip_prefix),
      routeText(r.nexthop, ipOf(src), p),
      [{ k: 'route', via: r.nexthop, src: ipOf(src), mac: p.mac, port: p.name }, { k: 'next' }],
    );
  }
  fl.add('ingress', 'lr_in_policy', 0, always(), 'reg8[0..15] = 0; next;', NEXT);
  // ARP resolution: static for every address northd knows on the router's networks
  for (const p of lr.ports) {
    const ls = db.datapathByName.get(p.switchName);
    for (const b of ls?.ports.values() ?? []) {
      if (b.logical_port === p.peer) continue;
      const macIps = b.type === 'patch' ? db.ports.get(b.peer ?? '') : b;
      if (!macIps?.mac) continue;
      for (const addr of macIps.ips)
        fl.add(
          'ingress',
          'lr_in_arp_resolve',
          100,
          and(
            outport(p.name),
            reg(`reg0 == ${addr}`, (x) => x.nexthop === addr),
          ),
          `eth.dst = ${macIps.mac}; next;`,
          [{ k: 'eth-dst', mac: macIps.mac }, { k: 'next' }],
        );
    }
  }
  fl.add(
    'ingress',
    'lr_in_arp_resolve',
    0,
    ip4,
    'get_arp(outport, reg0); next;',
    [{ k: 'get-arp' }, { k: 'next' }],
    {
      why: 'the next hop is looked up in MAC_Binding',
    },
  );
}

/** The network of an address with its prefix, "192.168.1.1/24" -> 192.168.1.0/24. */
function networkOf(n: string): Cidr {
  const [a, p] = n.split('/');
  const prefix = Number(p);
  const mask = prefixToMask(prefix);
  const net = (ipToInt(a!) & mask) >>> 0;
  return { net, prefix, mask, text: `${intToIp(net)}/${prefix}` };
}

const inNet = (network: string, addr: string) => inCidr(ipToInt(addr), networkOf(network));

export function routerFlows(_t: Topology, db: OvnDb, lr: NbRouter, dp: number): Lflow[] {
  const fl = new FlowList(dp, 'router', lr.name);
  const gw = lr.ports.find((p) => p.gateway_chassis.length > 0);
  const cr = gw ? crLrpName(gw.portId) : '';
  admission(fl, lr, gw, cr);
  ipInput(fl, lr, gw, cr);
  if (gw) nat(fl, lr, gw, cr);
  routing(fl, db, lr);
  if (gw)
    fl.add(
      'ingress',
      'lr_in_gw_redirect',
      50,
      outport(gw.name),
      `outport = "${cr}"; next;`,
      [{ k: 'outport', port: cr }, { k: 'next' }],
      { why: 'out by the gateway port: to the gateway chassis, where cr-lrp is bound' },
    );
  fl.add(
    'ingress',
    'lr_in_arp_request',
    100,
    and(ethZero, ip4),
    'arp { eth.dst = ff:ff:ff:ff:ff:ff; arp.spa = reg1; arp.tpa = reg0; arp.op = 1; output; };',
    [{ k: 'arp-request' }],
    { why: 'the next hop is unknown: ovn-controller buffers the packet and asks by ARP' },
  );
  fl.add('ingress', 'lr_in_arp_request', 0, always(), 'output;', OUTPUT);
  for (const p of lr.ports) fl.add('egress', 'lr_out_delivery', 100, outport(p.name), 'output;', OUTPUT);
  return fl.finish(['lr_in_admission', 'lr_in_ip_routing', 'lr_out_delivery']);
}
