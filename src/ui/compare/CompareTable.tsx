// The variants side by side: a column each, a row per fact, rows whose variants differ marked. A variant
// the core refused shows its refusal down its whole column.
import { useMemo } from 'react';
import { type CellLine, type CompareColumn, compareTable } from '../../logic/compare-table';
import type { VariantOutcome } from '../../sim';
import { short } from '../edit/text';

const STATUS: Record<CompareColumn['status'], string> = {
  delivered: 'delivered',
  dropped: 'dropped',
  loop: 'loop',
  refused: 'refused',
  unsent: 'not sent',
};

function Lines({ lines }: { lines: CellLine[] }) {
  return (
    <ul className="compare-cell">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of a cell never move
        <li key={i} data-leg={l.leg}>
          {l.leg ? <span className={`compare-leg compare-leg--${l.leg}`}>{l.leg}</span> : null}
          <span className="compare-cell__text">{l.text}</span>
          {l.rule ? (
            <code className="compare-cell__rule" title={l.rule}>
              {l.rule}
            </code>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Head({ c, reference }: { c: CompareColumn; reference: boolean }) {
  return (
    <th scope="col" data-status={c.status}>
      <div className="compare-head__label">{c.label}</div>
      {reference ? <div className="compare-head__note">the others are set against this one</div> : null}
      <span className={`compare-status compare-status--${c.status}`}>{STATUS[c.status]}</span>
      {c.notes.map((n) => (
        <div key={n} className="compare-head__note">
          {n}
        </div>
      ))}
    </th>
  );
}

export function CompareTable({ outcomes }: { outcomes: VariantOutcome[] }) {
  const table = useMemo(() => compareTable(outcomes), [outcomes]);
  const { columns, rows } = table;
  const reference = columns.findIndex((c) => c.status !== 'refused' && c.status !== 'unsent');
  return (
    <div className="compare-scroll">
      <table className="compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <td />
            {columns.map((c, i) => (
              <Head key={c.label} c={c} reference={i === reference && columns.length > 1} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            <tr key={r.key} data-row={r.key}>
              <th scope="row">
                {r.label}
                {r.differs ? (
                  <span className="compare-differs" title="The variants differ here">
                    ≠
                  </span>
                ) : null}
              </th>
              {r.cells.map((cell, ci) => {
                const c = columns[ci]!;
                if (cell)
                  return (
                    <td key={c.label} className={r.changed[ci] ? 'changed' : undefined}>
                      <Lines lines={cell} />
                    </td>
                  );
                // a refused or unsent variant: its reason once, down the whole column
                if (ri > 0) return null;
                return (
                  <td key={c.label} rowSpan={rows.length} className="compare-refusal" role="alert">
                    {c.errors.length ? (
                      <ul>
                        {c.errors.slice(0, 4).map((e) => (
                          // the field and the value the core refused, then why
                          <li key={`${e.path}:${e.message}`}>
                            <code>{e.path}</code> = <code>{short(e.value)}</code>: {e.message}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      c.reason
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
          {columns.some((c) => c.status !== 'delivered' && c.reason && c.status !== 'unsent') ? (
            <tr data-row="reason">
              <th scope="row">Why it ended</th>
              {columns.map((c) =>
                c.status === 'refused' || c.status === 'unsent' ? null : (
                  <td key={c.label}>{c.reason ?? '—'}</td>
                ),
              )}
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
