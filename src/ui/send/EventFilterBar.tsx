// The event list's filter bar, as Packet Tracer's "Edit filters": toggle chips for the kinds of packet
// and a host to show. Filtered-out rows are hidden; every row left keeps its hop number, and stepping
// still goes through every hop.
import { EVENT_KINDS, isFiltering, KIND_LABEL, KIND_TITLE } from '../../logic/send/event-filter';
import { useEventFilter } from '../../store/event-filter-store';

/** the select's value for "every host" (a host name is never empty, '' is "no host") */
const ANY = '*';

export function EventFilterBar({ hosts, hidden }: { hosts: string[]; hidden: number }) {
  const kinds = useEventFilter((s) => s.kinds);
  const host = useEventFilter((s) => s.host);
  const f = useEventFilter.getState();
  const filtering = isFiltering({ kinds, host });
  return (
    <div className="ev-filter" role="toolbar" aria-label="Filter the event list" data-testid="ev-filter">
      <span className="ev-filter__label">Show</span>
      <fieldset className="ev-filter__chips" aria-label="Kinds of packet to show">
        {EVENT_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            className={`ev-chip${kinds.includes(k) ? ' on' : ''}`}
            aria-pressed={kinds.includes(k)}
            data-kind={k}
            title={`${KIND_TITLE[k]}. Chips on: only their kinds are listed; none on: every kind`}
            onClick={() => f.toggleKind(k)}
          >
            {KIND_LABEL[k]}
          </button>
        ))}
      </fieldset>
      <label className="ev-filter__host">
        on
        <select
          value={host ?? ANY}
          onChange={(e) => f.setHost(e.target.value === ANY ? null : e.target.value)}
          data-testid="ev-filter-host"
        >
          <option value={ANY}>every host</option>
          {/* a host chosen before the sends that had it were cleared stays choosable */}
          {[...new Set(host === null ? hosts : [...hosts, host])].map((h) => (
            <option key={h} value={h}>
              {h === '' ? 'underlay / outside' : h}
            </option>
          ))}
        </select>
      </label>
      {filtering ? (
        <>
          <span className="ev-filter__hidden" data-testid="ev-filter-hidden" aria-live="polite">
            {hidden} {hidden === 1 ? 'row' : 'rows'} hidden by the filter
          </span>
          <button type="button" className="ev-filter__clear" onClick={f.clear}>
            Show all
          </button>
        </>
      ) : null}
    </div>
  );
}
