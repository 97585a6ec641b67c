// iproute2's and iptables' outputs as a host prints them: `ip netns` (one namespace a line, with its id),
// `ip addr` (an interface a block: `N: name: <FLAGS> mtu …`, `link/ether MAC`, `inet A/P …`), `ip
// route` (one route a line: destination, via, dev, proto, scope, src, metric) and `iptables-save`
// (`*table`, `:chain policy [counters]`, `-A chain …` optionally after `[packets:bytes]`, COMMIT).

export function parseNetns(text: string): { names: { name: string; line: number }[] } {
  const names: { name: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\s*(\S+)/.exec(raw);
    if (m && !raw.trim().startsWith('#')) names.push({ name: m[1]!, line: i + 1 });
  });
  return { names };
}

export interface ParsedIface {
  readonly name: string;
  mac: string | null;
  readonly addrs: { ip: string; prefix: number; line: number }[];
  readonly line: number;
}

export function parseIpAddr(text: string): { ifaces: ParsedIface[] } {
  const ifaces: ParsedIface[] = [];
  let cur: ParsedIface | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const head = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s/.exec(raw);
    const link = /^\s+link\/\S+\s+([0-9a-fA-F:]{17})/.exec(raw);
    const inet = /^\s+inet\s+(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?/.exec(raw);
    if (head) {
      cur = { name: head[1]!, mac: null, addrs: [], line: i + 1 };
      ifaces.push(cur);
    } else if (cur && link) cur.mac = link[1]!.toLowerCase();
    else if (cur && inet)
      cur.addrs.push({ ip: inet[1]!, prefix: inet[2] === undefined ? 32 : Number(inet[2]), line: i + 1 });
  });
  return { ifaces };
}

export interface ParsedRoute {
  readonly dst: string;
  readonly via: string | null;
  readonly dev: string | null;
  readonly line: number;
}

/** `default` is 0.0.0.0/0; a bare address is a /32. */
function canonicalDst(d: string): string {
  if (d === 'default') return '0.0.0.0/0';
  return d.includes('/') ? d : `${d}/32`;
}

export function parseIpRoute(text: string): { routes: ParsedRoute[]; unparsed: number[] } {
  const routes: ParsedRoute[] = [];
  const unparsed: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return;
    // route types other than unicast (local, broadcast, unreachable…) come first when listed
    if (/^(local|broadcast|unreachable|prohibit|blackhole|throw|multicast|anycast)$/.test(words[0]!)) return;
    const dst = words[0]!;
    if (!/^(default|\d+\.\d+\.\d+\.\d+(\/\d+)?)$/.test(dst)) {
      unparsed.push(i + 1);
      return;
    }
    const after = (k: string) => {
      const at = words.indexOf(k);
      return at >= 0 ? (words[at + 1] ?? null) : null;
    };
    routes.push({ dst: canonicalDst(dst), via: after('via'), dev: after('dev'), line: i + 1 });
  });
  return { routes, unparsed };
}

/** A rule as both sides write it: no counters, single spaces, `-d X` given its /32 when bare. */
export function canonicalRule(rule: string): string {
  return rule
    .replace(/^\[\d+:\d+\]\s*/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/(\s-[sd] )(\d+\.\d+\.\d+\.\d+)(?=\s|$)/g, '$1$2/32');
}

export function parseIptablesSave(text: string): {
  tables: Map<string, { rule: string; line: number }[]>;
} {
  const tables = new Map<string, { rule: string; line: number }[]>();
  let table: string | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    const m = /^\*(\S+)/.exec(line);
    if (m) {
      table = m[1]!;
      if (!tables.has(table)) tables.set(table, []);
    } else if (table && /^(\[\d+:\d+\]\s*)?-A\s/.test(line))
      tables.get(table)!.push({ rule: canonicalRule(line), line: i + 1 });
    else if (line === 'COMMIT') table = null;
  });
  return { tables };
}
