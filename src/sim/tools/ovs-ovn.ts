// ovs-ofctl on the br-int of an OVN chassis: dump-flows in OVN 24.03's table layout (ovn-flows.ts)
// and show.
import type { HostPlane } from '../realize/dataplane';
import type { OvnBridge } from '../realize/ovn/db';
import { ok, type ToolContext, type ToolResult, text } from './context';
import { vethMac } from './netdev';
import { ovnOpenflows } from './ovn-flows';

export function ovnBridgeOf(ctx: ToolContext, host: HostPlane): OvnBridge | undefined {
  const d = ctx.plane.devices.get(`${host.name}|br-int`);
  return d?.kind === 'ovn-bridge' ? d : undefined;
}

export function ovnOfctl(
  ctx: ToolContext,
  br: OvnBridge,
  cmd: 'dump-flows' | 'show',
  filter: string | undefined,
  noStats: boolean,
): ToolResult {
  if (cmd === 'show') {
    const lines = [
      `OFPT_FEATURES_REPLY (xid=0x2): dpid:0000${vethMac(br.host!, br.name).replaceAll(':', '')}`,
      'n_tables:254, n_buffers:0',
    ];
    for (const p of [...br.ports.values()].sort((a, b) => a.ofport - b.ofport))
      lines.push(` ${p.ofport}(${p.name}): addr:${vethMac(br.host!, p.name)}`);
    lines.push(` LOCAL(${br.name}): addr:${vethMac(br.host!, br.name)}`);
    return ok(text(lines));
  }
  let table: number | null = null;
  const fields: string[] = [];
  for (const part of (filter ?? '').split(',').filter(Boolean)) {
    const m = /^table=(\d+)$/.exec(part);
    if (m) table = Number(m[1]);
    else fields.push(part.replaceAll('"', ''));
  }
  const duration = `${(ctx.state.clock / 1e6).toFixed(3)}s`;
  const lines: string[] = [];
  for (const f of ovnOpenflows(br)) {
    if (table !== null && f.table !== table) continue;
    const body = `priority=${f.priority}${f.match ? `,${f.match}` : ''} actions=${f.actions}`;
    if (!fields.every((x) => body.replaceAll('"', '').includes(x))) continue;
    lines.push(
      noStats
        ? ` cookie=${f.cookie}, table=${f.table}, ${body}`
        : ` cookie=${f.cookie}, duration=${duration}, table=${f.table}, n_packets=0, n_bytes=0, ${body}`,
    );
  }
  return ok(text(lines));
}
