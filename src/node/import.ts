// npm run import -- <dir> [-o topology.json]
// Reads a directory of OpenStack API responses (networks.json, subnets.json, ports.json, routers.json,
// floatingips.json, security_groups.json, agents.json, servers.json: what
// public/capture/neutron-capture.sh writes) and makes a topology file of them. Prints the import report
// (what is not modelled, and what was done about it) and writes the topology to -o, or to stdout when -o
// is not given (the report then goes to stderr). Exit 0 on success, 1 when the files are refused (each
// error names the file, the field and the value), 2 on bad usage or an unreadable directory.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCloud, importErrorText, MAX_IMPORT_FILE_CHARS, reportText } from '../import';
import { quietOnBrokenPipe } from './quiet-pipe';

quietOnBrokenPipe();

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const USAGE = 'usage: npm run import -- <dir of API responses> [-o topology.json] [--name NAME]';
const args = process.argv.slice(2);
let dir: string | null = null;
let out: string | null = null;
let name = 'Imported cloud';
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '-o' || a === '--output') out = args[++i] ?? fail(USAGE, 2);
  else if (a === '--name') name = args[++i] ?? fail(USAGE, 2);
  else if (a === '-h' || a === '--help') {
    console.log(USAGE);
    process.exit(0);
  } else if (a.startsWith('-') || dir !== null) fail(USAGE, 2);
  else dir = a;
}
if (dir === null) fail(USAGE, 2);

let names: string[];
try {
  names = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
} catch (e) {
  fail(`${dir}: ${(e as Error).message}`, 2);
}
const files = names.sort().map((f) => {
  const path = join(dir, f);
  // a UTF-8 byte is at most one character: a file over three times the limit is refused unread
  const bytes = statSync(path).size;
  if (bytes > 3 * MAX_IMPORT_FILE_CHARS)
    fail(`${f}: ${bytes} bytes is too large (at most ${MAX_IMPORT_FILE_CHARS} characters)`, 1);
  return { name: f, text: readFileSync(path, 'utf8') };
});

const r = importCloud(files, name);
const say = out === null ? console.error : console.log;
if (!r.ok) {
  for (const e of r.errors) console.log(importErrorText(e));
  if (r.report.length) say(`\n${reportText(r.report)}`);
  process.exit(1);
}
const text = `${JSON.stringify(r.topology, null, 2)}\n`;
const t = r.topology;
const summary = `Imported ${t.hosts.length} hosts, ${t.networks?.length ?? 0} networks, ${t.subnets?.length ?? 0} subnets, ${t.routers?.length ?? 0} routers, ${t.ports?.length ?? 0} ports, ${t.servers?.length ?? 0} servers, ${t.floatingips?.length ?? 0} floating IPs, ${t.security_groups?.length ?? 0} security groups`;
if (out === null) process.stdout.write(text);
else writeFileSync(out, text);
say(`${summary}${out ? ` into ${out}` : ''}.`);
for (const w of r.warnings) say(`warning: ${w}`);
say(`\n${reportText(r.report).trimEnd()}`);
