// The "remove a security group rule" fault on the openvswitch firewall's cloud: remove the SSH rule and
// SSH from outside is dropped in br-int's table 82, the drop naming the table, the flow and the rule
// that is missing; the Faults tab says so before anyone sends (neutron-facts-beyond §4).
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/sim';
import { FAULTS } from '../../src/store/faults';
import { cloud, loadExample } from './helpers';

const t = loadExample('ovs-firewall');
const fault = FAULTS.find((f) => f.kind === 'sg-rule')!;
const ssh = t.security_groups
  .flatMap((g) => g.rules)
  .find((r) => r.protocol === 'tcp' && r.port_range_min === 22)!;

describe('removing the SSH rule under the openvswitch firewall', () => {
  it('is offered, and its trial is SSH from outside to the VM with the floating IP', () => {
    expect(fault.targets(t).find((x) => x.id === ssh.id)?.label).toBe(
      'default (demo): ingress tcp 22 from 0.0.0.0/0',
    );
    expect(fault.trial(t, ssh.id)).toEqual({ from: 'internet', to: 'vm1', proto: 'tcp', port: 22 });
  });

  it('drops the trial in table 82 of compute1, naming the flow and the rule lacking; undone, it connects', () => {
    const trial = fault.trial(t, ssh.id)!;
    const draft = structuredClone(t);
    fault.apply(draft, ssh.id);
    const r = loadTopology(draft);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const broken = cloud(r.topology).send(trial);
    expect(broken.verdict).toBe('dropped');
    expect(broken.dropped).toMatchObject({ host: 'compute1', device: 'br-int' });
    expect(broken.dropped!.rule).toMatch(
      /^table=82, priority=40,ct_state=-est,reg5=0x2 actions=resubmit\(,93\)$/,
    );
    expect(broken.reason).toMatch(
      /security group: no ingress rule of the port's security groups \(default\) allows TCP to port 22 from 203\.0\.113\.10: table 82 \(RULES_INGRESS_TABLE\) .* sends it to table 93 \(DROPPED_TRAFFIC_TABLE\)/,
    );
    expect(cloud(t).send(trial).probes[0]!.outcome).toBe('established');
  });

  it("tells the effect in the driver's terms: br-int's table 82, not a qbr", () => {
    expect(fault.effectOn!(t)).toMatch(/br-int: table 82 \(RULES_INGRESS_TABLE\)/);
    expect(fault.effectOn!(loadExample('two-networks-one-router'))).toBe(fault.effect);
    expect(fault.effect).toContain('qbr');
  });
});
