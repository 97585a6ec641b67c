// The event list, as in Packet Tracer's simulation mode: every hop of every packet, in the order they
// happened (time, host, device, packet, what happened), grouped per send under a heading. Rows are
// numbered within their send, and that number is the hop's number everywhere (step counter, hop
// inspector). The hops of the current step are marked, later ones dimmed; a click jumps the animation
// there. Sends that finished when a later one took the stage are folded to their heading. A filter bar
// hides rows by kind of packet and by host (a hop keeps its number). Long lists are windowed.
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { shortName } from '../../logic/names';
import { hostsOf, keeps } from '../../logic/send/event-filter';
import { reachedSlot, shortKind } from '../../logic/send/timeline';
import type { TraceHop } from '../../sim';
import { useClassroom } from '../../store/classroom-store';
import { useEventFilter } from '../../store/event-filter-store';
import { type Flow, timelineOf } from '../../store/playback-model';
import { playhead, usePlayback } from '../../store/playback-store';
import { EventFilterBar } from './EventFilterBar';
import './events.css';

/** Row heights (px), as events.css draws them: normal and in presenter mode. */
const ROW_PX = 24;
const ROW_PX_PRESENTER = 28;
/** Above this many rows only the rows in view are rendered. */
const WINDOW_FROM = 400;

/** the table's columns; the first (the send's colour) and the mark of a hop's fate have no title shown */
const COLUMNS = [
  { id: 'flow', title: 'send', shown: false },
  { id: 'seq', title: '#', shown: true },
  { id: 'time', title: 'ms', shown: true },
  { id: 'host', title: 'host', shown: true },
  { id: 'dev', title: 'device', shown: true },
  { id: 'pkt', title: 'packet', shown: true },
  { id: 'fate', title: 'fate', shown: false },
  { id: 'what', title: 'what happened', shown: true },
] as const;

interface Row {
  type: 'hop';
  flow: Flow;
  hop: TraceHop;
  slot: number;
  /** the hop's number: its row within the send, from 1 */
  n: number;
  key: string;
}

interface Heading {
  type: 'send';
  flow: Flow;
  open: boolean;
  key: string;
}

const FATE_MARK: Record<string, string> = { deliver: '✓', hold: '…', drop: '✕', forward: '' };
/** the mark in words, for screen readers */
const FATE_WORD: Record<string, string> = {
  deliver: 'delivered',
  hold: 'held',
  drop: 'dropped',
  forward: '',
};

function addresses(h: TraceHop): string {
  const f = h.frame;
  if (f.arp)
    return f.arp.op === 'request' ? `${f.arp.tpa}? tell ${f.arp.spa}` : `${f.arp.spa} is-at ${f.arp.sha}`;
  if (f.ip) return `${f.ip.src} > ${f.ip.dst}`;
  return '';
}

const EventRow = memo(function EventRow({
  row,
  index,
  state,
  focused,
  discarded,
}: {
  row: Row;
  /** its row in the table, from 1 (the header row) */
  index: number;
  state: 'past' | 'now' | 'future';
  focused: boolean;
  discarded: boolean;
}) {
  const h = row.hop;
  const drop = h.drop?.severity === 'fatal' ? ' is-drop' : discarded || h.drop ? ' is-discard' : '';
  const seek = () => usePlayback.getState().seek({ flow: row.flow.id, seq: h.seq });
  // a row of the table; its number is the button that shows the hop, for the keyboard (the whole row
  // takes a click)
  return (
    <tr
      aria-rowindex={index}
      className={`ev-row is-${state}${focused ? ' is-focus' : ''}${drop}`}
      aria-current={focused ? 'step' : undefined}
      data-flow={row.flow.id}
      data-seq={h.seq}
      data-device={h.device}
      data-host={h.host ?? ''}
      data-packet={h.packet}
      data-kind={h.frame.arp ? 'arp' : (h.frame.ip?.proto ?? '')}
      onClick={seek}
      title={h.drop ? `${h.action}\n${h.drop.reason}` : h.action}
    >
      <td className="ev-c ev-flow" style={{ background: row.flow.color }} />
      <td className="ev-c ev-seq">
        <button
          type="button"
          className="ev-seek"
          aria-label={`Hop ${row.n}: show it`}
          onClick={(e) => {
            e.stopPropagation();
            seek();
          }}
        >
          {row.n}
        </button>
      </td>
      <td className="ev-c ev-time">{(h.t / 1000).toFixed(3)}</td>
      <td className="ev-c ev-host">{h.host ?? (h.kind === 'underlay' ? '—' : 'outside')}</td>
      <td className="ev-c ev-dev" title={h.namespace ? `${h.device} in ${h.namespace}` : h.device}>
        {shortName(h.device)}
      </td>
      <td className="ev-c ev-pkt">
        <b>{shortKind(h)}</b> {addresses(h)}
      </td>
      <td className="ev-c ev-fate">
        {FATE_MARK[h.fate]}
        {FATE_WORD[h.fate] ? <span className="sr-only">{FATE_WORD[h.fate]}</span> : null}
      </td>
      <td className="ev-c ev-what">{h.action}</td>
    </tr>
  );
});

const SendHeading = memo(function SendHeading({
  flow,
  index,
  open,
  onToggle,
}: {
  flow: Flow;
  index: number;
  open: boolean;
  onToggle: () => void;
}) {
  const t = flow.trace;
  return (
    <tr aria-rowindex={index} className="ev-send-row">
      <td colSpan={COLUMNS.length} className="ev-send-cell">
        <button
          type="button"
          className={`ev-send${flow.retired ? ' is-retired' : ''}`}
          aria-expanded={open}
          data-flow={flow.id}
          data-testid="ev-send"
          onClick={onToggle}
          title={open ? 'Fold this send' : 'Show the hops of this send'}
        >
          <span className="ev-c ev-flow" style={{ background: flow.color }} />
          <span className="ev-send__title">
            {open ? '▾' : '▸'} {flow.title}
            <span className={`flow__verdict ${t.verdict === 'delivered' ? 'ok' : 'bad'}`}>
              {t.verdict === 'delivered' ? ' ✓ delivered' : ` ✕ ${t.verdict}`}
            </span>
            <span className="muted">
              {' '}
              · {flow.data.lean.order.length} hops{flow.retired ? ' · finished' : ''}
              {flow.stale ? (
                <span className="ev-send__stale" title="An edit since changed a device this send passed">
                  {' '}
                  · recorded before the edit
                </span>
              ) : null}
            </span>
          </span>
        </button>
      </td>
    </tr>
  );
});

export function EventList() {
  // a new flow's rows are rendered after its first frames of motion, not before
  const flows = useDeferredValue(usePlayback((s) => s.flows));
  const showDiscarded = usePlayback((s) => s.showDiscarded);
  const focus = usePlayback((s) => s.focus);
  usePlayback((s) => s.beat);
  const ROW = useClassroom((s) => s.presenter) ? ROW_PX_PRESENTER : ROW_PX;
  const box = useRef<HTMLTableSectionElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(200);
  // a send's heading folds or unfolds it; by default a finished send is folded, the one playing open
  const [unfolded, setUnfolded] = useState<Record<number, boolean>>({});
  const kinds = useEventFilter((s) => s.kinds);
  const host = useEventFilter((s) => s.host);
  const hosts = useMemo(() => hostsOf(flows.flatMap((f) => f.trace.hops)), [flows]);
  const { rows, filtered } = useMemo(() => {
    const filter = { kinds, host };
    const out: (Row | Heading)[] = [];
    // rows the filter hides, in folded sends too
    let filtered = 0;
    for (const flow of flows) {
      const open = unfolded[flow.id] ?? !flow.retired;
      out.push({ type: 'send', flow, open, key: `send:${flow.id}` });
      const tl = timelineOf(flow, showDiscarded);
      for (const [i, seq] of tl.order.entries()) {
        const hop = flow.data.bySeq.get(seq)!;
        if (!keeps(filter, hop)) {
          filtered++;
          continue;
        }
        // the number is the row's in the whole send, filter or not: the step counter's and the inspector's
        if (open)
          out.push({ type: 'hop', flow, hop, slot: tl.slotOf.get(seq)!, n: i + 1, key: `${flow.id}:${seq}` });
      }
    }
    return { rows: out, filtered };
  }, [flows, showDiscarded, unfolded, kinds, host]);
  const reached = new Map(
    flows.map((f) => [
      f.id,
      f.retired
        ? Number.POSITIVE_INFINITY
        : reachedSlot(timelineOf(f, showDiscarded), playhead.clock - f.start),
    ]),
  );
  const focusIndex = focus
    ? rows.findIndex((r) => r.type === 'hop' && r.flow.id === focus.flow && r.hop.seq === focus.seq)
    : -1;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // keep the hop being shown in view
  useEffect(() => {
    const el = box.current;
    if (!el || focusIndex < 0) return;
    const y = focusIndex * ROW;
    if (y < el.scrollTop || y + ROW > el.scrollTop + el.clientHeight - ROW)
      el.scrollTop = Math.max(0, y - el.clientHeight / 2);
  }, [focusIndex, ROW]);
  const windowed = rows.length > WINDOW_FROM;
  const first = windowed ? Math.max(0, Math.floor(top / ROW) - 10) : 0;
  const last = windowed ? Math.min(rows.length, Math.ceil((top + height) / ROW) + 10) : rows.length;
  const hiddenCount = flows.reduce((n, f) => n + f.data.discarded.size, 0);
  return (
    <section className="events" aria-label="Event list" data-testid="event-list">
      <EventFilterBar hosts={hosts} hidden={filtered} />
      <table
        className="ev-table"
        aria-label="Hops of every send"
        aria-rowcount={rows.length + 1}
        data-testid="event-table"
      >
        <thead>
          <tr className="ev-row ev-head">
            {COLUMNS.map((c) => (
              <th key={c.id} scope="col" className={`ev-c ev-${c.id}`}>
                {c.shown ? c.title : <span className="sr-only">{c.title}</span>}
                {c.id === 'what' && !showDiscarded && hiddenCount ? (
                  <span className="muted"> · {hiddenCount} discarded flood copies hidden</span>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody
          className="ev-body"
          ref={box}
          onScroll={(e) => windowed && setTop((e.target as HTMLElement).scrollTop)}
        >
          {rows.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length} className="muted ev-empty">
                No packets yet. Press <b>✉ Click to send</b> (or S), click vm1, then vm2.
              </td>
            </tr>
          ) : null}
          {/* rows above and below the window: room, so that the scroll bar is the whole list's */}
          {first > 0 ? <tr aria-hidden className="ev-spacer" style={{ height: first * ROW }} /> : null}
          {rows.slice(first, last).map((r, i) => {
            const index = first + i + 2;
            if (r.type === 'send')
              return (
                <SendHeading
                  key={r.key}
                  flow={r.flow}
                  index={index}
                  open={r.open}
                  onToggle={() => setUnfolded((u) => ({ ...u, [r.flow.id]: !r.open }))}
                />
              );
            const now = reached.get(r.flow.id) ?? -1;
            const state = r.slot < now ? 'past' : r.slot === now ? 'now' : 'future';
            return (
              <EventRow
                key={r.key}
                row={r}
                index={index}
                state={state}
                focused={focus?.flow === r.flow.id && focus.seq === r.hop.seq}
                discarded={r.flow.data.discarded.has(r.hop.seq)}
              />
            );
          })}
          {last < rows.length ? (
            <tr aria-hidden className="ev-spacer" style={{ height: (rows.length - last) * ROW }} />
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
