// Network colours and patterns: 24 colours that differ, and a pattern on each network's lines, port
// stripes and bar that turns with each network, so that neighbours differ in both and no two of the first
// 96 networks look alike; and packet kinds told apart by the shape of their dot.
import { describe, expect, it } from 'vitest';
import {
  NETWORK_COLORS,
  networkBorder,
  networkColor,
  networkDash,
  networkPattern,
} from '../../src/ui/canvas/palette';
import { packetShape } from '../../src/ui/send/draw';

describe('network colours and patterns', () => {
  it('has 24 different colours', () => {
    expect(new Set(NETWORK_COLORS).size).toBe(24);
  });

  it('gives neighbouring networks different patterns as well as different colours', () => {
    for (let i = 0; i < 95; i++) {
      expect(networkPattern(i + 1), `networks ${i} and ${i + 1}`).not.toBe(networkPattern(i));
      expect(networkDash(i + 1)).not.toBe(networkDash(i));
      expect(networkBorder(i + 1)).not.toBe(networkBorder(i));
    }
    // the first network is solid; the demo's net1 and net2 are dashed and dotted
    expect([0, 1, 2].map(networkBorder)).toEqual(['solid', 'dashed', 'dotted']);
    expect(networkDash(0)).toBeUndefined();
  });

  it('tells apart every one of the first 96 networks by colour and pattern, lines and stripes alike', () => {
    const looks = new Set<string>();
    for (let i = 0; i < 96; i++) {
      const look = `${networkColor(i)}|${networkDash(i) ?? '-'}|${networkBorder(i)}`;
      expect(looks.has(look), `network ${i}`).toBe(false);
      looks.add(look);
    }
    // network 24 has network 0's colour, and another pattern
    expect(networkColor(24)).toBe(networkColor(0));
    expect(networkPattern(24)).not.toBe(networkPattern(0));
  });

  it('has no colour for no network', () => {
    expect(networkColor(null)).toBeUndefined();
    expect(networkPattern(null)).toBe(0);
  });
});

describe('packet shapes', () => {
  it('differ by kind: ARP, ICMP, TCP and UDP each their own', () => {
    const shapes = [
      packetShape({ arp: {} }),
      packetShape({}),
      packetShape({ tcp: {} }),
      packetShape({ udp: {} }),
    ];
    expect(shapes).toEqual(['diamond', 'circle', 'square', 'triangle']);
  });
});
