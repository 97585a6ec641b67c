// A trace as text: one numbered line per hop, grouped by packet as it happens.
import type { Trace, TraceHop } from '../sim';

function where(h: TraceHop): string {
  const host = h.host ?? 'outside';
  return h.namespace && h.namespace !== h.device
    ? `${host}/${h.namespace.slice(0, 16)}…/${h.device}`
    : `${host}/${h.device}`;
}

function headers(h: TraceHop): string {
  const f = h.frame;
  const parts: string[] = [];
  if (f.vxlan) parts.push(`[vxlan ${f.vxlan.vni} ${f.vxlan.outer.src}>${f.vxlan.outer.dst}]`);
  parts.push(`${f.eth.src}>${f.eth.dst}${f.eth.vlan !== null ? ` vlan ${f.eth.vlan}` : ''}`);
  if (f.ip) parts.push(`${f.ip.src}>${f.ip.dst} ttl ${f.ip.ttl}`);
  return parts.join(' ');
}

export function formatTrace(t: Trace): string {
  const labels = new Map(t.packets.map((p) => [p.id, p.label]));
  const lines: string[] = [];
  let last = '';
  for (const h of t.hops) {
    if (h.packet !== last) {
      lines.push(`-- ${h.packet}: ${labels.get(h.packet) ?? ''}`);
      last = h.packet;
    }
    const mark = h.fate === 'drop' ? (h.drop?.severity === 'fatal' ? ' DROP' : ' (discarded)') : '';
    lines.push(`${String(h.seq).padStart(4)} ${(h.t / 1000).toFixed(3).padStart(9)}ms  ${where(h)}${mark}`);
    lines.push(`      ${h.action}`);
    if (h.changes.length) lines.push(`      changes: ${h.changes.join('; ')}`);
    lines.push(`      ${headers(h)}`);
    if (h.rule) for (const r of h.rule.split('\n')) lines.push(`      rule: ${r}`);
  }
  lines.push('');
  for (const p of t.probes) lines.push(`probe ${p.n}: ${p.outcome}${p.summary ? ` - ${p.summary}` : ''}`);
  lines.push(`verdict: ${t.verdict}${t.reason ? ` - ${t.reason}` : ''}`);
  if (t.dropped)
    lines.push(
      `  at hop ${t.dropped.seq}: ${t.dropped.host ?? 'outside'}/${t.dropped.device}${t.dropped.rule ? `\n  rule: ${t.dropped.rule}` : ''}`,
    );
  lines.push(
    `${t.stats.hops} hops, ${t.stats.packets} packets, ${(t.stats.durationUs / 1000).toFixed(3)} ms of simulated time`,
  );
  return lines.join('\n');
}
