// ovn-trace [--ct=new|est] [DATAPATH] MICROFLOW: the logical network only, as OVN's ovn-trace(8)
// simulates it (neutron-facts-beyond §3.8): the microflow in OpenFlow syntax, then one section per
// pipeline pass headed ingress(dp=…, inport=…) or egress(dp=…, inport=…, outport=…), each stage that
// did more than next; with its match, priority and uuid, the actions one per line, ct_next sections,
// and /* output to "…", type "…" */ at each output. The same executor moves packets in a send
// (devices/ovn), on a copy of the state: a trace changes nothing.

import { type RunState, runPipeline } from '../devices/ovn/pipeline';
import type { Ctx } from '../engine/types';
import type { OvnBridge, OvnDb } from '../realize/ovn/db';
import { newLPacket } from '../realize/ovn/lflow';
import type { Frame } from '../wire/frame';
import { fail, ok, type ToolContext, type ToolResult, text } from './context';
import { noOvnDb } from './ovn-show';

const USAGE = `usage: ovn-trace [OPTIONS] [DATAPATH] MICROFLOW
  --detailed   table-by-table "backtrace" (default)
  --ct=FLAGS   the ct_state ct_next gives: est (default) or new`;

type Fields = Map<string, string>;

function parseMicroflow(s: string): Fields | string {
  const out: Fields = new Map();
  for (const part of s
    .split('&&')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([a-z0-9_.]+)\s*==\s*(.+)$/.exec(part);
    if (m) out.set(m[1]!, m[2]!.trim().replace(/^"(.*)"$/, '$1'));
    else if (/^[a-z0-9_.]+$/.test(part)) out.set(part, '1');
    else return `ovn-trace: syntax error in microflow at "${part}"`;
  }
  return out;
}

function frameOf(f: Fields): Frame {
  const eth = {
    src: f.get('eth.src') ?? '00:00:00:00:00:00',
    dst: f.get('eth.dst') ?? '00:00:00:00:00:00',
    vlan: null,
  };
  if (f.has('arp') || f.has('arp.op') || f.has('arp.tpa'))
    return {
      eth,
      l3: {
        kind: 'arp',
        op: f.get('arp.op') === '2' ? 2 : 1,
        sha: f.get('arp.sha') ?? eth.src,
        spa: f.get('arp.spa') ?? '0.0.0.0',
        tha: f.get('arp.tha') ?? '00:00:00:00:00:00',
        tpa: f.get('arp.tpa') ?? '0.0.0.0',
      },
    };
  const num = (k: string, d: number) => Number(f.get(k) ?? d);
  const l4 =
    f.has('tcp') || f.has('tcp.dst')
      ? ({ kind: 'tcp', sport: num('tcp.src', 0), dport: num('tcp.dst', 0), flags: 'S' } as const)
      : f.has('udp') || f.has('udp.dst')
        ? ({
            kind: 'udp',
            sport: num('udp.src', 0),
            dport: num('udp.dst', 0),
            payload: { kind: 'data', bytes: 0 },
          } as const)
        : ({
            kind: 'icmp',
            type: f.get('icmp4.type') === '0' ? 'echo-reply' : 'echo-request',
            code: 0,
            id: 0,
            seq: 0,
            data: 0,
          } as const);
  return {
    eth,
    l3: {
      kind: 'ipv4',
      src: f.get('ip4.src') ?? '0.0.0.0',
      dst: f.get('ip4.dst') ?? '0.0.0.0',
      ttl: num('ip.ttl', 64),
      id: 0,
      df: false,
      l4,
    },
  };
}

/** The microflow as ovn-trace prints it first, in OpenFlow syntax. */
function openflowOf(frame: Frame, inKey: number): string {
  const e = `reg14=0x${inKey.toString(16)},vlan_tci=0x0000,dl_src=${frame.eth.src},dl_dst=${frame.eth.dst}`;
  if (frame.l3.kind === 'arp')
    return `# arp,${e},arp_spa=${frame.l3.spa},arp_tpa=${frame.l3.tpa},arp_op=${frame.l3.op},arp_sha=${frame.l3.sha},arp_tha=${frame.l3.tha}`;
  const ip = frame.l3;
  const head = `${e},nw_src=${ip.src},nw_dst=${ip.dst},nw_tos=0,nw_ecn=0,nw_ttl=${ip.ttl},nw_frag=no`;
  const l4 = ip.l4;
  if (l4.kind === 'icmp') return `# icmp,${head},icmp_type=${l4.type === 'echo-reply' ? 0 : 8},icmp_code=0`;
  return `# ${l4.kind},${head},tp_src=${l4.sport},tp_dst=${l4.dport}${l4.kind === 'tcp' ? ',tcp_flags=0' : ''}`;
}

/** Splits "a; b { c; d; }; e;" into its top-level statements. */
function statements(actions: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of actions) {
    cur += ch;
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === ';' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The executor's lines in ovn-trace's layout: two-column stage numbers, one action a line. */
function traceLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('/* table 0')) continue;
    if (/^(ingress|egress)\(/.test(l)) {
      if (out.length) out.push('');
      out.push(l);
      continue;
    }
    const m = /^(\d+)\. (.*)$/.exec(l);
    if (m) {
      out.push(`${m[1]!.padStart(2)}. ${m[2]}`);
      const next = lines[i + 1];
      if (next?.startsWith('    ') && !next.startsWith('    ct_next(') && !next.startsWith('    /*')) {
        for (const s of statements(next.trim())) out.push(`    ${s}`);
        i++;
      }
      continue;
    }
    out.push(l);
  }
  return out;
}

function fakeCtx(ctx: ToolContext): Ctx {
  const state = {
    ...ctx.state,
    conntrack: new Map(),
    neigh: new Map([...ctx.state.neigh].map(([k, v]) => [k, new Map(v)])),
  };
  return {
    plane: ctx.plane,
    state,
    now: state.clock,
    packet: '',
    newPacket: () => '',
    schedule: () => {},
    probeOf: () => null,
    withPacket: (_p, fn) => fn(),
    setProbe: () => {},
    probes: [],
    pending: new Map(),
    peerName: () => null,
  };
}

function trace(ctx: ToolContext, db: OvnDb, frame: Frame, inport: string, ct: 'new' | 'est'): string[] {
  const br = [...ctx.plane.devices.values()].find((d): d is OvnBridge => d.kind === 'ovn-bridge')!;
  const pkt = newLPacket(frame, inport, br.host!);
  const rs: RunState = {
    ctx: fakeCtx(ctx),
    br,
    resident: () => true,
    pkt,
    changes: [],
    lines: [],
    decider: null,
    chose: null,
    acl: null,
    made: null,
    arpRequest: null,
    learned: false,
    dropWhy: null,
    ct: null,
    ctOverride: ct,
  };
  let dp = db.datapaths.get(db.ports.get(inport)!.dp)!;
  for (let pass = 0; pass < 16; pass++) {
    const end = runPipeline(rs, dp, 'ingress');
    if (end !== 'output') break;
    let out = rs.pkt.outport ?? '';
    let b = dp.ports.get(out);
    if (b?.type === 'chassisredirect') {
      rs.lines.push(
        `/* Replacing type "chassisredirect" outport "${out}" with distributed port "${b.peer}". */`,
      );
      out = b.peer!;
      rs.pkt.outport = out;
      b = dp.ports.get(out);
    }
    if (out.startsWith('_MC_')) {
      rs.lines.push(`multicast(dp="${dp.name}", mcgroup="${out}")`);
      break;
    }
    if (runPipeline(rs, dp, 'egress') !== 'output') break;
    rs.lines.push(`    /* output to "${out}", type "${b?.type ?? ''}" */`);
    const peer = b?.type === 'patch' ? db.ports.get(b.peer ?? '') : undefined;
    if (!peer) break;
    dp = db.datapaths.get(peer.dp)!;
    rs.pkt.inport = peer.logical_port;
    rs.pkt.outport = null;
  }
  return traceLines(rs.lines);
}

export function runOvnTrace(ctx: ToolContext, argv: readonly string[]): ToolResult {
  const db = noOvnDb(ctx, 'ovn-trace');
  if (!('nb' in db)) return db;
  let ct: 'new' | 'est' = 'est';
  let given = false;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return ok(`${USAGE}\n`);
    const m = /^--ct(?:=(.*))?$/.exec(a);
    if (m) {
      const v = m[1] ?? argv[++i] ?? '';
      if (v !== 'new' && v !== 'est')
        return fail(`ovn-trace: --ct: "${v}" is not new or est (this trace models those two)`, 1);
      ct = v;
      given = true;
    } else if (a === '--detailed') continue;
    else if (a === '--summary' || a === '--minimal')
      return fail(`ovn-trace: ${a} is not simulated here; use --detailed`, 1);
    else words.push(a);
  }
  const flow = words.at(-1);
  if (!flow || words.length > 2) return fail(USAGE, 1);
  const fields = parseMicroflow(flow);
  if (typeof fields === 'string') return fail(fields, 1);
  const inport = fields.get('inport');
  if (!inport)
    return fail(
      'ovn-trace: microflow must specify inport, e.g. \'inport == "<port>" && eth.src == … && ip4.dst == …\'',
      1,
    );
  const b = db.ports.get(inport);
  if (!b) return fail(`ovn-trace: unknown logical port "${inport}"`, 1);
  const dp = db.datapaths.get(b.dp)!;
  if (words.length === 2 && words[0] !== dp.name && words[0] !== dp.aka)
    return fail(`ovn-trace: logical port "${inport}" is not in datapath "${words[0]}"`, 1);
  const frame = frameOf(fields);
  const lines = trace(ctx, db, frame, inport, ct);
  const shown = given ? lines.map((l) => l.replace(' /* default (use --ct to customize) */', '')) : lines;
  return ok(text([openflowOf(frame, b.tunnel_key), '', ...shown]));
}
