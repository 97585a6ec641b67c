// The OpenFlow engine's matches and actions that the openvswitch firewall needs: ct_state flags, ct_mark
// and ct_zone, registers, IP and transport fields with masks, and conjunctive matches; and their
// ovs-ofctl text (neutron-facts-beyond §4).
import { describe, expect, it } from 'vitest';
import { ctStateText, type Flow, flowText } from '../../src/sim/devices/openflow/flow';
import { FlowTable, FlowTables, type PacketView } from '../../src/sim/devices/openflow/table';
import { portRuleMasking } from '../../src/sim/realize/port-masks';
import type { Ipv4 } from '../../src/sim/wire/frame';

const tcp = (dport: number, src = '10.0.0.5'): Ipv4 => ({
  kind: 'ipv4',
  src,
  dst: '10.0.0.9',
  ttl: 64,
  id: 1,
  df: true,
  l4: { kind: 'tcp', sport: 40000, dport, flags: 'S' },
});
const icmp: Ipv4 = {
  kind: 'ipv4',
  src: '10.0.0.5',
  dst: '10.0.0.9',
  ttl: 64,
  id: 1,
  df: true,
  l4: { kind: 'icmp', type: 'echo-request', code: 0, id: 7, seq: 1, data: 56 },
};
/** ct_state bits: new 1, est 2, rel 4, rpl 8, inv 16, trk 32 */
const view = (over: Partial<PacketView> = {}): PacketView => ({
  in_port: 'tap1',
  vlan: null,
  dl_src: 'fa:16:3e:00:00:01',
  dl_dst: 'fa:16:3e:00:00:02',
  arp: null,
  tun_id: null,
  ip: tcp(22),
  regs: [5, 1, 0],
  ct: null,
  ...over,
});
const flow = (priority: number, match: Flow['match'], actions: Flow['actions'] = [{ a: 'drop' }]): Flow => ({
  table: 82,
  priority,
  match,
  actions,
});

describe('ct_state', () => {
  it('prints the flags in the order ovs-ofctl does', () => {
    expect(ctStateText('+trk+inv')).toBe('+inv+trk');
    expect(ctStateText('+est-rel-rpl')).toBe('+est-rel-rpl');
    expect(ctStateText('-new-est+rel-inv')).toBe('-new-est+rel-inv');
  });

  it('matches the flags it names with their signs and ignores the others', () => {
    const t = new FlowTable(82);
    t.add(flow(77, { ct_state: '+new-est', reg5: 5 }, [{ a: 'output', port: 'tap1' }]));
    t.add(flow(50, { ct_state: '+est-rel+rpl', reg5: 5 }, [{ a: 'output', port: 'tap1' }]));
    t.add(flow(40, { ct_state: '-est', reg5: 5 }, [{ a: 'resubmit', table: 93 }]));
    const at = (state: number) => t.lookup(view({ ct: { state, mark: 0, zone: 1 } }))?.priority;
    expect(at(32 | 1)).toBe(77); // +trk+new
    expect(at(32 | 2 | 8)).toBe(50); // +trk+est+rpl
    expect(at(32 | 2)).toBeUndefined(); // +trk+est, not a reply: nothing here
    expect(at(32 | 16)).toBe(40); // +trk+inv: not established
    // an untracked packet has no +new
    expect(t.lookup(view())?.priority).toBe(40);
  });

  it('keeps flows apart that differ only in ct_state, and replaces one of the same match', () => {
    const t = new FlowTable(82);
    t.add(flow(77, { ct_state: '+new-est', reg5: 5 }));
    t.add(flow(77, { ct_state: '+est-rel-rpl', reg5: 5 }));
    expect(t.size).toBe(2);
    const replaced = t.add(flow(77, { ct_state: '+new-est', reg5: 5 }, [{ a: 'output', port: 'x' }]));
    expect(replaced?.match.ct_state).toBe('+new-est');
    expect(t.size).toBe(2);
  });
});

describe('registers, ct_mark and ct_zone', () => {
  it('match exactly, with 0 for a register never loaded', () => {
    const t = new FlowTable(72);
    t.add(flow(50, { ct_mark: 1, reg5: 5 }));
    t.add(flow(45, { ct_zone: 1, reg5: 5 }));
    t.add(flow(10, { reg6: 0 }));
    expect(t.lookup(view({ ct: { state: 34, mark: 1, zone: 1 } }))?.priority).toBe(50);
    expect(t.lookup(view({ ct: { state: 34, mark: 0, zone: 1 } }))?.priority).toBe(45);
    expect(t.lookup(view({ ct: { state: 34, mark: 0, zone: 2 } }))).toBeNull();
    expect(t.lookup(view({ regs: [0, 0, 0] }))?.priority).toBe(10);
  });
});

describe('IP and transport fields', () => {
  it('match a source prefix, a protocol, a port or a port block, and ICMP types', () => {
    const t = new FlowTable(82);
    t.add(flow(77, { ip: true, nw_proto: 'tcp', nw_src: '10.0.0.0/24', tp_dst: 22 }));
    t.add(flow(76, { ip: true, nw_proto: 'tcp', tp_dst: 0x1000, tp_dst_mask: 0xf000 }));
    t.add(flow(75, { ip: true, nw_proto: 'icmp', icmp_type: 8 }));
    t.add(flow(70, { ip: true, nw_src: '192.168.9.9' }));
    expect(t.lookup(view({ ip: tcp(22) }))?.priority).toBe(77);
    expect(t.lookup(view({ ip: tcp(22, '10.0.1.5') }))).toBeNull();
    expect(t.lookup(view({ ip: tcp(0x1abc, '10.9.9.9') }))?.priority).toBe(76);
    expect(t.lookup(view({ ip: tcp(0x2000, '10.9.9.9') }))).toBeNull();
    expect(t.lookup(view({ ip: icmp }))?.priority).toBe(75);
    expect(t.lookup(view({ ip: tcp(80, '192.168.9.9') }))?.priority).toBe(70);
    // no IP: nothing of these
    expect(t.lookup(view({ ip: null, arp: { spa: '10.0.0.5', tpa: '10.0.0.1' } }))).toBeNull();
  });

  it('splits a port range as neutron port_rule_masking does', () => {
    const text = (min: number, max: number) =>
      portRuleMasking(min, max).map((b) =>
        b.mask === null ? `0x${b.value.toString(16)}` : `0x${b.value.toString(16)}/0x${b.mask.toString(16)}`,
      );
    // the worked examples of neutron/common/utils.py
    expect(text(40, 105)).toEqual([
      '0x30/0xfff0',
      '0x28/0xfff8',
      '0x40/0xffe0',
      '0x60/0xfff8',
      '0x68/0xfffe',
    ]);
    expect(text(16, 23)).toEqual(['0x10/0xfff8']);
    expect(text(22, 22)).toEqual(['0x16']);
    // every port of a range is in exactly one block, and nothing outside it
    for (const [min, max] of [
      [1, 65535],
      [1024, 2047],
      [80, 8080],
      [5000, 5001],
      [33434, 33534],
    ] as const) {
      const blocks = portRuleMasking(min, max);
      for (
        let p = Math.max(0, min - 3);
        p <= Math.min(65535, max + 3);
        p += p > min + 50 && p < max - 50 ? 97 : 1
      ) {
        const hits = blocks.filter((b) => (b.mask === null ? p === b.value : (p & b.mask) === b.value));
        expect(hits.length, `port ${p} in ${min}-${max}`).toBe(p >= min && p <= max ? 1 : 0);
      }
    }
  });
});

describe('conjunctions', () => {
  // dimension 1: the source is a member; dimension 2: the rule on port 5; conj_id=8 accepts
  const table = () => {
    const t = new FlowTable(82);
    t.add(flow(70, { ip: true, reg6: 1, nw_src: '10.0.0.5' }, [{ a: 'conjunction', id: 8, k: 1, n: 2 }]));
    t.add(flow(70, { ip: true, reg5: 5 }, [{ a: 'conjunction', id: 8, k: 2, n: 2 }]));
    t.add(flow(70, { conj_id: 8, ip: true, reg5: 5 }, [{ a: 'load_reg', reg: 7, value: 8 }]));
    t.add(flow(40, { reg5: 5 }, [{ a: 'resubmit', table: 93 }]));
    return t;
  };

  it('take the conj_id flow only when every dimension matched', () => {
    const t = table();
    expect(t.lookup(view())?.match.conj_id).toBe(8);
    // not a member
    expect(t.lookup(view({ ip: tcp(22, '10.0.0.6') }))?.priority).toBe(40);
    // another port: dimension 2 fails
    expect(t.lookup(view({ regs: [6, 1, 0] }))).toBeNull();
    // another network: dimension 1 fails
    expect(t.lookup(view({ regs: [5, 2, 0] }))?.priority).toBe(40);
  });

  it('never return a flow that only carries conjunction actions', () => {
    const t = table();
    for (const ip of [tcp(22), tcp(22, '10.0.0.6'), icmp])
      expect(t.lookup(view({ ip }))?.actions.some((a) => a.a === 'conjunction') ?? false).toBe(false);
  });

  it('are dumped with the rest', () => {
    expect(table().flows().map(flowText)).toEqual([
      'table=82, priority=70,ip,reg6=0x1,nw_src=10.0.0.5 actions=conjunction(8,1/2)',
      'table=82, priority=70,ip,reg5=0x5 actions=conjunction(8,2/2)',
      'table=82, priority=70,conj_id=8,ip,reg5=0x5 actions=load:0x8->NXM_NX_REG7[]',
      'table=82, priority=40,reg5=0x5 actions=resubmit(,93)',
    ]);
  });
});

describe('flow text', () => {
  it('reads as in a real dump (neutron-facts-beyond §4)', () => {
    expect(
      flowText({
        table: 60,
        priority: 100,
        match: { in_port: 'tap0ab9a23c-99' },
        actions: [
          { a: 'load_reg', reg: 5, value: 5 },
          { a: 'load_reg', reg: 6, value: 2 },
          { a: 'resubmit', table: 71 },
        ],
      }),
    ).toBe(
      'table=60, priority=100,in_port="tap0ab9a23c-99" actions=load:0x5->NXM_NX_REG5[],load:0x2->NXM_NX_REG6[],resubmit(,71)',
    );
    expect(
      flowText({
        table: 82,
        priority: 77,
        match: { ct_state: '+new-est', ip: true, nw_proto: 'tcp', reg5: 5, tp_dst: 22 },
        actions: [
          { a: 'ct', commit: true, table: null },
          { a: 'output', port: 'tap0ab9a23c-99' },
          { a: 'resubmit', table: 92 },
        ],
      }),
    ).toBe(
      'table=82, priority=77,ct_state=+new-est,tcp,reg5=0x5,tp_dst=22 actions=ct(commit,zone=NXM_NX_REG6[0..15]),output:"tap0ab9a23c-99",resubmit(,92)',
    );
    expect(
      flowText({
        table: 72,
        priority: 40,
        match: { ct_state: '+est', ip: true, reg5: 5 },
        actions: [{ a: 'ct', commit: true, table: null, mark: 1 }],
      }),
    ).toBe(
      'table=72, priority=40,ct_state=+est,ip,reg5=0x5 actions=ct(commit,zone=NXM_NX_REG6[0..15],exec(load:0x1->NXM_NX_CT_MARK[]))',
    );
    expect(
      flowText({
        table: 82,
        priority: 50,
        match: { ct_state: '+est-rel+rpl', ct_zone: 1, ct_mark: 0, reg5: 5 },
        actions: [{ a: 'output', port: 'tap1' }],
      }),
    ).toBe('table=82, priority=50,ct_state=+est-rel+rpl,ct_zone=1,ct_mark=0,reg5=0x5 actions=output:tap1');
    expect(
      flowText({
        table: 71,
        priority: 65,
        match: { ip: true, reg5: 5, in_port: 'tap1', dl_src: 'fa:16:3e:00:00:01', nw_src: '10.0.0.5' },
        actions: [{ a: 'ct', commit: false, table: 72 }],
      }),
    ).toBe(
      'table=71, priority=65,ip,reg5=0x5,in_port=tap1,dl_src=fa:16:3e:00:00:01,nw_src=10.0.0.5 actions=ct(table=72,zone=NXM_NX_REG6[0..15])',
    );
  });
});

describe('deferred flows', () => {
  it('are made once, when the tables are first read', () => {
    const t = new FlowTables();
    t.add(flow(0, {}));
    let made = 0;
    t.defer(() => {
      made++;
      return [flow(40, { reg5: 5 })];
    });
    expect(made).toBe(0);
    expect(t.size).toBe(2);
    expect(t.get(82)?.lookup(view())?.priority).toBe(40);
    expect(t.all()).toHaveLength(2);
    expect(made).toBe(1);
  });
});
