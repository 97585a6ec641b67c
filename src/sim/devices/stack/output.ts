// Sending an IP packet out of a stack: route lookup, source NAT, MTU, then the neighbour (ARP) table;
// a packet whose next hop is not yet resolved waits while ARP asks, up to three times a second apart
// (Linux's mcast_solicit and retrans_time).
import { BROADCAST_MAC, ZERO_MAC } from '../../addr/mac';
import { mapOf } from '../../engine/state';
import type { Ctx, Step } from '../../engine/types';
import type { StackDevice } from '../../realize/dataplane';
import { type Frame, IPV4_HEADER, type Ipv4, ipLength, type L4 } from '../../wire/frame';
import { localDeliver } from './apps';
import { filterChain } from './filter';
import { type NatPre, natPost } from './nat';
import { isLocal, lookupPolicy, ruleText } from './route';

export const ARP_TRIES = 3;
export const ARP_RETRANS_US = 1_000_000;

export interface OutOpts {
  packet: string;
  /** the interface a forwarded packet came in on; null for the stack's own packets */
  inIface: string | null;
  pre: NatPre | null;
  /** what was done before routing, for the step's words */
  action: string;
  changes: string[];
  rules: string[];
  /** the frame as received (for MAC rewrite notes) */
  received?: Frame;
  /** the packet as it arrived, before NAT: what an ICMP error about it quotes (conntrack translates it back) */
  original?: Ipv4;
}

export function drop(
  frame: Frame,
  action: string,
  reason: string,
  severity: 'fatal' | 'discard' = 'fatal',
  extra: Partial<Step> = {},
): Step {
  return {
    out: null,
    frame,
    action,
    rule: null,
    changes: [],
    fate: 'drop',
    drop: { reason, severity },
    ...extra,
  };
}

/** An ICMP error about `ip`, sent back toward its source (RFC 792 quotes the offending header). */
export function icmpError(
  ctx: Ctx,
  dev: StackDevice,
  ip: Ipv4,
  type: 'dest-unreachable' | 'time-exceeded',
  code: 'net' | 'host' | 'port' | 'frag-needed' | 0,
  from: string,
  cause: string = ctx.packet,
): Step[] {
  if (ip.l4.kind === 'icmp' && ip.l4.type !== 'echo-request') return []; // never an error about an error
  const ports =
    ip.l4.kind === 'icmp' ? { sport: ip.l4.id, dport: ip.l4.id } : { sport: ip.l4.sport, dport: ip.l4.dport };
  const err: Ipv4 = {
    kind: 'ipv4',
    src: from,
    dst: ip.src,
    ttl: 64,
    id: ctx.state.nextIpId++,
    df: false,
    l4: {
      kind: 'icmp',
      type,
      code,
      id: 0,
      seq: 0,
      data: 0,
      quoted: { src: ip.src, dst: ip.dst, proto: ip.l4.kind, ...ports },
    },
  };
  const frame: Frame = { eth: { src: ZERO_MAC, dst: ZERO_MAC, vlan: null }, l3: err };
  const packet = ctx.newPacket(frame, cause);
  return sendIp(ctx, dev, err, {
    packet,
    inIface: null,
    pre: null,
    action: `send ${type === 'time-exceeded' ? 'ICMP time exceeded' : `ICMP ${code} unreachable`} to ${ip.src}`,
    changes: [],
    rules: [],
  });
}

function arpRequest(
  ctx: Ctx,
  dev: StackDevice,
  ifaceName: string,
  target: string,
  cause: string,
  attempt: number,
): Step {
  const iface = dev.stack.ifaces.get(ifaceName)!;
  const spa = iface.addrs.find((a) => !a.secondary)?.ip ?? '0.0.0.0';
  const frame: Frame = {
    eth: { src: iface.mac, dst: BROADCAST_MAC, vlan: null },
    l3: { kind: 'arp', op: 1, sha: iface.mac, spa, tha: ZERO_MAC, tpa: target },
  };
  const packet = ctx.newPacket(frame, cause);
  return {
    out: ifaceName,
    frame,
    action: `ARP who-has ${target} on ${ifaceName}${attempt > 1 ? ` (try ${attempt} of ${ARP_TRIES})` : ''}`,
    rule: null,
    changes: [],
    fate: 'forward',
    packet,
    in: null,
  };
}

/** Routes and sends an IP packet. Returns the steps this device makes (the packet's, and any ARP). */
export function sendIp(ctx: Ctx, dev: StackDevice, ip: Ipv4, o: OutOpts): Step[] {
  const stack = dev.stack;
  const self = o.inIface === null;
  const asFrame = (p: Ipv4, src = ZERO_MAC, dst = ZERO_MAC): Frame => ({
    eth: { src, dst, vlan: null },
    l3: p,
  });
  const base = { packet: o.packet, ...(self ? { in: null } : {}) };
  if (self && ip.dst !== '255.255.255.255' && isLocal(stack, ip.dst)) {
    // to one of its own addresses: the kernel loops it back through lo
    const frame = asFrame(ip);
    const step: Step = {
      ...base,
      out: null,
      frame,
      action: `${o.action}; ${ip.dst} is a local address: loop back through lo`,
      rule: `local ${ip.dst} dev lo table local`,
      changes: o.changes,
      fate: 'deliver',
    };
    return [step, ...ctx.withPacket(o.packet, () => localDeliver(ctx, dev, frame, ip, 'lo'))];
  }
  const chosen = lookupPolicy(stack, ip.dst, ip.src, o.inIface);
  const route = chosen?.route ?? null;
  if (!route) {
    const words = `no route to ${ip.dst}`;
    const d = drop(
      asFrame(ip),
      `${o.action}; ${words}`,
      `${dev.name}: ${words} (${self ? 'connect: Network is unreachable' : 'ICMP net unreachable sent back'})`,
      'fatal',
      { ...base, changes: o.changes },
    );
    if (self) return [d];
    return [
      d,
      ...icmpError(ctx, dev, o.original ?? ip, 'dest-unreachable', 'net', ipAddressOn(dev, o.inIface)),
    ];
  }
  const iface = stack.ifaces.get(route.dev)!;
  let out = ip;
  const changes = [...o.changes];
  const rules = [...o.rules];
  const fwd =
    o.inIface === null ? null : filterChain(ctx, dev, 'FORWARD', ip, o.inIface, iface.name, o.pre?.mark ?? 0);
  if (fwd?.drop)
    return [
      drop(
        asFrame(ip),
        `${o.action}; out by ${iface.name}: dropped by the filter table's address-scope chain`,
        `${dev.name}: the packet's address-scope mark does not match ${iface.name}'s`,
        'fatal',
        { ...base, changes, rule: fwd.drop.text },
      ),
    ];
  if (stack.nat && o.pre) {
    const post = natPost(ctx, dev, o.pre, ip, iface.name);
    out = post.ip;
    changes.push(...post.changes);
    rules.push(...post.rules);
  }
  const size = ipLength(out);
  if (size > iface.mtu && out.df) {
    const words = `packet of ${size} bytes exceeds the MTU ${iface.mtu} of ${iface.name} and may not be fragmented`;
    const d = drop(
      asFrame(out),
      `${o.action}; ${words}`,
      `${dev.name}: ${words}${self ? ' (Message too long)' : '; ICMP fragmentation needed sent back'}`,
      'fatal',
      { ...base, changes },
    );
    if (self) return [d];
    return [
      d,
      ...icmpError(
        ctx,
        dev,
        o.original ?? ip,
        'dest-unreachable',
        'frag-needed',
        ipAddressOn(dev, o.inIface),
      ),
    ];
  }
  if (size > iface.mtu) {
    // DF clear: the stack fragments (RFC 791). The model follows the first fragment, which carries the
    // headers every filter on the way matches (ports, ICMP id); the others would follow it
    const first = firstFragment(out, iface.mtu);
    changes.push(
      `fragment: ${size} bytes in ${Math.ceil((size - IPV4_HEADER) / (ipLength(first) - IPV4_HEADER))} fragments for the MTU ${iface.mtu} of ${iface.name}; the first, ${ipLength(first)} bytes, is followed`,
    );
    out = first;
  }
  const nexthop = route.via ?? out.dst;
  // a route of another table is shown after the rule that chose it (ip rule, then ip route show table N)
  const routeText = chosen?.rule
    ? `${ruleText(chosen.rule)}\n${route.text} table ${chosen.rule.table}`
    : route.text;
  const ruleLines = rules.length ? `${rules.join('\n')}\n${routeText}` : routeText;
  const neigh = mapOf(ctx.state.neigh, dev.id);
  const fixed = stack.staticNeigh?.get(nexthop);
  const known =
    out.dst === '255.255.255.255'
      ? { mac: BROADCAST_MAC }
      : (neigh.get(nexthop) ?? (fixed?.iface === iface.name ? fixed : undefined));
  if (known) {
    const frame = asFrame(out, iface.mac, known.mac);
    if (o.received) {
      if (o.received.eth.src !== iface.mac) changes.push(`src mac ${o.received.eth.src} -> ${iface.mac}`);
      if (o.received.eth.dst !== known.mac) changes.push(`dst mac ${o.received.eth.dst} -> ${known.mac}`);
    }
    return [
      {
        ...base,
        out: iface.name,
        frame,
        action: `${o.action}; out ${iface.name}${route.via ? ` via ${route.via}` : ''} to ${known.mac}${known === fixed ? ' (a permanent ARP entry)' : ''}`,
        rule: ruleLines,
        changes,
        fate: 'forward',
      },
    ];
  }
  const key = `${dev.id}|${nexthop}`;
  const pending = ctx.pending.get(key);
  const held: Step = {
    ...base,
    out: null,
    frame: asFrame(out, iface.mac, ZERO_MAC),
    action: `${o.action}; next hop ${nexthop} on ${iface.name} is not in the ARP table: wait for ARP`,
    rule: ruleLines,
    changes,
    fate: 'hold',
  };
  if (pending) {
    pending.queue.push({ frame: asFrame(out, iface.mac, ZERO_MAC), packet: o.packet, forwarded: !self });
    return [held];
  }
  ctx.pending.set(key, {
    device: dev.id,
    ip: nexthop,
    iface: iface.name,
    tries: 1,
    queue: [{ frame: asFrame(out, iface.mac, ZERO_MAC), packet: o.packet, forwarded: !self }],
  });
  ctx.schedule(ARP_RETRANS_US, { kind: 'arp-retry', device: dev.id, ip: nexthop });
  return [held, arpRequest(ctx, dev, iface.name, nexthop, o.packet, 1)];
}

function ipAddressOn(dev: StackDevice, iface: string | null): string {
  const i = iface ? dev.stack.ifaces.get(iface) : undefined;
  return i?.addrs.find((a) => !a.secondary)?.ip ?? '0.0.0.0';
}

/** A neighbour became known: send what waited for it. */
export function releasePending(ctx: Ctx, dev: StackDevice, ip: string, mac: string): Step[] {
  const key = `${dev.id}|${ip}`;
  const pending = ctx.pending.get(key);
  if (!pending) return [];
  ctx.pending.delete(key);
  return pending.queue.map(
    (q): Step => ({
      out: pending.iface,
      frame: { eth: { ...q.frame.eth, dst: mac }, l3: q.frame.l3 },
      action: `ARP resolved ${ip} is-at ${mac}: send the waiting packet`,
      rule: null,
      changes: [`dst mac -> ${mac}`],
      fate: 'forward',
      packet: q.packet,
      in: null,
    }),
  );
}

/** ARP retry timer: ask again, or give up and drop what waited (host unreachable). */
export function arpTimer(ctx: Ctx, dev: StackDevice, ip: string): Step[] {
  const key = `${dev.id}|${ip}`;
  const pending = ctx.pending.get(key);
  if (!pending) return [];
  if (pending.tries < ARP_TRIES) {
    pending.tries++;
    ctx.schedule(ARP_RETRANS_US, { kind: 'arp-retry', device: dev.id, ip });
    return [arpRequest(ctx, dev, pending.iface, ip, pending.queue[0]!.packet, pending.tries)];
  }
  ctx.pending.delete(key);
  const steps: Step[] = [];
  for (const q of pending.queue) {
    const gateway = dev.stack.routes.some((r) => r.dst.prefix === 0 && r.via === ip);
    const hint = gateway
      ? ` (${ip} is its default gateway: is a router interface attached on that subnet?)`
      : '';
    const reason = `${dev.name}: no ARP reply for ${ip} on ${pending.iface} after ${ARP_TRIES} tries: host unreachable${hint}`;
    steps.push(
      drop(q.frame, `gave up waiting for ARP of ${ip}`, reason, 'fatal', { packet: q.packet, in: null }),
    );
    if (q.forwarded && q.frame.l3.kind === 'ipv4') {
      const inner = q.frame.l3;
      const from = dev.stack.ifaces.get(pending.iface)?.addrs[0]?.ip ?? '0.0.0.0';
      steps.push(...icmpError(ctx, dev, inner, 'dest-unreachable', 'host', from, q.packet));
    }
  }
  return steps;
}

/** The first fragment of a packet too big for `mtu`: its payload cut to a multiple of 8 bytes that fits. */
function firstFragment(ip: Ipv4, mtu: number): Ipv4 {
  const room = Math.floor((mtu - IPV4_HEADER) / 8) * 8;
  const l4 = ip.l4;
  let cut: L4;
  if (l4.kind === 'icmp') cut = { ...l4, data: Math.max(0, room - (ipLength(ip) - IPV4_HEADER - l4.data)) };
  else if (l4.kind === 'tcp')
    cut = { ...l4, data: Math.max(0, room - (ipLength(ip) - IPV4_HEADER - (l4.data ?? 0))) };
  else if (l4.payload.kind === 'data')
    cut = {
      ...l4,
      payload: { kind: 'data', bytes: Math.max(0, room - (ipLength(ip) - IPV4_HEADER - l4.payload.bytes)) },
    };
  else cut = l4;
  return { ...ip, l4: cut };
}
