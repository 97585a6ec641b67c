// The compare view's table: one column per variant, one row per fact (the network node, the paths, the
// hops, the tunnels, where routing, NAT and filtering happen), each row marked when its variants differ
// so that the difference reads at a glance. Plain data from the worker's outcomes; no React.
import type { Decision, Leg, TopologyError, VariantOutcome } from '../sim';
import { shortName } from './names';

export interface CellLine {
  /** which packet: the request or its answer */
  leg?: 'request' | 'answer';
  text: string;
  /** the rule, flow or route that decided, in full */
  rule?: string | null;
}

export interface CompareColumn {
  label: string;
  notes: string[];
  status: 'delivered' | 'dropped' | 'loop' | 'refused' | 'unsent';
  /** the verdict's reason, or why the send could not be made */
  reason: string | null;
  errors: TopologyError[];
}

export interface CompareRow {
  key: 'network' | 'request' | 'answer' | 'hops' | 'tunnels' | 'routing' | 'nat' | 'filtering';
  label: string;
  /** null where the variant was refused or not sent */
  cells: (CellLine[] | null)[];
  /** per column: it reads otherwise than the first variant sent (the one the others are set against) */
  changed: boolean[];
  /** the variants that were sent do not all read the same here */
  differs: boolean;
}

export interface CompareTable {
  columns: CompareColumn[];
  rows: CompareRow[];
}

const LABELS: Record<CompareRow['key'], string> = {
  network: 'Network node',
  request: 'Request path',
  answer: 'Answer path',
  hops: 'Hops',
  tunnels: 'Tunnel crossings',
  routing: 'Routed at',
  nat: 'NAT at',
  filtering: 'Filtered at',
};

const pathText = (l: Leg) =>
  `${l.path.map((p) => p.name).join(' → ')}${l.fate === 'dropped' ? ' ✕ dropped' : ''}`;

const legName = (i: number): 'request' | 'answer' => (i === 0 ? 'request' : 'answer');

function decisions(legs: readonly Leg[], pick: (l: Leg) => Decision[]): CellLine[] {
  const out: CellLine[] = [];
  legs.forEach((l, i) => {
    for (const d of pick(l))
      out.push({ leg: legName(i), text: `${d.host} ${shortName(d.device)}: ${d.what}`, rule: d.rule });
  });
  return out.length ? out : [{ text: 'nowhere' }];
}

function cellsOf(key: CompareRow['key'], o: VariantOutcome): CellLine[] | null {
  if (o.kind !== 'sent') return null;
  const s = o.summary;
  const [req, ans] = s.legs;
  switch (key) {
    case 'network': {
      const hosts = [...new Set(s.legs.flatMap((l) => l.path.filter((p) => p.role === 'network')))];
      const names = [...new Set(hosts.map((p) => p.name))];
      return [
        {
          text: s.networkNodeVisits ? `crossed ${s.networkNodeVisits}× (${names.join(', ')})` : 'not crossed',
        },
      ];
    }
    case 'request':
      return [{ text: req ? pathText(req) : 'no packet sent' }];
    case 'answer':
      return [{ text: ans ? pathText(ans) : 'no answer' }];
    case 'hops':
      return [
        { text: `${s.hops} in all (ARP included)` },
        { text: s.legs.map((l, i) => `${legName(i)} ${l.hops}`).join(' · ') },
      ];
    case 'tunnels': {
      // one line per packet: its crossings in order
      const lines = s.legs.flatMap((l, i) =>
        l.tunnels.length
          ? [
              {
                leg: legName(i),
                text: l.tunnels
                  .map(
                    (t) => `${t.encap === 'vxlan' ? 'VXLAN VNI' : 'Geneve key'} ${t.key} ${t.from} → ${t.to}`,
                  )
                  .join(', '),
                rule: l.tunnels.some((t) => t.option)
                  ? l.tunnels.map((t) => `Geneve option: ${t.option}`).join('\n')
                  : null,
              },
            ]
          : [],
      );
      return lines.length ? lines : [{ text: 'none' }];
    }
    case 'routing':
      return decisions(s.legs, (l) => l.routing);
    case 'nat':
      return decisions(s.legs, (l) => l.nat);
    case 'filtering':
      return decisions(s.legs, (l) => l.filtering);
  }
}

const sameText = (a: CellLine[], b: CellLine[]) =>
  a.length === b.length && a.every((x, i) => x.text === b[i]!.text && x.leg === b[i]!.leg);

export function compareTable(outcomes: readonly VariantOutcome[]): CompareTable {
  const columns: CompareColumn[] = outcomes.map((o) => ({
    label: o.label,
    notes: o.notes,
    status: o.kind === 'sent' ? o.summary.verdict : o.kind,
    reason: o.kind === 'sent' ? o.summary.reason : o.kind === 'unsent' ? o.error : null,
    errors: o.kind === 'refused' ? o.errors : [],
  }));
  const rows = (Object.keys(LABELS) as CompareRow['key'][]).map((key) => {
    const cells = outcomes.map((o) => cellsOf(key, o));
    const base = cells.find((c): c is CellLine[] => c !== null);
    const changed = cells.map((c) => c !== null && base !== undefined && !sameText(c, base));
    return { key, label: LABELS[key], cells, changed, differs: changed.some(Boolean) };
  });
  return { columns, rows };
}
