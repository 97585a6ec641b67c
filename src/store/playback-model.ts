// The playback store's model: a sent flow, the store's state, and the pure reads of a flow's timeline;
// apart from playback-store.ts, whose actions move the playhead and send.
import type { Proto } from '../logic/send/flow-title';
import type { FlowData, Timeline } from '../logic/send/timeline';
import type { SendRequest, Trace } from '../sim';

export interface Flow {
  id: number;
  color: string;
  req: SendRequest;
  /** "vm1 → vm2 · ping" */
  title: string;
  trace: Trace;
  data: FlowData;
  /** the playhead value at which the flow's first step starts moving */
  start: number;
  /** played to its end and off the canvas: a later send took the stage (one story at a time). Its
   * rows stay in the event list, and seeking one of them brings it back */
  retired: boolean;
  /** an edit since changed a device this send passed: its rows tell how the cloud was before */
  stale?: boolean;
  /** what the devices it passed were when it was sent (src/store/playback-edits.ts) */
  prints?: Record<string, string | null>;
}

export interface HopRef {
  flow: number;
  seq: number;
}

/** Flow colours: strong, apart from the drop red, readable on light and dark canvases. */
export const FLOW_COLORS = [
  '#7048e8',
  '#f08c00',
  '#0ca678',
  '#e64980',
  '#1c7ed6',
  '#66a80f',
  '#be4bdb',
  '#1098ad',
];
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
/** One step at 1x: slow enough for a class to follow a packet from device to device. */
export const STEP_MS = 550;

export interface PlaybackState {
  flows: Flow[];
  playing: boolean;
  speed: number;
  showDiscarded: boolean;
  /** the hop the inspector shows */
  focus: HopRef | null;
  /** bumped whenever a flow reaches a new step or the playhead jumps */
  beat: number;
  /** picking endpoints on the canvas */
  picking: 'off' | 'source' | 'target';
  from: string;
  to: string;
  /** the server or router `from` and `to` stand for, when one was chosen (names may repeat) */
  fromId: string;
  toId: string;
  proto: Proto;
  port: number;
  count: number;
  busy: boolean;
  /** the event list under the canvas is open (the canvas refits when it opens or closes) */
  dockOpen: boolean;
  /** a new send plays beside the flows still playing, instead of finishing them first */
  keepEarlier: boolean;

  /** sends (the form's request when none is given); `quiet` leaves the right-hand panel's tab alone */
  send(req?: SendRequest, opts?: { quiet?: boolean }): Promise<Trace | null>;
  resetState(): Promise<void>;
  clear(): void;
  removeFlow(id: number): void;
  play(): void;
  pause(): void;
  toggle(): void;
  stepForward(): void;
  stepBack(): void;
  restart(): void;
  setSpeed(x: number): void;
  faster(): void;
  slower(): void;
  /** jumps to the moment a hop is reached, and shows it */
  seek(ref: HopRef): void;
  setShowDiscarded(on: boolean): void;
  setPicking(p: PlaybackState['picking']): void;
  setDockOpen(open: boolean): void;
  setKeepEarlier(on: boolean): void;
  /** sets the form; a `from` or `to` given without its id names no particular server or router */
  setForm(
    f: Partial<Pick<PlaybackState, 'from' | 'to' | 'fromId' | 'toId' | 'proto' | 'port' | 'count'>>,
  ): void;
}

export const timelineOf = (f: Flow, showDiscarded: boolean): Timeline =>
  showDiscarded ? f.data.full : f.data.lean;

/** The number the UI shows for a hop (its event-list row, 1-based); null when the row is hidden. */
export function hopNumber(f: Flow, seq: number, showDiscarded: boolean): number | null {
  const row = timelineOf(f, showDiscarded).rowOf.get(seq);
  return row === undefined ? null : row + 1;
}

/** The playhead value at which every flow on stage has played to its end. */
export const endOf = (flows: Flow[], showDiscarded: boolean): number =>
  flows.reduce(
    (m, f) => (f.retired ? m : Math.max(m, f.start + timelineOf(f, showDiscarded).slots.length)),
    0,
  );

/** Takes every flow off the stage but `keep`, which plays alone from the playhead's zero. */
export function alone(flows: Flow[], keep: Flow): Flow[] {
  return flows.map((f) =>
    f === keep ? { ...f, retired: false, start: 0 } : f.retired ? f : { ...f, retired: true },
  );
}
