// What answers inside a stack once a packet is delivered locally: the kernel's ICMP echo, TCP (SYN-ACK
// from a listening port, RST otherwise), UDP sockets (port unreachable when none), and the client
// side of the probes the user sent (ping, TCP connect, UDP datagram).
import type { Ctx, Probe, Step } from '../../engine/types';
import type { StackDevice } from '../../realize/dataplane';
import type { Frame, Icmp, Ipv4, L4 } from '../../wire/frame';
import { handleDhcp } from './dhcp';
import { natPre } from './nat';
import { drop, icmpError, sendIp } from './output';

function deliver(frame: Frame, action: string, extra: Partial<Step> = {}): Step {
  return { out: null, frame, action, rule: null, changes: [], fate: 'deliver', ...extra };
}

/** Sends a packet made by this stack (a reply, an ACK, a probe). */
export function sendOwn(ctx: Ctx, dev: StackDevice, ip: Ipv4, action: string, cause: string | null): Step[] {
  const frame: Frame = { eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', vlan: null }, l3: ip };
  const packet = ctx.newPacket(frame, cause);
  const pre = dev.stack.nat ? natPre(ctx, dev, ip, null) : null;
  return sendIp(ctx, dev, pre?.ip ?? ip, {
    packet,
    inIface: null,
    pre,
    action,
    changes: pre?.changes ?? [],
    rules: pre?.rules ?? [],
  });
}

export function ipPacket(ctx: Ctx, src: string, dst: string, l4: L4, ttl = 64, df = true): Ipv4 {
  return { kind: 'ipv4', src, dst, ttl, id: ctx.state.nextIpId++, df, l4 };
}

function probeFor(ctx: Ctx, dev: StackDevice, match: (p: Probe) => boolean): Probe | undefined {
  return ctx.probes.find((p) => p.from === dev.id && p.outcome === 'pending' && match(p));
}

function settle(p: Probe, outcome: Probe['outcome'], summary: string, answer: string): void {
  p.outcome = outcome;
  p.summary = summary;
  p.answer = answer;
}

function icmpErrorWords(l4: Icmp, from: string): string {
  if (l4.type === 'time-exceeded') return `From ${from}: Time to live exceeded`;
  switch (l4.code) {
    case 'net':
      return `From ${from}: Destination Net Unreachable`;
    case 'host':
      return `From ${from}: Destination Host Unreachable`;
    case 'port':
      return `From ${from}: Destination Port Unreachable`;
    case 'frag-needed':
      return `From ${from}: Frag needed and DF set`;
    default:
      return `From ${from}: Destination Unreachable`;
  }
}

function onIcmp(ctx: Ctx, dev: StackDevice, frame: Frame, ip: Ipv4, l4: Icmp): Step[] {
  switch (l4.type) {
    case 'echo-request': {
      if (!dev.stack.answersPing || ip.dst === '255.255.255.255')
        return [deliver(frame, 'echo request ignored')];
      const reply = ipPacket(
        ctx,
        ip.dst,
        ip.src,
        { kind: 'icmp', type: 'echo-reply', code: 0, id: l4.id, seq: l4.seq, data: l4.data },
        64,
        false,
      );
      return [
        deliver(frame, `echo request for ${ip.dst} reaches ${dev.name}: the kernel answers`),
        ...sendOwn(ctx, dev, reply, `echo reply to ${ip.src}`, ctx.packet),
      ];
    }
    case 'echo-reply': {
      const p = probeFor(ctx, dev, (x) => x.kind === 'icmp' && x.ident === l4.id && x.seq === l4.seq);
      if (!p) return [drop(frame, 'echo reply nobody waits for', 'unsolicited echo reply', 'discard')];
      settle(p, 'reply', `${l4.data + 8} bytes from ${ip.src}: icmp_seq=${l4.seq} ttl=${ip.ttl}`, ctx.packet);
      return [deliver(frame, `ping: ${l4.data + 8} bytes from ${ip.src}: icmp_seq=${l4.seq} ttl=${ip.ttl}`)];
    }
    case 'dest-unreachable':
    case 'time-exceeded': {
      const q = l4.quoted;
      const p = q ? probeFor(ctx, dev, (x) => x.dst === q.dst && x.ident === q.sport) : undefined;
      const words = icmpErrorWords(l4, ip.src);
      if (!p) return [deliver(frame, `ICMP error received: ${words}`)];
      // a closed UDP port still means the datagram crossed the cloud: the host refused it
      const outcome =
        l4.type === 'time-exceeded'
          ? 'ttl-exceeded'
          : l4.code === 'port' && p.kind === 'udp'
            ? 'refused'
            : 'unreachable';
      settle(p, outcome, words, ctx.packet);
      return [deliver(frame, words)];
    }
  }
}

function onTcp(ctx: Ctx, dev: StackDevice, frame: Frame, ip: Ipv4, l4: Extract<L4, { kind: 'tcp' }>): Step[] {
  const tcp = (flags: 'SA' | 'RA' | 'A' | 'R'): L4 => ({
    kind: 'tcp',
    sport: l4.dport,
    dport: l4.sport,
    flags,
  });
  switch (l4.flags) {
    case 'S': {
      if (dev.stack.listening.tcp.has(l4.dport)) {
        return [
          deliver(
            frame,
            l4.dport === dev.stack.metadataProxyPort
              ? `SYN to port ${l4.dport}: the metadata proxy listens; answer SYN-ACK`
              : `SYN to port ${l4.dport}: a process listens; answer SYN-ACK`,
          ),
          ...sendOwn(
            ctx,
            dev,
            ipPacket(ctx, ip.dst, ip.src, tcp('SA')),
            `SYN-ACK to ${ip.src}:${l4.sport}`,
            ctx.packet,
          ),
        ];
      }
      return [
        deliver(frame, `SYN to port ${l4.dport}: nothing listens; answer RST`),
        ...sendOwn(
          ctx,
          dev,
          ipPacket(ctx, ip.dst, ip.src, tcp('RA')),
          `RST to ${ip.src}:${l4.sport}`,
          ctx.packet,
        ),
      ];
    }
    case 'SA': {
      const p = probeFor(ctx, dev, (x) => x.kind === 'tcp' && x.ident === l4.dport);
      if (!p) return [drop(frame, 'SYN-ACK for no connection attempt', 'unexpected SYN-ACK', 'discard')];
      settle(p, 'established', `connected to ${ip.src}:${l4.sport}`, ctx.packet);
      return [
        deliver(frame, `SYN-ACK from ${ip.src}:${l4.sport}: connection established, send ACK`),
        ...sendOwn(
          ctx,
          dev,
          ipPacket(ctx, ip.dst, ip.src, tcp('A')),
          `ACK to ${ip.src}:${l4.sport}`,
          ctx.packet,
        ),
      ];
    }
    case 'A':
    case 'F':
    case 'FA': {
      // a hand-made ACK or FIN is a probe's first packet: it belongs to no connection, and a host
      // answers a segment for no connection with a RST (RFC 793, "Reset Generation")
      const probe = ctx.probeOf(ctx.packet);
      if (probe?.request !== ctx.packet)
        return [deliver(frame, `ACK from ${ip.src}:${l4.sport}: the handshake is complete`)];
      return [
        deliver(
          frame,
          `TCP ${l4.flags === 'A' ? 'ACK' : 'FIN'} to port ${l4.dport} for no connection: answer RST`,
        ),
        ...sendOwn(
          ctx,
          dev,
          ipPacket(ctx, ip.dst, ip.src, tcp('R')),
          `RST to ${ip.src}:${l4.sport}`,
          ctx.packet,
        ),
      ];
    }
    case 'R':
    case 'RA': {
      const mine = ctx.probeOf(ctx.packet);
      if (mine?.request === ctx.packet) {
        // a hand-made RST: delivered, and never answered
        settle(
          mine,
          'delivered',
          `RST delivered to ${ip.dst}:${l4.dport} (a RST is never answered)`,
          ctx.packet,
        );
        return [deliver(frame, `RST from ${ip.src}:${l4.sport} for no connection: ignored`)];
      }
      const p = probeFor(ctx, dev, (x) => x.kind === 'tcp' && x.ident === l4.dport);
      if (p)
        settle(
          p,
          'refused',
          p.flags === 'S'
            ? `connect to ${ip.src} port ${l4.sport}: Connection refused`
            : `RST from ${ip.src}:${l4.sport}: the segment reached a host that knows no such connection`,
          ctx.packet,
        );
      return [deliver(frame, `RST from ${ip.src}:${l4.sport}: connection refused`)];
    }
  }
}

function onUdp(
  ctx: Ctx,
  dev: StackDevice,
  frame: Frame,
  ip: Ipv4,
  l4: Extract<L4, { kind: 'udp' }>,
  inIface: string,
): Step[] {
  if (l4.payload.kind === 'dhcp') return handleDhcp(ctx, dev, frame, ip, l4.payload.msg, inIface);
  if (dev.stack.listening.udp.has(l4.dport)) {
    const p = ctx.probeOf(ctx.packet);
    if (p && p.outcome === 'pending')
      settle(p, 'delivered', `datagram delivered to ${ip.dst}:${l4.dport}`, ctx.packet);
    return [deliver(frame, `UDP datagram delivered to the process on port ${l4.dport}`)];
  }
  if (ip.dst === '255.255.255.255')
    return [drop(frame, `broadcast to UDP ${l4.dport}: nothing listens`, 'no listener', 'discard')];
  return [
    deliver(frame, `UDP port ${l4.dport} closed: answer ICMP port unreachable`),
    ...icmpError(ctx, dev, ip, 'dest-unreachable', 'port', ip.dst),
  ];
}

export function localDeliver(ctx: Ctx, dev: StackDevice, frame: Frame, ip: Ipv4, inIface: string): Step[] {
  switch (ip.l4.kind) {
    case 'icmp':
      return onIcmp(ctx, dev, frame, ip, ip.l4);
    case 'tcp':
      return onTcp(ctx, dev, frame, ip, ip.l4);
    case 'udp':
      return onUdp(ctx, dev, frame, ip, ip.l4, inIface);
  }
}
