// What the actions of a logical flow do to the packet (ovn-sb(5) "actions"): registers, outport,
// conntrack (ct_next, ct_commit, ct_snat, ct_dnat in the zones ovn-controller gives ports and routers),
// the ARP responder, put_dhcp_opts (answered by ovn-controller's pinctrl, no dnsmasq), routing with
// ip.ttl--, MAC_Binding lookups and learning, and the ARP request of lr_in_arp_request.
import { BROADCAST_MAC, isMulticastMac, ZERO_MAC } from '../../addr/mac';
import { mapOf } from '../../engine/state';
import type { SbDatapath } from '../../realize/ovn/db';
import type { LAct, Lflow } from '../../realize/ovn/lflow';
import type { Pipeline } from '../../realize/ovn/stages';
import type { DhcpMsg, Frame, Ipv4 } from '../../wire/frame';
import { confirm, lookup, reverse, sawReply, tupleOf } from '../conntrack';
import type { RunState } from './pipeline';

type Step = 'next' | 'output' | 'drop' | 'hold';

/** The device id MAC_Binding rows are kept under: each chassis keeps the Southbound rows it sees. */
export const macBindingsOf = (rs: RunState) => mapOf(rs.ctx.state.neigh, rs.br.id);

/** MAC_Binding is in the Southbound database: a row one chassis learns, every chassis sees. */
function learnBinding(rs: RunState, port: string, ip: string, mac: string): void {
  for (const id of rs.br.db.bridges)
    mapOf(rs.ctx.state.neigh, id).set(`${port}|${ip}`, { mac, iface: port, at: rs.ctx.now });
}

/** A conntrack zone of this chassis: a logical port's (reg13) or a router's SNAT/DNAT zone. */
const zoneKey = (rs: RunState, name: string) => `ovn|${rs.pkt.chassis}|${name}`;

function setFrame(rs: RunState, frame: Frame): void {
  rs.pkt.frame = frame;
}

function setIp(rs: RunState, ip: Partial<Omit<Ipv4, 'kind'>>): void {
  const f = rs.pkt.frame;
  if (f.l3.kind !== 'ipv4') return;
  setFrame(rs, { eth: f.eth, l3: { ...f.l3, ...ip } });
}

function setEth(rs: RunState, end: 'src' | 'dst', mac: string): void {
  const f = rs.pkt.frame;
  if (f.eth[end] === mac) return;
  rs.changes.push(`eth ${end} ${f.eth[end]} -> ${mac}`);
  setFrame(rs, { eth: { ...f.eth, [end]: mac }, l3: f.l3 });
}

function portSecurityFails(rs: RunState, port: string | null, dir: 'in' | 'out'): boolean {
  const b = port ? rs.br.db.ports.get(port) : undefined;
  if (!b?.portSecurity || !b.mac) return false;
  const f = rs.pkt.frame;
  if (dir === 'in') {
    if (f.eth.src !== b.mac) return true;
    if (f.l3.kind === 'arp') return f.l3.sha !== b.mac || !b.ips.includes(f.l3.spa);
    // a DHCP client has no address yet
    return !b.ips.includes(f.l3.src) && f.l3.src !== '0.0.0.0';
  }
  if (isMulticastMac(f.eth.dst)) return false;
  if (f.eth.dst !== b.mac) return true;
  return f.l3.kind === 'ipv4' && !b.ips.includes(f.l3.dst) && f.l3.dst !== '255.255.255.255';
}

function arpReply(rs: RunState, mac: string, ip: string): void {
  const req = rs.pkt.frame;
  if (req.l3.kind !== 'arp') return;
  setFrame(rs, {
    eth: { src: mac, dst: req.eth.src, vlan: null },
    l3: { kind: 'arp', op: 2, sha: mac, spa: ip, tha: req.l3.sha, tpa: req.l3.spa },
  });
  rs.made = 'arp';
}

function dhcpReply(rs: RunState, a: Extract<LAct, { k: 'dhcp-response' }>): void {
  const f = rs.pkt.frame;
  const l4 = f.l3.kind === 'ipv4' ? f.l3.l4 : null;
  if (l4?.kind !== 'udp' || l4.payload.kind !== 'dhcp') return;
  const req = l4.payload.msg;
  const o = a.opts;
  const msg: DhcpMsg = {
    op: req.op === 'DISCOVER' ? 'OFFER' : 'ACK',
    xid: req.xid,
    chaddr: req.chaddr,
    yiaddr: o.offerip,
    server: o.server_id,
    options: { router: o.router, prefix: o.prefix, mtu: o.mtu, lease: o.lease_time, dns: null },
  };
  setFrame(rs, {
    eth: { src: o.server_mac, dst: f.eth.src, vlan: null },
    l3: {
      kind: 'ipv4',
      src: o.server_id,
      dst: o.offerip,
      ttl: 64,
      id: rs.ctx.state.nextIpId++,
      df: false,
      l4: { kind: 'udp', sport: 67, dport: 68, payload: { kind: 'dhcp', msg } },
    },
  });
  rs.made = 'dhcp';
}

function ctNext(rs: RunState, dp: SbDatapath, pipeline: Pipeline): void {
  const f = rs.pkt.frame;
  if (f.l3.kind !== 'ipv4') return;
  if (rs.ctOverride) {
    rs.pkt.ct = rs.ctOverride;
    rs.pkt.ctReply = false;
    rs.ct = null;
    rs.lines.push(`    ct_next(ct_state=${rs.ctOverride}|trk /* default (use --ct to customize) */)`);
    return;
  }
  const port = pipeline === 'ingress' ? rs.pkt.inport : rs.pkt.outport;
  const zone = zoneKey(rs, `${dp.name}|${port}`);
  const r = lookup(rs.ctx.state, zone, f.l3);
  if (r.entry && r.dir === 'reply') sawReply(r.entry);
  rs.ct = { zone, entry: r.entry, dir: r.dir };
  rs.pkt.ct =
    r.state === 'NEW' ? 'new' : r.state === 'ESTABLISHED' ? 'est' : r.state === 'RELATED' ? 'rel' : 'inv';
  rs.pkt.ctReply = r.dir === 'reply';
  const z = rs.br.zones.get(port ?? '');
  rs.lines.push(
    `    ct_next(ct_state=${rs.pkt.ct}|trk${rs.pkt.ctReply ? '|rpl' : ''})${z ? ` /* zone ${z} */` : ''}`,
  );
}

function ctCommit(rs: RunState): void {
  const f = rs.pkt.frame;
  if (f.l3.kind !== 'ipv4' || !rs.ct || rs.ct.entry) return;
  const t = tupleOf(f.l3);
  confirm(rs.ctx.state, rs.ct.zone, t, reverse(t), null, null, []);
}

/** ct_snat / ct_dnat in a router's zone of this chassis: translate a new connection, or undo it. */
function ctNat(rs: RunState, dp: SbDatapath, kind: 'snat' | 'dnat', to: string | null): void {
  const f = rs.pkt.frame;
  if (f.l3.kind !== 'ipv4') return;
  const zone = zoneKey(rs, `${dp.name}|${kind}`);
  const hit = lookup(rs.ctx.state, zone, f.l3);
  const end = kind === 'snat' ? 'src' : 'dst';
  const label = kind === 'snat' ? 'SNAT' : 'DNAT';
  if (to === null) {
    // undo: a reply of a translated connection gets back the address it was translated from
    if (!hit.entry || hit.dir !== 'reply') return;
    sawReply(hit.entry);
    const back = kind === 'snat' ? hit.entry.orig.src : hit.entry.orig.dst;
    const field = kind === 'snat' ? 'dst' : 'src';
    rs.changes.push(`${label} ${field} ${f.l3[field]} -> ${back} (reply)`);
    setIp(rs, { [field]: back });
    return;
  }
  const target =
    hit.entry && hit.dir === 'orig' ? ((kind === 'snat' ? hit.entry.snat : hit.entry.dnat) ?? to) : to;
  if (!hit.entry) {
    const orig = tupleOf(f.l3);
    const after = { ...orig, [end]: target };
    confirm(
      rs.ctx.state,
      zone,
      orig,
      reverse(after),
      kind === 'dnat' ? target : null,
      kind === 'snat' ? target : null,
      [],
    );
  }
  rs.changes.push(`${label} ${end} ${f.l3[end]} -> ${target}`);
  setIp(rs, { [end]: target });
}

function route(rs: RunState, a: Extract<LAct, { k: 'route' }>): Step {
  const f = rs.pkt.frame;
  if (f.l3.kind !== 'ipv4') return 'drop';
  if (f.l3.ttl <= 1) {
    rs.dropWhy = `TTL expired in transit (ip.ttl ${f.l3.ttl})`;
    return 'drop';
  }
  rs.changes.push(`ttl ${f.l3.ttl} -> ${f.l3.ttl - 1}`);
  setIp(rs, { ttl: f.l3.ttl - 1 });
  rs.pkt.nexthop = a.via ?? f.l3.dst;
  rs.pkt.routeSrc = a.src;
  setEth(rs, 'src', a.mac);
  rs.pkt.outport = a.port;
  rs.pkt.loopback = true;
  return 'next';
}

function arpRequest(rs: RunState): void {
  const f = rs.pkt.frame;
  const tpa = rs.pkt.nexthop ?? '0.0.0.0';
  rs.arpRequest = {
    eth: { src: f.eth.src, dst: BROADCAST_MAC, vlan: null },
    l3: { kind: 'arp', op: 1, sha: f.eth.src, spa: rs.pkt.routeSrc ?? '0.0.0.0', tha: ZERO_MAC, tpa },
  };
}

/** Runs a flow's actions; says whether the pipeline goes on to the next stage, outputs or ends. */
export function execute(rs: RunState, dp: SbDatapath, pipeline: Pipeline, flow: Lflow): Step {
  const p = rs.pkt;
  for (const a of flow.run) {
    switch (a.k) {
      case 'next':
        return 'next';
      case 'output':
        return 'output';
      case 'drop':
        return 'drop';
      case 'set':
        p[a.reg] = a.v;
        break;
      case 'clear-acl':
        p.aclAllow = false;
        p.aclDrop = false;
        break;
      case 'check-in-port-sec':
        p.portSecFail = portSecurityFails(rs, p.inport, 'in');
        break;
      case 'check-out-port-sec':
        p.portSecFail = portSecurityFails(rs, p.outport, 'out');
        break;
      case 'ct-next':
        ctNext(rs, dp, pipeline);
        return 'next';
      case 'ct-commit':
        ctCommit(rs);
        break;
      case 'outport':
        p.outport = a.port;
        rs.chose = flow;
        break;
      case 'outport-inport':
        p.outport = p.inport;
        p.loopback = true;
        rs.chose = flow;
        break;
      case 'arp-reply':
        arpReply(rs, a.mac, a.ip);
        break;
      case 'dhcp-opts': {
        const f = p.frame;
        const l4 = f.l3.kind === 'ipv4' ? f.l3.l4 : null;
        const op = l4?.kind === 'udp' && l4.payload.kind === 'dhcp' ? l4.payload.msg.op : null;
        p.dhcpOk = op === 'DISCOVER' || op === 'REQUEST';
        break;
      }
      case 'dhcp-response':
        dhcpReply(rs, a);
        break;
      case 'route': {
        const r = route(rs, a);
        rs.chose = flow;
        if (r !== 'next') return r;
        break;
      }
      case 'eth-dst':
        setEth(rs, 'dst', a.mac);
        break;
      case 'eth-src':
        setEth(rs, 'src', a.mac);
        break;
      case 'reg1':
        p.routeSrc = a.ip;
        break;
      case 'get-arp': {
        const hit = p.nexthop ? macBindingsOf(rs).get(`${p.outport}|${p.nexthop}`) : undefined;
        setEth(rs, 'dst', hit?.mac ?? ZERO_MAC);
        break;
      }
      case 'put-arp': {
        const f = p.frame;
        if (f.l3.kind === 'arp') {
          learnBinding(rs, p.inport, f.l3.spa, f.l3.sha);
          rs.learned = true;
        }
        break;
      }
      case 'arp-request':
        arpRequest(rs);
        return 'hold';
      case 'icmp-echo-reply': {
        const f = p.frame;
        if (f.l3.kind !== 'ipv4' || f.l3.l4.kind !== 'icmp') break;
        setFrame(rs, {
          eth: f.eth,
          l3: { ...f.l3, src: f.l3.dst, dst: f.l3.src, ttl: 255, l4: { ...f.l3.l4, type: 'echo-reply' } },
        });
        rs.made = 'icmp';
        p.loopback = true;
        break;
      }
      case 'ct-snat':
        ctNat(rs, dp, 'snat', a.ip);
        break;
      case 'ct-dnat':
        ctNat(rs, dp, 'dnat', a.ip);
        break;
    }
  }
  return 'next';
}
