// npm run trace -- <topology.json> --from <name> --to <name|ip> [--proto icmp|tcp|udp|dhcp] [--port N]
//                  [--count N] [--ttl N] [--size N] [--json]
// A server is named by its name, its id, or, when its name repeats, as "vm1 (compute2)"; a router's
// namespace as router:<name|id|"router1 (897b68c4)">.
// Prints the hops of a send as a numbered list a person can read, or the trace JSON.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatError, loadTopologyText, newSimState, realize, send, type Trace } from '../sim';
import { formatTrace } from './format-trace';

function usage(msg: string): never {
  console.error(
    `${msg}\nusage: npm run trace -- <topology.json> --from <server|outside host|router:NAME> --to <server|outside host|router:NAME|IP> [--proto icmp|tcp|udp|dhcp] [--port N] [--count N] [--ttl N] [--size N] [--renew] [--json]`,
  );
  console.error('a server is named by its name, its id, or, when the name repeats, as "vm1 (compute2)"');
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    proto: { type: 'string', default: 'icmp' },
    port: { type: 'string' },
    count: { type: 'string', default: '1' },
    ttl: { type: 'string' },
    size: { type: 'string' },
    json: { type: 'boolean', default: false },
    renew: { type: 'boolean', default: false },
  },
});
const file = positionals[0];
if (!file) usage('missing topology file');
if (!values.from) usage('missing --from');
const proto = values.proto as 'icmp' | 'tcp' | 'udp' | 'dhcp';
if (!['icmp', 'tcp', 'udp', 'dhcp'].includes(proto))
  usage(`--proto ${proto}: expected icmp, tcp, udp or dhcp`);
if (!values.to && proto !== 'dhcp') usage('missing --to');
const num = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) usage(`--${name} ${v}: expected a whole number`);
  return n;
};

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  console.error(`cannot read ${file}: ${(e as Error).message}`);
  process.exit(2);
}
const loaded = loadTopologyText(text);
if (!loaded.ok) {
  console.error(`${file} is not a valid topology:`);
  for (const e of loaded.errors) console.error(`  ${formatError(e)}`);
  process.exit(1);
}
const plane = realize(loaded.topology);
const state = newSimState();
const result = send(loaded.topology, plane, state, {
  from: values.from,
  to: values.to ?? '255.255.255.255',
  proto,
  port: num('port', values.port),
  count: num('count', values.count),
  ttl: num('ttl', values.ttl),
  size: num('size', values.size),
  ...(values.renew ? { dhcp: 'renew' as const } : {}),
});
if (!result.ok) {
  console.error(result.error);
  process.exit(2);
}
const trace: Trace = result.trace;
if (values.json) console.log(JSON.stringify(trace, null, 2));
else console.log(formatTrace(trace));
process.exitCode = trace.verdict === 'delivered' ? 0 : 1;
