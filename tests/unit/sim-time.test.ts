// Simulated time in the user's words (src/logic/sim-time.ts): the send bar's clock, durations, and what
// a user types into Wait, with a message naming the value for anything that makes no sense.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockText, durationText, MAX_WAIT_S, parseWait } from '../../src/logic/sim-time';

const seconds = (typed: string) => {
  const r = parseWait(typed);
  if (!r.ok) throw new Error(r.message);
  return r.seconds;
};
const refusal = (typed: string) => {
  const r = parseWait(typed);
  if (r.ok) throw new Error(`"${typed}" was taken as ${r.seconds} s`);
  return r.message;
};

describe('the clock', () => {
  it('reads as a stopwatch: m:ss, then h:mm:ss, then days', () => {
    expect(clockText(0)).toBe('0:00');
    // each send leaves the clock a second after its last packet: 2.00045 s is 0:02
    expect(clockText(2.00045)).toBe('0:02');
    expect(clockText(330)).toBe('5:30');
    expect(clockText(3599.9)).toBe('59:59');
    expect(clockText(3600)).toBe('1:00:00');
    expect(clockText(3930)).toBe('1:05:30');
    expect(clockText(86_400 + 3661)).toBe('1 d 1:01:01');
  });

  it('reads back as the whole seconds it shows', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 30 * 86_400, noNaN: true }), (s) => {
        const m = /^(?:(\d+) d )?(?:(\d+):)?(\d+):(\d\d)$/.exec(clockText(s));
        expect(m).not.toBeNull();
        const [, d = '0', h = '0', min, sec] = m!;
        expect(Number(d) * 86_400 + Number(h) * 3600 + Number(min) * 60 + Number(sec)).toBe(Math.floor(s));
      }),
    );
  });
});

describe('durations in words', () => {
  it('say seconds below a minute (a decimal kept), then whole units', () => {
    expect(durationText(0)).toBe('0 s');
    expect(durationText(2.5)).toBe('2.5 s');
    expect(durationText(2.00045)).toBe('2 s');
    expect(durationText(59.97)).toBe('1 min');
    expect(durationText(302.00045)).toBe('5 min 2 s');
    expect(durationText(3600)).toBe('1 h');
    expect(durationText(93_784)).toBe('1 d 2 h 3 min 4 s');
  });
});

describe('what a user types into Wait', () => {
  it('takes seconds, or numbers with units', () => {
    expect(seconds('300')).toBe(300);
    expect(seconds(' 2.5 ')).toBe(2.5);
    expect(seconds('.5')).toBe(0.5);
    expect(seconds('90s')).toBe(90);
    expect(seconds('5 min')).toBe(300);
    expect(seconds('5 Minutes')).toBe(300);
    expect(seconds('1h30m')).toBe(5400);
    expect(seconds('5 min 30 s')).toBe(330);
    expect(seconds('7 d')).toBe(MAX_WAIT_S);
  });

  it('takes back every duration the app writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_WAIT_S }), (n) => {
        expect(seconds(durationText(n))).toBe(n);
        expect(seconds(String(n))).toBe(n);
      }),
    );
  });

  it('refuses nonsense with a message that quotes it', () => {
    expect(refusal('')).toMatch(/type how long/);
    expect(refusal('-5')).toBe('Wait "-5": time only moves forward; give more than 0 s.');
    expect(refusal('0')).toBe('Wait "0" lets no time pass; give more than 0 s.');
    expect(refusal('0 min')).toContain('"0 min" lets no time pass');
    expect(refusal('soon')).toBe('Wait "soon" is not a number of seconds; type 300, or 5 min.');
    expect(refusal('5 fortnights')).toBe(
      'Wait "5 fortnights": "fortnights" is not a unit of time; use s, min, h or d.',
    );
    expect(refusal('5 min 30')).toContain('give each number its unit');
    expect(refusal('1e9')).toContain('"e" is not a unit');
    expect(refusal('30 s!')).toContain('"30 s!" is not a number of seconds');
    expect(refusal('8 d')).toBe('Wait "8 d" is 8 d: the simulator waits at most 7 days (604800 s) at once.');
    expect(refusal('604801')).toContain('at most 7 days');
  });
});
