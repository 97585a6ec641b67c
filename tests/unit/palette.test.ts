// Network colours: 24 that differ, then the same colours with a pattern, so that no two of the first
// 96 networks look alike.
import { describe, expect, it } from 'vitest';
import {
  NETWORK_COLORS,
  networkBorder,
  networkColor,
  networkDash,
  networkFill,
  networkPattern,
} from '../../src/ui/canvas/palette';

describe('network colours', () => {
  it('has 24 different colours, each solid', () => {
    expect(new Set(NETWORK_COLORS).size).toBe(24);
    for (let i = 0; i < 24; i++) {
      expect(networkPattern(i)).toBe(0);
      expect(networkDash(i)).toBeUndefined();
      expect(networkFill(i)).toBe(networkColor(i));
      expect(networkBorder(i)).toBe('solid');
    }
  });

  it('tells apart every one of the first 96 networks by colour and pattern, lines and fills alike', () => {
    const looks = new Set<string>();
    for (let i = 0; i < 96; i++) {
      const look = `${networkColor(i)}|${networkDash(i) ?? '-'}|${networkFill(i)}|${networkBorder(i)}`;
      expect(looks.has(look), `network ${i}`).toBe(false);
      looks.add(look);
    }
    expect(networkPattern(24)).toBe(1);
    expect(networkFill(24)).toContain('repeating-linear-gradient');
  });

  it('has no colour for no network', () => {
    expect(networkColor(null)).toBeUndefined();
    expect(networkFill(undefined)).toBeUndefined();
    expect(networkPattern(null)).toBe(0);
  });
});
