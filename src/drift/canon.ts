// One spelling for a flow, whichever side wrote it. ovs-ofctl names a port by its name or its ofport
// number (--names, --no-names), newer OVS prints `pop_vlan` and `set_field:…->tun_id` where older
// prints `strip_vlan` and `load:…->NXM_NX_TUN_ID[]`, and cookies and counters carry no meaning for
// what a flow does. Local VLAN numbers are the host's own (the agent's LocalVlanManager hands them out
// in its own order), so a real host's are mapped to the model's through its ports' tags before the
// comparison.

export interface Canon {
  /** ofport number -> port name on this bridge */
  readonly ofports: ReadonlyMap<number, string>;
  /** the host's local VLAN -> the model's */
  readonly vlans: ReadonlyMap<number, number>;
}

const vlan = (c: Canon, v: string) => {
  const n = Number(v);
  return String(c.vlans.get(n) ?? n);
};
const portName = (c: Canon, p: string) => {
  const q = p.replace(/"/g, '');
  return /^\d+$/.test(q) ? (c.ofports.get(Number(q)) ?? q) : q;
};
const num = (v: string) => String(Number(v.startsWith('0x') ? Number.parseInt(v.slice(2), 16) : Number(v)));

export function canonMatch(token: string, c: Canon): string {
  const t = token.replace(/"/g, '');
  const [k, v] = t.includes('=') ? [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)] : [t, ''];
  switch (k) {
    case 'in_port':
      return `in_port=${portName(c, v)}`;
    case 'dl_vlan':
      return `dl_vlan=${vlan(c, v)}`;
    case 'tun_id':
      return `tun_id=${num(v)}`;
    case 'dl_type':
      return v === '0x0806' ? 'arp' : v === '0x0800' ? 'ip' : t;
    case 'dl_src':
    case 'dl_dst':
    case 'arp_sha':
      return `${k}=${v.toLowerCase()}`;
    default:
      return t;
  }
}

/** Spellings of one action, first match wins: [pattern, canonical form]. */
const ACTIONS: readonly [RegExp, (m: RegExpExecArray, c: Canon) => string][] = [
  [/^output:(.+)$/, (m, c) => `output:${portName(c, m[1]!)}`],
  [
    /^(?:load:|set_field:)(0x[0-9a-fA-F]+|\d+)->(?:NXM_NX_TUN_ID\[\]|tun_id)$/,
    (m) => `set_tunnel:${num(m[1]!)}`,
  ],
  [/^set_tunnel(?:64)?:(0x[0-9a-fA-F]+|\d+)$/, (m) => `set_tunnel:${num(m[1]!)}`],
  [/^(?:strip_vlan|pop_vlan)$/, () => 'pop_vlan'],
  [/^mod_vlan_vid:(\d+)$/, (m, c) => `mod_vlan_vid:${vlan(c, m[1]!)}`],
  [/^(?:load:0->NXM_OF_VLAN_TCI\[\]|set_field:0->vlan_tci)$/, () => 'clear_vlan_tci'],
  [/^goto_table:(\d+)$/, (m) => `resubmit(,${m[1]})`],
  [/^in_port$/i, () => 'IN_PORT'],
  [/^normal$/i, () => 'NORMAL'],
  [/^learn\(.*$/, (m) => m[0].replace(/cookie=0x[0-9a-fA-F]+/, 'cookie=*')],
];

export function canonAction(action: string, c: Canon): string {
  const a = action.replace(/"/g, '').trim();
  for (const [re, to] of ACTIONS) {
    const m = re.exec(a);
    if (m) return to(m, c);
  }
  return a;
}

export function flowKey(table: number, priority: number, match: readonly string[], c: Canon): string {
  return `${table}|${priority}|${match
    .map((m) => canonMatch(m, c))
    .sort()
    .join(',')}`;
}

export function actionsKey(actions: readonly string[], c: Canon): string {
  return actions.map((a) => canonAction(a, c)).join(',');
}

/**
 * The local VLAN numbers a flow uses, as written: on br-tun every VLAN is local; on br-int only the one
 * a provider network's frames are given (mod_vlan_vid), its match being the provider's VLAN; on a
 * provider bridge only the one it matches (dl_vlan), its mod_vlan_vid being the provider's.
 */
export function vlansOf(
  role: 'int' | 'tun' | 'phys',
  match: readonly string[],
  actions: readonly string[],
): number[] {
  const out: number[] = [];
  if (role !== 'int')
    for (const m of match) {
      const x = /^dl_vlan=(\d+)$/.exec(m);
      if (x) out.push(Number(x[1]));
    }
  if (role !== 'phys')
    for (const a of actions) {
      const x = /^mod_vlan_vid:(\d+)$/.exec(a);
      if (x) out.push(Number(x[1]));
    }
  return out;
}
