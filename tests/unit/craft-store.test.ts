// The send bar's Advanced panel (issue 16, point 6): what its fields add to a send, and the core's
// refusal of a field in the panel's words.
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../../src/sim';
import { craftedFields, fieldWords, useCraft } from '../../src/store/craft-store';
import { exampleText } from './helpers';

const craft = () => useCraft.getState();

beforeEach(() => {
  useCraft.setState({ open: false, src: '', ttl: '', size: '', df: true, flags: 'S', sport: '' });
});

describe('the Advanced panel', () => {
  it('adds nothing while closed, whatever its fields hold', () => {
    craft().set({ src: '10.9.9.9', ttl: '3' });
    expect(craftedFields('icmp')).toEqual({});
  });

  it('adds only the fields filled in, and only those the protocol has', () => {
    craft().setOpen(true);
    expect(craftedFields('icmp'), 'empty fields: the packet the stack makes').toEqual({});
    craft().set({ src: ' 192.168.1.200 ', ttl: '2', size: '1400', df: false, flags: 'F', sport: '4242' });
    expect(craftedFields('icmp')).toEqual({ src: '192.168.1.200', ttl: 2, size: 1400, df: false });
    expect(craftedFields('tcp')).toEqual({
      src: '192.168.1.200',
      ttl: 2,
      size: 1400,
      df: false,
      flags: 'F',
      sport: 4242,
    });
    expect(craftedFields('udp')).toMatchObject({ sport: 4242 });
    expect(craftedFields('udp')).not.toHaveProperty('flags');
    expect(craftedFields('dhcp'), 'a DHCP client keeps its own DF').not.toHaveProperty('df');
  });

  it("names the core's refusal by the panel's field", () => {
    craft().setOpen(true);
    craft().set({ src: '192.168.1.300', ttl: 'x' });
    const s = new Session();
    expect(s.load(JSON.parse(exampleText('two-networks-one-router'))).ok).toBe(true);
    const r = s.send({ from: 'vm1', to: 'vm2', proto: 'icmp', ...craftedFields('icmp') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(fieldWords(r.error)).toMatch(/^(Source IP 192\.168\.1\.300|TTL x)\b/);
    expect(fieldWords('--sport 70000: out of range')).toBe('Source port 70000: out of range');
    expect(fieldWords('vm9 is not a server')).toBe('vm9 is not a server');
  });
});
