// The `openstack` client (python-openstackclient on cliff): `<resource> list|show` for networks,
// subnets, routers, servers, ports, floating IPs and `network agent list`, with -f table|value, -c,
// and the list filters the client has for ports and subnets; argparse-style errors otherwise.
import { fail, ok, type ToolContext, type ToolResult } from './context';
import type { Entry } from './openstack-entries';
import { type Listing, type OutputFormat, render, selectColumns, showListing } from './openstack-format';
import { agentsHostingRouter } from './openstack-ha';
import { RESOURCES, type Resource } from './openstack-resources';

const FORMATS = {
  list: ['csv', 'json', 'table', 'value', 'yaml'],
  show: ['json', 'shell', 'table', 'value', 'yaml'],
} as const;

const HELP = `usage: openstack [--version] [-v | -q] [--log-file LOG_FILE] [-h] [--debug]
                 [--os-cloud <cloud-config-name>] <command> ...

Commands simulated here:
${RESOURCES.flatMap((r) => [`  ${r.noun} list`, ...(r.showable ? [`  ${r.noun} show`] : [])]).join('\n')}
`;

type Verb = 'list' | 'show';

function usage(r: Resource, verb: Verb): string {
  const fmt = `[-f {${FORMATS[verb].join(',')}}] [-c COLUMN]`;
  const filters = verb === 'list' ? r.filterOptions.map((o) => ` [${o} <${o.slice(2)}>]`).join('') : '';
  return `usage: openstack ${r.noun} ${verb} [-h] ${fmt}${filters}${verb === 'show' ? ` ${r.metavar}` : ''}`;
}

const argError = (r: Resource, verb: Verb, msg: string) =>
  fail(`${usage(r, verb)}\nopenstack ${r.noun} ${verb}: error: ${msg}`, 2);

/** The resource and verb named by the leading words, the longest resource name first. */
function findCommand(words: readonly string[]): { r: Resource; verb: string; rest: string[] } | null {
  const byLength = [...RESOURCES].sort((a, b) => b.noun.split(' ').length - a.noun.split(' ').length);
  for (const r of byLength) {
    const noun = r.noun.split(' ');
    if (words.length > noun.length && noun.every((w, i) => words[i] === w))
      return { r, verb: words[noun.length]!, rest: words.slice(noun.length + 1) };
  }
  return null;
}

function lookup(entries: readonly Entry[], q: string, r: Resource): Entry | ToolResult {
  const byId = entries.find((e) => e.id === q);
  if (byId) return byId;
  const byName = entries.filter((e) => e.names.includes(q));
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) return fail(`More than one ${r.kind} exists with the name '${q}'.`, 1);
  return fail(r.notFound(q), 1);
}

export function runOpenstack(ctx: ToolContext, argv: readonly string[]): ToolResult {
  // Global options (--os-cloud x, --os-project-name=x, --debug) change nothing here.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--os-')) {
      if (!a.includes('=')) i++;
    } else if (!['--debug', '-v', '-q', '--verbose', '--quiet'].includes(a) || args.length) args.push(a);
  }
  if (!args.length || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') return ok(HELP);
  if (args[0] === '--version') return ok('openstack 7.2.1\n');
  const firstOption = args.findIndex((a) => a.startsWith('-'));
  const words = firstOption < 0 ? args : args.slice(0, firstOption);
  const found = findCommand(words);
  const notCommand = () =>
    fail(`openstack: '${words.join(' ')}' is not an openstack command. See 'openstack --help'.`, 2);
  if (!found) return notCommand();
  const { r } = found;
  if (found.verb !== 'list' && found.verb !== 'show') {
    if (['create', 'delete', 'set', 'unset', 'add', 'remove'].includes(found.verb))
      return fail(
        `openstack ${r.noun} ${found.verb}: not simulated here: edit the topology in the app instead`,
        1,
      );
    return notCommand();
  }
  const verb: Verb = found.verb;
  if (verb === 'show' && !r.showable) return notCommand();
  const positional = [...found.rest];
  let format: string = 'table';
  const columns: string[] = [];
  const filters = new Map<string, string>();
  let long = false;
  const tail = firstOption < 0 ? [] : args.slice(firstOption);
  for (let i = 0; i < tail.length; i++) {
    const a = tail[i]!;
    const value = () => tail[++i];
    if (a === '-h' || a === '--help') return ok(`${usage(r, verb)}\n`);
    if (a === '-f' || a === '--format') {
      const v = value();
      if (v === undefined) return argError(r, verb, 'argument -f/--format: expected one argument');
      format = v;
    } else if (a === '-c' || a === '--column') {
      const v = value();
      if (v === undefined) return argError(r, verb, 'argument -c/--column: expected one argument');
      columns.push(v);
    } else if (verb === 'list' && a === '--long' && r.noun === 'network agent') {
      long = true;
    } else if (verb === 'list' && r.filterOptions.includes(a)) {
      const v = value();
      if (v === undefined) return argError(r, verb, `argument ${a}: expected one argument`);
      filters.set(a, v);
    } else if (a.startsWith('-')) return argError(r, verb, `unrecognized arguments: ${a}`);
    else positional.push(a);
  }
  if (!(FORMATS[verb] as readonly string[]).includes(format))
    return argError(
      r,
      verb,
      `argument -f/--format: invalid choice: '${format}' (choose from ${FORMATS[verb].map((f) => `'${f}'`).join(', ')})`,
    );
  if (format !== 'table' && format !== 'value')
    return fail(`openstack: -f ${format} is not simulated here; use -f table or -f value`, 1);
  let listing: Listing;
  const entries = r.entries(ctx);
  const router = r.noun === 'network agent' ? filters.get('--router') : undefined;
  if (verb === 'list' && router !== undefined) {
    if (positional.length) return argError(r, verb, `unrecognized arguments: ${positional.join(' ')}`);
    const hosting = agentsHostingRouter(ctx, router, long);
    if ('exitCode' in hosting) return hosting;
    listing = hosting;
  } else if (verb === 'list') {
    if (positional.length) return argError(r, verb, `unrecognized arguments: ${positional.join(' ')}`);
    const rows = entries
      .filter((e) => [...filters].every(([opt, v]) => e.filters?.[opt]?.includes(v)))
      .map((e) => e.row);
    listing = { columns: r.columns, rows };
  } else {
    if (!positional.length) return argError(r, verb, `the following arguments are required: ${r.metavar}`);
    if (positional.length > 1)
      return argError(r, verb, `unrecognized arguments: ${positional.slice(1).join(' ')}`);
    const hit = lookup(entries, positional[0]!, r);
    if ('exitCode' in hit) return hit;
    listing = showListing(hit.fields());
  }
  const chosen = selectColumns(listing, columns, verb === 'show');
  if (!chosen) {
    const known = verb === 'show' ? listing.rows.map((x) => x[0]!) : listing.columns;
    return fail(
      `No recognized column names in ${pyList(columns)}. Recognized columns are (${known.map((c) => `'${c}'`).join(', ')}).`,
      1,
    );
  }
  return ok(render(chosen, format as OutputFormat, verb === 'show'));
}

const pyList = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

/** Names and ids a `show` of this resource accepts, for tab completion. */
export function openstackNames(ctx: ToolContext, noun: string): string[] {
  const r = RESOURCES.find((x) => x.noun === noun);
  if (!r) return [];
  return r.entries(ctx).flatMap((e) => [...e.names.filter(Boolean), e.id]);
}

export const OPENSTACK_NOUNS = RESOURCES.map((r) => ({ noun: r.noun, showable: r.showable }));
