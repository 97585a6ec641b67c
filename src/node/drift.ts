// npm run drift -- <topology.json> <host> <dir of outputs>
// Compares what was run on a real host (files in the directory: ovs-vsctl-show.txt,
// dump-flows-br-int.txt, dump-flows-br-tun.txt, ip-netns.txt, qrouter-<id>.ip-addr.txt,
// qrouter-<id>.ip-route.txt, qrouter-<id>.iptables-save.txt, as public/capture/host-capture.sh writes
// them) with what the model says the agents built on that host, and prints each difference with its
// consequence. Exit 0 when nothing differs, 1 when something does, 2 on bad usage or unreadable input.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { driftCheck, driftText, MAX_OUTPUT_CHARS, outputsFromFiles } from '../drift';
import { formatError, loadTopologyText, realize } from '../sim';
import { quietOnBrokenPipe } from './quiet-pipe';

quietOnBrokenPipe();

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const [file, host, dir, ...rest] = process.argv.slice(2);
if (!file || !host || !dir || rest.length)
  fail('usage: npm run drift -- <topology.json> <host> <dir of outputs>', 2);

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  fail(`${file}: ${(e as Error).message}`, 2);
}
const loaded = loadTopologyText(text);
if (!loaded.ok) fail(`${file} is not a valid topology:\n${loaded.errors.map(formatError).join('\n')}`, 2);

let names: string[];
try {
  names = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
} catch (e) {
  fail(`${dir}: ${(e as Error).message}`, 2);
}
const files = names.sort().map((name) => {
  const path = join(dir, name);
  if (statSync(path).size > 3 * MAX_OUTPUT_CHARS)
    fail(`${name}: too large (at most ${MAX_OUTPUT_CHARS} characters)`, 2);
  return { name, text: readFileSync(path, 'utf8') };
});
const { outputs, unknown } = outputsFromFiles(files);
for (const u of unknown)
  console.error(`${u}: not an output the drift check knows (see docs/import.md); not read`);
const r = driftCheck(loaded.topology, realize(loaded.topology), host, outputs);
process.stdout.write(driftText(r));
if (!r.ok) process.exit(2);
process.exit(r.differences.length ? 1 : 0);
