// The hop's headers in the hop inspector, two ways (a tab each): the headers after the hop, layer by
// layer with what it changed marked; or, as the OSI tab of Packet Tracer's PDU window, the layers the
// device read on the way in (the frame the hop before handed it) and wrote on the way out, with the
// changes and the rule that decided on the layer they act on.
import { layersOf } from '../../logic/send/headers';
import { type IoLayer, inOutOf } from '../../logic/send/in-out';
import type { TraceHop } from '../../sim';
import { type HopView, usePanel } from '../../store/panel-store';
import { PreLines } from '../panels/PreLines';

const VIEWS: { id: HopView; label: string }[] = [
  { id: 'headers', label: 'Headers' },
  { id: 'inout', label: 'In / out layers' },
];

function HeadersView({ h, prev }: { h: TraceHop; prev: TraceHop | undefined }) {
  const layers = layersOf(h.frame, prev?.frame ?? null);
  return (
    <div className="layers" data-testid="hop-headers">
      <p className="layers__lead muted">After this hop, outermost first; what it changed is marked.</p>
      <ol className="layers__list" aria-label="Headers after this hop, outermost first">
        {layers.map((l) => (
          <li key={l.id} className={`layer layer--${l.id} is-${l.status}`} data-layer={l.id}>
            <h4 className="layer__title">
              {l.title}
              {l.status === 'new' ? <span className="layer__note">added here</span> : null}
              {l.status === 'removed' ? <span className="layer__note">removed here</span> : null}
            </h4>
            <table className="kv">
              <tbody>
                {l.fields.map((f) => (
                  <tr key={f.name} className={f.was !== undefined ? 'is-changed' : ''}>
                    <th scope="row">{f.name}</th>
                    <td data-field={`${l.id}.${f.name}`}>
                      {f.value}
                      {f.was !== undefined ? <span className="was">was {f.was}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
    </div>
  );
}

function IoItem({ l, side }: { l: IoLayer; side: 'in' | 'out' }) {
  return (
    <li
      className={`io-layer io-layer--${l.id} is-${l.status}${l.rule ? ' has-rule' : ''}`}
      data-io-layer={l.id}
    >
      <h5>
        <span className="io-level">{l.level}</span> {l.title}
        {l.status === 'new' ? <span className="layer__note"> · written here</span> : null}
        {l.status === 'removed' ? <span className="layer__note"> · taken off here</span> : null}
      </h5>
      <div className="io-fields">
        {l.fields.map((f) => (
          <span key={f.name} className={`io-f${f.was !== undefined ? ' is-changed' : ''}`}>
            <span className="io-f__name">{f.name}</span>{' '}
            <span className="io-f__value" data-io-field={`${side}.${l.id}.${f.name}`}>
              {f.value}
            </span>
            {f.was !== undefined ? <span className="was"> was {f.was}</span> : null}
          </span>
        ))}
      </div>
      {l.notes.length ? (
        <div className="hop-changes">
          {l.notes.map((n) => (
            <span key={n} className="chip">
              {n}
            </span>
          ))}
        </div>
      ) : null}
      {l.rule ? (
        <div className="io-rule">
          <span className="io-rule__label">decided here by</span>
          <PreLines lines={l.rule.split('\n')} />
        </div>
      ) : null}
    </li>
  );
}

function InOutView({
  h,
  prev,
  from,
  to,
}: {
  h: TraceHop;
  prev: TraceHop | undefined;
  from?: string;
  to?: string;
}) {
  const io = inOutOf(h, prev, from, to);
  return (
    <div className="inout" data-testid="hop-inout">
      <div className="inout__grid">
        <section className="inout__side" data-testid="inout-in" aria-labelledby="inout-in-h">
          <h4 id="inout-in-h">In layers: what {h.device} read</h4>
          {io.in.length ? (
            <ol className="io-layers">
              {io.in.map((l) => (
                <IoItem key={l.id} l={l} side="in" />
              ))}
            </ol>
          ) : (
            <p className="muted">Nothing came in: the packet is made here.</p>
          )}
        </section>
        <section className="inout__side" data-testid="inout-out" aria-labelledby="inout-out-h">
          <h4 id="inout-out-h">Out layers: what it wrote</h4>
          <ol className="io-layers">
            {io.out.map((l) => (
              <IoItem key={l.id} l={l} side="out" />
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}

export function HopLayers(props: { h: TraceHop; prev: TraceHop | undefined; from?: string; to?: string }) {
  const view = usePanel((s) => s.hopView);
  const setView = usePanel((s) => s.setHopView);
  return (
    <>
      <div className="hop-views" role="tablist" aria-label="The hop's headers">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            id={`hop-view-${v.id}`}
            aria-selected={view === v.id}
            aria-controls="hop-view-panel"
            className={view === v.id ? 'on' : ''}
            onClick={() => setView(v.id)}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="hop-view-panel" aria-labelledby={`hop-view-${view}`}>
        {view === 'headers' ? <HeadersView {...props} /> : <InOutView {...props} />}
      </div>
    </>
  );
}
