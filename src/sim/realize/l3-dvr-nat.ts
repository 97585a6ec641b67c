// The iptables nat tables of a distributed router (neutron-facts-beyond §1.5): on each host its router
// namespace DNATs the floating IPs that come in by rfp- and SNATs their fixed IPs on the way out, with
// no default SNAT (dvr_local_router.py floating_forward_rules, _handle_router_snat_rules); the snat
// namespace on the dvr_snat host SNATs everything else to the gateway address (dvr_edge_router.py).
import { cidrOf } from '../addr/ipv4';
import type { IptRule, IptTable } from './dataplane';
import { METADATA_PORT, natRule, RANDOM_FULLY, routerNat } from './l3-agent';

/** A floating IP whose port is bound on this host. */
export interface LocalFip {
  readonly fip: string;
  readonly fixed: string;
}

const jump = (chain: string, to: string, comment = '') =>
  natRule(chain, {}, { t: 'jump', chain: to }, comment);

/** The nat table of a distributed router's namespace on one host; `rfp` is null without a gateway. */
export function dvrRouterNat(rfp: string | null, fips: readonly LocalFip[]): IptTable {
  const pre: IptRule[] = [
    natRule(
      'neutron-l3-agent-PREROUTING',
      { dst: cidrOf('169.254.169.254/32'), inIface: 'qr-+', proto: 'tcp', dportMin: 80, dportMax: 80 },
      { t: 'redirect', port: METADATA_PORT },
      '-d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80',
    ),
  ];
  const floatSnat: IptRule[] = [];
  if (rfp)
    for (const f of fips) {
      pre.push(
        natRule(
          'neutron-l3-agent-PREROUTING',
          { dst: cidrOf(`${f.fip}/32`), inIface: rfp },
          { t: 'dnat', to: f.fixed },
          `-d ${f.fip}/32 -i ${rfp}`,
        ),
      );
      floatSnat.push(
        natRule(
          'neutron-l3-agent-float-snat',
          { src: cidrOf(`${f.fixed}/32`) },
          { t: 'snat', to: f.fip, randomFully: RANDOM_FULLY },
          `-s ${f.fixed}/32`,
        ),
      );
    }
  // _prevent_snat_for_internal_traffic_rule on rfp-: only what leaves by rfp- is SNATed
  const post: IptRule[] = rfp
    ? [
        natRule(
          'neutron-l3-agent-POSTROUTING',
          { notOutIface: rfp, ctstate: '!DNAT' },
          { t: 'accept' },
          `! -o ${rfp} -m conntrack ! --ctstate DNAT`,
        ),
      ]
    : [];
  return {
    chains: new Map<string, IptRule[]>([
      ['PREROUTING', [jump('PREROUTING', 'neutron-l3-agent-PREROUTING')]],
      ['OUTPUT', [jump('OUTPUT', 'neutron-l3-agent-OUTPUT')]],
      [
        'POSTROUTING',
        [
          jump('POSTROUTING', 'neutron-l3-agent-POSTROUTING'),
          jump('POSTROUTING', 'neutron-postrouting-bottom'),
        ],
      ],
      ['neutron-l3-agent-PREROUTING', pre],
      ['neutron-l3-agent-OUTPUT', []],
      ['neutron-l3-agent-POSTROUTING', post],
      [
        'neutron-postrouting-bottom',
        [
          jump(
            'neutron-postrouting-bottom',
            'neutron-l3-agent-snat',
            '-m comment --comment "Perform source NAT on outgoing traffic."',
          ),
        ],
      ],
      // the default SNAT is emptied from the router namespace: only the float-snat jump is added back
      ['neutron-l3-agent-snat', [jump('neutron-l3-agent-snat', 'neutron-l3-agent-float-snat')]],
      ['neutron-l3-agent-float-snat', floatSnat],
    ]),
  };
}

/** The snat namespace's nat table: the gateway SNAT of a legacy router, without the metadata redirect
 * (that stays in the router namespaces) and without floating IPs (served on the computes). */
export function snatNamespaceNat(qg: string, gwIp: string, enableSnat: boolean): IptTable {
  const legacy = routerNat(qg, gwIp, enableSnat, []);
  const chains = new Map(legacy.chains);
  chains.set('neutron-l3-agent-PREROUTING', []);
  return { chains };
}
