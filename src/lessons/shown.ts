// Does a lesson step show what its text names, and only that? A step shows the devices it lights up
// (its `highlight`), and, when it sends, every device its packets cross (the animation goes through
// them) and the two ends of the send. The logical view draws no bridges or ports and animates no
// packets: there a step shows only what it lights of servers, routers and the outside world.
import type { DeviceView, Trace } from '../sim';
import { matches } from './check';
import { answers, type Mention, mentionsIn, type Names } from './mentions';
import type { Lesson, LessonStep } from './schema';

export type StepView = 'physical' | 'logical';

/** The view of each step: its own, or the last one an earlier step chose; physical at first. The
 * same whichever way the student reached the step. */
export function stepViews(lesson: Pick<Lesson, 'steps'>): StepView[] {
  let view: StepView = 'physical';
  return lesson.steps.map((s) => {
    view = s.view ?? view;
    return view;
  });
}

/** The devices a step's highlight patterns light up. */
export function lightedBy(
  patterns: readonly string[] | undefined,
  devices: readonly DeviceView[],
): DeviceView[] {
  if (!patterns?.length) return [];
  return devices.filter((d) => patterns.some((p) => matches(p, { device: d.name, host: d.host })));
}

/** What the logical view draws of the devices: a server as its VM, a router as its qrouter namespace,
 * the upstream router and the outside hosts. */
export const LOGICAL_ROLES: ReadonlySet<DeviceView['role']> = new Set([
  'vm',
  'qrouter',
  'upstream',
  'outside-host',
]);

export interface StepScene {
  /** the lesson's cloud, as the physical view draws it */
  devices: readonly DeviceView[];
  names: Names;
  view: StepView;
  /** the trace of the step's send, when it has one */
  trace: Trace | null;
}

const where = (d: DeviceView) => (d.host ? `${d.host}/${d.name}` : d.name);

/** The devices a step shows on screen. */
export function shownBy(step: LessonStep, scene: StepScene): DeviceView[] {
  const lit = lightedBy(step.highlight, scene.devices).filter(
    (d) => scene.view === 'physical' || LOGICAL_ROLES.has(d.role),
  );
  if (scene.view === 'logical' || !scene.trace) return lit;
  const crossed = new Set(scene.trace.hops.map((h) => h.deviceId));
  const ends = [step.send?.from, step.send?.to];
  return scene.devices.filter(
    (d) =>
      lit.includes(d) ||
      crossed.has(d.id) ||
      ((d.role === 'vm' || d.role === 'outside-host') && ends.includes(d.name)),
  );
}

function missing(m: Mention, shown: readonly DeviceView[]): boolean {
  return !m.needs.every((need) => shown.some(need));
}

/** What is wrong with a step's lighting: each problem a sentence naming the step's words or devices. */
export function checkShown(step: LessonStep, scene: StepScene): string[] {
  const problems: string[] = [];
  const mentions = mentionsIn(step.text, scene.names);
  const unlit = new Set(step.unlit ?? []);
  const lit = lightedBy(step.highlight, scene.devices);
  const shown = shownBy(step, scene);
  if (scene.view === 'logical')
    for (const d of lit)
      if (!LOGICAL_ROLES.has(d.role))
        problems.push(`lights ${where(d)}, which the logical view does not draw`);
  for (const m of mentions) {
    if (unlit.has(m.key)) {
      if (lit.some((d) => answers(m, d))) problems.push(`lists "${m.key}" as unlit but lights it`);
    } else if (missing(m, shown))
      problems.push(
        `names ${m.key} ("${m.quote}") but does not show it: light it, or list "${m.key}" in unlit`,
      );
  }
  for (const k of unlit)
    if (!mentions.some((m) => m.key === k))
      problems.push(`lists "${k}" as unlit, but its text does not name it`);
  for (const d of lit)
    if (!mentions.some((m) => !unlit.has(m.key) && answers(m, d)))
      problems.push(`lights ${where(d)}, which its text does not name`);
  return problems;
}
