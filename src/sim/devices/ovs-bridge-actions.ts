// The state of one packet's run through an OVS bridge's tables, and the actions that do more than edit
// the frame: NORMAL's MAC learning within a VLAN, the learn action of br-tun table 10 and the ARP
// responder of table 21; apart from ovs-bridge.ts, which walks the tables and tells the steps.
import { isMulticastMac } from '../addr/mac';
import { mapOf } from '../engine/state';
import type { Ctx } from '../engine/types';
import type { OvsBridge } from '../realize/dataplane';
import { learnedFlow } from '../realize/ovs-flows';
import { type Frame, withVlan } from '../wire/frame';
import type { CtView } from './openflow/ct';
import type { Flow } from './openflow/flow';
import { FlowTable } from './openflow/table';

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

export interface Run {
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

export function learn(r: Run, cookie: string): void {
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

export function normal(r: Run, flow: Flow, flooded: boolean): void {
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

export function arpRespond(r: Run, flow: Flow, mac: string, ip: string): void {
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
