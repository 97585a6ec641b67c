// DHCP: dnsmasq in a qdhcp namespace answering from its static hosts file (neutron-facts §9), and the
// guest's DHCP client (a full DISCOVER, OFFER, REQUEST, ACK exchange, as after a reboot).
import { BROADCAST_MAC, ZERO_MAC } from '../../addr/mac';
import type { Ctx, Step } from '../../engine/types';
import type { StackDevice } from '../../realize/dataplane';
import type { DhcpMsg, Frame, Ipv4 } from '../../wire/frame';
import { drop, sendIp } from './output';

const DHCP_SERVER = 67;
const DHCP_CLIENT = 68;

function dhcpFrame(
  src: { mac: string; ip: string },
  dst: { mac: string; ip: string },
  sport: number,
  dport: number,
  msg: DhcpMsg,
  ctx: Ctx,
): Frame {
  return {
    eth: { src: src.mac, dst: dst.mac, vlan: null },
    l3: {
      kind: 'ipv4',
      src: src.ip,
      dst: dst.ip,
      ttl: 64,
      id: ctx.state.nextIpId++,
      df: false,
      l4: { kind: 'udp', sport, dport, payload: { kind: 'dhcp', msg } },
    },
  };
}

/** The client's broadcast (DISCOVER or REQUEST) from a VM interface. */
export function dhcpClientSend(
  ctx: Ctx,
  dev: StackDevice,
  iface: string,
  op: 'DISCOVER' | 'REQUEST',
  xid: number,
  cause: string | null,
  server: string | null,
  want: string | null,
): Step {
  const i = dev.stack.ifaces.get(iface)!;
  const msg: DhcpMsg = { op, xid, chaddr: i.mac, yiaddr: want, server };
  const frame = dhcpFrame(
    { mac: i.mac, ip: '0.0.0.0' },
    { mac: BROADCAST_MAC, ip: '255.255.255.255' },
    DHCP_CLIENT,
    DHCP_SERVER,
    msg,
    ctx,
  );
  const packet = ctx.newPacket(frame, cause);
  return {
    out: iface,
    frame,
    action: `dhclient: DHCP${op} on ${iface} (xid 0x${xid.toString(16)})`,
    rule: null,
    changes: [],
    fate: 'forward',
    packet,
    in: null,
  };
}

/** dhclient at T1: a REQUEST from the leased address straight to the server that granted it. */
export function dhcpRenew(ctx: Ctx, dev: StackDevice, iface: string, xid: number, probe: number): Step[] {
  const i = dev.stack.ifaces.get(iface);
  const server = dev.stack.leaseServers?.get(iface);
  const own = i?.addrs[0]?.ip;
  if (!i || !own || !server) {
    const frame = dhcpFrame(
      { mac: i?.mac ?? ZERO_MAC, ip: own ?? '0.0.0.0' },
      { mac: ZERO_MAC, ip: server ?? '0.0.0.0' },
      DHCP_CLIENT,
      DHCP_SERVER,
      { op: 'REQUEST', xid, chaddr: i?.mac ?? ZERO_MAC, yiaddr: own ?? null, server: null },
      ctx,
    );
    const packet = ctx.newPacket(frame, null, probe);
    return [
      drop(
        frame,
        'no lease to renew',
        `${dev.name} has no DHCP lease on ${iface} to renew (DHCP is off on its subnet)`,
        'fatal',
        { packet, in: null },
      ),
    ];
  }
  const msg: DhcpMsg = { op: 'REQUEST', xid, chaddr: i.mac, yiaddr: own, server };
  const ip: Ipv4 = {
    kind: 'ipv4',
    src: own,
    dst: server,
    ttl: 64,
    id: ctx.state.nextIpId++,
    df: false,
    l4: { kind: 'udp', sport: DHCP_CLIENT, dport: DHCP_SERVER, payload: { kind: 'dhcp', msg } },
  };
  const packet = ctx.newPacket({ eth: { src: i.mac, dst: ZERO_MAC, vlan: null }, l3: ip }, null, probe);
  return sendIp(ctx, dev, ip, {
    packet,
    inIface: null,
    pre: null,
    action: `dhclient: renew ${own} with DHCPREQUEST to ${server} (xid 0x${xid.toString(16)})`,
    changes: [],
    rules: [],
  });
}

function server(ctx: Ctx, dev: StackDevice, frame: Frame, msg: DhcpMsg, inIface: string): Step[] {
  const dhcp = dev.stack.dhcpServer;
  if (!dhcp) return [drop(frame, 'DHCP request: no DHCP server here', 'no DHCP server', 'discard')];
  if (!dhcp.running)
    return [
      drop(
        frame,
        `DHCP${msg.op}: no dnsmasq listens on udp/67`,
        `${dev.name} on ${dev.host}: the DHCP agent is stopped, so no dnsmasq answers DHCP${msg.op}`,
        'fatal',
      ),
    ];
  const lease = dhcp.leases.get(msg.chaddr);
  if (!lease)
    return [
      drop(
        frame,
        `dnsmasq: no address available for ${msg.chaddr}`,
        `dnsmasq has no host entry for ${msg.chaddr}`,
        'fatal',
      ),
    ];
  if (msg.op !== 'DISCOVER' && msg.op !== 'REQUEST')
    return [drop(frame, `dnsmasq ignores DHCP${msg.op}`, 'not a client message', 'discard')];
  const iface = dev.stack.ifaces.get(inIface)!;
  const me = iface.addrs[0]?.ip ?? '0.0.0.0';
  // with several DHCP agents on a network every dnsmasq offers; the client's REQUEST names the server
  // it took (option 54), and the others let it be
  if (msg.op === 'REQUEST' && msg.server && msg.server !== me)
    return [
      drop(
        frame,
        `dnsmasq: DHCPREQUEST for server ${msg.server}, not this one: ignored`,
        'a request to another DHCP server',
        'discard',
      ),
    ];
  const reply: DhcpMsg = {
    op: msg.op === 'DISCOVER' ? 'OFFER' : 'ACK',
    xid: msg.xid,
    chaddr: msg.chaddr,
    yiaddr: lease.ip,
    server: me,
    options: { router: lease.router, prefix: lease.prefix, mtu: dhcp.mtu, lease: dhcp.leaseTime, dns: me },
  };
  const out = dhcpFrame(
    { mac: iface.mac, ip: me },
    { mac: msg.chaddr, ip: lease.ip },
    DHCP_SERVER,
    DHCP_CLIENT,
    reply,
    ctx,
  );
  const packet = ctx.newPacket(out, ctx.packet);
  return [
    {
      out: null,
      frame,
      action: `dnsmasq: DHCP${msg.op} from ${msg.chaddr}, host entry ${lease.ip} (${lease.hostname})`,
      rule: `dhcp-hostsfile: ${msg.chaddr},${lease.hostname},${lease.ip}`,
      changes: [],
      fate: 'deliver',
    },
    {
      out: inIface,
      frame: out,
      action: `dnsmasq: DHCP${reply.op} ${lease.ip}/${lease.prefix} router ${lease.router ?? 'none'} mtu ${dhcp.mtu} lease ${dhcp.leaseTime}s`,
      rule: `--dhcp-range=...,static,${dhcp.leaseTime}s --dhcp-option-force=option:mtu,${dhcp.mtu}`,
      changes: [],
      fate: 'forward',
      packet,
      in: null,
    },
  ];
}

function client(ctx: Ctx, dev: StackDevice, frame: Frame, msg: DhcpMsg, inIface: string): Step[] {
  const p = ctx.probes.find(
    (x) => x.from === dev.id && x.kind === 'dhcp' && x.ident === msg.xid && x.outcome === 'pending',
  );
  if (!p) return [drop(frame, `DHCP${msg.op} for no exchange of ours`, 'unsolicited DHCP reply', 'discard')];
  if (msg.op === 'OFFER') {
    // the first offer is taken; a later one (another DHCP agent's dnsmasq) is left unanswered
    if (p.offeredBy && p.offeredBy !== msg.server)
      return [
        drop(
          frame,
          `dhclient: DHCPOFFER of ${msg.yiaddr} from ${msg.server}: it took the offer of ${p.offeredBy}`,
          'a second DHCP offer',
          'discard',
        ),
      ];
    p.offeredBy = msg.server ?? undefined;
    return [
      {
        out: null,
        frame,
        action: `dhclient: DHCPOFFER of ${msg.yiaddr} from ${msg.server}`,
        rule: null,
        changes: [],
        fate: 'deliver',
      },
      dhcpClientSend(ctx, dev, inIface, 'REQUEST', msg.xid, ctx.packet, msg.server, msg.yiaddr),
    ];
  }
  if (msg.op === 'ACK') {
    const o = msg.options;
    p.outcome = 'delivered';
    p.summary = `DHCPACK: ${msg.yiaddr}/${o?.prefix ?? '?'} router ${o?.router ?? 'none'} mtu ${o?.mtu ?? '?'} lease ${o?.lease ?? '?'}s from ${msg.server}`;
    p.answer = ctx.packet;
    return [
      {
        out: null,
        frame,
        action: `dhclient: bound to ${msg.yiaddr} (${p.summary})`,
        rule: null,
        changes: [],
        fate: 'deliver',
      },
    ];
  }
  return [drop(frame, `dhclient: DHCP${msg.op}`, 'DHCP refused', 'fatal')];
}

export function handleDhcp(
  ctx: Ctx,
  dev: StackDevice,
  frame: Frame,
  ip: Ipv4,
  msg: DhcpMsg,
  inIface: string,
): Step[] {
  if (ip.l4.kind !== 'udp') return [];
  if (ip.l4.dport === DHCP_SERVER) return server(ctx, dev, frame, msg, inIface);
  if (ip.l4.dport === DHCP_CLIENT) return client(ctx, dev, frame, msg, inIface);
  return [drop(frame, 'DHCP on an unexpected port', 'bad DHCP port', 'discard')];
}
