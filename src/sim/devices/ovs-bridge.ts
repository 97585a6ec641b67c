// An Open vSwitch bridge: the OpenFlow tables evaluated in order of priority, with resubmit, output,
// VLAN and tunnel-id actions, the learn action of br-tun table 10, the ARP responder of table 21, and
// NORMAL: a MAC-learning switch within each VLAN that honours access-port tags (neutron-facts §3-§7);
// registers, ct() and conjunctions for the openvswitch firewall (neutron-facts-beyond §4).
import { isMulticastMac } from '../addr/mac';
import type { Handler, Step } from '../engine/types';
import type { OvsBridge } from '../realize/dataplane';
import { type Frame, frameLength, withVlan } from '../wire/frame';
import { ctAction } from './openflow/ct';
import { type Flow, flowText } from './openflow/flow';
import type { PacketView } from './openflow/table';
import { arpRespond, learn, normal, type Run } from './ovs-bridge-actions';
import { firewallDecision } from './ovs-firewall';

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
