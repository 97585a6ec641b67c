// An IP stack receiving a frame: a VM's guest, a qrouter or qdhcp namespace, the upstream router, an
// outside host. Ethernet filter, ARP (with arp_ignore), then IP: conntrack and DNAT, the routing
// decision, local delivery or forwarding with the TTL decrement.
import { isMulticastMac } from '../../addr/mac';
import { mapOf } from '../../engine/state';
import type { Ctx, Handler, Step } from '../../engine/types';
import type { StackDevice } from '../../realize/dataplane';
import { type Arp, type Frame, type Ipv4, l4Ports } from '../../wire/frame';
import { localDeliver } from './apps';
import { filterChain } from './filter';
import { natInput, natPre } from './nat';
import { drop, icmpError, releasePending, sendIp } from './output';
import { isLocal, lookupRoute } from './route';

function onArp(ctx: Ctx, dev: StackDevice, inPort: string, frame: Frame, arp: Arp): Step[] {
  const stack = dev.stack;
  const iface = stack.ifaces.get(inPort)!;
  const neigh = mapOf(ctx.state.neigh, dev.id);
  // arp_ignore=1 answers only for addresses on the interface the request came in on (neutron-facts §8)
  const mine = stack.arpIgnore === 1 ? iface.addrs.some((a) => a.ip === arp.tpa) : isLocal(stack, arp.tpa);
  if (arp.op === 1) {
    if (!mine && arp.spa === arp.tpa) {
      // a gratuitous ARP (a new keepalived master's): Linux refreshes an entry it has, makes none
      const known = neigh.has(arp.spa);
      if (known) neigh.set(arp.spa, { mac: arp.sha, iface: inPort, at: ctx.now });
      return [
        drop(
          frame,
          `gratuitous ARP: ${arp.spa} is-at ${arp.sha}; ${known ? 'neighbour entry refreshed' : 'no neighbour entry for it, ignored'}`,
          'gratuitous ARP',
          'discard',
        ),
      ];
    }
    // proxy_arp=1 on the interface: answer for an address routed out of another interface (the fg- port
    // of a fip namespace answers for the floating IPs behind its fpr- ports, neutron-facts-beyond §1.2)
    const proxied =
      !mine && stack.forwarding && stack.proxyArp?.has(inPort) ? lookupRoute(stack, arp.tpa) : null;
    if (proxied && proxied.dev !== inPort) {
      neigh.set(arp.spa, { mac: arp.sha, iface: inPort, at: ctx.now });
      const reply: Frame = {
        eth: { src: iface.mac, dst: arp.sha, vlan: null },
        l3: { kind: 'arp', op: 2, sha: iface.mac, spa: arp.tpa, tha: arp.sha, tpa: arp.spa },
      };
      return [
        {
          out: null,
          frame,
          action: `ARP who-has ${arp.tpa}: not ${dev.name}'s, but routed out of ${proxied.dev}, and ${inPort} has proxy_arp=1: answer with ${inPort}'s MAC`,
          rule: proxied.text,
          changes: [],
          fate: 'deliver',
        },
        {
          out: inPort,
          frame: reply,
          action: `proxy ARP reply ${arp.tpa} is-at ${iface.mac}`,
          rule: null,
          changes: [],
          fate: 'forward',
          packet: ctx.newPacket(reply, ctx.packet),
          in: null,
        },
        ...releasePending(ctx, dev, arp.spa, arp.sha),
      ];
    }
    if (!mine) {
      if (neigh.has(arp.spa)) neigh.set(arp.spa, { mac: arp.sha, iface: inPort, at: ctx.now });
      return [
        drop(
          frame,
          `ARP who-has ${arp.tpa}: not an address of ${dev.name}${stack.arpIgnore === 1 ? ` on ${inPort} (arp_ignore=1)` : ''}; ignored`,
          'ARP for another host',
          'discard',
        ),
      ];
    }
    neigh.set(arp.spa, { mac: arp.sha, iface: inPort, at: ctx.now });
    const reply: Frame = {
      eth: { src: iface.mac, dst: arp.sha, vlan: null },
      l3: { kind: 'arp', op: 2, sha: iface.mac, spa: arp.tpa, tha: arp.sha, tpa: arp.spa },
    };
    const packet = ctx.newPacket(reply, ctx.packet);
    return [
      {
        out: null,
        frame,
        action: `ARP who-has ${arp.tpa}: that is ${dev.name}'s ${inPort}; learn ${arp.spa} is-at ${arp.sha} and answer`,
        rule: null,
        changes: [],
        fate: 'deliver',
      },
      {
        out: inPort,
        frame: reply,
        action: `ARP reply ${arp.tpa} is-at ${iface.mac}`,
        rule: null,
        changes: [],
        fate: 'forward',
        packet,
        in: null,
      },
      ...releasePending(ctx, dev, arp.spa, arp.sha),
    ];
  }
  if (arp.tha !== iface.mac)
    return [drop(frame, 'ARP reply for another host', 'ARP reply for another host', 'discard')];
  neigh.set(arp.spa, { mac: arp.sha, iface: inPort, at: ctx.now });
  return [
    {
      out: null,
      frame,
      action: `ARP reply: ${arp.spa} is-at ${arp.sha}; add to the neighbour table`,
      rule: null,
      changes: [],
      fate: 'deliver',
    },
    ...releasePending(ctx, dev, arp.spa, arp.sha),
  ];
}

function onIp(ctx: Ctx, dev: StackDevice, inPort: string, frame: Frame, ip: Ipv4, flooded: boolean): Step[] {
  const stack = dev.stack;
  const pre = stack.nat ? natPre(ctx, dev, ip, inPort) : null;
  const cur = pre?.ip ?? ip;
  const changes = [...(pre?.changes ?? [])];
  const rules = [...(pre?.mangle ?? []), ...(pre?.rules ?? [])];
  if (
    isLocal(stack, cur.dst) ||
    (frame.l3.kind === 'ipv4' &&
      cur.l4.kind === 'udp' &&
      cur.l4.payload.kind === 'dhcp' &&
      cur.l4.dport === 68)
  ) {
    const proxy = stack.metadataProxyPort;
    const input = filterChain(ctx, dev, 'INPUT', cur, inPort, undefined, pre?.mark ?? 0);
    if (input?.drop)
      return [
        drop(
          { eth: frame.eth, l3: cur },
          `${cur.l4.kind.toUpperCase()} to port ${l4Ports(cur.l4).dport} without the metadata mark: dropped by the filter table`,
          `${dev.name}: only redirected metadata requests reach the metadata proxy`,
          'fatal',
          { rule: input.drop.text, changes },
        ),
      ];
    if (input?.accept) rules.push(input.accept.text);
    if (!input && proxy !== null && cur.l4.kind === 'tcp' && cur.l4.dport === proxy && !pre?.redirected)
      return [
        drop(
          { eth: frame.eth, l3: cur },
          `TCP to port ${proxy} that no metadata REDIRECT sent here: dropped by the filter table`,
          `${dev.name}: only redirected metadata requests reach the metadata proxy`,
          'fatal',
          { rule: `-A neutron-l3-agent-INPUT -p tcp -m tcp --dport ${proxy} -j DROP`, changes },
        ),
      ];
    if (pre) natInput(ctx, dev, pre);
    const steps = localDeliver(ctx, dev, { eth: frame.eth, l3: cur }, cur, inPort);
    if ((changes.length || rules.length) && steps[0])
      steps[0] = {
        ...steps[0],
        changes: [...changes, ...steps[0].changes],
        rule: [...rules, ...(steps[0].rule ? [steps[0].rule] : [])].join('\n') || null,
      };
    return steps;
  }
  if (!stack.forwarding) {
    return [
      drop(
        frame,
        `IP packet for ${cur.dst}, which is not ${dev.name}'s address; not a router`,
        `${dev.name} got a packet for ${cur.dst} but does not forward`,
        flooded ? 'discard' : 'fatal',
      ),
    ];
  }
  if (cur.ttl <= 1) {
    return [
      drop(
        { eth: frame.eth, l3: cur },
        `TTL ${cur.ttl} would reach 0: time exceeded`,
        `${dev.name}: TTL expired in transit`,
        'fatal',
        { changes },
      ),
      ...icmpError(ctx, dev, ip, 'time-exceeded', 0, stack.ifaces.get(inPort)?.addrs[0]?.ip ?? '0.0.0.0'),
    ];
  }
  const fwd: Ipv4 = { ...cur, ttl: cur.ttl - 1 };
  changes.push(`ttl ${cur.ttl} -> ${fwd.ttl}`);
  return sendIp(ctx, dev, fwd, {
    packet: ctx.packet,
    inIface: inPort,
    pre,
    action: `route ${cur.dst}`,
    changes,
    rules,
    received: frame,
    original: ip,
  });
}

export const ipStack: Handler<StackDevice> = (ctx, dev, inPort, frame, _meta, flooded) => {
  const iface = dev.stack.ifaces.get(inPort);
  if (!iface) return [drop(frame, `no interface ${inPort}`, `${dev.name} has no interface ${inPort}`)];
  if (!iface.up) return [drop(frame, `${inPort} is down`, `${dev.name}: interface ${inPort} is down`)];
  if (frame.eth.dst !== iface.mac && !isMulticastMac(frame.eth.dst)) {
    return [
      drop(
        frame,
        `frame for ${frame.eth.dst}, not ${inPort} (${iface.mac}): ignored`,
        'frame for another MAC',
        'discard',
      ),
    ];
  }
  if (frame.eth.vlan !== null)
    return [
      drop(frame, `tagged frame (VLAN ${frame.eth.vlan}) on an untagged interface`, 'unexpected VLAN tag'),
    ];
  return frame.l3.kind === 'arp'
    ? onArp(ctx, dev, inPort, frame, frame.l3)
    : onIp(ctx, dev, inPort, frame, frame.l3, flooded);
};
