// The Southbound database ovn-northd derives from the Northbound one (ovn-architecture(7)): a
// Datapath_Binding with a tunnel key per logical switch and router, a Port_Binding with a tunnel key
// per logical port (plus the cr-lrp chassisredirect port of each gateway port, bound to the active
// gateway chassis), the Chassis rows, and the logical flows of every datapath (lflows-*.ts).
import { tapName } from '../../addr/naming';
import { activeGateway, gatewayChassisOf } from '../../model/ovn';
import type { HostName, Topology } from '../../model/types';
import type { Nb, NbRouter, NbSwitch, OvnDb, SbChassis, SbDatapath, SbPortBinding } from './db';
import type { Lflow } from './lflow';
import { routerFlows } from './lflows-router';
import { switchFlows } from './lflows-switch';
import { chassisName, crLrpName, metaVethNames, patchToProvnet, rowUuid } from './names';
import type { Pipeline } from './stages';

class Datapath implements SbDatapath {
  private made: readonly Lflow[] | null = null;
  private index: Map<string, Lflow[]> | null = null;
  readonly uuid: string;

  constructor(
    readonly tunnel_key: number,
    readonly kind: 'switch' | 'router',
    readonly name: string,
    readonly aka: string,
    readonly ports: Map<string, SbPortBinding>,
    private readonly make: () => Lflow[],
  ) {
    this.uuid = rowUuid(`dp|${name}`);
  }

  get flows(): readonly Lflow[] {
    this.made ??= this.make();
    return this.made;
  }

  stageFlows(pipeline: Pipeline, stage: number): readonly Lflow[] {
    if (!this.index) {
      this.index = new Map();
      for (const f of this.flows) {
        const k = `${f.pipeline}|${f.table}`;
        const list = this.index.get(k);
        if (list) list.push(f);
        else this.index.set(k, [f]);
      }
      for (const list of this.index.values()) list.sort((a, b) => b.priority - a.priority);
    }
    return this.index.get(`${pipeline}|${stage}`) ?? [];
  }
}

function switchBindings(ls: NbSwitch, dp: number, hosts: ReadonlySet<string>): Map<string, SbPortBinding> {
  const ports = new Map<string, SbPortBinding>();
  ls.ports.forEach((p, i) => {
    const host = (p.options['requested-chassis'] ?? null) as HostName | null;
    const base = {
      logical_port: p.name,
      dp,
      tunnel_key: i + 1,
      mac: p.mac,
      ips: p.ips,
      portId: p.portId,
      tag: p.tag,
      up: p.up,
      portSecurity: p.port_security.length > 0,
      label:
        p.type === 'router'
          ? `${p.owner}'s port on ${ls.aka}`
          : p.type === 'localnet'
            ? `the localnet port of ${ls.aka}`
            : p.type === 'localport'
              ? `the metadata port of ${ls.aka}`
              : `${p.owner || 'a'}'s port on ${ls.aka}`,
    };
    if (p.type === 'router')
      ports.set(p.name, {
        ...base,
        type: 'patch',
        chassis: null,
        peer: p.options['router-port']!,
        ovsPort: null,
      });
    else if (p.type === 'localnet')
      ports.set(p.name, {
        ...base,
        type: 'localnet',
        chassis: null,
        peer: null,
        ovsPort: patchToProvnet(p.name),
      });
    else if (p.type === 'localport')
      ports.set(p.name, {
        ...base,
        type: 'localport',
        chassis: null,
        peer: null,
        ovsPort: metaVethNames(ls.networkId)[0],
      });
    else
      ports.set(p.name, {
        ...base,
        type: '',
        chassis: host && hosts.has(host) ? host : null,
        peer: null,
        ovsPort: p.portId ? tapName(p.portId) : null,
      });
  });
  return ports;
}

function routerBindings(
  t: Topology,
  lr: NbRouter,
  dp: number,
  gateways: ReturnType<typeof gatewayChassisOf>,
): Map<string, SbPortBinding> {
  const ports = new Map<string, SbPortBinding>();
  let key = 1;
  const gw = gateways.get(lr.routerId) ?? [];
  for (const p of lr.ports) {
    const ips = p.networks.map((n) => n.split('/')[0]!);
    const common = {
      dp,
      mac: p.mac,
      ips,
      portId: p.portId,
      tag: null,
      up: true,
      ovsPort: null,
      portSecurity: false,
    };
    const label = `${lr.aka}'s ${p.gateway_chassis.length ? 'gateway port' : 'interface'} ${p.networks.join(', ')}`;
    ports.set(p.name, {
      ...common,
      logical_port: p.name,
      type: 'patch',
      tunnel_key: key++,
      chassis: null,
      peer: p.peer,
      label,
    });
  }
  for (const p of lr.ports) {
    if (!p.gateway_chassis.length) continue;
    const ips = p.networks.map((n) => n.split('/')[0]!);
    ports.set(crLrpName(p.portId), {
      logical_port: crLrpName(p.portId),
      type: 'chassisredirect',
      dp,
      tunnel_key: key++,
      chassis: activeGateway(t, gw),
      mac: p.mac,
      ips,
      peer: p.name,
      portId: p.portId,
      tag: null,
      up: true,
      ovsPort: null,
      portSecurity: false,
      label: `${lr.aka}'s gateway port, redirected to its gateway chassis`,
    });
  }
  return ports;
}

export function southbound(t: Topology, nb: Nb): OvnDb {
  const hosts = new Set<string>(t.hosts.map((h) => h.name));
  const datapaths = new Map<number, SbDatapath>();
  const byName = new Map<string, SbDatapath>();
  const ports = new Map<string, SbPortBinding>();
  const chassis: SbChassis[] = t.hosts.map((h) => ({
    name: chassisName(h.name),
    hostname: h.name,
    ip: h.tunnel_ip,
  }));
  // northd numbers datapaths as it meets them: the switches, then the routers
  let key = 1;
  const gateways = gatewayChassisOf(t);
  const db: OvnDb = {
    nb,
    chassis,
    datapaths,
    datapathByName: byName,
    ports,
    bridges: [],
    mcast: { flood: 32768, unknown: 32769 },
  };
  for (const ls of nb.switches) {
    const dp = key++;
    const bindings = switchBindings(ls, dp, hosts);
    const d = new Datapath(dp, 'switch', ls.name, ls.aka, bindings, () => switchFlows(t, db, ls, dp));
    datapaths.set(dp, d);
    byName.set(ls.name, d);
    for (const [n, b] of bindings) ports.set(n, b);
  }
  for (const lr of nb.routers) {
    const dp = key++;
    const bindings = routerBindings(t, lr, dp, gateways);
    const d = new Datapath(dp, 'router', lr.name, lr.aka, bindings, () => routerFlows(t, db, lr, dp));
    datapaths.set(dp, d);
    byName.set(lr.name, d);
    for (const [n, b] of bindings) ports.set(n, b);
  }
  return db;
}
