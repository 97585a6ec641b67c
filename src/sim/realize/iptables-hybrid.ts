// The iptables rules of the hybrid firewall driver for one port, in the filter table of the compute
// host's root namespace, matched on the qbr with -m physdev (neutron-facts §11,
// neutron/agent/linux/iptables_firewall.py). Ingress rules live in the i-chain, egress in the o-chain,
// the IP/MAC anti-spoofing pair in the s-chain.
import { type Cidr, cidrOf, ipToInt } from '../addr/ipv4';
import { ipsetName, sgChainName } from '../addr/naming';
import type { Port, SecurityGroup, SecurityGroupRule } from '../model/types';
import type { IptMatch, IptRule, IptTable, IptTarget } from './dataplane';

const SG_CHAIN = 'neutron-openvswi-sg-chain';
const FALLBACK = 'neutron-openvswi-sg-fallback';

// Rules are immutable, so what every port's firewall has in common is built once and shared: a cloud
// of thousands of ports otherwise spends most of realize() collecting the garbage of identical copies.
const RETURN: IptTarget = { t: 'return' };
const DROP: IptTarget = { t: 'drop' };
const ANY: IptMatch = {};
const ANY_SRC = cidrOf('0.0.0.0/32');
const BROADCAST = cidrOf('255.255.255.255/32');

/** ip/32 for a valid address, as cidrOf would give it, without parsing it again. */
function hostCidr(ip: string): Cidr {
  return { net: ipToInt(ip), prefix: 32, mask: 0xffffffff, text: `${ip}/32` };
}

function rule(
  chain: string,
  match: IptMatch,
  target: IptTarget,
  text: string,
  sgRule?: SecurityGroupRule,
): IptRule {
  const full = `-A ${chain} ${text}`;
  return sgRule ? { chain, match, target, text: full, sgRule } : { chain, match, target, text: full };
}

// The agent's iptables manager hooks its own chains into the built-in ones, each wrapped with the
// agent's name (neutron-openvswitch-agent cut to 16 characters), and puts the shared
// neutron-filter-top first in FORWARD and OUTPUT (neutron/agent/linux/iptables_manager.py).
const jump = (chain: string, to: string) => rule(chain, ANY, { t: 'jump', chain: to }, `-j ${to}`);
const FILTER_TOP = 'neutron-filter-top';
const INPUT_CHAIN: readonly IptRule[] = [jump('INPUT', 'neutron-openvswi-INPUT')];
const FORWARD_CHAIN: readonly IptRule[] = [
  jump('FORWARD', FILTER_TOP),
  jump('FORWARD', 'neutron-openvswi-FORWARD'),
];
const OUTPUT_CHAIN: readonly IptRule[] = [
  jump('OUTPUT', FILTER_TOP),
  jump('OUTPUT', 'neutron-openvswi-OUTPUT'),
];
const FILTER_TOP_CHAIN: readonly IptRule[] = [jump(FILTER_TOP, 'neutron-openvswi-local')];
const EMPTY: readonly IptRule[] = [];
const SG_ACCEPT = rule(SG_CHAIN, ANY, { t: 'accept' }, '-j ACCEPT');
const FALLBACK_CHAIN: readonly IptRule[] = [
  rule(FALLBACK, ANY, DROP, '-m comment --comment "Default drop rule for unmatched traffic." -j DROP'),
];

/** A mark as iptables-save prints it: 0x4000000, 0xffff0000. */
export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

export function targetText(t: IptTarget): string {
  switch (t.t) {
    case 'jump':
      return `-j ${t.chain}`;
    case 'accept':
      return '-j ACCEPT';
    case 'drop':
      return '-j DROP';
    case 'return':
      return '-j RETURN';
    case 'dnat':
      return `-j DNAT --to-destination ${t.to}`;
    case 'snat':
      return `-j SNAT --to-source ${t.to}${t.randomFully ? ' --random-fully' : ''}`;
    case 'redirect':
      return `-j REDIRECT --to-ports ${t.port}`;
    case 'mark':
      return `-j MARK --set-xmark ${hex(t.mark)}/${hex(t.mask ?? 0xffff)}`;
    case 'connmark':
      return `-j CONNMARK --${t.op}-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`;
    case 'ct':
      return `-j CT --zone ${t.zone}`;
  }
}

/** One security group rule as the driver writes it (_convert_sgr_to_iptables_rules). */
function sgRuleToIpt(chain: string, r: SecurityGroupRule, direction: 'ingress' | 'egress'): IptRule {
  const m: { -readonly [K in keyof IptMatch]: IptMatch[K] } = {};
  const parts: string[] = [];
  const prefix = r.remote_ip_prefix && r.remote_ip_prefix !== '0.0.0.0/0' ? r.remote_ip_prefix : null;
  if (prefix) {
    if (direction === 'ingress') m.src = cidrOf(prefix);
    else m.dst = cidrOf(prefix);
    parts.push(`${direction === 'ingress' ? '-s' : '-d'} ${prefix}`);
  }
  if (r.protocol) {
    m.proto = r.protocol;
    parts.push(`-p ${r.protocol}`);
    if (r.protocol === 'icmp' && r.port_range_min !== null) {
      m.icmpType = r.port_range_min;
      parts.push(
        `-m icmp --icmp-type ${r.port_range_min}${r.port_range_max !== null ? `/${r.port_range_max}` : ''}`,
      );
      if (r.port_range_max !== null) m.icmpCode = r.port_range_max;
    } else if (r.protocol !== 'icmp' && r.port_range_min !== null) {
      const hi = r.port_range_max ?? r.port_range_min;
      m.dportMin = r.port_range_min;
      m.dportMax = hi;
      parts.push(`-m ${r.protocol} --dport ${hi === r.port_range_min ? hi : `${r.port_range_min}:${hi}`}`);
    }
  }
  if (r.remote_group_id) {
    const set = ipsetName(r.remote_group_id);
    if (direction === 'ingress') m.srcSet = set;
    else m.dstSet = set;
    parts.push(`-m set --match-set ${set} ${direction === 'ingress' ? 'src' : 'dst'}`);
  }
  parts.push('-j RETURN');
  return rule(chain, m, RETURN, parts.join(' '), r);
}

export function hybridFirewall(
  port: Port,
  groups: readonly SecurityGroup[],
  tap: string,
  qvb: string,
): IptTable {
  const i = sgChainName('ingress', port.id);
  const o = sgChainName('egress', port.id);
  const s = sgChainName('spoof', port.id);
  const mac = port.mac_address.toUpperCase();
  const state = (chain: string) =>
    rule(
      chain,
      { ctstate: 'RELATED,ESTABLISHED' },
      RETURN,
      '-m state --state RELATED,ESTABLISHED -m comment --comment "Direct packets associated with a known session to the RETURN chain." -j RETURN',
    );
  const invalid = (chain: string) =>
    rule(
      chain,
      { ctstate: 'INVALID' },
      DROP,
      '-m state --state INVALID -m comment --comment "Drop packets that appear related to an existing connection (e.g. TCP ACK/FIN) but do not have an entry in conntrack." -j DROP',
    );
  const fallback = (chain: string) =>
    rule(
      chain,
      ANY,
      { t: 'jump', chain: FALLBACK },
      `-m comment --comment "Send unmatched traffic to the fallback chain." -j ${FALLBACK}`,
    );
  const rules = groups.flatMap((g) => g.rules);
  const ingress: IptRule[] = [state(i)];
  for (const f of port.fixed_ips) {
    ingress.push(
      rule(
        i,
        { dst: hostCidr(f.ip_address), proto: 'udp', sport: 67, dportMin: 68, dportMax: 68 },
        RETURN,
        `-d ${f.ip_address}/32 -p udp -m udp --sport 67 --dport 68 -j RETURN`,
      ),
    );
  }
  ingress.push(
    rule(
      i,
      { dst: BROADCAST, proto: 'udp', sport: 67, dportMin: 68, dportMax: 68 },
      RETURN,
      '-d 255.255.255.255/32 -p udp -m udp --sport 67 --dport 68 -j RETURN',
    ),
  );
  for (const r of rules) if (r.direction === 'ingress') ingress.push(sgRuleToIpt(i, r, 'ingress'));
  ingress.push(invalid(i), fallback(i));

  const dhcpClient = { proto: 'udp' as const, sport: 68, dportMin: 67, dportMax: 67 };
  const egress: IptRule[] = [
    rule(
      o,
      { ...dhcpClient, src: ANY_SRC, dst: BROADCAST },
      RETURN,
      '-s 0.0.0.0/32 -d 255.255.255.255/32 -p udp -m udp --sport 68 --dport 67 -m comment --comment "Allow DHCP client traffic." -j RETURN',
    ),
    rule(o, ANY, { t: 'jump', chain: s }, `-j ${s}`),
    rule(
      o,
      dhcpClient,
      RETURN,
      '-p udp -m udp --sport 68 --dport 67 -m comment --comment "Allow DHCP client traffic." -j RETURN',
    ),
    rule(
      o,
      { proto: 'udp', sport: 67, dportMin: 68, dportMax: 68 },
      DROP,
      '-p udp -m udp --sport 67 --dport 68 -m comment --comment "Prevent DHCP Spoofing by VM." -j DROP',
    ),
    state(o),
  ];
  for (const r of rules) if (r.direction === 'egress') egress.push(sgRuleToIpt(o, r, 'egress'));
  egress.push(invalid(o), fallback(o));

  const spoof: IptRule[] = [
    ...port.fixed_ips.map((f) =>
      rule(
        s,
        { src: hostCidr(f.ip_address), srcMac: port.mac_address },
        RETURN,
        `-s ${f.ip_address}/32 -m mac --mac-source ${mac} -m comment --comment "Allow traffic from defined IP/MAC pairs." -j RETURN`,
      ),
    ),
    rule(s, ANY, DROP, '-m comment --comment "Drop traffic without an IP/MAC allow rule." -j DROP'),
  ];
  const forward = [
    rule(
      'neutron-openvswi-FORWARD',
      { physdevOut: tap },
      { t: 'jump', chain: SG_CHAIN },
      `-m physdev --physdev-out ${tap} --physdev-is-bridged -m comment --comment "Direct traffic from the VM interface to the security group chain." -j ${SG_CHAIN}`,
    ),
    rule(
      'neutron-openvswi-FORWARD',
      { physdevIn: tap },
      { t: 'jump', chain: SG_CHAIN },
      `-m physdev --physdev-in ${tap} --physdev-is-bridged -m comment --comment "Direct traffic from the VM interface to the security group chain." -j ${SG_CHAIN}`,
    ),
  ];
  // what the VM sends to the host itself is checked by its egress chain too
  const input = [
    rule(
      'neutron-openvswi-INPUT',
      { physdevIn: tap },
      { t: 'jump', chain: o },
      `-m physdev --physdev-in ${tap} --physdev-is-bridged -m comment --comment "Direct incoming traffic from VM to the security group chain." -j ${o}`,
    ),
  ];
  const sgChain = [
    rule(
      SG_CHAIN,
      { physdevOut: tap },
      { t: 'jump', chain: i },
      `-m physdev --physdev-out ${tap} --physdev-is-bridged -m comment --comment "Jump to the VM specific chain." -j ${i}`,
    ),
    rule(
      SG_CHAIN,
      { physdevIn: tap },
      { t: 'jump', chain: o },
      `-m physdev --physdev-in ${tap} --physdev-is-bridged -m comment --comment "Jump to the VM specific chain." -j ${o}`,
    ),
    SG_ACCEPT,
  ];
  void qvb;
  return {
    chains: new Map<string, readonly IptRule[]>([
      ['INPUT', INPUT_CHAIN],
      ['FORWARD', FORWARD_CHAIN],
      ['OUTPUT', OUTPUT_CHAIN],
      [FILTER_TOP, FILTER_TOP_CHAIN],
      ['neutron-openvswi-local', EMPTY],
      ['neutron-openvswi-INPUT', input],
      ['neutron-openvswi-OUTPUT', EMPTY],
      ['neutron-openvswi-FORWARD', forward],
      [SG_CHAIN, sgChain],
      [i, ingress],
      [o, egress],
      [s, spoof],
      [FALLBACK, FALLBACK_CHAIN],
    ]),
  };
}
