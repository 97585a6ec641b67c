// The logical pipeline executor: runs the stages of one datapath's ingress or egress pipeline on a
// packet, as ovn-controller's OpenFlow tables 8-36 and 42-52 do (OVN 24.03), taking in each stage the
// highest-priority flow whose match holds. It writes what it did the way ovn-trace prints it
// (neutron-facts-beyond §3.8): a header per pass, then "<table>. <stage>: <match>, priority <p>, uuid
// <8 hex>" and the actions of each flow that did more than next;.
import type { Ctx } from '../../engine/types';
import type { OvnBridge, SbDatapath } from '../../realize/ovn/db';
import type { Lflow, LPacket } from '../../realize/ovn/lflow';
import { openflowTable, type Pipeline, stagesOf } from '../../realize/ovn/stages';
import type { Frame } from '../../wire/frame';
import { execute } from './actions';

/** What a run over one or more pipelines found out, for the hop it makes. */
export interface RunState {
  readonly ctx: Ctx;
  readonly br: OvnBridge;
  readonly resident: (port: string) => boolean;
  pkt: LPacket;
  readonly changes: string[];
  /** the run in ovn-trace's words */
  readonly lines: string[];
  /** the flow that decided where the packet went (or that it died) */
  decider: Lflow | null;
  /** the last flow that chose the outport (l2_lkup, ip_routing, gw_redirect, a responder) */
  chose: Lflow | null;
  /** the last flow of an ACL stage that matched (an ACL, or conntrack's verdict on a reply) */
  acl: Lflow | null;
  /** a reply made by the pipeline or ovn-controller (ARP, DHCP, ICMP): the packet received ends */
  made: 'arp' | 'dhcp' | 'icmp' | null;
  /** lr_in_arp_request: the ARP request to send while the packet waits */
  arpRequest: Frame | null;
  /** put_arp learned a MAC_Binding */
  learned: boolean;
  dropWhy: string | null;
  /** ovn-trace: ct_next gives this state and conntrack is not consulted (its --ct option) */
  readonly ctOverride?: 'new' | 'est';
  /** the conntrack zone and result of ct_next in this pass, for ct_commit */
  ct: {
    zone: string;
    entry: import('../../engine/state').CtEntry | null;
    dir: 'orig' | 'reply' | null;
  } | null;
}

export type PassEnd = 'output' | 'drop' | 'hold';

const short = (uuid: string) => uuid.slice(0, 8);

/** A flow as ovn-trace prints it, with the OpenFlow table it became. */
export function lflowLines(f: Lflow): string[] {
  return [
    `${f.table}. ${f.stage}: ${f.match.t}, priority ${f.priority}, uuid ${short(f.uuid)}`,
    `    ${f.actions}`,
  ];
}

/** The rule of a hop: the deciding flow, its actions, and the OpenFlow table ovn-controller made of it. */
export function lflowRule(f: Lflow, dpName: string): string {
  return [
    ...lflowLines(f),
    `    [${dpName} ${f.pipeline}; OpenFlow table=${openflowTable(f.pipeline, f.table)}, priority=${f.priority}]`,
  ].join('\n');
}

export function passHeader(dp: SbDatapath, pipeline: Pipeline, pkt: LPacket): string[] {
  const head =
    pipeline === 'ingress'
      ? `ingress(dp="${dp.name}", inport="${pkt.inport}")`
      : `egress(dp="${dp.name}", inport="${pkt.inport}", outport="${pkt.outport}")`;
  return [head, '-'.repeat(head.length)];
}

/** Runs one pipeline of a datapath on the packet. */
export function runPipeline(rs: RunState, dp: SbDatapath, pipeline: Pipeline): PassEnd {
  rs.lines.push(...passHeader(dp, pipeline, rs.pkt));
  const stages = stagesOf(dp.kind, pipeline);
  rs.ct = null;
  const p = rs.pkt;
  p.wantCt = false;
  p.commit = false;
  p.aclAllow = false;
  p.aclDrop = false;
  p.portSecFail = false;
  p.ct = null;
  p.ctReply = false;
  for (let n = 0; n < stages.length; n++) {
    const flow = dp.stageFlows(pipeline, n).find((f) => f.match.f(rs.pkt, rs.resident));
    if (!flow) {
      rs.lines.push(`${n}. ${stages[n]}: no match (implicit drop)`);
      rs.dropWhy = `no flow of ${stages[n]} (table ${n}, OpenFlow table ${openflowTable(pipeline, n)}) matches in ${dp.aka || dp.name}`;
      rs.decider = null;
      return 'drop';
    }
    const trivial = flow.priority === 0 && flow.actions === 'next;';
    if (!trivial) rs.lines.push(...lflowLines(flow));
    if (flow.stage.endsWith('_acl_eval') && flow.priority > 0) rs.acl = flow;
    const end = execute(rs, dp, pipeline, flow);
    if (end === 'next') continue;
    if (end === 'drop' && !rs.dropWhy) rs.dropWhy = flow.why ?? `${flow.stage} drops it`;
    // an ACL's verdict is carried out in the next stage: the ACL is what decided
    rs.decider = end === 'drop' && flow.stage.endsWith('_acl_action') && rs.acl ? rs.acl : flow;
    return end;
  }
  rs.dropWhy = `the ${pipeline} pipeline of ${dp.name} ended without output`;
  return 'drop';
}
