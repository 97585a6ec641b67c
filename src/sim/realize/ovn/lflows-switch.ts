// The logical flows ovn-northd writes for a logical switch (ovn-northd(8) "Logical Switch Datapaths",
// OVN 24.03 stages; neutron-facts-beyond §3.3, §3.6): port security, ACLs with conntrack, the ARP
// responder for known addresses, DHCP answered by ovn-controller (put_dhcp_opts), and L2 lookup.
// Register details are simplified where they only serve OVN's own bookkeeping (ACL hints); each
// flow's text is what its actions do here.
import type { Topology } from '../../model/types';
import { ACL_PRI_OFFSET } from './acl';
import type { NbSwitch, NbSwitchPort, OvnDb } from './db';
import { DROP, FlowList, NEXT, OUTPUT } from './flow-list';
import type { DhcpOpts, LAct, Lflow } from './lflow';
import {
  always,
  and,
  arpOp,
  arpTpa,
  dhcpRequest,
  ethDst,
  ethMcast,
  ethSrc,
  ethSrcMcast,
  inport,
  ip,
  ip4,
  ip4Addr,
  outport,
  paren,
  reg,
  resident,
  udpPorts,
  vlanPresent,
} from './match';
import { crLrpName } from './names';

const CT_EST_REPLY = 'ct.est && !ct.rel && !ct.new && !ct.inv && ct.rpl && ct_mark.blocked == 0';
const CT_REL = '!ct.est && ct.rel && !ct.new && !ct.inv && ct_mark.blocked == 0';
const CT_INV = 'ct.inv || (ct.est && ct.rpl && ct_mark.blocked == 1)';
const ALLOW_NEW = 'reg8[16] = 1; reg0[1] = 1; next;';
const ACL_DONE = 'reg8[16] = 0; reg8[17] = 0; reg8[18] = 0;';

function arpReply(mac: string, ipAddr: string): { text: string; run: LAct[] } {
  return {
    text: `eth.dst = eth.src; eth.src = ${mac}; arp.op = 2; /* ARP reply */ arp.tha = arp.sha; arp.sha = ${mac}; arp.tpa = arp.spa; arp.spa = ${ipAddr}; outport = inport; flags.loopback = 1; output;`,
    run: [{ k: 'arp-reply', mac, ip: ipAddr }, { k: 'outport-inport' }, { k: 'output' }],
  };
}

function dhcpText(o: DhcpOpts): string {
  const parts = [
    `offerip = ${o.offerip}`,
    ...(o.classless_static_route ? [`classless_static_route = ${o.classless_static_route}`] : []),
    `lease_time = ${o.lease_time}`,
    `mtu = ${o.mtu}`,
    `netmask = ${o.netmask}`,
    ...(o.router ? [`router = ${o.router}`] : []),
    `server_id = ${o.server_id}`,
  ];
  return `reg0[3] = put_dhcp_opts(${parts.join(', ')}); next;`;
}

/** The gateway chassis port of a router port, when its peer is a distributed gateway port. */
function dgpOf(db: OvnDb, p: NbSwitchPort): string | null {
  const lrp = p.options['router-port'];
  if (!lrp) return null;
  const cr = p.portId ? crLrpName(p.portId) : '';
  return db.ports.has(cr) ? cr : null;
}

/** The addresses a switch port answers for: a VIF's, a localport's, a router port's (its LRP's). */
function addressesOf(db: OvnDb, p: NbSwitchPort): { mac: string; ips: readonly string[] } | null {
  if (p.type === 'router') {
    const lrp = db.ports.get(p.options['router-port'] ?? '');
    return lrp?.mac ? { mac: lrp.mac, ips: lrp.ips } : null;
  }
  if (p.type === 'localnet' || !p.mac) return null;
  return { mac: p.mac, ips: p.ips };
}

function aclFlows(fl: FlowList, db: OvnDb, ls: NbSwitch): boolean {
  const here = new Set(ls.ports.map((p) => p.name));
  const groups = db.nb.portGroups.filter((g) => [...g.ports].some((p) => here.has(p)));
  if (groups.length === 0) return false;
  for (const [pipeline, stage, action] of [
    ['ingress', 'ls_in_acl_eval', 'ls_in_acl_action'],
    ['egress', 'ls_out_acl_eval', 'ls_out_acl_action'],
  ] as const) {
    const direction = pipeline === 'ingress' ? 'from-lport' : 'to-lport';
    fl.add(
      pipeline,
      stage,
      65532,
      reg(CT_EST_REPLY, (p) => p.ct === 'est' && p.ctReply),
      'reg8[16] = 1; next;',
      [{ k: 'set', reg: 'aclAllow', v: true }, { k: 'next' }],
      { why: 'a reply of a connection conntrack knows: allow-related lets it back' },
    );
    fl.add(
      pipeline,
      stage,
      65532,
      reg(CT_REL, (p) => p.ct === 'rel'),
      'reg8[16] = 1; next;',
      [{ k: 'set', reg: 'aclAllow', v: true }, { k: 'next' }],
      { why: 'related to a connection conntrack knows (an ICMP error)' },
    );
    fl.add(
      pipeline,
      stage,
      65532,
      reg(CT_INV, (p) => p.ct === 'inv'),
      'reg8[17] = 1; next;',
      [{ k: 'set', reg: 'aclDrop', v: true }, { k: 'next' }],
      { why: 'conntrack finds the packet invalid' },
    );
    for (const g of groups)
      for (const acl of g.acls) {
        if (acl.direction !== direction) continue;
        const allow = acl.action === 'allow-related';
        fl.add(
          pipeline,
          stage,
          acl.priority + ACL_PRI_OFFSET,
          paren(acl.m),
          allow ? ALLOW_NEW : 'reg8[17] = 1; next;',
          allow
            ? [{ k: 'set', reg: 'aclAllow', v: true }, { k: 'set', reg: 'commit', v: true }, { k: 'next' }]
            : [{ k: 'set', reg: 'aclDrop', v: true }, { k: 'next' }],
          { acl: FlowList.acl(acl.source, acl.direction, acl.action) },
        );
      }
    fl.add(
      pipeline,
      action,
      1000,
      reg('reg8[16] == 1', (p) => p.aclAllow),
      `${ACL_DONE} next;`,
      [{ k: 'clear-acl' }, { k: 'next' }],
    );
    fl.add(
      pipeline,
      action,
      1000,
      reg('reg8[17] == 1', (p) => p.aclDrop),
      `${ACL_DONE} drop;`,
      [{ k: 'clear-acl' }, { k: 'drop' }],
    );
  }
  return true;
}

function conntrackFlows(fl: FlowList, ls: NbSwitch): void {
  for (const [pipeline, pre, pst, stateful, end] of [
    ['ingress', 'ls_in_pre_acl', 'ls_in_pre_stateful', 'ls_in_stateful', inport],
    ['egress', 'ls_out_pre_acl', 'ls_out_pre_stateful', 'ls_out_stateful', outport],
  ] as const) {
    // router, localnet and localport ports skip conntrack (northd skip_port_from_conntrack)
    for (const p of ls.ports)
      if (p.type !== '') fl.add(pipeline, pre, 110, and(ip, end(p.name)), 'next;', NEXT);
    fl.add(pipeline, pre, 100, ip, 'reg0[0] = 1; next;', [
      { k: 'set', reg: 'wantCt', v: true },
      { k: 'next' },
    ]);
    fl.add(
      pipeline,
      pst,
      100,
      reg('reg0[0] == 1', (p) => p.wantCt),
      'ct_next;',
      [{ k: 'ct-next' }],
    );
    fl.add(
      pipeline,
      stateful,
      100,
      reg('reg0[1] == 1 && reg0[13] == 0', (p) => p.commit),
      'ct_commit { ct_mark.blocked = 0; }; next;',
      [{ k: 'ct-commit' }, { k: 'next' }],
    );
  }
}

export function switchFlows(t: Topology, db: OvnDb, ls: NbSwitch, dp: number): Lflow[] {
  const fl = new FlowList(dp, 'switch', ls.name);
  const dhcpBySubnet = new Map(db.nb.dhcpOptions.map((d) => [d.subnetId, d]));
  const subnetOf = new Map(t.ports.map((p) => [p.id as string, p.fixed_ips[0]?.subnet_id]));
  const localnet = ls.ports.find((p) => p.type === 'localnet');

  // port security: refuse multicast sources and tagged frames, then check the port's addresses
  fl.add('ingress', 'ls_in_check_port_sec', 100, ethSrcMcast, 'drop;', DROP);
  fl.add('ingress', 'ls_in_check_port_sec', 100, vlanPresent, 'drop;', DROP);
  fl.add('ingress', 'ls_in_check_port_sec', 50, always(), 'reg0[15] = check_in_port_sec(); next;', [
    { k: 'check-in-port-sec' },
    { k: 'next' },
  ]);
  fl.add(
    'ingress',
    'ls_in_apply_port_sec',
    50,
    reg('reg0[15] == 1', (p) => p.portSecFail),
    'drop;',
    DROP,
    {
      why: "the source addresses are not the port's own (port_security)",
    },
  );

  if (aclFlows(fl, db, ls)) conntrackFlows(fl, ls);

  // the ARP responder answers for every known address but the asker's own; not from a localnet port
  if (localnet) fl.add('ingress', 'ls_in_arp_rsp', 100, inport(localnet.name), 'next;', NEXT);
  for (const p of ls.ports) {
    const a = addressesOf(db, p);
    // a distributed gateway port answers ARP itself, on its gateway chassis only
    if (!a || (p.type === '' && !p.up) || dgpOf(db, p)) continue;
    for (const addr of a.ips) {
      if (p.type === '')
        fl.add('ingress', 'ls_in_arp_rsp', 100, and(arpTpa(addr), arpOp(1), inport(p.name)), 'next;', NEXT);
      const r = arpReply(a.mac, addr);
      fl.add('ingress', 'ls_in_arp_rsp', 50, and(arpTpa(addr), arpOp(1)), r.text, r.run, {
        why: `the ARP responder knows ${addr} is at ${a.mac}`,
      });
    }
  }

  // DHCP: ovn-controller answers from the subnet's DHCP_Options (neutron-facts-beyond §3.1)
  for (const p of ls.ports) {
    if (p.type !== '' || !p.mac || !p.ips[0] || !p.portId) continue;
    const d = dhcpBySubnet.get(subnetOf.get(p.portId) ?? '');
    if (!d) continue;
    const opts: DhcpOpts = { ...d.options, offerip: p.ips[0] };
    fl.add(
      'ingress',
      'ls_in_dhcp_options',
      100,
      dhcpRequest(p.name, p.mac, p.ips[0], opts.server_id),
      dhcpText(opts),
      [{ k: 'dhcp-opts', opts }, { k: 'next' }],
    );
    fl.add(
      'ingress',
      'ls_in_dhcp_response',
      100,
      and(
        inport(p.name),
        ethSrc(p.mac),
        ip4,
        udpPorts(68, 67),
        reg('reg0[3]', (x) => x.dhcpOk),
      ),
      `eth.dst = eth.src; eth.src = ${opts.server_mac}; ip4.dst = ${opts.offerip}; ip4.src = ${opts.server_id}; udp.src = 67; udp.dst = 68; outport = inport; flags.loopback = 1; output;`,
      [{ k: 'dhcp-response', opts }, { k: 'outport-inport' }, { k: 'output' }],
    );
    // the reply passes the port's egress ACLs without conntrack
    fl.add(
      'egress',
      'ls_out_acl_eval',
      34000,
      and(outport(p.name), ethSrc(opts.server_mac), ip4Addr('src', opts.server_id), udpPorts(67, 68)),
      'reg8[16] = 1; next;',
      [{ k: 'set', reg: 'aclAllow', v: true }, { k: 'next' }],
    );
  }

  // L2 lookup: broadcast floods; a known MAC goes to its port
  fl.add('ingress', 'ls_in_l2_lkup', 70, ethMcast, 'outport = "_MC_flood"; output;', [
    { k: 'outport', port: '_MC_flood' },
    { k: 'output' },
  ]);
  for (const p of ls.ports) {
    const a = addressesOf(db, p);
    if (!a) continue;
    const out = `outport = "${p.name}"; output;`;
    const run: LAct[] = [{ k: 'outport', port: p.name }, { k: 'output' }];
    const cr = dgpOf(db, p);
    fl.add('ingress', 'ls_in_l2_lkup', 50, cr ? and(ethDst(a.mac), resident(cr)) : ethDst(a.mac), out, run);
    if (cr) {
      // distributed floating IPs answer with their own MAC on the VM's chassis
      const router = db.nb.routers.find((r) => r.ports.some((x) => x.name === p.options['router-port']));
      for (const n of router?.nat ?? [])
        if (n.external_mac && n.logical_port)
          fl.add(
            'ingress',
            'ls_in_l2_lkup',
            50,
            and(ethDst(n.external_mac), resident(n.logical_port)),
            out,
            run,
          );
    }
  }
  fl.add('ingress', 'ls_in_l2_lkup', 0, always(), 'outport = get_fdb(eth.dst); next;', [
    { k: 'outport', port: 'none' },
    { k: 'next' },
  ]);
  fl.add(
    'ingress',
    'ls_in_l2_unknown',
    50,
    outport('none'),
    localnet ? 'outport = "_MC_unknown"; output;' : 'drop;',
    localnet ? [{ k: 'outport', port: '_MC_unknown' }, { k: 'output' }] : DROP,
    {
      why: localnet
        ? 'an unknown MAC goes where unknown addresses are: the localnet port'
        : 'no port has that MAC',
    },
  );
  fl.add('ingress', 'ls_in_l2_unknown', 0, always(), 'output;', OUTPUT);

  // egress port security: a VIF takes only what is addressed to it
  fl.add('egress', 'ls_out_check_port_sec', 100, ethMcast, 'reg0[15] = 0; next;', NEXT);
  fl.add('egress', 'ls_out_check_port_sec', 0, always(), 'reg0[15] = check_out_port_sec(); next;', [
    { k: 'check-out-port-sec' },
    { k: 'next' },
  ]);
  fl.add(
    'egress',
    'ls_out_apply_port_sec',
    50,
    reg('reg0[15] == 1', (p) => p.portSecFail),
    'drop;',
    DROP,
    {
      why: "the destination is not the port's own address (port_security)",
    },
  );
  fl.add('egress', 'ls_out_apply_port_sec', 0, always(), 'output;', OUTPUT);
  return fl.finish();
}
