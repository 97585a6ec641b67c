// Address helpers of the core, checked against ipaddr.js and Neutron's naming rules.
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { cidrsOverlap, intToIp, ipToInt, isIpv4, parseCidr } from '../../src/sim/addr/ipv4';
import { qbrName, qrouterNs, sgChainName, tapName, tunnelPortName } from '../../src/sim/addr/naming';

describe('IPv4', () => {
  it('isIpv4 agrees with ipaddr.js on canonical dotted quads', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.string(), fc.ipV4Extended()), (s) => {
        expect(isIpv4(s)).toBe(ipaddr.IPv4.isValidFourPartDecimal(s));
      }),
      { numRuns: 3000 },
    );
  });
  it('converts addresses to numbers and back', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(intToIp(ipToInt(ip))).toBe(ip);
      }),
    );
  });
  it('wants the network address in a CIDR, and suggests it (as Neutron does)', () => {
    expect(parseCidr('10.0.0.5/24')).toMatchObject({ ok: false, suggestion: '10.0.0.0/24' });
    expect(parseCidr('10.0.0.0/24')).toMatchObject({ ok: true, cidr: { prefix: 24, text: '10.0.0.0/24' } });
    expect(parseCidr('10.0.0.0/33').ok).toBe(false);
    expect(parseCidr('10.0.0/24').ok).toBe(false);
  });
  it('tells overlapping subnets apart', () => {
    const c = (s: string) => {
      const r = parseCidr(s);
      if (!r.ok) throw new Error(s);
      return r.cidr;
    };
    expect(cidrsOverlap(c('10.0.0.0/16'), c('10.0.3.0/24'))).toBe(true);
    expect(cidrsOverlap(c('10.0.0.0/24'), c('10.0.1.0/24'))).toBe(false);
  });
});

describe('Neutron device names (neutron-facts §1)', () => {
  const port = 'bb60d1bb-0c5e-4d6f-8f1a-2b3c4d5e6f70';
  it('prefix plus the port id cut to 14 characters', () => {
    expect(tapName(port)).toBe('tapbb60d1bb-0c');
    expect(qbrName(port)).toBe('qbrbb60d1bb-0c');
  });
  it('namespaces keep the whole uuid; tunnel ports carry the remote IP in hex', () => {
    expect(qrouterNs(port)).toBe(`qrouter-${port}`);
    expect(tunnelPortName('172.16.0.11')).toBe('vxlan-ac10000b');
  });
  it('names the hybrid firewall chains i/o/s + the id cut to 11', () => {
    expect(sgChainName('ingress', port)).toBe('neutron-openvswi-ibb60d1bb-0');
    expect(sgChainName('egress', port)).toBe('neutron-openvswi-obb60d1bb-0');
  });
});
