// `ip` (iproute2): options, objects and commands parsed as ip does, with its abbreviations
// (`ip a`, `ip r`, `ip n`, `ip -4 a`, `ip -br l`), `ip -n <ns>`, and `ip netns` (list with nsids,
// exec). The hosts are read-only: commands that would change them say so.
import {
  abbrev,
  fail,
  namespaceOn,
  namespacesOf,
  noSuchNamespace,
  ok,
  type Place,
  type ToolContext,
  type ToolResult,
  text,
} from './context';
import { busyboxIp, guestImage } from './guest-console';
import { formatAddr, formatLink, type ListOptions } from './ip-addr';
import { ipNeighShow, ipRouteGet, ipRouteShow } from './ip-route';
import { ipRouteShowTable, ipRuleShow } from './ip-rule';
import { linksOf } from './netdev';

/** Runs a command line inside a namespace of the current host (`ip netns exec`). */
export type ExecIn = (namespace: string, argv: readonly string[]) => ToolResult;

/** iproute2's object table, in its order: an abbreviation picks the first that matches. */
const OBJECTS = [
  'address',
  'addrlabel',
  'maddress',
  'route',
  'rule',
  'neighbor',
  'neighbour',
  'ntable',
  'ntbl',
  'link',
  'l2tp',
  'fou',
  'ila',
  'macsec',
  'tunnel',
  'tuntap',
  'tap',
  'token',
  'tcpmetrics',
  'tcp_metrics',
  'monitor',
  'xfrm',
  'mroute',
  'mrule',
  'netns',
  'netconf',
  'vrf',
  'sr',
  'nexthop',
  'mptcp',
  'ioam',
  'stats',
  'help',
] as const;

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | stats | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -echo | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

const NETNS_USAGE = `Usage:	ip netns list
	ip netns add NAME
	ip netns attach NAME PID
	ip netns set NAME NETNSID
	ip [-all] netns delete [NAME]
	ip netns identify [PID]
	ip netns pids NAME
	ip [-all] netns exec [NAME] cmd ...
	ip netns monitor
	ip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]
NETNSID := auto | POSITIVE-INT
`;

const OBJECT_USAGE: Record<string, string> = {
  address: `Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                      [ CONFFLAG-LIST ]
       ip address del IFADDR dev IFNAME [mngtmpaddr]
       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]
                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                         [ nomaster ]
                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                         [ label LABEL ] [up] [ vrf NAME ]
                         [ proto ADDRPROTO ] ]
`,
  route: `Usage: ip route { list | flush } SELECTOR
       ip route save SELECTOR
       ip route restore
       ip route showdump
       ip route get [ ROUTE_GET_FLAGS ] ADDRESS
                            [ from ADDRESS iif STRING ]
                            [ oif STRING ] [ tos TOS ]
                            [ mark NUMBER ] [ vrf NAME ]
                            [ uid NUMBER ] [ ipproto PROTOCOL ]
                            [ sport NUMBER ] [ dport NUMBER ]
                            [ as ADDRESS ]
       ip route { add | del | change | append | replace } ROUTE
`,
  neighbor: `Usage: ip neigh { add | del | change | replace }
                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }
                [ dev DEV ] [ router ] [ extern_learn ] [ protocol PROTO ]

       ip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
                                 [ vrf NAME ] [ nomaster ]
       ip neigh get { ADDR | proxy ADDR } dev DEV
`,
  link: `Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME
       ip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]
       ip link set { DEVICE | dev DEVICE | group DEVGROUP }
       ip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]
                    [nomaster]
`,
};

const READ_ONLY = (what: string) =>
  fail(
    `RTNETLINK answers: Operation not permitted (${what}: the simulated hosts are read-only; edit the topology instead)`,
    2,
  );

interface Options extends ListOptions {
  readonly netns: string | null;
}

interface Parsed {
  readonly opts: Options;
  /** the options other than -n NAME, to pass on when running inside that namespace */
  readonly kept: readonly string[];
  readonly rest: readonly string[];
}

function parseOptions(argv: readonly string[]): Parsed | { done: ToolResult } {
  let family: Options['family'] = null;
  let brief = false;
  let netns: string | null = null;
  const kept: string[] = [];
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const o = argv[i]!.replace(/^--/, '-');
    if (o === '-n' || o === '-netns') {
      netns = argv[++i] ?? null;
      if (netns === null) return { done: fail('Option "-netns" requires an argument', 255) };
      continue;
    }
    kept.push(argv[i]!);
    if (o === '-4') family = 4;
    else if (o === '-6') family = 6;
    else if (o === '-br' || o === '-brief') brief = true;
    else if (/^-(V|Version)$/.test(o)) return { done: ok('ip utility, iproute2-6.1.0, libbpf 1.1.0\n') };
    else if (
      /^-(s|stats|statistics|d|details|c|color|color=.*|h|human|human-readable|N|Numeric|r|resolve|a|all)$/.test(
        o,
      )
    ) {
      // accepted; nothing the simulation prints changes with them
    } else return { done: fail(`Option "${argv[i]}" is unknown, try "ip -help".`, 255) };
  }
  return { opts: { family, brief, netns }, kept, rest: argv.slice(i) };
}

export function runIp(ctx: ToolContext, place: Place, argv: readonly string[], exec: ExecIn): ToolResult {
  const parsed = parseOptions(argv);
  if ('done' in parsed) return parsed.done;
  const { opts, kept, rest } = parsed;
  // `ip -n NAME ...` is `ip netns exec NAME ip ...`
  if (opts.netns !== null) {
    if (place.kind === 'guest' || !namespaceOn(ctx, place.host, opts.netns))
      return noSuchNamespace(opts.netns);
    return exec(opts.netns, ['ip', ...kept, ...rest]);
  }
  const [word, ...args] = rest;
  if (word === undefined) return fail(USAGE, 255);
  const object = abbrev(word, OBJECTS);
  if (object === null) return fail(`Object "${word}" is unknown, try "ip help".`, 1);
  switch (object) {
    case 'help':
      return fail(USAGE, 255);
    case 'address':
      return runAddrOrLink(ctx, place, args, opts, 'address');
    case 'link':
      return runAddrOrLink(ctx, place, args, opts, 'link');
    case 'route':
      return runRoute(place, args);
    case 'neighbor':
    case 'neighbour':
      return runNeigh(ctx, place, args);
    case 'netns':
      return runNetns(ctx, place, args, exec);
    case 'rule':
      // the three rules every namespace starts with, and the ones the L3 agent adds (ip-rule.ts)
      return args.length && !abbrev(args[0]!, ['list', 'show']) ? READ_ONLY('ip rule') : ipRuleShow(place);
    default:
      return fail(`ip ${object}: not simulated (try ip address, link, route, neigh or netns)`, 1);
  }
}

/** The device named by `dev NAME` or a bare NAME among the arguments of show. */
function deviceArg(args: readonly string[]): string | null {
  const i = args.indexOf('dev');
  if (i >= 0) return args[i + 1] ?? null;
  return args.find((a) => !['up', 'show', 'list', 'lst'].includes(a)) ?? null;
}

function runAddrOrLink(
  ctx: ToolContext,
  place: Place,
  args: readonly string[],
  opts: Options,
  object: 'address' | 'link',
): ToolResult {
  const [cmd, ...more] = args;
  const verb =
    cmd === undefined
      ? 'show'
      : abbrev(cmd, [
          'show',
          'list',
          'lst',
          'add',
          'change',
          'replace',
          'del',
          'delete',
          'flush',
          'set',
          'save',
          'help',
        ]);
  if (verb === 'help') return fail(OBJECT_USAGE[object]!, 255);
  if (verb === null) return fail(`Command "${cmd}" is unknown, try "ip ${object} help".`, 255);
  if (!['show', 'list', 'lst'].includes(verb)) return READ_ONLY(`ip ${object} ${verb}`);
  const dev = deviceArg(more);
  // a CirrOS guest's own ip is BusyBox's, which knows none of iproute2's listing options
  if (place.kind === 'guest' && guestImage(ctx, place) === 'cirros' && !opts.brief && opts.family === null) {
    const own = busyboxIp(ctx, place, object, dev);
    if (own) return own;
  }
  const links = linksOf(ctx, place);
  const chosen = dev === null ? links : links.filter((l) => l.name === dev);
  if (dev !== null && !chosen.length) return fail(`Device "${dev}" does not exist.`, 1);
  return ok(text(object === 'address' ? formatAddr(chosen, opts) : formatLink(chosen, opts)));
}

function runRoute(place: Place, args: readonly string[]): ToolResult {
  const [cmd, ...more] = args;
  const verb =
    cmd === undefined
      ? 'show'
      : abbrev(cmd, [
          'show',
          'list',
          'get',
          'add',
          'del',
          'delete',
          'change',
          'append',
          'replace',
          'flush',
          'help',
        ]);
  if (verb === 'help') return fail(OBJECT_USAGE.route!, 255);
  if (verb === null) return fail(`Command "${cmd}" is unknown, try "ip route help".`, 255);
  if (verb === 'get')
    return ipRouteGet(
      place,
      more.find((a) => a !== 'to'),
    );
  if (verb === 'show' || verb === 'list') {
    const i = more.indexOf('table');
    const table = i >= 0 ? more[i + 1] : undefined;
    if (i >= 0 && table === undefined) return fail('Command line is not complete. Try option "help"', 255);
    return table === undefined || table === 'main' ? ipRouteShow(place) : ipRouteShowTable(place, table);
  }
  return READ_ONLY(`ip route ${verb}`);
}

function runNeigh(ctx: ToolContext, place: Place, args: readonly string[]): ToolResult {
  const [cmd, ...more] = args;
  const verb =
    cmd === undefined
      ? 'show'
      : abbrev(cmd, ['show', 'list', 'add', 'del', 'delete', 'change', 'replace', 'flush', 'get', 'help']);
  if (verb === 'help') return fail(OBJECT_USAGE.neighbor!, 255);
  if (verb === null) return fail(`Command "${cmd}" is unknown, try "ip neigh help".`, 255);
  if (verb === 'show' || verb === 'list') {
    const i = more.indexOf('dev');
    return ipNeighShow(ctx, place, i >= 0 ? (more[i + 1] ?? null) : null);
  }
  return READ_ONLY(`ip neigh ${verb}`);
}

/** The namespaces of the place's host in creation order (the order their nsids were given in). */
export function netnsNames(ctx: ToolContext, place: Place): string[] {
  if (place.kind === 'guest') return [];
  return namespacesOf(ctx, place.host).map((n) => n.name);
}

function runNetns(ctx: ToolContext, place: Place, args: readonly string[], exec: ExecIn): ToolResult {
  const [cmd, ...more] = args;
  const verb =
    cmd === undefined
      ? 'list'
      : abbrev(cmd, [
          'list',
          'show',
          'lst',
          'help',
          'add',
          'attach',
          'set',
          'delete',
          'identify',
          'pids',
          'exec',
          'monitor',
          'list-id',
        ]);
  if (verb === 'help') return fail(NETNS_USAGE, 255);
  if (verb === null) return fail(`Command "${cmd}" is unknown, try "ip netns help".`, 255);
  const names = netnsNames(ctx, place);
  switch (verb) {
    case 'list':
    case 'show':
    case 'lst':
      // newest first, as readdir lists /run/netns, each with its nsid (" (id: N)", iproute2 ≥ 4.x)
      return ok(text(names.map((n, id) => `${n} (id: ${id})`).reverse()));
    case 'list-id':
      return ok(text(names.map((n, id) => `nsid ${id} (iproute2 netns name: ${n})`)));
    case 'exec': {
      const [ns, ...command] = more;
      if (ns === undefined) return fail('No netns name specified', 1);
      if (!command.length) return fail('No command specified', 1);
      if (place.kind === 'guest' || !namespaceOn(ctx, place.host, ns)) return noSuchNamespace(ns);
      return exec(ns, command);
    }
    case 'pids':
    case 'identify':
      return ok('');
    case 'monitor':
      return ok('');
    default:
      return READ_ONLY(`ip netns ${verb}`);
  }
}
