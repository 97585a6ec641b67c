// A packet resting by the canvas's edge (waiting for ARP, or dropped) is drawn whole, inside the
// canvas; a moving one is drawn where it is. A packet in a tunnel wears its envelope, named after the
// tunnel's kind.
import { describe, expect, it } from 'vitest';
import { drawPacket, type Look, type Theme } from '../../src/ui/send/draw';

/** A 2D context that records the boxes it is asked to fill, with text 7 px per character. */
function recordingContext() {
  const boxes: { left: number; right: number }[] = [];
  const texts: string[] = [];
  let path: { left: number; right: number } | null = null;
  const ctx = {
    font: '',
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    textAlign: 'left',
    textBaseline: 'alphabetic',
    measureText: (t: string) => ({ width: t.length * 7 }),
    beginPath: () => {
      path = null;
    },
    arc: () => undefined,
    roundRect: (x: number, _y: number, w: number) => {
      path = { left: x, right: x + w };
    },
    fill: () => {
      if (path) boxes.push(path);
    },
    stroke: () => undefined,
    setLineDash: () => undefined,
    fillText: (t: string) => {
      texts.push(t);
    },
    fillRect: (x: number, _y: number, w: number) => boxes.push({ left: x, right: x + w }),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, boxes, texts };
}

const theme: Theme = { bg: '#fff', text: '#000', panel: '#fff', vx: '#0b8a7a', danger: '#e03131' };
const look = (state: Look['state']): Look => ({
  text: 'echo request',
  color: '#7048e8',
  arp: false,
  shape: 'circle',
  vlan: null,
  vni: null,
  encap: 'VXLAN',
  nat: false,
  state,
  alpha: 1,
  focused: false,
  where: null,
  pulse: -1,
});

describe('a packet by the left edge of the canvas', () => {
  it.each(['held', 'dropped'] as const)('is drawn whole when %s', (state) => {
    const { ctx, boxes } = recordingContext();
    drawPacket(ctx, 10, 100, look(state), theme, 1, 800);
    expect(boxes.length).toBeGreaterThan(0);
    expect(Math.min(...boxes.map((b) => b.left))).toBeGreaterThanOrEqual(0);
  });

  it('is drawn whole by the right edge too', () => {
    const { ctx, boxes } = recordingContext();
    drawPacket(ctx, 795, 100, look('held'), theme, 1, 800);
    expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(800);
  });

  it('is drawn where it is while it moves', () => {
    const { ctx, boxes } = recordingContext();
    drawPacket(ctx, 10, 100, look('moving'), theme, 1);
    expect(Math.min(...boxes.map((b) => b.left))).toBeLessThan(0);
  });
});

describe('a packet in a tunnel', () => {
  it('wears a VXLAN envelope with its VNI under the OVS agent', () => {
    const { ctx, texts } = recordingContext();
    drawPacket(ctx, 300, 100, { ...look('moving'), vni: 101 }, theme, 1);
    expect(texts).toContain('VXLAN VNI 101');
  });

  it("wears a Geneve envelope with the datapath's tunnel key under OVN", () => {
    const { ctx, texts } = recordingContext();
    drawPacket(ctx, 300, 100, { ...look('moving'), vni: 2, encap: 'Geneve' }, theme, 1);
    expect(texts).toContain('Geneve key 2');
    expect(texts.some((t) => t.includes('VXLAN'))).toBe(false);
  });
});
