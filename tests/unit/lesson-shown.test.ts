// The checker of what a lesson step shows: which devices a text names, which a step lights or animates,
// and the problems it reports; and the DHCP side of a lesson's send and expectations.
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import { checkExpect, dhcpMessages } from '../../src/lessons/check';
import { mentionsIn, namesOf } from '../../src/lessons/mentions';
import { checkOutput, whereOn } from '../../src/lessons/run';
import { type LessonStep, lessonSchema } from '../../src/lessons/schema';
import { checkShown, lightedBy, type StepView, stepViews } from '../../src/lessons/shown';
import { planeView, runLine } from '../../src/sim';
import { cloud, loadExample } from './helpers';

const c = cloud(loadExample('two-networks-one-router'));
const devices = planeView(c.topology, c.plane).devices;
const names = namesOf(c.topology);
const keys = (text: string) => mentionsIn(text, names).map((m) => m.key);
const check = (step: Partial<LessonStep>, view: StepView = 'physical', trace = null as never) =>
  checkShown({ title: 't', text: '', ...step }, { devices, names, view, trace });

describe('the devices a text names', () => {
  it('finds device words and phrases, in the order the text names them', () => {
    expect(
      keys('qvo sits on br-int, Open vSwitch’s integration bridge; qvb on the qbr Linux bridge.'),
    ).toEqual(['qvo', 'br-int', 'qvb', 'qbr']);
    expect(keys('the DHCP namespace runs dnsmasq; the router namespace has qr- and qg- ports')).toEqual([
      'qdhcp',
      'qrouter',
      'qr-',
      'qg-',
    ]);
    expect(keys('outputs to the vxlan port, then the upstream router')).toEqual([
      'vxlan port',
      'upstream router',
    ]);
  });

  it('tells a patch port from the bridge in its name', () => {
    expect(keys('The frame leaves br-int through int-br-ex')).toEqual(['br-int', 'int-br-ex']);
    expect(keys('patch-tun toward br-tun')).toEqual(['patch-tun', 'br-tun']);
  });

  it('knows the cloud’s servers, routers and outside hosts by name, and only as whole words', () => {
    expect(keys("vm1's MAC, router1's qg-, the internet host")).toEqual([
      'vm1',
      'router1',
      'qg-',
      'internet',
    ]);
    expect(keys('vm10 and router12 and tape and qbridge')).toEqual([]);
  });

  it('quotes the words that name a device, with a little text around them', () => {
    const [m] = mentionsIn(
      'A long text before anything at all. Then qbr appears here, and more text after it.',
      names,
    );
    expect(m?.quote).toContain('Then qbr appears here');
  });
});

describe('what a step shows', () => {
  it('is right when it lights exactly what the text names', () => {
    expect(check({ text: 'qvo sits on br-int.', highlight: ['qvo*', 'compute1/br-int'] })).toEqual([]);
  });

  it('reports a named device that is not lit, and a lit device that is not named', () => {
    const p = check({ text: 'qvo sits on br-int.', highlight: ['qvo*', 'qbr*'] });
    expect(p).toHaveLength(3);
    expect(p[0]).toMatch(/^names br-int \(".*qvo sits on br-int.*"\) but does not show it/);
    expect(p.slice(1).every((x) => /^lights compute\d\/qbr.*, which its text does not name$/.test(x))).toBe(
      true,
    );
  });

  it('lets a step leave a named device unlit on purpose, and only a device its text names', () => {
    expect(check({ text: 'qvo sits on br-int.', highlight: ['qvo*'], unlit: ['br-int'] })).toEqual([]);
    expect(check({ text: 'qvo sits on br-int.', highlight: ['qvo*'], unlit: ['br-int', 'br-tun'] })).toEqual([
      'lists "br-tun" as unlit, but its text does not name it',
    ]);
    expect(
      check({ text: 'qvo sits on br-int.', highlight: ['qvo*', 'br-int'], unlit: ['br-int'] }),
    ).toContain('lists "br-int" as unlit but lights it');
  });

  it('needs both bridges for a patch port between them', () => {
    expect(check({ text: 'through int-br-ex', highlight: ['network1/br-int'] })).toEqual([
      expect.stringMatching(/^names int-br-ex/),
    ]);
    expect(check({ text: 'through int-br-ex', highlight: ['network1/br-int', 'network1/br-ex'] })).toEqual(
      [],
    );
  });

  it('in the logical view, shows only servers, routers and the outside world', () => {
    expect(
      check({ text: 'router1 joins vm1 and vm2', highlight: ['vm1', 'vm2', 'qrouter-*'] }, 'logical'),
    ).toEqual([]);
    const p = check({ text: 'its qr- ports', highlight: ['qr-*'] }, 'logical');
    expect(p.filter((x) => /which the logical view does not draw$/.test(x))).toHaveLength(2);
    expect(p).toContainEqual(expect.stringMatching(/^names qr- /));
  });

  it('counts what the step’s packets cross, and the ends of its send, as shown in the physical view only', () => {
    const trace = c.send({ from: 'vm1', to: 'vm2' });
    const step = {
      text: 'vm1 pings vm2 through the qrouter namespace and br-tun',
      send: { from: 'vm1', to: 'vm2' },
    };
    expect(check(step, 'physical', trace as never)).toEqual([]);
    expect(check(step, 'logical', trace as never)).toHaveLength(4);
    // the far end of a send that never arrives is named by the send itself
    const lost = c.send({ from: 'internet', to: 'vm2' });
    expect(lost.verdict).toBe('dropped');
    expect(
      check(
        { text: 'ping vm2 from the internet host', send: { from: 'internet', to: 'vm2' } },
        'physical',
        lost as never,
      ),
    ).toEqual([]);
  });

  it('resolves highlight patterns by name, host and wildcard', () => {
    expect(
      lightedBy(['network1/br-*'], devices)
        .map((d) => d.name)
        .sort(),
    ).toEqual(['br-ex', 'br-int', 'br-tun']);
    expect(lightedBy(undefined, devices)).toEqual([]);
  });
});

describe('the view of each step', () => {
  it('is its own, or the last an earlier step chose, physical before any', () => {
    const steps = [{}, { view: 'logical' }, {}, { view: 'physical' }, {}] as LessonStep[];
    expect(stepViews({ steps })).toEqual(['physical', 'logical', 'logical', 'physical', 'physical']);
  });
});

describe('DHCP in lessons', () => {
  it('sends a boot exchange or a renewal, and checks its messages', () => {
    const boot = c.send({ from: 'vm1', to: '', proto: 'dhcp' });
    const renew = c.send({ from: 'vm1', to: '', proto: 'dhcp', dhcp: 'renew' });
    expect(dhcpMessages(boot)).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'ACK']);
    expect(dhcpMessages(renew)).toEqual(['REQUEST', 'ACK']);
    expect(checkExpect(boot, { dhcp: ['REQUEST', 'ACK'] })).toEqual([
      'DHCP messages DISCOVER, OFFER, REQUEST, ACK, expected REQUEST, ACK',
    ]);
    expect(checkExpect(renew, { dhcp: ['REQUEST', 'ACK'] })).toEqual([]);
  });

  it('a lesson file may ask for a renewal and leave devices unlit; anything else is refused by name', () => {
    const base = BUILTIN_LESSONS.find((l) => l.id === 'dhcp')!;
    const step = base.steps.find((s) => s.send?.proto === 'dhcp')!;
    const withSend = (send: object) => ({ ...base, steps: [{ ...step, send: { ...step.send, ...send } }] });
    expect(lessonSchema.safeParse(withSend({ dhcp: 'renew' })).success).toBe(true);
    const bad = lessonSchema.safeParse(withSend({ dhcp: 'rebind' }));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path.join('.')).toBe('steps.0.send.dhcp');
    const unlit = lessonSchema.safeParse({ ...base, steps: [{ ...step, unlit: ['br-int', ''] }] });
    expect(unlit.error?.issues[0]?.path.join('.')).toBe('steps.0.unlit.1');
  });
});

describe('a cloud with its own provider bridge and upstream name', () => {
  const p = cloud(loadExample('provider-vlan'));
  const pDevices = planeView(p.topology, p.plane).devices;
  const pNames = namesOf(p.topology);
  const pKeys = (text: string) => mentionsIn(text, pNames).map((m) => m.key);
  const pCheck = (step: Partial<LessonStep>) =>
    checkShown(
      { title: 't', text: '', ...step },
      { devices: pDevices, names: pNames, view: 'physical', trace: null },
    );

  it('names the bridge of bridge_mappings and its patch ports by name, apart from each other', () => {
    expect(pKeys('br-int hands it to int-br-provider; br-provider gets it on phy-br-provider')).toEqual([
      'br-int',
      'int-br-provider',
      'br-provider',
    ]);
    expect(pKeys('br-providers and br-provider2 are other names')).toEqual([]);
  });

  it('needs that bridge shown, and both bridges for its patch ports', () => {
    expect(pCheck({ text: 'br-provider rewrites the VLAN', highlight: ['compute1/br-int'] })).toEqual([
      expect.stringMatching(/^names br-provider /),
      'lights compute1/br-int, which its text does not name',
    ]);
    expect(pCheck({ text: 'through phy-br-provider', highlight: ['compute1/br-provider'] })).toEqual([
      expect.stringMatching(/^names int-br-provider /),
    ]);
    expect(
      pCheck({ text: 'through phy-br-provider', highlight: ['compute1/br-provider', 'compute1/br-int'] }),
    ).toEqual([]);
  });

  it('takes the upstream router’s own name for the upstream router', () => {
    expect(pKeys('the physical-router answers')).toEqual(['upstream router']);
    expect(pCheck({ text: 'the physical-router answers' })).toEqual([
      expect.stringMatching(/^names upstream router \(".*physical-router.*"\)/),
    ]);
    expect(pCheck({ text: 'the physical-router answers', highlight: ['physical-router'] })).toEqual([]);
    expect(pCheck({ text: 'the physical-router answers', unlit: ['upstream router'] })).toEqual([]);
  });
});

describe('a step’s command', () => {
  const p = cloud(loadExample('provider-vlan'));
  const run = (on: string, command: string, shows?: string[]) => {
    const where = whereOn(p.topology, on);
    return where ? checkOutput({ on, command, shows }, runLine(p, where, command)) : null;
  };

  it('runs on a host, a server’s console or an outside host, by name', () => {
    expect(whereOn(p.topology, 'compute2')).toEqual({ host: 'compute2', namespace: null });
    expect(whereOn(p.topology, 'vm1')).toMatchObject({ vm: expect.any(String) });
    expect(whereOn(p.topology, 'fileserver')).toMatchObject({ outside: 'fileserver' });
    expect(whereOn(p.topology, 'network1')).toBeNull();
    expect(run('vm1', 'ip route', ['default via 203\\.0\\.113\\.1'])).toEqual([]);
  });

  it('reports a pattern its output lacks, and a command that fails', () => {
    expect(run('compute1', 'ovs-ofctl dump-flows br-provider', ['mod_vlan_vid:101'])).toEqual([]);
    expect(run('compute1', 'ovs-ofctl dump-flows br-provider', ['mod_vlan_vid:102'])).toEqual([
      'ovs-ofctl dump-flows br-provider on compute1 does not show /mod_vlan_vid:102/',
    ]);
    expect(run('compute1', 'ovs-ofctl dump-flows br-nothing')).toEqual([
      expect.stringMatching(/^ovs-ofctl dump-flows br-nothing on compute1 failed \(exit 1\): .*br-nothing/),
    ]);
  });

  it('is refused in a lesson file without a command, by its path', () => {
    const base = BUILTIN_LESSONS.find((l) => l.id === 'provider-networks')!;
    const step = base.steps.find((s) => s.run)!;
    const bad = lessonSchema.safeParse({ ...base, steps: [{ ...step, run: { on: 'compute1' } }] });
    expect(bad.error?.issues[0]?.path.join('.')).toBe('steps.0.run.command');
  });
});
