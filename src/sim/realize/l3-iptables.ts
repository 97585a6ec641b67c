// The raw, mangle and filter tables of a router's namespace, as the L3 agent's iptables manager writes
// them (the nat table is routerNat in l3-agent.ts). Rules are listed in the order the agent adds them:
// - IptablesManager.__init__ (neutron/agent/linux/iptables_manager.py): each built-in chain jumps to
//   its wrapped twin (`-A INPUT -j neutron-l3-agent-INPUT`), neutron-filter-top heads FORWARD and
//   OUTPUT and jumps to the wrapped `local`; initialize_mangle_table adds the wrapped `mark` chain;
// - RouterInfo.__init__ (neutron/agent/l3/router_info.py): initialize_address_scope_iptables (mangle
//   scope, CONNMARK restore, floatingip; float-snat's CONNMARK save; filter FORWARD -> scope) and
//   initialize_metadata_iptables (the metadata MARK 0x1 on requests to 169.254.169.254:80 from qr-);
// - the metadata driver's filter INPUT rules (neutron/agent/metadata/driver.py);
// - process(): _handle_router_snat_rules (mangle POSTROUTING's CONNMARK save on qg-, the external
//   ingress mark), then process_address_scope, which empties both `scope` chains and fills them with
//   one MARK per port and one DROP per port the mark must match (the metadata DROP of filter `scope`
//   goes with it), every port in the default scope: mark id 1024, 0x4000000/0xffff0000.
import { cidrOf } from '../addr/ipv4';
import type { IptMatch, IptRule, IptTable, IptTarget, RouterNetfilter } from './dataplane';
import { targetText } from './iptables-hybrid';

/** the L3 agent's wrap name: "neutron-l3-agent" (its binary name cut to 16, iptables_manager.py) */
const W = 'neutron-l3-agent';
/** lib_constants.ROUTER_MARK_MASK */
const ROUTER_MARK_MASK = 0xffff;
/** router_info.py ADDRESS_SCOPE_MARK_MASK */
const SCOPE_MASK = 0xffff0000;
/** the mark of the default address scope ("noscope"): the first of ADDRESS_SCOPE_MARK_ID_MIN..MAX
 * (1024) shifted into the upper 16 bits, as get_address_scope_mark_mask writes it */
export const SCOPE_MARK = (1024 << 16) >>> 0;
/** metadata_access_mark (neutron/conf/agent/l3/config.py) */
export const METADATA_ACCESS_MARK = 0x1;

function rule(chain: string, match: IptMatch, target: IptTarget, text: string): IptRule {
  return { chain, match, target, text: `-A ${chain} ${text}${text ? ' ' : ''}${targetText(target)}` };
}
const jump = (chain: string, to: string) => rule(chain, {}, { t: 'jump', chain: to }, '');
/** the built-in chains each jumping to its wrapped twin, the wrapped chains empty unless filled later */
function wrapped(builtins: readonly string[]): [string, IptRule[]][] {
  return [
    ...builtins.map((c): [string, IptRule[]] => [c, [jump(c, `${W}-${c}`)]]),
    ...builtins.map((c): [string, IptRule[]] => [`${W}-${c}`, []]),
  ];
}
const chainsOf = (entries: [string, IptRule[]][]) => new Map(entries);
const get = (m: Map<string, IptRule[]>, c: string) => m.get(c)!;

/** CONNMARK on the address-scope bits: restore for packets of known connections, save for new ones. */
const connmark = (op: 'save' | 'restore'): IptTarget => ({
  t: 'connmark',
  op,
  nfmask: SCOPE_MASK,
  ctmask: SCOPE_MASK,
});
const ZERO_SCOPE = '0x0/0xffff0000';

export interface RouterPorts {
  /** the qr- devices in the router's interface order */
  readonly qrs: readonly string[];
  readonly qg: string | null;
  readonly snat: boolean;
  /** the metadata proxy port when the agent runs the proxy in this namespace */
  readonly metadataPort: number | null;
  /** external_ingress_mark */
  readonly ingressMark: number;
}

export function routerNetfilter(p: RouterPorts): RouterNetfilter {
  const raw = chainsOf(wrapped(['PREROUTING', 'OUTPUT']));

  const mangle = chainsOf([
    ...wrapped(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']),
    [`${W}-mark`, []],
    [`${W}-scope`, []],
    [`${W}-floatingip`, []],
    [`${W}-float-snat`, []],
  ]);
  const pre = get(mangle, `${W}-PREROUTING`);
  pre.push(
    jump(`${W}-PREROUTING`, `${W}-mark`),
    jump(`${W}-PREROUTING`, `${W}-scope`),
    rule(
      `${W}-PREROUTING`,
      { connmark: { value: 0, mask: SCOPE_MASK, invert: true } },
      connmark('restore'),
      `-m connmark ! --mark ${ZERO_SCOPE}`,
    ),
    jump(`${W}-PREROUTING`, `${W}-floatingip`),
    rule(
      `${W}-PREROUTING`,
      { dst: cidrOf('169.254.169.254/32'), inIface: 'qr-+', proto: 'tcp', dportMin: 80, dportMax: 80 },
      { t: 'mark', mark: METADATA_ACCESS_MARK, mask: ROUTER_MARK_MASK },
      '-d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80',
    ),
  );
  get(mangle, `${W}-float-snat`).push(
    rule(
      `${W}-float-snat`,
      { connmark: { value: 0, mask: SCOPE_MASK, invert: false } },
      connmark('save'),
      `-m connmark --mark ${ZERO_SCOPE}`,
    ),
  );
  if (p.qg) {
    // process_external_port_address_scope_routing: only with SNAT
    if (p.snat)
      get(mangle, `${W}-POSTROUTING`).push(
        rule(
          `${W}-POSTROUTING`,
          { outIface: p.qg, connmark: { value: 0, mask: SCOPE_MASK, invert: false } },
          connmark('save'),
          `-o ${p.qg} -m connmark --mark ${ZERO_SCOPE}`,
        ),
      );
    get(mangle, `${W}-mark`).push(
      rule(
        `${W}-mark`,
        { inIface: p.qg },
        { t: 'mark', mark: p.ingressMark, mask: ROUTER_MARK_MASK },
        `-i ${p.qg}`,
      ),
    );
  }
  const ports = [...p.qrs, ...(p.qg ? [p.qg] : [])];
  const scopeMark: IptTarget = { t: 'mark', mark: SCOPE_MARK, mask: SCOPE_MASK };
  for (const dev of ports)
    get(mangle, `${W}-scope`).push(rule(`${W}-scope`, { inIface: dev }, scopeMark, `-i ${dev}`));

  const filter = chainsOf([
    ['INPUT', [jump('INPUT', `${W}-INPUT`)]],
    ['FORWARD', [jump('FORWARD', 'neutron-filter-top'), jump('FORWARD', `${W}-FORWARD`)]],
    ['OUTPUT', [jump('OUTPUT', 'neutron-filter-top'), jump('OUTPUT', `${W}-OUTPUT`)]],
    ['neutron-filter-top', [jump('neutron-filter-top', `${W}-local`)]],
    [`${W}-INPUT`, []],
    [`${W}-FORWARD`, [jump(`${W}-FORWARD`, `${W}-scope`)]],
    [`${W}-OUTPUT`, []],
    [`${W}-local`, []],
    [`${W}-scope`, []],
  ]);
  if (p.metadataPort !== null)
    get(filter, `${W}-INPUT`).push(
      rule(
        `${W}-INPUT`,
        { mark: { value: METADATA_ACCESS_MARK, mask: ROUTER_MARK_MASK, invert: false } },
        { t: 'accept' },
        `-m mark --mark 0x${METADATA_ACCESS_MARK.toString(16)}/0xffff`,
      ),
      rule(
        `${W}-INPUT`,
        { proto: 'tcp', dportMin: p.metadataPort, dportMax: p.metadataPort },
        { t: 'drop' },
        `-p tcp -m tcp --dport ${p.metadataPort}`,
      ),
    );
  // dont_block_external: with SNAT the gateway port takes traffic of any scope
  for (const dev of ports) {
    if (dev === p.qg && p.snat) continue;
    get(filter, `${W}-scope`).push(
      rule(
        `${W}-scope`,
        { outIface: dev, mark: { value: SCOPE_MARK, mask: SCOPE_MASK, invert: true } },
        { t: 'drop' },
        `-o ${dev} -m mark ! --mark 0x${SCOPE_MARK.toString(16)}/0xffff0000`,
      ),
    );
  }
  const table = (m: Map<string, IptRule[]>): IptTable => ({ chains: m });
  return { raw: table(raw), mangle: table(mangle), filter: table(filter) };
}
