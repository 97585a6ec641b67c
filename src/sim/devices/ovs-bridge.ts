// An Open vSwitch bridge: the OpenFlow tables evaluated in order of priority, with resubmit, output,
// VLAN and tunnel-id actions, the learn action of br-tun table 10, the ARP responder of table 21, and
// NORMAL: a MAC-learning switch within each VLAN that honours access-port tags (neutron-facts §3-§7);
// registers, ct() and conjunctions for the openvswitch firewall (neutron-facts-beyond §4).
import { isMulticastMac } from '../addr/mac';
import { mapOf } from '../engine/state';
import type { Ctx, Handler, Step } from '../engine/types';
import type { OvsBridge } from '../realize/dataplane';
import { learnedFlow } from '../realize/ovs-flows';
import { type Frame, frameLength, withVlan } from '../wire/frame';
import { type CtView, ctAction } from './openflow/ct';
import { type Flow, flowText } from './openflow/flow';
import { FlowTable, type PacketView } from './openflow/table';
import { firewallDecision } from './ovs-firewall';

interface Output {
  port: string;
  frame: Frame;
  tunId: number | null;
  flow: Flow | null;
  words: string;
  flooded: boolean;
  packet?: string;
  /** the frame as the flows' actions had left it when this output was made (NORMAL then tags or
   * untags it for its port), and how many of the run's VLAN edits were made by then */
  base: Frame;
  editsAt: number;
}

interface Run {
  readonly ctx: Ctx;
  readonly dev: OvsBridge;
  readonly inPort: string;
  frame: Frame;
  tunId: number | null;
  readonly trail: Flow[];
  readonly outputs: Output[];
  lastFlow: Flow | null;
  miss: number | null;
  consumed: string | null;
  /** VLAN rewrites the flows' actions made, in order: a tag pushed then stripped is still told */
  readonly edits: string[];
  /** registers 5, 6 and 7 */
  regs: [number, number, number];
  /** what the last ct() said, null while untracked */
  ct: CtView | null;
  /** the frame as the first ct() saw it, what the firewall judged */
  judged: Frame | null;
}

function viewOf(r: Run): PacketView {
  const f = r.frame;
  return {
    in_port: r.inPort,
    vlan: f.eth.vlan,
    dl_src: f.eth.src,
    dl_dst: f.eth.dst,
    arp: f.l3.kind === 'arp' ? { spa: f.l3.spa, tpa: f.l3.tpa, op: f.l3.op, tha: f.l3.tha } : null,
    tun_id: r.tunId,
    ip: f.l3.kind === 'ipv4' ? f.l3 : null,
    regs: r.regs,
    ct: r.ct,
  };
}

function lookup(r: Run, table: number): Flow | null {
  const view = viewOf(r);
  const hit = r.dev.flows.get(table)?.lookup(view) ?? null;
  // what table 10's learn action adds goes to table 20 only
  if (table !== 20) return hit;
  const learned = r.ctx.state.learned.get(r.dev.id)?.lookup(view) ?? null;
  return learned && (!hit || learned.priority > hit.priority) ? learned : hit;
}

function learn(r: Run, cookie: string): void {
  if (r.frame.eth.vlan === null || r.tunId === null) return;
  let t = r.ctx.state.learned.get(r.dev.id);
  if (!t) {
    t = new FlowTable(20);
    r.ctx.state.learned.set(r.dev.id, t);
  }
  const flow: Flow & { addedAt?: number } = {
    ...learnedFlow(r.frame.eth.vlan, r.frame.eth.src, r.tunId, r.inPort, cookie),
    installedAt: r.ctx.now,
  };
  const old = t.add(flow);
  // learned again, a flow is modified: its hard timeout starts over, its duration goes on (ovs-ofctl(8))
  flow.addedAt = old ? (old.addedAt ?? old.installedAt ?? r.ctx.now) : r.ctx.now;
  // learning again what is already known replaces the flow: its duration starts again, its packet and
  // byte counters carry on (OpenFlow 1.2+ re-adds keep them unless reset_counts is set; ovs-ofctl(8))
  const hits = old && r.ctx.state.flowHits.get(old);
  if (hits) {
    r.ctx.state.flowHits.set(flow, hits);
    r.ctx.state.flowHits.delete(old);
  }
}

function normal(r: Run, flow: Flow, flooded: boolean): void {
  const inP = r.dev.ports.get(r.inPort);
  let vlan: number;
  if (inP?.tag != null) {
    if (r.frame.eth.vlan !== null && r.frame.eth.vlan !== inP.tag) {
      r.miss = null;
      r.lastFlow = flow;
      r.consumed = `NORMAL: a frame tagged ${r.frame.eth.vlan} on access port ${r.inPort} (tag ${inP.tag}) is dropped`;
      return;
    }
    vlan = inP.tag;
  } else vlan = r.frame.eth.vlan ?? 0;
  const fdb = mapOf(r.ctx.state.fdb, r.dev.id);
  fdb.set(`${vlan}|${r.frame.eth.src}`, { port: r.inPort, at: r.ctx.now });
  const dst = r.frame.eth.dst;
  const known = isMulticastMac(dst) ? undefined : fdb.get(`${vlan}|${dst}`);
  const vname = vlan === 0 ? 'untagged' : `VLAN ${vlan}`;
  // a flood sends one frame to many ports: at most an untagged and a tagged copy of it are made
  let untagged: Frame | null = null;
  let tagged: Frame | null = null;
  const emit = (port: string, words: string, copy: boolean) => {
    const p = r.dev.ports.get(port);
    if (!p) return;
    let frame: Frame;
    if (p.tag != null || vlan === 0) {
      untagged ??= withVlan(r.frame, null);
      frame = untagged;
    } else {
      tagged ??= withVlan(r.frame, vlan);
      frame = tagged;
    }
    r.outputs.push({
      port,
      frame,
      tunId: null,
      flow,
      words,
      flooded: copy,
      base: r.frame,
      editsAt: r.edits.length,
    });
  };
  if (known) {
    if (known.port === r.inPort) {
      r.lastFlow = flow;
      r.consumed = `NORMAL: ${dst} is behind the port it came from`;
      return;
    }
    emit(known.port, `NORMAL: ${dst} learned on ${known.port} in ${vname}`, flooded);
    return;
  }
  const why = isMulticastMac(dst)
    ? `broadcast in ${vname}: flood`
    : `${dst} not yet learned in ${vname}: flood`;
  for (const p of r.dev.ports.values()) {
    if (p.name === r.inPort) continue;
    if (p.tag != null ? p.tag !== vlan : false) continue;
    emit(p.name, `NORMAL: ${why}`, true);
  }
  if (r.outputs.length === 0) {
    r.lastFlow = flow;
    r.consumed = `NORMAL: no other port in ${vname}`;
  }
}

function arpRespond(r: Run, flow: Flow, mac: string, ip: string): void {
  const req = r.frame;
  if (req.l3.kind !== 'arp') return;
  const reply: Frame = {
    eth: { src: mac, dst: req.eth.src, vlan: req.eth.vlan },
    l3: { kind: 'arp', op: 2, sha: mac, spa: ip, tha: req.l3.sha, tpa: req.l3.spa },
  };
  const packet = r.ctx.newPacket(reply, r.ctx.packet);
  r.consumed = `ARP responder (table 21) answers: ${ip} is at ${mac}`;
  r.lastFlow = flow;
  r.outputs.push({
    port: r.inPort,
    frame: reply,
    tunId: null,
    flow,
    words: `ARP responder reply: ${ip} is at ${mac}`,
    flooded: false,
    packet,
    base: reply,
    editsAt: 0,
  });
}

function runTable(r: Run, table: number, depth: number, flooded: boolean): void {
  if (depth > 32) return;
  const flow = lookup(r, table);
  if (!flow) {
    r.miss = table;
    return;
  }
  r.trail.push(flow);
  // the flow's counters, as ovs-ofctl dump-flows shows them
  const hits = r.ctx.state.flowHits.get(flow);
  if (hits) {
    hits.packets++;
    hits.bytes += frameLength(r.frame);
  } else r.ctx.state.flowHits.set(flow, { packets: 1, bytes: frameLength(r.frame) });
  for (const a of flow.actions) {
    switch (a.a) {
      case 'resubmit':
        runTable(r, a.table, depth + 1, flooded);
        break;
      case 'output':
        r.outputs.push({
          port: a.port,
          frame: r.frame,
          tunId: r.tunId,
          flow,
          words: flow.why ?? `output to ${a.port}`,
          flooded: flooded || flow.actions.filter((x) => x.a === 'output').length > 1,
          base: r.frame,
          editsAt: r.edits.length,
        });
        break;
      case 'in_port':
        r.outputs.push({
          port: r.inPort,
          frame: r.frame,
          tunId: r.tunId,
          flow,
          words: 'back out the port it came from',
          flooded,
          base: r.frame,
          editsAt: r.edits.length,
        });
        break;
      case 'normal':
        normal(r, flow, flooded);
        break;
      case 'drop':
        r.lastFlow = flow;
        break;
      case 'mod_dl_src':
      case 'mod_dl_dst': {
        const end = a.a === 'mod_dl_src' ? 'src' : 'dst';
        if (r.frame.eth[end] !== a.mac) r.edits.push(`${end} mac ${r.frame.eth[end]} -> ${a.mac}`);
        r.frame = { ...r.frame, eth: { ...r.frame.eth, [end]: a.mac } };
        break;
      }
      case 'strip_vlan':
      case 'pop_vlan':
      case 'clear_vlan_tci':
        if (r.frame.eth.vlan !== null) r.edits.push(`strip vlan ${r.frame.eth.vlan}`);
        r.frame = withVlan(r.frame, null);
        break;
      case 'mod_vlan_vid':
        if (r.frame.eth.vlan !== a.vlan)
          r.edits.push(
            r.frame.eth.vlan === null ? `push vlan ${a.vlan}` : `mod vlan ${r.frame.eth.vlan} -> ${a.vlan}`,
          );
        r.frame = withVlan(r.frame, a.vlan);
        break;
      case 'set_tunnel':
        r.tunId = a.vni;
        break;
      case 'learn':
        learn(r, a.cookie);
        break;
      case 'arp_responder':
        arpRespond(r, flow, a.mac, a.ip);
        return;
      case 'load_reg':
        r.regs = [...r.regs];
        r.regs[a.reg - 5] = a.value;
        break;
      case 'ct':
        if (ctAction(r.ctx.state, r.dev.id, r, a)) runTable(r, a.table!, depth + 1, flooded);
        break;
      case 'ct_clear':
        r.ct = null;
        break;
      case 'conjunction':
        break;
    }
  }
}

function changesBetween(
  before: Frame,
  after: Frame,
  tunBefore: number | null,
  tunAfter: number | null,
): string[] {
  const c: string[] = [];
  const a = before.eth.vlan;
  const b = after.eth.vlan;
  if (a === null && b !== null) c.push(`push vlan ${b}`);
  else if (a !== null && b === null) c.push(`strip vlan ${a}`);
  else if (a !== null && b !== null && a !== b) c.push(`mod vlan ${a} -> ${b}`);
  if (tunAfter !== null && tunAfter !== tunBefore)
    c.push(`set tunnel 0x${tunAfter.toString(16)} (VNI ${tunAfter})`);
  return c;
}

export const ovsBridge: Handler<OvsBridge> = (ctx, dev, inPort, frame, meta, flooded) => {
  const r: Run = {
    ctx,
    dev,
    inPort,
    frame,
    tunId: meta.tunId ?? null,
    trail: [],
    outputs: [],
    lastFlow: null,
    miss: null,
    consumed: null,
    edits: [],
    regs: [0, 0, 0],
    ct: null,
    judged: null,
  };
  runTable(r, 0, 0, flooded);
  const trail = r.trail.map(flowText);
  const fw = firewallDecision(r.trail, r.judged ?? frame, r.ct);
  // Flows that rewrote the frame on the way explain as much as the one that output it.
  const rewrites = r.trail
    .filter(
      (f) =>
        f.why &&
        f.actions.some(
          (a) =>
            a.a === 'mod_vlan_vid' ||
            a.a === 'strip_vlan' ||
            a.a === 'pop_vlan' ||
            a.a === 'mod_dl_src' ||
            a.a === 'mod_dl_dst',
        ),
    )
    .map((f) => f.why!);
  const steps: Step[] = [];
  for (const o of r.outputs) {
    if (o.packet) {
      steps.push({
        out: o.port,
        frame: o.frame,
        action: o.words,
        rule: o.flow ? flowText(o.flow) : null,
        trail,
        changes: [],
        fate: 'forward',
        packet: o.packet,
        in: null,
      });
      continue;
    }
    // a firewall flow that outputs is told by the firewall's words (the rule that allowed it)
    const said = [
      ...rewrites.filter((w) => w !== o.words),
      ...(fw?.allowed ? [fw.words] : []),
      ...(fw?.allowed && o.flow?.fw ? [] : [o.words]),
    ];
    steps.push({
      out: o.port,
      frame: o.frame,
      action: `${said.join('; ')} -> ${o.port}`,
      rule: o.flow ? flowText(o.flow) : null,
      trail,
      changes: o.editsAt
        ? [...r.edits.slice(0, o.editsAt), ...changesBetween(o.base, o.frame, meta.tunId ?? null, o.tunId)]
        : changesBetween(o.base, o.frame, meta.tunId ?? null, o.tunId),
      fate: 'forward',
      meta: o.tunId !== null ? { tunId: o.tunId } : undefined,
      flooded: o.flooded,
    });
  }
  const answered = r.outputs.some((o) => o.packet);
  if (answered)
    steps.unshift({
      out: null,
      frame,
      action: r.consumed ?? 'answered locally',
      rule: r.lastFlow ? flowText(r.lastFlow) : null,
      trail,
      changes: [],
      fate: 'deliver',
    });
  if (r.outputs.length === 0) {
    // a security group drop names the firewall's flow that decided it, not the drop of table 93
    const decided = fw && !fw.allowed ? fw.flow : null;
    const rule = decided
      ? flowText(decided)
      : r.lastFlow
        ? flowText(r.lastFlow)
        : r.miss !== null
          ? `table=${r.miss} (no matching flow: table miss)`
          : null;
    const words =
      r.consumed ??
      (fw && !fw.allowed
        ? `openvswitch firewall: ${fw.words}`
        : r.lastFlow?.why
          ? `drop: ${r.lastFlow.why}`
          : r.miss !== null
            ? `no flow in table ${r.miss} matches: dropped`
            : 'dropped');
    const discard = flooded || isMulticastMac(frame.eth.dst);
    steps.push({
      out: null,
      frame: r.frame,
      action: words,
      rule,
      trail,
      changes: [],
      fate: 'drop',
      drop: {
        reason:
          fw && !fw.allowed
            ? `security group: ${fw.words} (dropped on ${dev.name} of ${dev.host})`
            : `${dev.name} on ${dev.host}: ${words}`,
        severity: discard ? 'discard' : 'fatal',
      },
    });
  }
  return steps;
};
