// A host's Open vSwitch against what the OVS agent should have built there: bridges, ports (their local
// VLAN tag, type and tunnel or patch options) from `ovs-vsctl show`, and each bridge's flows from
// `ovs-ofctl dump-flows`, compared by table, priority, match and actions (canon.ts). Flows that table 10
// learned from traffic (table 20, with a hard_timeout) are state, not what the agent installs: skipped.
import type { BuiltBridge, BuiltPort, HostBuild } from '../sim';
import { actionsKey, type Canon, flowKey, vlansOf } from './canon';
import type { Difference } from './difference';
import { parseDumpFlows, parseVsctlShow, type VsctlPort } from './parse-ovs';
import { flowWords, type Namer } from './words';

const DEAD_VLAN = 4095;

/** The host's local VLANs mapped to the model's through the tags of the ports both know. */
function vlanMap(
  build: HostBuild,
  ports: readonly VsctlPort[],
  out: Difference[],
  n: Namer,
  dev: (s: string) => string[],
): Map<number, number> {
  const votes = new Map<string, Map<number, VsctlPort[]>>();
  const model = new Map<string, BuiltPort>();
  for (const b of build.bridges) for (const p of b.ports) model.set(p.name, p);
  for (const p of ports) {
    const m = model.get(p.name);
    if (!m?.networkId || m.tag === null || p.tag === null || p.tag === DEAD_VLAN || m.tag === DEAD_VLAN)
      continue;
    const byTag = votes.get(m.networkId) ?? new Map<number, VsctlPort[]>();
    votes.set(m.networkId, byTag);
    byTag.set(p.tag, [...(byTag.get(p.tag) ?? []), p]);
  }
  const map = new Map<number, number>([[DEAD_VLAN, DEAD_VLAN]]);
  for (const [net, byTag] of votes) {
    const lvid = build.localVlans[net];
    if (lvid === undefined) continue;
    const ranked = [...byTag].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
    const [tag] = ranked[0]!;
    if (map.has(tag) && map.get(tag) !== lvid) continue;
    map.set(tag, lvid);
    for (const [other, odd] of ranked.slice(1))
      for (const p of odd)
        out.push({
          kind: 'changed',
          where: 'br-int',
          found: `port ${p.name} has tag ${other}, while ${n.network(net)}'s other ports here have tag ${tag}`,
          consequence: `${n.port(model.get(p.name)?.portId ?? null)} is in another local VLAN than its network: it reaches none of ${n.network(net)}`,
          devices: dev(p.name),
          source: 'ovs-vsctl show',
          line: p.line,
        });
  }
  return map;
}

function portWords(n: Namer, p: BuiltPort): string {
  if (p.portId) return n.port(p.portId);
  if (p.type === 'vxlan') return `the tunnel to ${n.hostOfIp(p.options.remote_ip ?? '')}`;
  if (p.type === 'patch') return `the patch to ${p.options.peer ?? 'its peer bridge'}`;
  return `port ${p.name}`;
}

function missingPortWords(host: string, b: BuiltBridge, p: BuiltPort, n: Namer): string {
  if (p.type === 'vxlan')
    return `${host} has no tunnel to ${n.hostOfIp(p.options.remote_ip ?? '')}: no frame of any tunnelled network passes between them`;
  if (p.type === 'patch')
    return `${b.name} is cut from ${p.options.peer ?? 'its peer'}: ${b.role === 'int' || p.name === 'patch-int' ? 'nothing passes between the VMs and the tunnels or the provider network' : 'nothing passes through it'}`;
  return `${portWords(n, p)} is not plugged into ${b.name}: it is cut off from its network`;
}

export function compareVsctl(
  host: string,
  build: HostBuild,
  text: string,
  n: Namer,
  dev: (s: string) => string[],
  out: Difference[],
): Map<number, number> {
  const parsed = parseVsctlShow(text);
  const actualPorts = parsed.bridges.flatMap((b) => b.ports);
  const map = vlanMap(build, actualPorts, out, n, dev);
  for (const b of build.bridges) {
    const actual = parsed.bridges.find((x) => x.name === b.name);
    if (!actual) {
      out.push({
        kind: 'missing',
        where: b.name,
        found: `has no ${b.name}`,
        consequence:
          b.role === 'tun'
            ? `no VXLAN traffic leaves or reaches ${host}`
            : b.role === 'int'
              ? `no VM, router or DHCP port on ${host} is connected to anything`
              : `the provider networks on ${b.name} are unreachable from ${host}`,
        devices: [b.device],
        source: 'ovs-vsctl show',
      });
      continue;
    }
    for (const p of b.ports) {
      const a = actual.ports.find((x) => x.name === p.name);
      const devices = [b.device, ...dev(p.name)];
      if (!a) {
        out.push({
          kind: 'missing',
          where: b.name,
          found: `${b.name} has no port ${p.name}`,
          consequence: missingPortWords(host, b, p, n),
          devices,
          source: 'ovs-vsctl show',
        });
        continue;
      }
      if (a.type !== p.type)
        out.push({
          kind: 'changed',
          where: b.name,
          found: `${p.name} is of type ${a.type}, not ${p.type}`,
          consequence: `${portWords(n, p)} does not work as one: its frames go nowhere`,
          devices,
          source: 'ovs-vsctl show',
          line: a.line,
        });
      for (const key of ['remote_ip', 'local_ip', 'peer'])
        if (p.options[key] !== undefined && a.options[key] !== p.options[key])
          out.push({
            kind: 'changed',
            where: b.name,
            found: `${p.name} has ${key}=${a.options[key] ?? '(none)'}, not ${p.options[key]}`,
            consequence:
              key === 'peer'
                ? `${b.name} is not joined to the bridge it should be: ${portWords(n, p)} carries nothing`
                : `${portWords(n, p)} leads elsewhere: frames sent to ${n.hostOfIp(p.options.remote_ip ?? '')} never arrive`,
            devices,
            source: 'ovs-vsctl show',
            line: a.line,
          });
      const tag = a.tag === null ? null : (map.get(a.tag) ?? a.tag);
      if (p.tag !== tag && !out.some((d) => d.line === a.line && d.source === 'ovs-vsctl show'))
        out.push({
          kind: 'changed',
          where: b.name,
          found: `${p.name} has ${a.tag === null ? 'no tag' : `tag ${a.tag}`}, where ${p.tag === DEAD_VLAN ? 'the dead VLAN 4095' : p.tag === null ? 'no tag' : `the local VLAN of ${n.network(p.networkId)}`} is expected`,
          consequence:
            p.tag === DEAD_VLAN
              ? `${portWords(n, p)} should be down but passes traffic`
              : `${portWords(n, p)} is ${a.tag === DEAD_VLAN ? 'in the dead VLAN: it passes nothing' : 'in no VLAN of its network: it reaches none of it'}`,
          devices,
          source: 'ovs-vsctl show',
          line: a.line,
        });
    }
    for (const a of actual.ports)
      if (a.name !== b.name && !b.ports.some((p) => p.name === a.name))
        out.push({
          kind: 'unexpected',
          where: b.name,
          found: `${b.name} has a port ${a.name} the agent did not build for this cloud`,
          consequence: 'a stale or foreign port: its traffic joins the bridge outside what Neutron knows',
          devices: [b.device],
          source: 'ovs-vsctl show',
          line: a.line,
        });
  }
  return map;
}

export function compareFlows(
  host: string,
  b: BuiltBridge,
  text: string,
  vlans: Map<number, number>,
  actualTags: Set<number> | null,
  n: Namer,
  dev: (s: string) => string[],
  out: Difference[],
): void {
  const canon: Canon = { ofports: new Map(b.ports.map((p) => [p.ofport, p.name])), vlans };
  const source = `ovs-ofctl dump-flows ${b.name}`;
  const expected = new Map(b.flows.map((f) => [flowKey(f.table, f.priority, f.match, canon), f]));
  const parsed = parseDumpFlows(text);
  const seen = new Set<string>();
  for (const a of parsed.flows) {
    // a flow table 10 learned from traffic: state of the moment, not the agent's
    if (b.role === 'tun' && a.table === 20 && a.hardTimeout) continue;
    const key = flowKey(a.table, a.priority, a.match, canon);
    seen.add(key);
    const e = expected.get(key);
    const tunnels = a.actions.flatMap((x) => /output:"?(vxlan-[0-9a-f]+)/.exec(x)?.[1] ?? []).flatMap(dev);
    if (!e) {
      out.push({
        kind: 'unexpected',
        where: b.name,
        found: `${b.name} has a flow the agent would not install: ${a.text.replace(/^.*?(table=)/, '$1').replace(/n_packets=\d+, n_bytes=\d+, /, '')}`,
        consequence: 'frames it matches are handled otherwise than Neutron intends',
        devices: [b.device, ...tunnels],
        source,
        line: a.line,
      });
      continue;
    }
    if (actionsKey(a.actions, canon) !== actionsKey(e.actions, canon)) {
      const w = flowWords(host, b.name, e, n);
      out.push({
        kind: 'changed',
        where: b.name,
        found: `${b.name}'s ${w.what} does ${a.actions.join(',')} instead of ${e.actions.join(',')}`,
        consequence: w.without,
        devices: [b.device, ...tunnels],
        source,
        line: a.line,
      });
    }
    if (actualTags)
      for (const v of vlansOf(b.role, a.match, a.actions))
        if (!actualTags.has(v) && v !== DEAD_VLAN)
          out.push({
            kind: 'changed',
            where: b.name,
            found: `${b.name} flow on line ${a.line} uses local VLAN ${v}, which no port on ${host} carries`,
            consequence: `the traffic of ${n.netOfVlan(vlans.get(v) ?? v) ?? 'that network'} on ${host} is tagged with another VLAN than this flow expects`,
            devices: [b.device],
            source,
            line: a.line,
          });
  }
  for (const [key, e] of expected) {
    if (seen.has(key)) continue;
    const w = flowWords(host, b.name, e, n);
    const tunnels = e.actions.flatMap((x) => /output:"?(vxlan-[0-9a-f]+)/.exec(x)?.[1] ?? []).flatMap(dev);
    out.push({
      kind: 'missing',
      where: b.name,
      found: `${b.name} has no ${w.what}`,
      consequence: w.without,
      devices: [b.device, ...tunnels],
      source,
    });
  }
  for (const line of parsed.unparsed)
    out.push({
      kind: 'unreadable',
      where: b.name,
      found: `line ${line} of the ${b.name} flows is not a flow`,
      consequence: 'it was not compared',
      devices: [],
      source,
      line,
    });
}
