// Drift check (issue 17, point 2): what was run on a real host, compared with what the model says the
// agents should have built there. Pure: the app runs it in the worker beside the cloud's Dataplane;
// `npm run drift` runs it in Node. Each difference says what differs, what follows for the traffic,
// and which devices of the model it concerns.
import { type Dataplane, hostBuild, type Topology } from '../sim';
import { compareNamespace, compareNetns, type NamespaceOutputs } from './compare-ns';
import { compareFlows, compareVsctl } from './compare-ovs';
import { type Difference, differenceText } from './difference';
import { parseVsctlShow } from './parse-ovs';
import { Namer } from './words';

export type { NamespaceOutputs } from './compare-ns';
export type { Difference } from './difference';
export { differenceText } from './difference';

/** What the user ran on the host, as it printed it. */
export interface HostOutputs {
  vsctlShow?: string;
  /** bridge name -> `ovs-ofctl dump-flows BRIDGE` */
  flows: Record<string, string>;
  netns?: string;
  /** namespace name -> what was run in it; '' for a namespace the user did not name */
  namespaces: Record<string, NamespaceOutputs>;
}

export const emptyOutputs = (): HostOutputs => ({ flows: {}, namespaces: {} });

/** Largest output read, in characters (a br-int of 20,000 ports dumps ~10 M). */
export const MAX_OUTPUT_CHARS = 20_000_000;

/**
 * Outputs from files named after what they hold: ovs-vsctl-show.txt, dump-flows-br-int.txt,
 * ip-netns.txt, qrouter-<id>.ip-addr.txt, qrouter-<id>.ip-route.txt, qrouter-<id>.iptables-save.txt
 * (as public/capture/host-capture.sh writes them).
 */
export function outputsFromFiles(files: readonly { name: string; text: string }[]): {
  outputs: HostOutputs;
  unknown: string[];
} {
  const outputs = emptyOutputs();
  const unknown: string[] = [];
  for (const f of files) {
    const name = f.name.replace(/^.*[\\/]/, '').toLowerCase();
    const text = f.text.slice(0, MAX_OUTPUT_CHARS);
    const ns = /(q(?:router|dhcp)-[0-9a-f-]{36})/.exec(name)?.[1] ?? '';
    const bridge = /(br-[a-z0-9-]+?)(?:\.txt|\.out|\.log|$)/.exec(name)?.[1];
    const nsOut = () => {
      outputs.namespaces[ns] ??= {};
      return outputs.namespaces[ns]!;
    };
    if (/vsctl[-_ ]?show/.test(name)) outputs.vsctlShow = text;
    else if (/flows/.test(name) && bridge) outputs.flows[bridge] = text;
    else if (/iptables[-_ ]?save/.test(name)) nsOut().iptablesSave = text;
    else if (/ip[-_ .]?(addr|a)(\.|$|[-_])/.test(name.replace(ns, ''))) nsOut().ipAddr = text;
    else if (/ip[-_ .]?(route|r)(\.|$|[-_])/.test(name.replace(ns, ''))) nsOut().ipRoute = text;
    else if (/netns/.test(name)) outputs.netns = text;
    else unknown.push(f.name);
  }
  return { outputs, unknown };
}

export type DriftResult =
  | { ok: true; host: string; differences: Difference[]; compared: string[] }
  | { ok: false; error: string };

export function driftCheck(topology: Topology, plane: Dataplane, host: string, o: HostOutputs): DriftResult {
  const build = hostBuild(topology, plane, host);
  if (!build)
    return {
      ok: false,
      error: `no host ${JSON.stringify(host)} in this cloud (hosts: ${topology.hosts.map((h) => h.name).join(', ')})`,
    };
  const n = new Namer(topology, build);
  const dev = (name: string) => [...(build.devicesByName[name] ?? [])];
  const out: Difference[] = [];
  const compared: string[] = [];
  let vlans = new Map<number, number>();
  let tags: Set<number> | null = null;
  if (o.vsctlShow?.trim()) {
    vlans = compareVsctl(host, build, o.vsctlShow, n, dev, out);
    tags = new Set(
      parseVsctlShow(o.vsctlShow).bridges.flatMap((b) =>
        b.ports.flatMap((p) => (p.tag === null ? [] : [p.tag])),
      ),
    );
    compared.push('ovs-vsctl show');
  }
  for (const [bridge, text] of Object.entries(o.flows)) {
    if (!text.trim()) continue;
    const b = build.bridges.find((x) => x.name === bridge);
    if (!b) {
      out.push({
        kind: 'unexpected',
        where: bridge,
        found: `has flows for ${bridge}, a bridge the model has not on this host`,
        consequence: 'not compared',
        devices: [],
        source: `ovs-ofctl dump-flows ${bridge}`,
      });
      continue;
    }
    compareFlows(host, b, text, vlans, tags, n, dev, out);
    compared.push(`ovs-ofctl dump-flows ${bridge}`);
  }
  if (o.netns?.trim()) {
    compareNetns(host, build, o.netns, n, out);
    compared.push('ip netns');
  }
  for (const [name, outputs] of Object.entries(o.namespaces)) {
    const routers = build.namespaces.filter((x) => x.routerId);
    const ns = name
      ? build.namespaces.find((x) => x.name === name)
      : routers.length === 1
        ? routers[0]
        : undefined;
    if (!ns) {
      if (!Object.values(outputs).some((t) => t?.trim())) continue;
      return {
        ok: false,
        error: name
          ? `${name} is not a namespace the model has on ${host} (it has ${build.namespaces.map((x) => x.name).join(', ') || 'none'})`
          : `say which namespace the ip addr, ip route and iptables-save outputs come from: ${host} has ${routers.length} qrouter namespaces`,
      };
    }
    compareNamespace(ns, outputs, n, out);
    for (const [k, label] of [
      ['ipAddr', 'ip addr'],
      ['ipRoute', 'ip route'],
      ['iptablesSave', 'iptables-save'],
    ] as const)
      if (outputs[k]?.trim()) compared.push(`${ns.name} ${label}`);
  }
  return { ok: true, host, differences: out, compared };
}

export function driftText(r: DriftResult): string {
  if (!r.ok) return `${r.error}\n`;
  const head = `Drift check of ${r.host}: compared ${r.compared.join(', ') || 'nothing (no output given)'}.`;
  if (!r.differences.length)
    return `${head}\nNo difference: the host has what the model says its agents built.\n`;
  return `${head}\n${r.differences.length} difference${r.differences.length === 1 ? '' : 's'}:\n${r.differences.map((d) => `  - ${differenceText(r.host, d)}`).join('\n')}\n`;
}
