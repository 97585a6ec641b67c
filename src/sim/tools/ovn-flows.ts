// ovs-ofctl dump-flows br-int on an OVN chassis: the OpenFlow tables ovn-controller installs, in OVN
// 24.03's layout (neutron-facts-beyond §3.4, §3.5): table 0 (physical to logical: VIFs, tunnels,
// localnet), the logical flows of every datapath at 8 + stage (ingress) and 42 + stage (egress) with the
// flow's uuid as cookie, remote output 39, local output 40, and logical to physical 65. A flow that
// matches is_chassis_resident() of a port bound elsewhere is not installed here. Matches are turned into
// OpenFlow fields; actions are abbreviated (pinctrl actions become controller(...)), docs/ovn.md.
import type { OvnBridge, OvnDb, SbDatapath } from '../realize/ovn/db';
import type { Lflow } from '../realize/ovn/lflow';
import { OFTABLE, openflowTable } from '../realize/ovn/stages';

const hex = (n: number) => `0x${n.toString(16)}`;
const MC: Record<string, number> = { _MC_flood: 32768, _MC_unknown: 32769, none: 0 };

/** Splits at a top-level separator (outside (), {} and quotes). */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '(' || ch === '{')) depth++;
    if (!quoted && (ch === ')' || ch === '}')) depth--;
    if (!quoted && depth === 0 && s.startsWith(sep, i)) {
      out.push(cur.trim());
      cur = '';
      i += sep.length - 1;
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** The index of the parenthesis that closes the one at `i`. */
function closing(s: string, i: number): number {
  let d = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === '(') d++;
    if (s[j] === ')' && --d === 0) return j;
  }
  return -1;
}

/** The expression without parentheses around the whole of it. */
function unwrap(s: string): string {
  let t = s.trim();
  while (t.startsWith('(') && closing(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/** A match as alternatives of clause lists (disjunctive normal form). */
function dnf(expr: string): string[][] {
  const out: string[][] = [];
  for (const alt of splitTop(unwrap(expr), '||')) {
    let acc: string[][] = [[]];
    for (const clause of splitTop(unwrap(alt), '&&')) {
      const inner = unwrap(clause);
      const nested = splitTop(inner, '||').length > 1 || splitTop(inner, '&&').length > 1;
      const sub = nested ? dnf(inner) : [[inner]];
      acc = acc.flatMap((a) => sub.map((b) => [...a, ...b]));
    }
    out.push(...acc);
  }
  return out;
}

interface Env {
  readonly db: OvnDb;
  readonly dp: SbDatapath;
  readonly host: string;
}

interface Fields {
  rows: string[][];
  readonly regs: Map<string, { v: number; m: number }>;
  readonly ct: string[];
  proto: string;
  readonly env: Env;
}

const add = (st: Fields, ...alts: string[]) => {
  st.rows = st.rows.flatMap((r) => alts.map((a) => [...r, a]));
};
const portKey = (env: Env, name: string) => MC[name] ?? env.dp.ports.get(name)?.tunnel_key ?? 0;
const ipProto = (st: Fields) => {
  st.proto ||= 'ip';
};
const regName = (end: string) => (end === 'inport' ? 'reg14' : 'reg15');

/** Each clause of a logical match and the OpenFlow fields it becomes; false: not installed here. */
const CLAUSES: [RegExp, (m: RegExpExecArray, st: Fields) => boolean | undefined][] = [
  [/^1?$/, () => true],
  [/^is_chassis_resident\("(.+)"\)$/, (m, st) => st.env.db.ports.get(m[1]!)?.chassis === st.env.host],
  [
    /^(inport|outport) == "(.+)"$/,
    (m, st) => void add(st, `${regName(m[1]!)}=${hex(portKey(st.env, m[2]!))}`),
  ],
  [
    /^(inport|outport) == @(.+)$/,
    (m, st) => {
      const pg = st.env.db.nb.portGroups.find((g) => g.name === m[2]);
      const keys = [...(pg?.ports ?? [])]
        .filter((p) => st.env.dp.ports.has(p))
        .map((p) => portKey(st.env, p));
      add(st, ...keys.map((k) => `${regName(m[1]!)}=${hex(k)}`));
      return keys.length > 0;
    },
  ],
  [/^eth\.(src|dst) == ([0-9a-f:]+)$/, (m, st) => void add(st, `dl_${m[1]}=${m[2]}`)],
  [/^eth\.mcast$/, (_m, st) => void add(st, 'dl_dst=01:00:00:00:00:00/01:00:00:00:00:00')],
  [/^eth\.src\[40\]$/, (_m, st) => void add(st, 'dl_src=01:00:00:00:00:00/01:00:00:00:00:00')],
  [/^vlan\.present$/, (_m, st) => void add(st, 'vlan_tci=0x1000/0x1000')],
  [
    /^arp$/,
    (_m, st) => {
      st.proto = 'arp';
      return true;
    },
  ],
  [
    /^arp\.(op|tpa) == (\S+)$/,
    (m, st) => {
      st.proto = 'arp';
      add(st, `arp_${m[1]}=${m[2]}`);
      return true;
    },
  ],
  [/^ip4?$/, (_m, st) => void ipProto(st)],
  [
    /^ip4\.(src|dst) == \{(.+)\}$/,
    (m, st) => void (ipProto(st), add(st, ...m[2]!.split(', ').map((x) => `nw_${m[1]}=${x}`))),
  ],
  [
    /^ip4\.(src|dst) == \$(.+)_ip4$/,
    (m, st) => {
      const pg = st.env.db.nb.portGroups.find((g) => g.name === m[2]);
      const ips = [...(pg?.ports ?? [])].flatMap((p) => st.env.db.ports.get(p)?.ips ?? []);
      ipProto(st);
      add(st, ...ips.map((x) => `nw_${m[1]}=${x}`));
      return ips.length > 0;
    },
  ],
  [
    /^ip4\.(src|dst) == (\S+)$/,
    (m, st) => {
      ipProto(st);
      add(st, `nw_${m[1]}=${m[2]}`);
      return true;
    },
  ],
  [
    /^icmp4$/,
    (_m, st) => {
      st.proto = 'icmp';
      return true;
    },
  ],
  [
    /^icmp4\.(type|code) == (\d+)$/,
    (m, st) => {
      st.proto = 'icmp';
      add(st, `icmp_${m[1]}=${m[2]}`);
      return true;
    },
  ],
  [
    /^(tcp|udp)$/,
    (m, st) => {
      st.proto = m[1]!;
      return true;
    },
  ],
  [
    /^(tcp|udp)\.(src|dst) == (\d+)$/,
    (m, st) => {
      st.proto = m[1]!;
      add(st, `tp_${m[2]}=${m[3]}`);
      return true;
    },
  ],
  [
    /^(tcp|udp)\.dst (>=|<=) (\d+)$/,
    (m, st) => {
      st.proto = m[1]!;
      add(st, `tp_dst${m[2] === '>=' ? '>' : '<'}=${m[3]}`);
      return true;
    },
  ],
  [
    /^(reg\d+)\[(\d+)\](?: == (\d))?$/,
    (m, st) => {
      const bit = 1 << Number(m[2]);
      const r = st.regs.get(m[1]!) ?? { v: 0, m: 0 };
      st.regs.set(m[1]!, { v: m[3] === '0' ? r.v : r.v | bit, m: r.m | bit });
      return true;
    },
  ],
  [
    /^reg0 == (\S+)$/,
    (m, st) => void add(st, `reg0=${hex(m[1]!.split('.').reduce((n, o) => n * 256 + Number(o), 0))}`),
  ],
  [/^(!?)ct\.(new|est|rel|inv|rpl)$/, (m, st) => void st.ct.push(`${m[1] ? '-' : '+'}${m[2]}`)],
  [/^ct_mark\.blocked == (\d)$/, (m, st) => void add(st, `ct_mark=${m[1] === '1' ? '0x1/0x1' : '0/0x1'}`)],
];

/** The OpenFlow fields of one conjunction, or null when the flow is not installed on this chassis. */
function fieldsOf(clauses: readonly string[], env: Env): string[][] | null {
  const st: Fields = { rows: [[]], regs: new Map(), ct: [], proto: '', env };
  for (const c of clauses)
    for (const [re, apply] of CLAUSES) {
      const m = re.exec(c);
      if (!m) continue;
      if (apply(m, st) === false) return null;
      break;
    }
  const extra: string[] = [];
  for (const [r, x] of st.regs) extra.push(`${r}=${hex(x.v)}/${hex(x.m >>> 0)}`);
  if (st.ct.length) extra.push(`ct_state=${st.ct.join('')}+trk`);
  return st.rows.map((r) => [
    ...(st.proto ? [st.proto] : []),
    ...extra,
    `metadata=${hex(env.dp.tunnel_key)}`,
    ...r,
  ]);
}

/** The OpenFlow actions of a logical flow, abbreviated. */
function actionsOf(f: Lflow, env: Env): string {
  const t = openflowTable(f.pipeline, f.table);
  const out: string[] = [];
  for (const a of f.run) {
    if (a.k === 'next') out.push(`resubmit(,${t + 1})`);
    else if (a.k === 'output')
      out.push(
        `resubmit(,${f.pipeline === 'ingress' ? OFTABLE.OUTPUT_LARGE_PKT_DETECT : OFTABLE.SAVE_INPORT})`,
      );
    else if (a.k === 'drop') out.push('drop');
    else if (a.k === 'outport')
      out.push(`load:${hex(MC[a.port] ?? env.dp.ports.get(a.port)?.tunnel_key ?? 0)}->NXM_NX_REG15[]`);
    else if (a.k === 'outport-inport')
      out.push('move:NXM_NX_REG14[]->NXM_NX_REG15[]', 'load:0x1->NXM_NX_REG10[0]');
    else if (a.k === 'ct-next') out.push(`ct(table=${t + 1},zone=NXM_NX_REG13[0..15])`);
    else if (a.k === 'ct-commit')
      out.push('ct(commit,zone=NXM_NX_REG13[0..15],exec(load:0->NXM_NX_CT_MARK[0]))');
    else if (a.k === 'ct-snat')
      out.push(`ct(commit,table=${t + 1},zone=NXM_NX_REG12[0..15],nat${a.ip ? `(src=${a.ip})` : ''})`);
    else if (a.k === 'ct-dnat')
      out.push(`ct(commit,table=${t + 1},zone=NXM_NX_REG11[0..15],nat${a.ip ? `(dst=${a.ip})` : ''})`);
    else if (a.k === 'eth-dst' || a.k === 'eth-src')
      out.push(`set_field:${a.mac}->eth_${a.k === 'eth-dst' ? 'dst' : 'src'}`);
    else if (a.k === 'route')
      out.push(
        'dec_ttl()',
        `set_field:${a.mac}->eth_src`,
        `load:${hex(env.dp.ports.get(a.port)?.tunnel_key ?? 0)}->NXM_NX_REG15[]`,
        'load:0x1->NXM_NX_REG10[0]',
      );
    else if (a.k === 'set')
      out.push(
        `load:${a.v ? '0x1' : '0'}->NXM_NX_${a.reg === 'aclAllow' || a.reg === 'aclDrop' ? 'XREG4' : 'XXREG0'}[${{ wantCt: 96, commit: 97, aclAllow: 48, aclDrop: 49 }[a.reg]}]`,
      );
    else if (a.k === 'arp-reply' || a.k === 'icmp-echo-reply')
      out.push(
        a.k === 'arp-reply'
          ? `set_field:${a.mac}->eth_src,load:0x2->NXM_OF_ARP_OP[],set_field:${a.ip}->arp_spa`
          : 'push:NXM_OF_IP_SRC[],push:NXM_OF_IP_DST[],pop:NXM_OF_IP_SRC[],pop:NXM_OF_IP_DST[],load:0xff->NXM_NX_IP_TTL[],load:0->NXM_OF_ICMP_TYPE[]',
      );
    else out.push(`controller(userdata=${a.k})`);
  }
  return out.join(',');
}

/** Table 0, 39, 40 and 65 of this chassis: where its ports, tunnels and localnet patch ports go. */
function physicalFlows(br: OvnBridge, db: OvnDb): [number, number, string, string][] {
  const rows: [number, number, string, string][] = [];
  for (const [ovs, lport] of br.lportOf) {
    const b = db.ports.get(lport);
    if (!b) continue;
    const zone = br.zones.get(lport);
    const set = `${zone ? `load:${hex(zone)}->NXM_NX_REG13[0..15],` : ''}load:${hex(b.dp)}->OXM_OF_METADATA[],load:${hex(b.tunnel_key)}->NXM_NX_REG14[],resubmit(,8)`;
    if (b.type === 'localnet' && b.tag !== null)
      rows.push([0, 150, `in_port="${ovs}",dl_vlan=${b.tag}`, `strip_vlan,${set}`]);
    else rows.push([0, 100, `in_port="${ovs}"`, set]);
    const out =
      b.type === 'localnet' && b.tag !== null
        ? `mod_vlan_vid:${b.tag},output:"${ovs}",strip_vlan`
        : `output:"${ovs}"`;
    rows.push([
      OFTABLE.LOCAL_OUTPUT,
      100,
      `reg15=${hex(b.tunnel_key)},metadata=${hex(b.dp)}`,
      `resubmit(,${OFTABLE.LOG_EGRESS_PIPELINE})`,
    ]);
    rows.push([OFTABLE.LOG_TO_PHY, 100, `reg15=${hex(b.tunnel_key)},metadata=${hex(b.dp)}`, out]);
  }
  for (const [chassis, port] of br.tunnelTo) {
    rows.push([
      0,
      100,
      `in_port="${port}"`,
      `move:NXM_NX_TUN_ID[0..23]->OXM_OF_METADATA[0..23],move:NXM_NX_TUN_METADATA0[16..30]->NXM_NX_REG14[0..14],move:NXM_NX_TUN_METADATA0[0..15]->NXM_NX_REG15[0..15],resubmit(,${OFTABLE.LOCAL_OUTPUT})`,
    ]);
    const host = db.chassis.find((c) => c.name === chassis)?.hostname;
    for (const b of db.ports.values())
      if ((b.type === '' || b.type === 'chassisredirect') && b.chassis === host)
        rows.push([
          OFTABLE.REMOTE_OUTPUT,
          100,
          `reg15=${hex(b.tunnel_key)},metadata=${hex(b.dp)}`,
          `load:${hex(b.dp)}->NXM_NX_TUN_ID[0..23],set_field:${hex(b.tunnel_key)}->tun_metadata0,move:NXM_NX_REG14[0..14]->NXM_NX_TUN_METADATA0[16..30],output:"${port}"`,
        ]);
  }
  for (const b of db.ports.values())
    if (b.type === 'chassisredirect' && b.chassis === br.host) {
      const peer = db.ports.get(b.peer ?? '');
      rows.push([
        OFTABLE.LOCAL_OUTPUT,
        100,
        `reg15=${hex(b.tunnel_key)},metadata=${hex(b.dp)}`,
        `load:${hex(peer?.tunnel_key ?? 0)}->NXM_NX_REG15[],resubmit(,${OFTABLE.LOG_EGRESS_PIPELINE})`,
      ]);
    }
  rows.push([OFTABLE.REMOTE_OUTPUT, 0, '', `resubmit(,${OFTABLE.LOCAL_OUTPUT})`]);
  return rows;
}

export interface OvnDumpRow {
  readonly table: number;
  readonly priority: number;
  readonly cookie: string;
  readonly match: string;
  readonly actions: string;
}

/** Every OpenFlow flow of this chassis's br-int, table by table, highest priority first. */
export function ovnOpenflows(br: OvnBridge): OvnDumpRow[] {
  const db = br.db;
  const rows: OvnDumpRow[] = physicalFlows(br, db).map(([table, priority, match, actions]) => ({
    table,
    priority,
    cookie: '0x0',
    match,
    actions,
  }));
  for (const dp of db.datapaths.values()) {
    const env: Env = { db, dp, host: br.host! };
    for (const f of dp.flows) {
      const actions = actionsOf(f, env);
      for (const conj of dnf(f.match.t)) {
        const fields = fieldsOf(conj, env);
        for (const row of fields ?? [])
          rows.push({
            table: openflowTable(f.pipeline, f.table),
            priority: f.priority,
            cookie: `0x${f.uuid.slice(0, 8)}`,
            match: row.join(','),
            actions,
          });
      }
    }
  }
  return rows.sort((a, b) => a.table - b.table || b.priority - a.priority);
}
