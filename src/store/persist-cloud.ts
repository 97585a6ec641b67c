// The saved cloud in localStorage: one value per origin, shared by every tab of the app, tagged with its
// revision and the tab that wrote it so that a tab can tell whether the saved version is still the one it
// loaded or wrote, and listing its undo steps (their clouds are in IndexedDB, history-store.ts). One value,
// so that the cloud and its steps are always saved together. localStorage is kept for it (not IndexedDB)
// because a write is done before the next line runs, and other tabs hear of it (the `storage` event).
// Formats (docs/architecture.md, "Storage"):
//   v2  neutron-explorer:cloud:v2    {"rev":7,"by":"t1a2b3c4","id":"7.t1a2b3c4.0",
//                                     "past":[{"id":…,"label":…,"chars":…}…],"future":[…],"doc":{…}}
//       rev and by come first, doc last; no other key is "doc", so `,"doc":` ends the small part
//   v1  neutron-explorer:cloud:v1    {…topology…} and neutron-explorer:history:v1 (lz-string, UTF-16) with
//                                    {"past":[{label, doc}…],"future":[…]}; read while no v2 exists, and
//                                    removed once the v2 cloud and its steps are saved.

import LZString from 'lz-string';
import type { Topology } from '../sim';
import { latin1Json } from './shared-json';

export const SAVE_KEY = 'neutron-explorer:cloud:v2';
export const LEGACY_SAVE_KEY = 'neutron-explorer:cloud:v1';
export const LEGACY_HISTORY_KEY = 'neutron-explorer:history:v1';
export const UNREADABLE_KEY = 'neutron-explorer:unreadable-save';

/** A saved version of the cloud: its revision (counting up from 1) and the tab that wrote it. */
export interface Head {
  rev: number;
  by: string;
}

/** What a save in the v1 format counts as: older than any v2 save. */
export const LEGACY_HEAD: Head = { rev: 0, by: 'v1' };

/** An undo step as saved: what undoing it does, the id of the cloud it goes back to, and its size. */
export interface SavedStep {
  id: string;
  label: string;
  chars: number;
}

/** A saved version without its cloud: which it is, the id of its cloud, and its undo steps. */
export interface SavedVersion extends Head {
  id: string;
  past: SavedStep[];
  future: SavedStep[];
}

const HEAD = /^\{"rev":(\d{1,15}),"by":"([A-Za-z0-9._-]{1,40})",/;
const DOC_AT = ',"doc":';

export const sameHead = (a: Head | null, b: Head | null) =>
  a === b || (a !== null && b !== null && a.rev === b.rev && a.by === b.by);

/** The text saved for a version. */
export const cloudRecord = (r: SavedVersion, docJson: string) =>
  `{"rev":${r.rev},"by":"${r.by}","id":${latin1Json(r.id)},"past":${latin1Json(r.past)},"future":${latin1Json(r.future)}${DOC_AT}${docJson}}`;

/** The head of a saved text; a v2 value whose head is unreadable counts as a version of its own. */
export function headOf(text: string): Head {
  const m = HEAD.exec(text);
  return m ? { rev: Number(m[1]), by: m[2]! } : { rev: 0, by: 'unreadable' };
}

const isStep = (s: unknown): s is SavedStep =>
  typeof s === 'object' &&
  s !== null &&
  typeof (s as SavedStep).id === 'string' &&
  typeof (s as SavedStep).label === 'string' &&
  typeof (s as SavedStep).chars === 'number';

/** The saved version without parsing its cloud; steps that are damaged are left out. */
export function recordOf(text: string): SavedVersion | null {
  const at = text.indexOf(DOC_AT);
  if (!HEAD.test(text) || at < 0) return null;
  try {
    const r = JSON.parse(`${text.slice(0, at)}}`) as Partial<SavedVersion>;
    const steps = (l: unknown) => (Array.isArray(l) ? l.filter(isStep) : []);
    return { ...headOf(text), id: String(r.id ?? ''), past: steps(r.past), future: steps(r.future) };
  } catch {
    return null;
  }
}

/** The cloud's JSON inside a saved text, as it was written (null when the text is not a v2 record). */
export function docTextOf(text: string): string | null {
  const at = text.indexOf(DOC_AT);
  return HEAD.test(text) && at >= 0 && text.endsWith('}') ? text.slice(at + DOC_AT.length, -1) : null;
}

export function readHead(storage: Storage): Head | null {
  const text = storage.getItem(SAVE_KEY);
  if (text !== null) return headOf(text);
  return storage.getItem(LEGACY_SAVE_KEY) !== null ? LEGACY_HEAD : null;
}

export type ReadCloud =
  | { ok: true; doc: unknown; record: SavedVersion; legacy: boolean }
  | { ok: false; reason: string; legacy: boolean }
  | null;

/** The saved cloud (v2, else v1); null when nothing is saved. */
export function readCloud(storage: Storage): ReadCloud {
  let text: string | null;
  let legacy = false;
  try {
    text = storage.getItem(SAVE_KEY);
    if (text === null) {
      text = storage.getItem(LEGACY_SAVE_KEY);
      legacy = text !== null;
    }
  } catch (e) {
    return { ok: false, reason: `the browser storage cannot be read (${(e as Error).message})`, legacy };
  }
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `it is not valid JSON (${(e as Error).message})`, legacy };
  }
  if (legacy)
    return { ok: true, doc: value, record: { ...LEGACY_HEAD, id: '', past: [], future: [] }, legacy };
  const doc = (value as { doc?: unknown } | null)?.doc;
  if (typeof doc !== 'object' || doc === null)
    return { ok: false, reason: 'it holds no cloud (the field "doc" is missing)', legacy };
  // a damaged list of steps costs the undo steps, not the cloud
  const record = recordOf(text) ?? { ...headOf(text), id: '', past: [], future: [] };
  return { ok: true, doc, record, legacy };
}

/** A step of the v1 history: its cloud, as the app saved it. */
export interface LegacyStep {
  label: string;
  doc: Topology;
}

const isLegacyStep = (e: unknown): e is LegacyStep =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as LegacyStep).label === 'string' &&
  typeof (e as LegacyStep).doc === 'object' &&
  (e as LegacyStep).doc !== null;

/** The v1 undo history; a damaged one costs the undo steps, not the cloud. */
export function readLegacyHistory(storage: Storage): { past: LegacyStep[]; future: LegacyStep[] } {
  try {
    const h = JSON.parse(LZString.decompressFromUTF16(storage.getItem(LEGACY_HISTORY_KEY) ?? '') || '{}') as {
      past?: unknown;
      future?: unknown;
    };
    const list = (l: unknown) => (Array.isArray(l) && l.every(isLegacyStep) ? l : []);
    return { past: list(h.past), future: list(h.future) };
  } catch {
    return { past: [], future: [] };
  }
}

/** Removes the v1 save, once what it held is saved in the v2 format. */
export function dropLegacy(storage: Storage): void {
  try {
    storage.removeItem(LEGACY_SAVE_KEY);
    storage.removeItem(LEGACY_HISTORY_KEY);
  } catch {
    // left for the next time: it is read only while no v2 save exists
  }
}

/** Keeps a save that no longer opens (the v2 one, else the v1 one) where the user can still get it. */
export function setAside(storage: Storage, legacy: boolean): void {
  try {
    const text = storage.getItem(legacy ? LEGACY_SAVE_KEY : SAVE_KEY);
    if (text !== null) storage.setItem(UNREADABLE_KEY, text);
    if (legacy) dropLegacy(storage);
    else storage.removeItem(SAVE_KEY);
  } catch {
    // storage is unusable; startup goes on with the demo
  }
}
