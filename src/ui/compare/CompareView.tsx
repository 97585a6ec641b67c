// The compare view (issue 14 point 7, issue 15 point 6): one send under the router types and backends
// chosen, side by side. Each variant runs in the worker on its own copy of the cloud with empty caches;
// the cloud shown, its undo history and what its devices learned do not change.
import { useEffect } from 'react';
import { useCompare } from '../../store/compare-store';
import { CompareForm } from './CompareForm';
import { CompareTable } from './CompareTable';
import './compare.css';

export function CompareView() {
  const open = useCompare((s) => s.open);
  const run = useCompare((s) => s.run);
  const error = useCompare((s) => s.error);
  const close = useCompare((s) => s.close);
  useEffect(() => {
    if (!open) return;
    // Escape closes the view first: caught before the app's own keys, it does not also leave
    // presenter mode or clear the selection
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      close();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [open, close]);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal compare"
        role="dialog"
        aria-modal
        aria-labelledby="compare-title"
        data-testid="compare-view"
      >
        <header className="compare__head">
          <h2 id="compare-title">Compare one send</h2>
          <p className="muted">
            Each variant runs on its own copy of this cloud, with empty caches. The cloud you see is not
            changed.
          </p>
          <button type="button" onClick={close} aria-label="Close the comparison">
            Close
          </button>
        </header>
        <CompareForm />
        {error ? (
          <p className="compare__error" role="alert">
            {error}
          </p>
        ) : null}
        {run ? (
          <>
            <p className="compare__what" data-testid="compare-what">
              {run.req.from} → {run.req.to} ·{' '}
              {run.req.proto === 'icmp' ? 'ping' : `${run.req.proto} ${run.req.port}`}
            </p>
            <CompareTable outcomes={run.outcomes} />
          </>
        ) : null}
      </div>
    </div>
  );
}
