// npm run trace -- <topology.json> --from <name> --to <name|ip> [--proto icmp|tcp|udp|dhcp] [--port N]
//                  [--send FROM:TO[:PROTO[:PORT]]]... [--again]... [--wait SECONDS]...
//                  [--count N] [--ttl N] [--size N] [--src IP] [--sport N] [--flags S|A|SA|F|FA|R|RA] [--no-df] [--renew] [--json]
// Sends run in the order given on one simulator state, as in the app: a second send finds the ARP
// caches, MAC tables, learned flows and conntrack entries the first one left, and --wait lets them age.
// A server is named by its name, its id, or, when its name repeats, as "vm1 (compute2)"; a router's
// namespace as router:<name|id|"router1 (897b68c4)">.
// Prints the hops of each send as a numbered list a person can read; with --json the trace (one send)
// or a JSON array of the traces (several). Exit 0 when every send is delivered, 1 when one is not,
// 2 on bad arguments or a send the simulator cannot make.
import { readFileSync } from 'node:fs';
import { formatError, loadTopologyText, Session, type Trace } from '../sim';
import { formatTrace } from './format-trace';
import { quietOnBrokenPipe } from './quiet-pipe';
import { parseTraceArgs } from './trace-args';

quietOnBrokenPipe();

function usage(msg: string): never {
  console.error(
    `${msg}\nusage: npm run trace -- <topology.json> --from <server|outside host|router:NAME> --to <server|outside host|router:NAME|IP> [--proto icmp|tcp|udp|dhcp] [--port N] [--send FROM:TO[:PROTO[:PORT]]]... [--again]... [--wait SECONDS]... [--count N] [--ttl N] [--size N] [--src IP] [--sport N] [--flags S|A|SA|F|FA|R|RA] [--no-df] [--renew] [--json]`,
  );
  console.error('a server is named by its name, its id, or, when the name repeats, as "vm1 (compute2)"');
  console.error(
    'sends run in the order given on one state: --again repeats the send before it, --wait lets time pass',
  );
  process.exit(2);
}

const args = parseTraceArgs(process.argv.slice(2));
if (!args.ok) usage(args.message);

let text: string;
try {
  text = readFileSync(args.file, 'utf8');
} catch (e) {
  console.error(`cannot read ${args.file}: ${(e as Error).message}`);
  process.exit(2);
}
const loaded = loadTopologyText(text);
if (!loaded.ok) {
  console.error(`${args.file} is not a valid topology:`);
  for (const e of loaded.errors) console.error(`  ${formatError(e)}`);
  process.exit(1);
}
const session = new Session();
session.load(loaded.topology);

const traces: Trace[] = [];
const sends = args.steps.filter((s) => s.kind === 'send').length;
let clock = 0;
for (const step of args.steps) {
  if (step.kind === 'wait') {
    clock = session.wait(step.seconds);
    if (!args.json)
      console.log(`== waited ${step.seconds} s: the simulated clock is at ${clock.toFixed(3)} s\n`);
    continue;
  }
  const r = session.send(step.req);
  if (!r.ok) {
    console.error(`send ${traces.length + 1} (${step.req.from} -> ${step.req.to}): ${r.error}`);
    process.exit(2);
  }
  traces.push(r.trace);
  if (args.json) continue;
  if (sends > 1)
    console.log(
      `== send ${traces.length} of ${sends}: ${step.req.from} -> ${step.req.to} (${step.req.proto})\n`,
    );
  console.log(formatTrace(r.trace));
  if (traces.length < sends) console.log('');
}
if (args.json) console.log(JSON.stringify(sends === 1 ? traces[0] : traces, null, 2));
process.exitCode = traces.every((t) => t.verdict === 'delivered') ? 0 : 1;
