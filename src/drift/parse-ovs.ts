// Open vSwitch's outputs as a host prints them: `ovs-vsctl show` (the OVSDB tree: bridges, ports, their
// tag, interface type and options) and `ovs-ofctl dump-flows BRIDGE` (one flow a line: cookie,
// duration, table, counters, idle/hard ages, priority and match, then actions=). Parsed leniently: a line
// that is not understood is kept as unparsed and said, never dropped in silence.

export interface VsctlPort {
  readonly name: string;
  readonly tag: number | null;
  readonly type: string;
  readonly options: Readonly<Record<string, string>>;
  /** line number in the text, from 1 */
  readonly line: number;
}

export interface VsctlBridge {
  readonly name: string;
  readonly ports: VsctlPort[];
  readonly line: number;
}

const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1');

/** `{df_default="true", in_key=flow, remote_ip="10.0.1.31"}` */
function parseOptions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = text.trim().replace(/^\{|\}$/g, '');
  for (const m of body.matchAll(/([A-Za-z0-9_:-]+)=("(?:[^"\\]|\\.)*"|[^,]*)/g))
    out[m[1]!] = unquote(m[2]!.trim());
  return out;
}

export function parseVsctlShow(text: string): { bridges: VsctlBridge[]; unparsed: number[] } {
  const bridges: VsctlBridge[] = [];
  const unparsed: number[] = [];
  let br: VsctlBridge | null = null;
  let port: {
    name: string;
    tag: number | null;
    type: string;
    options: Record<string, string>;
    line: number;
  } | null = null;
  const flush = () => {
    if (port && br) br.ports.push(port);
    port = null;
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (!line) return;
    const bridge = /^Bridge\s+(.+)$/.exec(line);
    const portLine = /^Port\s+(.+)$/.exec(line);
    const tag = /^tag:\s*(\d+)$/.exec(line);
    const type = /^type:\s*(\S+)$/.exec(line);
    const options = /^options:\s*(\{.*\})$/.exec(line);
    if (bridge) {
      flush();
      br = { name: unquote(bridge[1]!), ports: [], line: n };
      bridges.push(br);
    } else if (portLine) {
      flush();
      port = { name: unquote(portLine[1]!), tag: null, type: 'system', options: {}, line: n };
    } else if (tag && port) port.tag = Number(tag[1]);
    else if (type && port) port.type = unquote(type[1]!);
    else if (options && port) port.options = parseOptions(options[1]!);
    else if (
      /^(Interface\s|Controller\s|Manager\s|is_connected:|fail_mode:|datapath_type:|ovs_version:|trunks:|error:|bond_|lacp|link_state|mac_in_use|ofport|other_config|external_ids|datapath_id|protocols|[0-9a-f]{8}-)/.test(
        line,
      )
    )
      return;
    else unparsed.push(n);
  });
  flush();
  return { bridges, unparsed };
}

export interface DumpedFlow {
  readonly table: number;
  readonly priority: number;
  readonly match: readonly string[];
  readonly actions: readonly string[];
  readonly hardTimeout: boolean;
  readonly line: number;
  readonly text: string;
}

/** Splits at commas outside parentheses and quotes: `learn(a,b),output:1` is two actions. */
export function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    if (!quoted && c === '(') depth++;
    if (!quoted && c === ')') depth--;
    if (!quoted && depth === 0 && c === ',') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Fields of a dump-flows line that describe the flow's life, not what it does. */
const STATS =
  /^(cookie|duration|n_packets|n_bytes|idle_age|hard_age|idle_timeout|hard_timeout|reset_counts|send_flow_rem|importance|no_packet_counts|no_byte_counts|check_overlap|out_port|out_group)$/;

export function parseDumpFlows(text: string): { flows: DumpedFlow[]; unparsed: number[] } {
  const flows: DumpedFlow[] = [];
  const unparsed: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || /^(NXST_FLOW|OFPST_FLOW)/.test(line)) return;
    const at = line.indexOf(' actions=');
    const at2 = at < 0 && line.startsWith('actions=') ? 0 : at;
    if (at2 < 0) {
      unparsed.push(i + 1);
      return;
    }
    const head = line.slice(0, at2).replace(/,\s*$/, '');
    const acts = line.slice(at2).replace(/^\s*actions=/, '');
    let table = 0;
    let priority = 32768;
    let hardTimeout = false;
    const match: string[] = [];
    for (const field of head.split(/,\s*/).filter(Boolean)) {
      const [k, v] = field.includes('=')
        ? [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)]
        : [field, null];
      if (k === 'table') table = Number(v);
      else if (k === 'priority') priority = Number(v);
      else if (STATS.test(k)) {
        if (k === 'hard_timeout') hardTimeout = true;
      } else match.push(field);
    }
    if (!Number.isInteger(table) || !Number.isInteger(priority)) {
      unparsed.push(i + 1);
      return;
    }
    flows.push({ table, priority, match, actions: splitTop(acts), hardTimeout, line: i + 1, text: line });
  });
  return { flows, unparsed };
}
