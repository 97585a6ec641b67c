// What the main thread may ask of the simulation worker, and the few messages beside the calls that
// tell the main thread the worker is alive. Types only, and two guards: plain data crosses the boundary.
import type { DriftResult, HostOutputs } from '../drift';
import type {
  DeviceInspect,
  SendRequest,
  SendResult,
  SessionCompare,
  SessionLoad,
  SessionSend,
  ToolResult,
  Variant,
  ViewUpdate,
  Where,
} from '../sim';
import type { RecordPatch } from '../sim/plain-patch';

/** A load's answer as it crosses the boundary: the view whole, or as a patch against the one the page
 * holds (sim/view/view-patch.ts). */
export type LoadAnswer =
  | (Omit<Extract<SessionLoad, { ok: true }>, 'view'> & {
      view: ViewUpdate;
      /** the version of the topology returned, for an edit to be sent as a patch against it */
      doc: string;
    })
  | Extract<SessionLoad, { ok: false }>;

/**
 * An edit's answer: as a load's, but the topology as a patch against the one the edit described (the
 * base and the change), which is what the page holds; or `stale` when the worker no longer holds that
 * base (another load came between, or a new worker), for the page to send the topology whole.
 */
export type EditAnswer =
  | (Omit<Extract<LoadAnswer, { ok: true }>, 'topology'> & { topology: RecordPatch })
  | Extract<SessionLoad, { ok: false }>
  | { ok: false; stale: true; errors: [] };

export interface SimApi {
  /**
   * validate and realize a topology (raw JSON value); keepState keeps what traffic taught the devices;
   * heldView: the version of the view the page holds, for the answer to carry only what changed;
   * asDoc: the version the page knows this topology by (a new worker's restore), kept as the topology's
   * version when loading it changed nothing in it
   */
  load(raw: unknown, keepState?: boolean, heldView?: string | null, asDoc?: string | null): LoadAnswer;
  /** an edit of the topology of version `base` (a load's or an edit's `doc`), as a patch of it */
  edit(base: string, change: RecordPatch, heldView?: string | null): EditAnswer;
  /** the current cloud's view, whole (null: no cloud loaded) */
  view(): ViewUpdate | null;
  /** a send, with the fingerprints of the devices it passed */
  send(req: SendRequest): SessionSend;
  /** the send under each variant (router types, backends), each on a copy of the cloud and a fresh
   * state: the cloud and what its devices learned stay as they are */
  compare(req: SendRequest, variants: Variant[]): SessionCompare;
  /** each request sent on a fresh state of its own; the live state stays as it was */
  trySends(reqs: SendRequest[]): SendResult[];
  reset(): void;
  /** lets simulated time pass (seconds): what timed out is forgotten; returns the clock in seconds */
  wait(seconds: number): number;
  inspect(deviceId: string): DeviceInspect | null;
  /** what each device is now, to tell whether an edit changed a device a send passed */
  fingerprints(ids: readonly string[]): Record<string, string | null>;
  /** a terminal command (see src/sim/tools), answered from the live model */
  tool(where: Where, line: string): ToolResult;
  /** tab completion candidates for the last word of a terminal line */
  complete(where: Where, partialLine: string): string[];
  /** what was run on a real host compared with what the model's agents built there (src/drift) */
  drift(host: string, outputs: HostOutputs): DriftResult;
  ping(): 'pong';
}

/**
 * A sign of life, posted by the worker beside comlink's replies: `ready` once it listens, `busy` when a
 * call starts (a big cloud may take seconds to realize, and a worker that computes answers no ping),
 * `idle` when it ends.
 */
export type Beat = { neutronSim: 'ready' } | { neutronSim: 'busy'; method: string } | { neutronSim: 'idle' };

/** For end-to-end tests: the worker stops answering anything, without dying, as a hung worker would. */
export const HANG_ORDER = { neutronSimTest: 'hang' } as const;

export function beatOf(data: unknown): Beat | null {
  const b = (data as { neutronSim?: unknown } | null)?.neutronSim;
  return b === 'ready' || b === 'busy' || b === 'idle' ? (data as Beat) : null;
}

export const isHangOrder = (data: unknown): boolean =>
  (data as { neutronSimTest?: unknown } | null)?.neutronSimTest === HANG_ORDER.neutronSimTest;
