// A host's namespaces against the L3 and DHCP agents' (`ip netns`), and inside a qrouter namespace its
// interfaces and addresses (`ip addr`), routes (`ip route`) and NAT and mangle rules (`iptables-save`)
// against the router's in the model (neutron-facts §8).
import type { BuiltNamespace, HostBuild } from '../sim';
import type { Difference } from './difference';
import { parseIpAddr, parseIpRoute, parseIptablesSave, parseNetns } from './parse-ip';
import { type Namer, ruleWords } from './words';

function nsWords(n: Namer, ns: BuiltNamespace, host: string): string {
  if (ns.routerId)
    return `router ${n.router(ns.routerId)} does not route on ${host}: its subnets have no gateway and no way out`;
  return `${n.network(ns.networkId)} gets no DHCP answer from ${host}`;
}

export function compareNetns(
  host: string,
  build: HostBuild,
  text: string,
  n: Namer,
  out: Difference[],
): void {
  const { names } = parseNetns(text);
  for (const ns of build.namespaces)
    if (!names.some((x) => x.name === ns.name))
      out.push({
        kind: 'missing',
        where: 'namespaces',
        found: `has no namespace ${ns.name}`,
        consequence: nsWords(n, ns, host),
        devices: [ns.device],
        source: 'ip netns',
      });
  for (const x of names)
    if (/^(qrouter|qdhcp|snat|fip)-/.test(x.name) && !build.namespaces.some((ns) => ns.name === x.name))
      out.push({
        kind: 'unexpected',
        where: 'namespaces',
        found: `has a namespace ${x.name} the model has not here`,
        consequence:
          'a stale namespace, or one of a resource not imported: it may answer for addresses it should not',
        devices: [],
        source: 'ip netns',
        line: x.line,
      });
}

export interface NamespaceOutputs {
  ipAddr?: string;
  ipRoute?: string;
  iptablesSave?: string;
}

export function compareNamespace(ns: BuiltNamespace, o: NamespaceOutputs, n: Namer, out: Difference[]): void {
  const router = n.router(ns.routerId);
  const dev = [ns.device];
  if (o.ipAddr !== undefined) {
    const { ifaces } = parseIpAddr(o.ipAddr);
    const source = `${ns.name} ip addr`;
    for (const i of ns.ifaces) {
      if (i.name === 'lo') continue;
      const a = ifaces.find((x) => x.name === i.name);
      const role = i.name.startsWith('qg-')
        ? `router ${router}'s gateway`
        : i.name.startsWith('qr-')
          ? `router ${router}'s interface on ${i.addrs.map((x) => `${x.ip}/${x.prefix}`).join(', ')}`
          : `interface ${i.name}`;
      if (!a) {
        out.push({
          kind: 'missing',
          where: ns.name,
          found: `${ns.name} has no interface ${i.name}`,
          consequence: i.name.startsWith('qg-')
            ? `${role} is missing: no SNAT, no floating IP, nothing reaches the outside`
            : `${role} is missing: the VMs of that subnet cannot reach their gateway`,
          devices: dev,
          source,
        });
        continue;
      }
      if (a.mac && a.mac !== i.mac.toLowerCase())
        out.push({
          kind: 'changed',
          where: ns.name,
          found: `${i.name} has MAC ${a.mac}, not its port's ${i.mac}`,
          consequence: `frames sent to ${role} at ${i.mac} are not received`,
          devices: dev,
          source,
          line: a.line,
        });
      for (const x of i.addrs)
        if (!a.addrs.some((y) => y.ip === x.ip && y.prefix === x.prefix))
          out.push({
            kind: 'missing',
            where: ns.name,
            found: `${i.name} lacks ${x.ip}/${x.prefix}`,
            consequence:
              x.prefix === 32
                ? `floating IP ${x.ip} is not answered: traffic to it is lost`
                : `${role} does not answer at ${x.ip}: traffic through it is lost`,
            devices: dev,
            source,
            line: a.line,
          });
      for (const y of a.addrs)
        if (!i.addrs.some((x) => x.ip === y.ip && x.prefix === y.prefix))
          out.push({
            kind: 'unexpected',
            where: ns.name,
            found: `${i.name} has ${y.ip}/${y.prefix}, which Neutron did not give it`,
            consequence: `the router answers for ${y.ip}, taking traffic meant for someone else`,
            devices: dev,
            source,
            line: y.line,
          });
    }
    for (const a of ifaces)
      if (a.name !== 'lo' && !ns.ifaces.some((i) => i.name === a.name))
        out.push({
          kind: 'unexpected',
          where: ns.name,
          found: `${ns.name} has an interface ${a.name} the model has not`,
          consequence: 'a stale port of the router: it may answer for addresses that moved elsewhere',
          devices: dev,
          source,
          line: a.line,
        });
  }
  if (o.ipRoute !== undefined) {
    const { routes, unparsed } = parseIpRoute(o.ipRoute);
    const source = `${ns.name} ip route`;
    const key = (r: { dst: string; via: string | null; dev: string | null }) =>
      `${r.dst}|${r.via ?? ''}|${r.dev ?? ''}`;
    for (const r of ns.routes)
      if (!routes.some((x) => key(x) === key(r)))
        out.push({
          kind: 'missing',
          where: ns.name,
          found: `${ns.name} has no route ${r.dst === '0.0.0.0/0' ? 'default' : r.dst}${r.via ? ` via ${r.via}` : ''} dev ${r.dev}`,
          consequence:
            r.dst === '0.0.0.0/0'
              ? `router ${router} cannot reach the outside: SNAT and floating IP traffic is dropped`
              : `router ${router} cannot reach ${r.dst}: traffic to it is dropped or sent the wrong way`,
          devices: dev,
          source,
        });
    for (const x of routes)
      if (!ns.routes.some((r) => key(x) === key(r)))
        out.push({
          kind: 'unexpected',
          where: ns.name,
          found: `${ns.name} has a route ${x.dst}${x.via ? ` via ${x.via}` : ''}${x.dev ? ` dev ${x.dev}` : ''} the model has not`,
          consequence: `traffic to ${x.dst} leaves router ${router} another way than Neutron intends`,
          devices: dev,
          source,
          line: x.line,
        });
    for (const line of unparsed)
      out.push({
        kind: 'unreadable',
        where: ns.name,
        found: `line ${line} of ip route is not a route`,
        consequence: 'it was not compared',
        devices: [],
        source,
        line,
      });
  }
  if (o.iptablesSave !== undefined) {
    const { tables } = parseIptablesSave(o.iptablesSave);
    const source = `${ns.name} iptables-save`;
    for (const [table, rules] of Object.entries(ns.iptables)) {
      const actual = tables.get(table) ?? [];
      for (const r of rules)
        if (!actual.some((a) => a.rule === r))
          out.push({
            kind: 'missing',
            where: ns.name,
            found: `${ns.name} ${table} table has no rule "${r}"`,
            consequence: ruleWords(r, router),
            devices: dev,
            source,
          });
      if (table !== 'nat') continue;
      for (const a of actual)
        if (/^-A neutron-/.test(a.rule) && !rules.includes(a.rule))
          out.push({
            kind: 'unexpected',
            where: ns.name,
            found: `${ns.name} nat table has a rule the model has not: "${a.rule}"`,
            consequence: 'traffic it matches is translated otherwise than Neutron intends',
            devices: dev,
            source,
            line: a.line,
          });
    }
  }
}
