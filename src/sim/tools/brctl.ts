// `brctl` (bridge-utils) on a host: the per-VIF qbr Linux bridges of the hybrid plug with their qvb
// and tap interfaces (neutron-facts §2, §12), and the MAC table each bridge learned (SimState.fdb).
import type { HostPlane, LinuxBridge } from '../realize/dataplane';
import { cmp, fail, ok, type ToolContext, type ToolResult, text } from './context';
import { qbrMac, tapMac, vethMac } from './netdev';

const USAGE = `Usage: brctl [commands]
commands:
	addbr     	<bridge>		add bridge
	delbr     	<bridge>		delete bridge
	addif     	<bridge> <device>	add interface to bridge
	delif     	<bridge> <device>	delete interface from bridge
	hairpin   	<bridge> <port> {on|off}	turn hairpin on/off
	setageing 	<bridge> <time>		set ageing time
	setbridgeprio	<bridge> <prio>		set bridge priority
	setfd     	<bridge> <time>		set bridge forward delay
	sethello  	<bridge> <time>		set hello time
	setmaxage 	<bridge> <time>		set max message age
	setpathcost	<bridge> <port> <cost>	set path cost
	setportprio	<bridge> <port> <prio>	set port priority
	show      	[ <bridge> ]		show a list of bridges
	showmacs  	<bridge>		show a list of mac addrs
	showstp   	<bridge>		show bridge stp info
	stp       	<bridge> {on|off}	turn stp on/off
`;

const READ_ONLY = new Set([
  'addbr',
  'delbr',
  'addif',
  'delif',
  'hairpin',
  'setageing',
  'setbridgeprio',
  'setfd',
  'sethello',
  'setmaxage',
  'setpathcost',
  'setportprio',
  'stp',
  'showstp',
]);

/** The Linux bridges of a host, sorted by name as brctl lists /sys/class/net. */
export function linuxBridgesOf(ctx: ToolContext, host: HostPlane): LinuxBridge[] {
  const out: LinuxBridge[] = [];
  for (const id of host.devices) {
    const d = ctx.plane.devices.get(id);
    if (d?.kind === 'linux-bridge') out.push(d);
  }
  return out.sort((a, b) => cmp(a.name, b.name));
}

/** A bridge's ports by port number: os-vif adds the qvb first, libvirt the tap when the guest starts. */
function portsOf(br: LinuxBridge): { no: number; name: string }[] {
  const [tap = '', qvb = ''] = br.ports;
  return [
    { no: 1, name: qvb },
    { no: 2, name: tap },
  ];
}

/** "bridge name\tbridge id\t\tSTP enabled\tinterfaces", interfaces sorted, one per line after the first. */
function showBridge(ctx: ToolContext, host: HostPlane, br: LinuxBridge): string[] {
  const [tap = '', qvb = ''] = br.ports;
  const id = `8000.${qbrMac(ctx, host.name, tap, qvb).replaceAll(':', '')}`;
  const ifaces = [...br.ports].sort(cmp);
  return [
    `${br.name}\t\t${id}\tno\t\t${ifaces[0] ?? ''}`,
    ...ifaces.slice(1).map((i) => `\t\t\t\t\t\t\t${i}`),
  ];
}

function timer(us: number): string {
  const s = Math.floor(us / 1e6);
  const cs = Math.floor((us % 1e6) / 1e4);
  return `${String(s).padStart(4)}.${String(cs).padStart(2, '0')}`;
}

function showMacs(ctx: ToolContext, host: HostPlane, br: LinuxBridge): string[] {
  const ports = portsOf(br);
  const [tap = '', qvb = ''] = br.ports;
  const tapDev = ctx.plane.devices.get(`${host.name}|${tap}`);
  const portMac = ctx.topology.ports.find(
    (p) => tapDev && 'portId' in tapDev && p.id === tapDev.portId,
  )?.mac_address;
  const local = new Map<string, number>([
    [vethMac(host.name, qvb), 1],
    [portMac ? tapMac(portMac) : vethMac(host.name, tap), 2],
  ]);
  const rows: { mac: string; line: string }[] = [];
  for (const [mac, no] of local)
    rows.push({ mac, line: `${String(no).padStart(3)}\t${mac}\tyes\t\t${timer(0)}` });
  for (const [mac, e] of ctx.state.fdb.get(br.id) ?? new Map<string, { port: string; at: number }>()) {
    if (local.has(mac)) continue;
    const no = ports.find((p) => p.name === e.port)?.no ?? 0;
    rows.push({
      mac,
      line: `${String(no).padStart(3)}\t${mac}\tno\t\t${timer(Math.max(0, ctx.state.clock - e.at))}`,
    });
  }
  rows.sort((a, b) => cmp(a.mac, b.mac));
  return ['port no\tmac addr\t\tis local?\tageing timer', ...rows.map((r) => r.line)];
}

export function runBrctl(ctx: ToolContext, host: HostPlane, argv: readonly string[]): ToolResult {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return { stdout: USAGE, stderr: '', exitCode: 1 };
  const bridges = linuxBridgesOf(ctx, host);
  if (cmd === 'show') {
    const lines = ['bridge name\tbridge id\t\tSTP enabled\tinterfaces'];
    if (!args.length) {
      for (const br of bridges) lines.push(...showBridge(ctx, host, br));
      return ok(text(lines));
    }
    // brctl prints the name before it finds out that there is no such bridge
    let out = text(lines);
    let err = '';
    for (const name of args) {
      const br = bridges.find((b) => b.name === name);
      if (br) out += text(showBridge(ctx, host, br));
      else {
        out += `${name}\t\t`;
        err += "can't get info No such device\n";
      }
    }
    return { stdout: out, stderr: err, exitCode: 0 };
  }
  if (cmd === 'showmacs') {
    if (args[0] === undefined)
      return {
        stdout: 'Usage: brctl showmacs <bridge>\n',
        stderr: 'Incorrect number of arguments for command\n',
        exitCode: 1,
      };
    const br = bridges.find((b) => b.name === args[0]);
    if (!br) return fail('read of forward table failed: No such device', 1);
    return ok(text(showMacs(ctx, host, br)));
  }
  if (READ_ONLY.has(cmd))
    return fail(`brctl ${cmd}: the simulated hosts are read-only; edit the topology instead`, 1);
  return { stdout: USAGE, stderr: `never heard of command [${cmd}]\n`, exitCode: 1 };
}
