// The sentence a screen reader hears for a step of playback: device, host, what happened, the rule.
import { describe, expect, it } from 'vitest';
import { stepSentence } from '../../src/logic/send/announce';
import { cloud, loadExample } from './helpers';

const demo = cloud(loadExample('two-networks-one-router'));
const ping = demo.send({ from: 'vm1', to: 'vm2' });

describe('stepSentence', () => {
  it('says the device, its host, what it did and the rule, in one sentence', () => {
    const flood = ping.hops.find((h) => h.device === 'br-tun' && h.host === 'compute1' && h.frame.arp)!;
    const s = stepSentence(flood, 8, 70);
    expect(s).toMatch(/^Step 8 of 70: ARP who-has at br-tun on compute1: /);
    expect(s).toContain('flood VLAN 1 as VNI');
    // the rule that decided it, from br-tun's flow table
    expect(s).toContain(`; rule ${flood.rule}.`);
    // arrows of the action's shorthand are read as words (the rule keeps its OpenFlow syntax)
    expect(flood.action).toContain('->');
    expect(s.split('; rule ')[0]).not.toContain('->');
    expect(s).toMatch(/ to vxlan-[0-9a-f]{8};/);
    // one sentence: a single full stop, at the end
    expect(s.endsWith('.')).toBe(true);
  });

  it('says when no rule decided, and what was dropped and why', () => {
    const tap = ping.hops.find((h) => h.kind === 'tap')!;
    expect(stepSentence(tap, 3, 70)).toMatch(
      /^Step 3 of 70: ARP who-has at tap\S+ on compute1: .*; no rule\.$/,
    );
    const discard = ping.hops.find((h) => h.drop);
    if (discard) expect(stepSentence(discard, 1, 1)).toContain(discard.drop!.reason.slice(0, 20));
  });

  it('names a device outside the hosts without a host', () => {
    const under = ping.hops.find((h) => h.kind === 'underlay')!;
    expect(stepSentence(under, 10, 70)).toMatch(/^Step 10 of 70: ARP who-has at underlay: underlay delivers/);
  });
});
