// Sending and playback: the flows sent (each a trace computed by the worker), the playhead that walks
// through them, what the hop inspector shows, and the send form. The UI only plays traces: every
// packet's fate comes from the worker's `send`.
//
// The playhead is a number of steps (see src/logic/send/timeline.ts). It moves every animation frame, so it
// lives outside React in `playhead`; the store changes (`beat`) only when a flow reaches a new step.
import { create } from 'zustand';
import { flowTitle } from '../logic/send/flow-title';
import { currentRow, flowData, primaryHop, reachedSlot, rowStep } from '../logic/send/timeline';
import type { SendRequest, SessionSend } from '../sim';
import { useApp } from './app-store';
import { lessonHooks } from './classroom-store';
import { craftedFields, fieldWords } from './craft-store';
import { usePanel } from './panel-store';
import { flowsChangedByEdit } from './playback-edits';
import {
  alone,
  endOf,
  FLOW_COLORS,
  type Flow,
  type PlaybackState,
  SPEEDS,
  STEP_MS,
  timelineOf,
} from './playback-model';
import { simClient } from './sim-client';

export type { Proto } from '../logic/send/flow-title';

/** Flows kept; older ones leave the event list. */
const MAX_FLOWS = 80;

/** Where playback is, in steps; moved by `advance` every frame and by the actions. */
export const playhead = { clock: 0 };

/**
 * A feature that stops playback at given moments (challenge mode asks its questions there): `stopAt`
 * gives the first stop in (from, to], or null; `holding` keeps playback still while a question waits.
 */
export interface PlaybackGate {
  stopAt(from: number, to: number): number | null;
  holding(): boolean;
}

export const playbackGate: { current: PlaybackGate | null } = { current: null };

/** Timings of the last send, for the benchmark: performance.now() values. */
export const sendTiming = { requested: 0, traced: 0, firstFrame: 0, flow: 0 };

let nextFlowId = 1;
/** per flow: the step it had reached at the last beat */
const lastReached = new Map<number, number>();

const get = (): PlaybackState => usePlayback.getState();
const set = (p: Partial<PlaybackState> | ((s: PlaybackState) => Partial<PlaybackState>)): void =>
  usePlayback.setState(p);

/** the flow the inspector follows while playing */
function followed(): Flow | undefined {
  const { flows, focus } = get();
  return flows.find((f) => f.id === focus?.flow && !f.retired) ?? flows.filter((f) => !f.retired).at(-1);
}

/** After the playhead moved: bumps the beat if a flow reached a new step, and moves the focus along. */
function sync(force: boolean): void {
  const { flows, showDiscarded } = get();
  let changed = force;
  for (const f of flows) {
    if (f.retired) continue;
    const r = reachedSlot(timelineOf(f, showDiscarded), playhead.clock - f.start);
    if (lastReached.get(f.id) !== r) {
      lastReached.set(f.id, r);
      changed = true;
    }
  }
  if (!changed) return;
  const f = followed();
  let focus = get().focus;
  if (f) {
    const tl = timelineOf(f, showDiscarded);
    const seq = primaryHop(f.data, tl, Math.max(0, reachedSlot(tl, playhead.clock - f.start)));
    focus = seq === null ? null : { flow: f.id, seq };
  }
  set((s) => ({ beat: s.beat + 1, focus }));
}

function moveTo(clock: number, playing?: boolean): void {
  playhead.clock = Math.max(0, Math.min(clock, endOf(get().flows, get().showDiscarded)));
  if (playing !== undefined) set({ playing });
  sync(true);
}

/** Steps the followed flow by one row of the event list, and shows that row's hop. */
function stepRow(dir: 1 | -1): void {
  const f = followed();
  if (!f) return;
  const tl = timelineOf(f, get().showDiscarded);
  const row = currentRow(tl, get().focus?.flow === f.id ? get().focus!.seq : null, playhead.clock - f.start);
  const to = rowStep(tl, row, dir);
  if (!to) {
    // before the first row: back to the start of the flow
    if (dir < 0) moveTo(f.start, false);
    return;
  }
  if (dir > 0 && playbackGate.current?.holding()) return;
  const stop = dir > 0 ? (playbackGate.current?.stopAt(playhead.clock, f.start + to.u) ?? null) : null;
  if (stop !== null) {
    moveTo(stop, false);
    return;
  }
  moveTo(f.start + to.u, false);
  set({ focus: { flow: f.id, seq: to.seq } });
}

export const usePlayback = create<PlaybackState>()(() => ({
  flows: [],
  playing: false,
  speed: 1,
  showDiscarded: false,
  focus: null,
  beat: 0,
  picking: 'off',
  from: '',
  to: '',
  fromId: '',
  toId: '',
  proto: 'icmp',
  port: 80,
  count: 1,
  busy: false,
  dockOpen: false,
  keepEarlier: false,

  async send(given, opts = {}) {
    const st = get();
    const dhcp = st.proto === 'dhcp' || st.proto === 'dhcp-renew';
    const req: SendRequest = given ?? {
      from: st.from,
      to: dhcp ? st.from : st.to,
      ...(st.fromId ? { fromId: st.fromId } : {}),
      ...(st.toId && !dhcp ? { toId: st.toId } : {}),
      proto: st.proto === 'dhcp-renew' ? 'dhcp' : st.proto,
      ...(st.proto === 'dhcp-renew' ? { dhcp: 'renew' as const } : {}),
      ...(st.proto === 'tcp' || st.proto === 'udp' ? { port: st.port } : {}),
      count: st.count,
      ...craftedFields(st.proto),
    };
    const tell = (tone: 'info' | 'error', text: string) => {
      if (!opts.quiet) useApp.getState().notify(tone, text);
    };
    if (!req.from || (!req.to && req.proto !== 'dhcp')) {
      tell('info', 'Pick a source and a destination first.');
      return null;
    }
    sendTiming.requested = performance.now();
    set({ busy: true });
    let res: SessionSend;
    try {
      res = await simClient().call('send', req);
    } catch (e) {
      tell('error', `The send failed: ${(e as Error).message}`);
      return null;
    } finally {
      set({ busy: false });
    }
    if (!res.ok) {
      tell('error', `Cannot send: ${fieldWords(res.error)}`);
      return null;
    }
    sendTiming.traced = performance.now();
    sendTiming.firstFrame = 0;
    const id = nextFlowId++;
    sendTiming.flow = id;
    const flow: Flow = {
      id,
      color: FLOW_COLORS[(id - 1) % FLOW_COLORS.length]!,
      req,
      title: flowTitle(req),
      trace: res.trace,
      data: flowData(res.trace),
      start: playhead.clock,
      retired: false,
      ...(res.fingerprints ? { prints: res.fingerprints } : {}),
    };
    // one story at a time: what was playing is finished at once, and the new flow plays alone
    const flows = (get().keepEarlier ? [...get().flows, flow] : alone([...get().flows, flow], flow)).slice(
      -MAX_FLOWS,
    );
    if (!get().keepEarlier) playhead.clock = 0;
    for (const id of lastReached.keys()) if (!flows.some((f) => f.id === id)) lastReached.delete(id);
    set({
      flows,
      playing: true,
      dockOpen: get().flows.length ? get().dockOpen : true,
      focus: { flow: id, seq: flow.trace.hops[0]?.seq ?? 1 },
    });
    sync(true);
    useApp.setState((s) => ({ simVersion: s.simVersion + 1 }));
    // a send from the dock or the canvas shows its hops; a lesson's or a fault drill's keeps its panel
    if (!opts.quiet) usePanel.getState().setTab('hop');
    return res.trace;
  },
  async resetState() {
    try {
      await simClient().call('reset');
    } catch (e) {
      useApp.getState().notify('error', `Could not reset: ${(e as Error).message}`);
      return;
    }
    useApp.setState((s) => ({ simVersion: s.simVersion + 1 }));
    useApp
      .getState()
      .notify(
        'info',
        'State reset: MAC tables, ARP caches, learned flows and conntrack are empty again, and the clock is back at 0:00.',
      );
  },
  clear() {
    lastReached.clear();
    playhead.clock = 0;
    set((s) => ({ flows: [], focus: null, playing: false, beat: s.beat + 1 }));
  },
  removeFlow(id) {
    set((s) => ({ flows: s.flows.filter((f) => f.id !== id) }));
    lastReached.delete(id);
    if (get().focus?.flow === id) set({ focus: null });
    moveTo(playhead.clock);
  },
  play() {
    if (!get().flows.length) return;
    // at the end, play means play again
    if (playhead.clock >= endOf(get().flows, get().showDiscarded) - 1e-6) playhead.clock = 0;
    set({ playing: true });
    sync(true);
  },
  pause: () => set({ playing: false }),
  toggle: () => (get().playing ? get().pause() : get().play()),
  stepForward: () => stepRow(1),
  stepBack: () => stepRow(-1),
  restart: () => moveTo(0, get().flows.length > 0),
  setSpeed: (speed) => set({ speed: Math.max(0.25, Math.min(4, speed)) }),
  faster() {
    const i = SPEEDS.indexOf(get().speed as (typeof SPEEDS)[number]);
    set({ speed: SPEEDS[Math.min(SPEEDS.length - 1, i + 1)]! });
  },
  slower() {
    const i = SPEEDS.indexOf(get().speed as (typeof SPEEDS)[number]);
    set({ speed: SPEEDS[Math.max(0, i - 1)]! });
  },
  seek(ref) {
    let f = get().flows.find((x) => x.id === ref.flow);
    if (!f) return;
    // a row of a finished send: that send takes the stage again, alone
    if (f.retired) {
      const flows = alone(get().flows, f);
      f = flows.find((x) => x.id === ref.flow)!;
      set({ flows });
    }
    let tl = timelineOf(f, get().showDiscarded);
    if (!tl.slotOf.has(ref.seq)) {
      set({ showDiscarded: true });
      tl = f.data.full;
    }
    playhead.clock = f.start + tl.slotOf.get(ref.seq)! + 1;
    set({ playing: false });
    sync(true);
    set({ focus: ref });
  },
  setShowDiscarded(on) {
    const focus = get().focus;
    set({ showDiscarded: on });
    const f = get().flows.find((x) => x.id === focus?.flow);
    const slot = f && focus ? timelineOf(f, on).slotOf.get(focus.seq) : undefined;
    // the steps are not the same with or without the discarded copies: stay on the hop shown
    if (f && focus && slot !== undefined) {
      playhead.clock = f.start + slot + 1;
      sync(true);
      set({ focus });
    } else moveTo(playhead.clock);
  },
  setPicking(picking) {
    set({ picking });
    if (picking === 'off') document.documentElement.removeAttribute('data-send-pick');
    else document.documentElement.dataset.sendPick = picking;
  },
  setDockOpen: (dockOpen) => set({ dockOpen }),
  setKeepEarlier: (keepEarlier) => set({ keepEarlier }),
  setForm: (f) => set({ ...('from' in f ? { fromId: '' } : {}), ...('to' in f ? { toId: '' } : {}), ...f }),
}));

/** Moves the playhead on by a frame's worth of time; called by the packet layer's animation loop. */
export function advance(dtMs: number): void {
  const st = get();
  if (!st.playing) return;
  const gate = playbackGate.current;
  if (gate?.holding()) {
    set({ playing: false });
    return;
  }
  const end = endOf(st.flows, st.showDiscarded);
  const to = Math.min(end, playhead.clock + (dtMs * st.speed) / STEP_MS);
  const stop = gate?.stopAt(playhead.clock, to) ?? null;
  playhead.clock = stop ?? to;
  if (stop !== null || playhead.clock >= end) set({ playing: false });
  sync(stop !== null);
}

/** Replaces flows (an update that arrives after the flow list moved on keeps the rest). */
function updateFlows(change: (f: Flow) => Flow | null): void {
  const flows = get().flows.map((f) => change(f) ?? f);
  if (flows.some((f, i) => f !== get().flows[i])) set({ flows });
}

// An edit takes the stage: what was playing is finished, its rows stay, and a send that passed a
// device the edit changed is marked as recorded before it (playback-edits.ts).
useApp.subscribe((s, prev) => {
  if (s.doc === prev.doc || !get().flows.length) return;
  if (get().flows.some((f) => !f.retired)) {
    updateFlows((f) => (f.retired ? null : { ...f, retired: true }));
    moveTo(0, false);
  }
  void flowsChangedByEdit(get().flows).then((changed) =>
    updateFlows((f) => (changed.has(f.id) && !f.stale ? { ...f, stale: true } : null)),
  );
});

// Lesson steps send through here, so their packets are animated too.
lessonHooks.send = async (req, { fresh }) => {
  if (fresh) await simClient().call('reset');
  return usePlayback.getState().send(req, { quiet: true });
};
