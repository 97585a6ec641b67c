// `cat` on a host: the files the simulated agents write that a reader looks at. The L3 agent keeps each
// HA router's keepalived.conf and the state neutron-keepalived-state-change writes ("primary" or
// "backup") in $state_path/ha_confs/<router id>/ (neutron-facts-beyond §2.2, §2.4); they exist while
// the router's instance on that host does.
import { haInstances, haNamespace } from '../model/ha';
import { devId } from '../realize/builder';
import { keepalivedConf } from '../realize/keepalived';
import { fail, ok, type Place, type ToolContext, type ToolResult } from './context';

const HA_CONFS = '/var/lib/neutron/ha_confs/';

function haFile(ctx: ToolContext, host: string, path: string): string | null {
  if (!path.startsWith(HA_CONFS)) return null;
  const [routerId, file, ...rest] = path.slice(HA_CONFS.length).split('/');
  const router = ctx.topology.routers.find((r) => r.id === routerId);
  if (!router?.ha || rest.length || !ctx.plane.devices.has(devId(host, haNamespace(router)))) return null;
  if (file === 'keepalived.conf') {
    const conf = keepalivedConf(ctx.topology, router, host as never);
    return conf === null ? null : `${conf}\n`;
  }
  if (file === 'state') {
    const inst = haInstances(ctx.topology, router).find((i) => i.host === host);
    return inst ? `${inst.master ? 'primary' : 'backup'}\n` : null;
  }
  return null;
}

/** The HA router files under ha_confs/ a host has (for completion and for ls-like hints). */
export function haConfFiles(ctx: ToolContext, host: string): string[] {
  return ctx.topology.routers
    .filter((r) => r.ha && ctx.plane.devices.has(devId(host, haNamespace(r))))
    .flatMap((r) => [`${HA_CONFS}${r.id}/keepalived.conf`, `${HA_CONFS}${r.id}/state`]);
}

export function runCat(
  ctx: ToolContext,
  place: Exclude<Place, { kind: 'guest' }>,
  args: readonly string[],
): ToolResult {
  const files = args.filter((a) => a !== '--');
  if (args.some((a) => a.startsWith('-') && a !== '--' && a !== '-'))
    return fail(`cat: the simulated cat takes no options (${args.join(' ')})`, 1);
  let out = '';
  const errors: string[] = [];
  for (const f of files) {
    const text = haFile(ctx, place.host.name, f);
    if (text === null) errors.push(`cat: ${f}: No such file or directory`);
    else out += text;
  }
  return errors.length ? fail(errors.join('\n'), 1, out) : ok(out);
}
