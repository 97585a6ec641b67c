// The logical pipeline stages and the OpenFlow tables of OVN 24.03, the release this explorer models
// (docs/ovn.md). Stage numbers: ovn:northd/northd.h PIPELINE_STAGES at v24.03.0; OpenFlow tables:
// ovn:controller/lflow.h OFTABLE_* at v24.03.0 (neutron-facts-beyond §3.5, §3.6). Later releases add
// stages and move the numbers (ls_in_l2_lkup is 28 in 24.09, 32 in 26.03): the names stay.

export type Pipeline = 'ingress' | 'egress';
export type DatapathKind = 'switch' | 'router';

/** Logical switch ingress: 29 stages, OpenFlow tables 8 to 36. */
export const LS_IN = [
  'ls_in_check_port_sec',
  'ls_in_apply_port_sec',
  'ls_in_lookup_fdb',
  'ls_in_put_fdb',
  'ls_in_pre_acl',
  'ls_in_pre_lb',
  'ls_in_pre_stateful',
  'ls_in_acl_hint',
  'ls_in_acl_eval',
  'ls_in_acl_action',
  'ls_in_qos_mark',
  'ls_in_qos_meter',
  'ls_in_lb_aff_check',
  'ls_in_lb',
  'ls_in_lb_aff_learn',
  'ls_in_pre_hairpin',
  'ls_in_nat_hairpin',
  'ls_in_hairpin',
  'ls_in_acl_after_lb_eval',
  'ls_in_acl_after_lb_action',
  'ls_in_stateful',
  'ls_in_arp_rsp',
  'ls_in_dhcp_options',
  'ls_in_dhcp_response',
  'ls_in_dns_lookup',
  'ls_in_dns_response',
  'ls_in_external_port',
  'ls_in_l2_lkup',
  'ls_in_l2_unknown',
] as const;

/** Logical switch egress: 11 stages, OpenFlow tables 42 to 52. */
export const LS_OUT = [
  'ls_out_pre_acl',
  'ls_out_pre_lb',
  'ls_out_pre_stateful',
  'ls_out_acl_hint',
  'ls_out_acl_eval',
  'ls_out_acl_action',
  'ls_out_qos_mark',
  'ls_out_qos_meter',
  'ls_out_stateful',
  'ls_out_check_port_sec',
  'ls_out_apply_port_sec',
] as const;

/** Logical router ingress: 22 stages, OpenFlow tables 8 to 29. */
export const LR_IN = [
  'lr_in_admission',
  'lr_in_lookup_neighbor',
  'lr_in_learn_neighbor',
  'lr_in_ip_input',
  'lr_in_unsnat',
  'lr_in_defrag',
  'lr_in_lb_aff_check',
  'lr_in_dnat',
  'lr_in_lb_aff_learn',
  'lr_in_ecmp_stateful',
  'lr_in_nd_ra_options',
  'lr_in_nd_ra_response',
  'lr_in_ip_routing_pre',
  'lr_in_ip_routing',
  'lr_in_ip_routing_ecmp',
  'lr_in_policy',
  'lr_in_policy_ecmp',
  'lr_in_arp_resolve',
  'lr_in_chk_pkt_len',
  'lr_in_larger_pkts',
  'lr_in_gw_redirect',
  'lr_in_arp_request',
] as const;

/** Logical router egress: 7 stages, OpenFlow tables 42 to 48. */
export const LR_OUT = [
  'lr_out_chk_dnat_local',
  'lr_out_undnat',
  'lr_out_post_undnat',
  'lr_out_snat',
  'lr_out_post_snat',
  'lr_out_egr_loop',
  'lr_out_delivery',
] as const;

export type Stage =
  | (typeof LS_IN)[number]
  | (typeof LS_OUT)[number]
  | (typeof LR_IN)[number]
  | (typeof LR_OUT)[number];

export function stagesOf(kind: DatapathKind, pipeline: Pipeline): readonly Stage[] {
  if (kind === 'switch') return pipeline === 'ingress' ? LS_IN : LS_OUT;
  return pipeline === 'ingress' ? LR_IN : LR_OUT;
}

/** A stage's number within its pipeline (the logical table ovn-trace and lflow-list print). */
export function stageNumber(kind: DatapathKind, pipeline: Pipeline, stage: Stage): number {
  const n = (stagesOf(kind, pipeline) as readonly string[]).indexOf(stage);
  if (n < 0) throw new Error(`${stage} is no ${kind} ${pipeline} stage`);
  return n;
}

/** The OpenFlow tables of ovn-controller on br-int, OVN 24.03 (controller/lflow.h). */
export const OFTABLE = {
  PHY_TO_LOG: 0,
  LOG_INGRESS_PIPELINE: 8,
  OUTPUT_LARGE_PKT_DETECT: 37,
  OUTPUT_LARGE_PKT_PROCESS: 38,
  REMOTE_OUTPUT: 39,
  LOCAL_OUTPUT: 40,
  CHECK_LOOPBACK: 41,
  LOG_EGRESS_PIPELINE: 42,
  SAVE_INPORT: 64,
  LOG_TO_PHY: 65,
  MAC_BINDING: 66,
} as const;

/** The OpenFlow table a logical flow of a stage becomes. */
export function openflowTable(pipeline: Pipeline, stage: number): number {
  return (pipeline === 'ingress' ? OFTABLE.LOG_INGRESS_PIPELINE : OFTABLE.LOG_EGRESS_PIPELINE) + stage;
}

/** The release, as docs/ovn.md and the terminal name it. */
export const OVN_RELEASE = '24.03';
