// A security group rule whose protocol changes. port_range_min and port_range_max mean ports for tcp
// and udp, the ICMP type and code for icmp, and nothing without a protocol (Neutron refuses a range
// there): a value that meant one thing for the old protocol must not silently mean another for the new
// one (tcp port 22 is not ICMP type 22, "timestamp"). The remote (CIDR or group) means the same for all.
import type { SecurityGroupRule } from '../sim';

type Protocol = SecurityGroupRule['protocol'];

/** What the range fields mean under a protocol. */
const rangeMeaning = (p: Protocol) => (p === 'tcp' || p === 'udp' ? 'ports' : p === 'icmp' ? 'icmp' : 'none');

/** The rule with another protocol: the range is kept where it means the same, emptied (any) elsewhere. */
export function withProtocol<R extends Pick<SecurityGroupRule, 'port_range_min' | 'port_range_max'>>(
  rule: R & { protocol?: Protocol },
  protocol: Protocol,
): R & { protocol: Protocol } {
  const keep =
    rangeMeaning(protocol) !== 'none' && rangeMeaning(protocol) === rangeMeaning(rule.protocol ?? null);
  return keep ? { ...rule, protocol } : { ...rule, protocol, port_range_min: null, port_range_max: null };
}
