// The import report: everything the captured cloud holds that the model does not (an IPv6 subnet, a
// trunk, a load balancer's port, a QoS policy, a DVR router), said resource by resource with what was
// done about it, so that nothing is dropped in silence. The app shows it; the CLI prints it.
import type { ImportError } from './files';

/**
 * skipped: left out of the cloud; changed: imported otherwise than captured (a DVR router as a legacy
 * one); ignored: imported, but a field of it has no effect in the simulation; assumed: the capture
 * does not say, and the import chose.
 */
export type ReportKind = 'skipped' | 'changed' | 'ignored' | 'assumed';

export interface ReportItem {
  readonly kind: ReportKind;
  /** network, subnet, port, router, floating IP, security group, agent, server, host, cloud */
  readonly resource: string;
  /** the resource's id (or host name), exactly as captured; '' for the cloud as a whole */
  readonly id: string;
  readonly name?: string;
  /** the file it came from */
  readonly file: string;
  /** what is not modelled, and what follows from it */
  readonly message: string;
}

export class Report {
  readonly items: ReportItem[] = [];
  add(item: ReportItem): void {
    this.items.push(item);
  }
}

const HEADINGS: Record<ReportKind, string> = {
  skipped: 'Left out (not modelled)',
  changed: 'Imported otherwise than captured',
  ignored: 'Imported; these fields have no effect in the simulation',
  assumed: 'Not in the capture; assumed',
};
export const REPORT_ORDER: readonly ReportKind[] = ['skipped', 'changed', 'ignored', 'assumed'];

export function reportHeading(kind: ReportKind): string {
  return HEADINGS[kind];
}

export function itemText(i: ReportItem): string {
  const who = i.id ? `${i.resource} ${i.id}${i.name && i.name !== i.id ? ` (${i.name})` : ''}` : i.resource;
  return `${who} [${i.file}]: ${i.message}`;
}

/** The report as the CLI prints it: a heading per kind, one line per item. */
export function reportText(items: readonly ReportItem[]): string {
  if (items.length === 0) return 'Import report: everything captured is modelled.\n';
  const lines = [`Import report: ${items.length} item${items.length === 1 ? '' : 's'}`];
  for (const kind of REPORT_ORDER) {
    const of = items.filter((i) => i.kind === kind);
    if (of.length === 0) continue;
    lines.push('', `${HEADINGS[kind]} (${of.length}):`);
    for (const i of of) lines.push(`  - ${itemText(i)}`);
  }
  return `${lines.join('\n')}\n`;
}

function shortValue(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** `ports.json: ports[3].mac_address: 42 is not accepted: …` */
export function importErrorText(e: ImportError): string {
  const where = e.path === '(file)' ? e.file : `${e.file}: ${e.path}`;
  return e.value === undefined ? `${where}: ${e.message}` : `${where}: ${shortValue(e.value)} ${e.message}`;
}
