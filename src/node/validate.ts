// npm run validate -- <topology.json>
// Loads a topology file exactly as the app does and says whether it is valid. Valid: prints OK, any
// warnings, and a one-line summary of the cloud; exits 0. Invalid: prints every error on its own line
// (path, value, what is wrong); exits 1. The file cannot be read: says why; exits 2.
import { readFileSync, statSync } from 'node:fs';
import { formatError, loadTopologyText, MAX_TOPOLOGY_CHARS, type Topology } from '../sim';
import { quietOnBrokenPipe } from './quiet-pipe';

quietOnBrokenPipe();

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** What the cloud has, after normalization: what a reader would check first. */
function summary(t: Topology): string {
  const compute = t.hosts.filter((h) => h.role === 'compute').length;
  const external = t.networks.filter((n) => n['router:external']).length;
  return [
    `${count(t.hosts.length, 'host')} (${compute} compute, ${t.hosts.length - compute} network)`,
    count(t.projects.length, 'project'),
    `${count(t.networks.length, 'network')} (${external} external)`,
    count(t.subnets.length, 'subnet'),
    count(t.routers.length, 'router'),
    count(t.ports.length, 'port'),
    count(t.servers.length, 'server'),
    count(t.floatingips.length, 'floating IP'),
    count(t.security_groups.length, 'security group'),
    count(
      t.outside.reduce((n, o) => n + o.hosts.length, 0),
      'outside host',
    ),
  ].join(', ');
}

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const file = process.argv[2];
if (!file || process.argv.length > 3) fail('usage: npm run validate -- <topology.json>', 2);

let text: string;
try {
  // A UTF-8 byte is at most one character, and no character takes more than 3 bytes: a file over three
  // times the limit is refused without reading it into memory.
  const bytes = statSync(file).size;
  if (bytes > 3 * MAX_TOPOLOGY_CHARS) {
    console.log(
      formatError({
        path: '(file)',
        value: `${bytes} bytes`,
        message: `is too large (at most ${MAX_TOPOLOGY_CHARS} characters)`,
      }),
    );
    process.exit(1);
  }
  text = readFileSync(file, 'utf8');
} catch (e) {
  fail(`cannot read ${file}: ${(e as Error).message}`, 2);
}

const loaded = loadTopologyText(text);
if (!loaded.ok) {
  for (const e of loaded.errors) console.log(formatError(e));
  console.error(`${file}: ${count(loaded.errors.length, 'error')}; not a valid topology`);
  process.exit(1);
}
console.log('OK');
for (const w of loaded.warnings) console.log(`warning: ${w}`);
console.log(`${loaded.topology.name}: ${summary(loaded.topology)}`);
