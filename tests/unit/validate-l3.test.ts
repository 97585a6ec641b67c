// Routers' kinds in the model (issue #14, "The model"): `distributed` and `ha` take the server's
// defaults (router_distributed, l3_ha), the L3 agent's mode follows the host once DVR is in use, and
// what Neutron refuses is refused naming the router and what it lacks (neutron-facts-beyond §1, §2).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { l3AgentMode, loadTopology, routerFlavour } from '../../src/sim';

type Json = Record<string, any>;
const demo = (): Json => JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));

function errorsOf(t: Json) {
  const r = loadTopology(t);
  if (r.ok) throw new Error('expected a refusal');
  return r.errors;
}

describe('router kinds in the model', () => {
  it('default to the server options, legacy unless set', () => {
    const r = loadTopology(demo());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.topology.routers.map(routerFlavour)).toEqual(['legacy']);
    expect(r.topology.options).toMatchObject({
      router_distributed: false,
      l3_ha: false,
      max_l3_agents_per_router: 3,
      l3_ha_net_cidr: '169.254.192.0/18',
      dvr_base_mac: 'fa:16:3f:00:00:00',
    });
    for (const h of r.topology.hosts) expect(l3AgentMode(r.topology, h)).toBe('legacy');
  });

  it('take dvr on computes and dvr_snat on network hosts once a router is distributed', () => {
    const t = { routers: [{ distributed: true }] };
    expect(l3AgentMode(t, { role: 'compute', l3_agent_mode: null })).toBe('dvr');
    expect(l3AgentMode(t, { role: 'network', l3_agent_mode: null })).toBe('dvr_snat');
    expect(l3AgentMode(t, { role: 'compute', l3_agent_mode: 'dvr_no_external' })).toBe('dvr_no_external');
    expect(l3AgentMode({ routers: [] }, { role: 'network', l3_agent_mode: null })).toBe('legacy');
  });
});

describe('what Neutron refuses', () => {
  it('an HA router with one L3 agent, naming the router and the host that has one', () => {
    const t = demo();
    t.routers[0].ha = true;
    const e = errorsOf(t).find((x) => x.path === 'routers[0].ha' && x.message.includes('two hosts'))!;
    expect(e.message).toContain('router1');
    expect(e.message).toContain('only network1');
  });

  it('a distributed router whose computes run no L3 agent, naming each host', () => {
    const t = demo();
    t.routers[0].distributed = true;
    const msgs = errorsOf(t)
      .filter((x) => x.path === 'routers[0].distributed')
      .map((x) => x.message);
    expect(msgs.some((m) => m.includes('compute1') && m.includes('L3 agent'))).toBe(true);
    expect(msgs.some((m) => m.includes('compute2') && m.includes('L3 agent'))).toBe(true);
  });

  it('DVR without l2population', () => {
    const t = demo();
    t.routers[0].distributed = true;
    t.options = { ...(t.options ?? {}), l2population: false };
    expect(
      errorsOf(t).some((x) => x.path === 'routers[0].distributed' && x.message.includes('l2population')),
    ).toBe(true);
  });

  it('bad DVR and HA options, naming the value', () => {
    const t = demo();
    t.options = { ...(t.options ?? {}), dvr_base_mac: 'fa:16:3f', l3_ha_net_cidr: '169.254.192.0/33' };
    const errs = errorsOf(t);
    expect(errs).toContainEqual(expect.objectContaining({ path: 'options.dvr_base_mac', value: 'fa:16:3f' }));
    expect(errs).toContainEqual(
      expect.objectContaining({ path: 'options.l3_ha_net_cidr', value: '169.254.192.0/33' }),
    );
  });
});
