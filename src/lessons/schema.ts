// A lesson is data: a cloud (an example's name, or a topology inline) and steps. Each step has our own
// explanatory text, what to show, optionally what to send and what that send must do (checked against
// the core by the tests and live in the app), and optionally a question with its answer.
import { z } from 'zod';
import { MAX_WAIT_S } from '../logic/sim-time';

export const LESSON_FORMAT = 'neutron-explorer/lesson';

const text = z.string().min(1).max(4000);

const DHCP_MESSAGES = ['DISCOVER', 'OFFER', 'REQUEST', 'ACK', 'NAK'] as const;

const isRegex = (p: string) => {
  try {
    new RegExp(p, 'm');
    return true;
  } catch {
    return false;
  }
};
/** a regular expression matched against a command's output, line by line (^ and $ at each line) */
const pattern = z.string().min(1).max(200).refine(isRegex, 'is not a regular expression');

/** What a send must do, checked against its trace. Patterns are device names with * wildcards, or host/name. */
export const expectSchema = z.strictObject({
  verdict: z.enum(['delivered', 'dropped', 'loop']).optional(),
  /** devices the main packet crosses, in this order (a subsequence of its path) */
  via: z.array(z.string().max(80)).max(40).optional(),
  /** devices or hosts (host/*) the main packet never touches */
  avoid: z.array(z.string().max(80)).max(20).optional(),
  /** exactly these VNIs on the main packet's tunnel legs */
  vnis: z.array(z.number().int().min(1)).max(8).optional(),
  /** ML2/OVN: the tunnel keys (Geneve VNIs, the datapaths' keys) the packet's Geneve legs carry */
  tunnelKeys: z.array(z.number().int().min(1)).max(8).optional(),
  /** how much the TTL of the main packet drops on its way */
  ttlDrop: z.number().int().min(0).max(64).optional(),
  /** whether the send needed ARP */
  arp: z.boolean().optional(),
  /** a header change that must appear somewhere on the main packet (e.g. "SNAT", "DNAT", "push vlan") */
  changes: z.array(z.string().max(80)).max(8).optional(),
  /** a regular expression the verdict's reason must match */
  reason: z.string().max(200).optional(),
  /** the send's DHCP messages, exactly these in this order */
  dhcp: z.array(z.enum(DHCP_MESSAGES)).max(8).optional(),
});

export const stepSchema = z.strictObject({
  title: z.string().min(1).max(120),
  text,
  view: z.enum(['physical', 'logical']).optional(),
  /** devices to draw attention to: names with * wildcards, or host/name */
  highlight: z.array(z.string().max(80)).max(40).optional(),
  /** words of the text naming devices the step leaves unlit on purpose, in passing or as a contrast
   * ("no tunnel leg, no br-tun"): the keys the checker of src/lessons/mentions.ts reports */
  unlit: z.array(z.string().min(1).max(80)).max(20).optional(),
  /** servers whose tap-qbr-qvb-qvo chain is shown */
  expand: z.array(z.string().max(80)).max(20).optional(),
  send: z
    .strictObject({
      from: z.string().min(1).max(80),
      to: z.string().max(80),
      proto: z.enum(['icmp', 'tcp', 'udp', 'dhcp']).optional(),
      port: z.number().int().min(1).max(65535).optional(),
      count: z.number().int().min(1).max(5).optional(),
      /** forget what devices learned first, so that ARP shows again */
      fresh: z.boolean().optional(),
      /** for dhcp: the exchange of a boot (DISCOVER, OFFER, REQUEST, ACK, broadcast; the default) or
       * a renewal (a REQUEST unicast from the leased address to the DHCP server, and its ACK) */
      dhcp: z.enum(['discover', 'renew']).optional(),
      /** a hand-made packet: the source address written in it (a spoofed one too), TTL, size, DF,
       * a TCP probe's flags, the source port (docs/lesson-format.md) */
      src: z.string().max(15).optional(),
      ttl: z.number().int().min(1).max(255).optional(),
      size: z.number().int().min(28).max(9000).optional(),
      df: z.boolean().optional(),
      flags: z.enum(['S', 'A', 'SA', 'F', 'FA', 'R', 'RA']).optional(),
      sport: z.number().int().min(1).max(65535).optional(),
    })
    .optional(),
  /** the step's send plays in challenge mode: true stops where challenge mode stops by default, or at
   * the hops listed */
  challenge: z
    .union([
      z.literal(true),
      z.strictObject({
        at: z
          .array(z.enum(['br-tun', 'router', 'security-group', 'nat']))
          .min(1)
          .max(4),
      }),
    ])
    .optional(),
  expect: expectSchema.optional(),
  /** seconds of simulated time that pass first, as the send bar's Wait lets them: what timed out
   * meanwhile (ARP entries, conntrack, learned flows, MAC entries) is forgotten */
  wait: z.number().positive().max(MAX_WAIT_S).optional(),
  /** a command run in a terminal after the wait and the send, and what its output must (not) show */
  run: z
    .strictObject({
      /** a host (its root namespace), a server (its console) or an outside host, by name */
      on: z.string().min(1).max(80),
      command: z.string().min(1).max(300),
      shows: z.array(pattern).max(8).optional(),
      lacks: z.array(pattern).max(8).optional(),
    })
    .optional(),
  /** a fault of the Faults tab (its kind, and its target by id or by the first word of its label:
   * "router1", "network1") applied as an undoable edit when the step's Send is first pressed */
  fault: z.strictObject({ kind: z.string().min(1).max(40), target: z.string().min(1).max(80) }).optional(),
  question: z
    .strictObject({ prompt: z.string().min(1).max(600), answer: z.string().min(1).max(2000) })
    .optional(),
});

export const lessonSchema = z.strictObject({
  format: z.literal(LESSON_FORMAT),
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]{1,60}$/),
  title: z.string().min(1).max(120),
  summary: z.string().min(1).max(600),
  /** an example's file name without .json, or a topology file's content */
  topology: z.union([z.string().regex(/^[a-z0-9-]{1,60}$/), z.record(z.string(), z.unknown())]),
  steps: z.array(stepSchema).min(1).max(40),
});

export type Lesson = z.infer<typeof lessonSchema>;
export type LessonStep = z.infer<typeof stepSchema>;
export type LessonExpect = z.infer<typeof expectSchema>;
