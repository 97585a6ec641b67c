// Starting what the user asked for from a stack: a ping (ICMP echo), a TCP connect (SYN), a UDP
// datagram, or a DHCP exchange from a VM's first interface.
import type { Ctx, Probe, Step } from '../../engine/types';
import type { StackDevice } from '../../realize/dataplane';
import type { Frame, Ipv4, L4 } from '../../wire/frame';
import { ICMP_HEADER, IPV4_HEADER, TCP_HEADER, UDP_HEADER } from '../../wire/frame';
import { ipPacket } from './apps';
import { dhcpClientSend, dhcpRenew } from './dhcp';
import { natPre } from './nat';
import { drop, sendIp } from './output';
import { lookupPolicy, sourceFor } from './route';

export function startProbe(ctx: Ctx, dev: StackDevice, p: Probe): Step[] {
  p.startedAt = ctx.now;
  if (p.kind === 'dhcp') {
    const iface = [...dev.stack.ifaces.keys()][0];
    if (!iface) return [];
    if (p.renew) {
      const steps = dhcpRenew(ctx, dev, iface, p.ident, p.n);
      p.request = steps[0]?.packet ?? null;
      return steps;
    }
    const step = dhcpClientSend(ctx, dev, iface, 'DISCOVER', p.ident, null, null, null);
    p.request = step.packet ?? null;
    ctx.setProbe(step.packet!, p.n);
    return [step];
  }
  // the stack's own packet has no source yet: rules with a from selector do not match it (ip-rule(8))
  const route = lookupPolicy(dev.stack, p.dst, null, null)?.route ?? null;
  // a hand-made source is written as given: the kernel sends what a raw socket hands it (hping3 -a)
  const src = p.src ?? (route ? sourceFor(dev.stack, route) : '0.0.0.0');
  let l4: L4;
  switch (p.kind) {
    case 'icmp':
      l4 = {
        kind: 'icmp',
        type: 'echo-request',
        code: 0,
        id: p.ident,
        seq: p.seq,
        data: Math.max(0, p.size - IPV4_HEADER - ICMP_HEADER),
      };
      break;
    case 'tcp':
      l4 = {
        kind: 'tcp',
        sport: p.ident,
        dport: p.port,
        flags: p.flags,
        ...(p.sized ? { data: Math.max(0, p.size - IPV4_HEADER - TCP_HEADER) } : {}),
      };
      break;
    case 'udp':
      l4 = {
        kind: 'udp',
        sport: p.ident,
        dport: p.port,
        payload: { kind: 'data', bytes: Math.max(0, p.size - IPV4_HEADER - UDP_HEADER) },
      };
      break;
  }
  const ip: Ipv4 = { ...ipPacket(ctx, src, p.dst, l4, p.ttl, p.df) };
  const frame: Frame = { eth: { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00', vlan: null }, l3: ip };
  const packet = ctx.newPacket(frame, null, p.n);
  p.request = packet;
  if (!route) {
    p.outcome = 'failed';
    p.summary = `connect: Network is unreachable (${dev.name} has no route to ${p.dst})`;
    return [drop(frame, `no route to ${p.dst}`, p.summary, 'fatal', { packet, in: null })];
  }
  const pre = dev.stack.nat ? natPre(ctx, dev, ip, null) : null;
  const words =
    p.kind === 'icmp'
      ? `ping ${p.dst}: echo request seq ${p.seq}`
      : p.kind === 'tcp'
        ? p.flags === 'S'
          ? `connect to ${p.dst}:${p.port}: SYN`
          : `send a TCP ${flagWords(p.flags)} to ${p.dst}:${p.port}`
        : `send a UDP datagram to ${p.dst}:${p.port}`;
  const spoofed = p.src !== undefined && route && p.src !== sourceFor(dev.stack, route);
  return sendIp(ctx, dev, pre?.ip ?? ip, {
    packet,
    inIface: null,
    pre,
    action: spoofed ? `${words} from ${p.src} (a source address that is not its own)` : words,
    changes: pre?.changes ?? [],
    rules: pre?.rules ?? [],
  });
}

const FLAG_WORDS: Record<string, string> = {
  A: 'ACK',
  SA: 'SYN-ACK',
  F: 'FIN',
  FA: 'FIN-ACK',
  R: 'RST',
  RA: 'RST-ACK',
};
const flagWords = (f: string) => FLAG_WORDS[f] ?? f;
