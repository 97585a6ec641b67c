// The openstack client's output formatters (cliff): the table formatter's +----+ boxes, with a cell's
// lines stacked in its row; and the value formatter (-f value) that scripts read. Columns can be
// chosen with -c as cliff does.

export interface Listing {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A value as the client prints it: Python's True/False/None and an empty list as nothing. */
export function py(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** JSON as Python's json.dumps writes it (", " and ": " separators), for the client's JSON columns. */
export function pyJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${pyJson(x)}`)
      .join(', ')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** prettytable: left-aligned cells padded to the widest line of their column, one space of margin. */
export function boxTable(l: Listing): string {
  const cells = l.rows.map((r) => r.map((c) => c.split('\n')));
  const widths = l.columns.map((h, i) =>
    Math.max(h.length, ...cells.map((r) => Math.max(...r[i]!.map((x) => x.length)))),
  );
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (parts: readonly string[]) => `| ${parts.map((p, i) => p.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [rule, line(l.columns), rule];
  for (const r of cells) {
    const height = Math.max(...r.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(r.map((c) => c[k] ?? '')));
  }
  out.push(rule);
  return `${out.join('\n')}\n`;
}

/** -f value: each row's values separated by spaces. */
export function valueTable(l: Listing): string {
  return l.rows.map((r) => `${r.join(' ')}\n`).join('');
}

/** A `show` as cliff prints it: a Field/Value table of the fields sorted by name. */
export function showListing(fields: Readonly<Record<string, string>>): Listing {
  const names = Object.keys(fields).sort();
  return { columns: ['Field', 'Value'], rows: names.map((n) => [n, fields[n]!]) };
}

/** -c COLUMN for a list (by header) or a show (by field name); null when none is recognized. */
export function selectColumns(l: Listing, wanted: readonly string[], show: boolean): Listing | null {
  if (!wanted.length) return l;
  if (show) {
    const rows = l.rows.filter((r) => wanted.includes(r[0]!));
    return rows.length ? { columns: l.columns, rows } : null;
  }
  const idx = wanted.map((w) => l.columns.indexOf(w)).filter((i) => i >= 0);
  if (!idx.length) return null;
  return { columns: idx.map((i) => l.columns[i]!), rows: l.rows.map((r) => idx.map((i) => r[i]!)) };
}

export type OutputFormat = 'table' | 'value';

/** Renders a listing: an empty list prints nothing; -f value of a show prints the values only. */
export function render(l: Listing, format: OutputFormat, show: boolean): string {
  if (!l.rows.length) return '';
  if (format === 'value') return show ? l.rows.map((r) => `${r[1]}\n`).join('') : valueTable(l);
  return boxTable(l);
}
