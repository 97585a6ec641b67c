// An activity is data, like a lesson (docs/activity-format.md): a starting cloud (often broken on
// purpose), what the student may not change, goals checked against the live cloud and real sends,
// hints, and optionally the answer cloud, which the app never shows. Checked with zod at the edge: a
// malformed file is refused with the path of the field and what is wrong.
import { z } from 'zod';

export const ACTIVITY_FORMAT = 'neutron-explorer/activity';

const name = z.string().min(1).max(80);
const names = z.array(name).max(200);
const points = z.number().int().min(1).max(10).optional();
const proto = z.enum(['icmp', 'tcp', 'udp']);
const port = z.number().int().min(1).max(65535);

/** "vm1 reaches vm2 on tcp/80", or with `reach: false` "the internet cannot reach vm2 on tcp/22". */
export const reachGoalSchema = z.strictObject({
  type: z.literal('reach'),
  from: name,
  to: name,
  proto: proto.optional(),
  port: port.optional(),
  /** the IP packet size, don't-fragment set (1450: the largest a VXLAN network carries) */
  size: z.number().int().min(28).max(9000).optional(),
  /** true: must reach (the default); false: must not */
  reach: z.boolean().optional(),
  points,
});

/** "router1 has an interface on net3" */
export const routerInterfaceGoalSchema = z.strictObject({
  type: z.literal('router-interface'),
  router: name,
  network: name,
  points,
});

/** "vm3 gets its address by DHCP" */
export const dhcpGoalSchema = z.strictObject({
  type: z.literal('dhcp'),
  server: name,
  points,
});

/** "the security groups of vm2 let in only tcp/80 from net1" (a network's name, or a CIDR) */
export const securityGoalSchema = z.strictObject({
  type: z.literal('security-group-only'),
  server: name,
  proto,
  port: port.optional(),
  from: name,
  points,
});

export const goalSchema = z.discriminatedUnion('type', [
  reachGoalSchema,
  routerInterfaceGoalSchema,
  dhcpGoalSchema,
  securityGoalSchema,
]);

/** What the student may not change, by name: a network covers its subnets. */
export const locksSchema = z.strictObject({
  hosts: names.optional(),
  networks: names.optional(),
  routers: names.optional(),
  servers: names.optional(),
  security_groups: names.optional(),
});

const cloud = z.union([z.string().regex(/^[a-z0-9-]{1,60}$/), z.record(z.string(), z.unknown())]);

export const activitySchema = z.strictObject({
  format: z.literal(ACTIVITY_FORMAT),
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]{1,60}$/),
  title: z.string().min(1).max(120),
  /** what users report, and what the student is asked to do; blank lines separate paragraphs */
  introduction: z.string().min(1).max(4000),
  /** the starting cloud: an example's file name without .json, or a topology file's content */
  topology: cloud,
  /** the answer cloud, for the teacher and the tests: never shown to the student */
  solution: cloud.optional(),
  locked: locksSchema.optional(),
  goals: z.array(goalSchema).min(1).max(40),
  /** given on request, in this order */
  hints: z.array(z.string().min(1).max(1000)).max(10).optional(),
  /** points (of 100) each hint taken costs; 10 unless given */
  hintCost: z.number().int().min(0).max(100).optional(),
});

export type Activity = z.infer<typeof activitySchema>;
export type Goal = z.infer<typeof goalSchema>;
export type ReachGoal = z.infer<typeof reachGoalSchema>;
export type Locks = z.infer<typeof locksSchema>;
export type LockKind = keyof Locks;

export const DEFAULT_HINT_COST = 10;

/** Reads an activity file's text: the activity, or a message naming the field and what is wrong. */
export function parseActivity(text: string): { ok: true; activity: Activity } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `the activity file is not valid JSON: ${(e as Error).message}` };
  }
  const parsed = activitySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || '(file)';
    const value = issue.path.reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      raw,
    );
    const shown = value === undefined || typeof value === 'object' ? '' : ` (${JSON.stringify(value)})`;
    return { ok: false, error: `the activity file is not an activity: ${path}${shown}: ${issue.message}` };
  }
  return { ok: true, activity: parsed.data };
}
