// The Faults tab's drill: which fault on which target, the fault just applied with the send that shows
// it, a refusal with the targets that would be accepted instead, and the outcome of the last send.
// It outlives the panel (switching tabs keeps it). What it shows belongs to one cloud: when the cloud
// changes any other way (undo from the panel, Ctrl+Z, the top bar, another edit), the outcome, the
// refusal and the applied fault are forgotten, as playback forgets its flows.
import { create } from 'zustand';
import type { SendRequest, Topology, TopologyError, Trace } from '../sim';
import { useApp } from './app-store';
import { lessonHooks } from './classroom-store';
import { FAULTS, type Fault, type FaultKind, type FaultTarget } from './faults';

export interface FaultRefusal {
  kind: FaultKind;
  target: string;
  /** the target as the list names it */
  label: string;
  /** why, in words naming what stands in the way */
  reason: string;
  /** targets of the same fault the cloud would accept, offered instead */
  instead: FaultTarget[];
}

export interface AppliedFault {
  kind: FaultKind;
  target: string;
  label: string;
  /** the send that shows it, worked out on the cloud before it broke (a removed rule is gone after) */
  trial: SendRequest | null;
  /** the cloud the fault made */
  doc: Topology;
}

interface FaultDrillState {
  kind: FaultKind;
  /** the target picked, '' for the first the cloud offers */
  target: string;
  applied: AppliedFault | null;
  refusal: FaultRefusal | null;
  /** the last send's trace, on the cloud as it is now */
  result: Trace | null;
  busy: boolean;

  /** picks a fault (and a target); what was shown for another pick goes */
  choose(kind: FaultKind, target?: string): void;
  /** applies the fault on `target` (default: the one picked); false when the cloud refused it */
  breakIt(target?: string): Promise<boolean>;
  /** sends the trial of the fault (on a fresh state unless the fault keeps it) and keeps its trace */
  send(): Promise<Trace | null>;
}

export const faultOf = (kind: FaultKind): Fault => FAULTS.find((f) => f.kind === kind)!;

/** The target in effect: the one picked while the cloud still has it, else the first offered. */
export function chosenTarget(doc: Topology | null, kind: FaultKind, target: string): string {
  if (!doc) return '';
  const targets = faultOf(kind).targets(doc);
  return targets.some((t) => t.id === target) ? target : (targets[0]?.id ?? '');
}

/**
 * The send the panel offers, or null. After a fault: the send that shows it. Otherwise the same send
 * on the cloud as it is, to compare. After a refusal: none, since nothing broke and it would deliver.
 */
export function trialOf(
  s: Pick<FaultDrillState, 'kind' | 'target' | 'applied' | 'refusal'>,
  doc: Topology | null,
): SendRequest | null {
  if (s.applied) return s.applied.trial;
  if (s.refusal || !doc) return null;
  const target = chosenTarget(doc, s.kind, s.target);
  return target ? faultOf(s.kind).trial(doc, target) : null;
}

/** The targets of `fault` the cloud `doc` would accept, other than `not`. */
export function acceptedTargets(fault: Fault, doc: Topology, not: string): FaultTarget[] {
  return fault.targets(doc).filter((t) => t.id !== not && !fault.refusal?.(doc, t.id));
}

function words(errors: TopologyError[]): string {
  const e = errors[0];
  if (!e) return 'the cloud refused it';
  // an edit's own refusal is a sentence already; the core's names what it refused, in words
  return e.path === '(edit)' ? e.message : `${e.subject ?? e.path}: ${e.message}`;
}

export const useFaultDrill = create<FaultDrillState>()((set, get) => ({
  kind: 'sg-rule',
  target: '',
  applied: null,
  refusal: null,
  result: null,
  busy: false,

  choose(kind, target) {
    const s = get();
    if (kind === s.kind && (target === undefined || target === s.target)) return;
    set({ kind, target: target ?? '', applied: null, refusal: null, result: null });
  },
  async breakIt(given) {
    const doc = useApp.getState().doc;
    const { kind } = get();
    const fault = faultOf(kind);
    const target = given ?? chosenTarget(doc, kind, get().target);
    if (!doc || !target) return false;
    const label = fault.targets(doc).find((t) => t.id === target)?.label ?? target;
    const trial = fault.trial(doc, target);
    set({ target, applied: null, refusal: null, result: null });
    const errors = await useApp
      .getState()
      .edit(`fault: ${fault.title.toLowerCase()}: ${label}`, (draft) => fault.apply(draft, target));
    const now = useApp.getState().doc ?? doc;
    if (errors) {
      set({
        refusal: { kind, target, label, reason: words(errors), instead: acceptedTargets(fault, now, target) },
      });
      return false;
    }
    set({ applied: { kind, target, label, trial, doc: now } });
    return true;
  },
  async send() {
    const trial = trialOf(get(), useApp.getState().doc);
    if (!trial || get().busy) return null;
    set({ busy: true });
    try {
      // a failover's gratuitous ARPs are part of what the trial shows: those faults keep the state
      const result = await lessonHooks.send(trial, { fresh: !faultOf(get().kind).keepsState });
      set({ result });
      return result;
    } finally {
      set({ busy: false });
    }
  },
}));

// The outcome, a refusal and the applied fault are of the cloud they were made on.
useApp.subscribe((s, prev) => {
  if (s.doc === prev.doc) return;
  const d = useFaultDrill.getState();
  if (d.result || d.refusal || (d.applied && d.applied.doc !== s.doc))
    useFaultDrill.setState({
      result: null,
      refusal: null,
      applied: d.applied && d.applied.doc === s.doc ? d.applied : null,
    });
});
