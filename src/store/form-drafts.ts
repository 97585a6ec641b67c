// Text typed in a form field and not applied yet, kept in the browser as it is typed, so that a reload
// (or a crash, or a closed tab) does not lose it: when the app opens again, the form it was typed in
// opens, and the field offers the text back, not applied, for the user to apply (Enter) or drop (Esc).
// A draft belongs to the value the field showed when it was typed: once that value changed (the edit
// was applied after all, or undone, or made elsewhere), the draft means nothing and is dropped.
// Its own key in localStorage, beside the cloud's (persist.ts), which it never touches.
import * as z from 'zod/mini';
import type { Selection } from '../logic/selection';
import { useApp } from './app-store';

export const DRAFTS_KEY = 'neutron-explorer:drafts:v1';
/** Drafts kept at most, the newest; older ones are dropped. */
const MAX_DRAFTS = 20;
/** A draft not offered back within this long is stale. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_TEXT = 20_000;

const draftSchema = z.object({
  field: z.string().check(z.maxLength(2000)),
  model: z.string().check(z.maxLength(MAX_TEXT)),
  text: z.string().check(z.maxLength(MAX_TEXT)),
  selection: z.nullable(
    z.object({
      kind: z.enum(['device', 'host', 'network', 'subnet', 'router', 'server', 'floatingip', 'tunnel']),
      id: z.string(),
    }),
  ),
  at: z.number(),
});
export type Draft = z.infer<typeof draftSchema>;

function read(storage: Storage): Draft[] {
  try {
    const r = z.array(draftSchema).safeParse(JSON.parse(storage.getItem(DRAFTS_KEY) ?? '[]'));
    return r.success ? r.data.filter((d) => Date.now() - d.at < MAX_AGE_MS) : [];
  } catch {
    return [];
  }
}

function write(storage: Storage, drafts: Draft[]): void {
  try {
    if (drafts.length) storage.setItem(DRAFTS_KEY, JSON.stringify(drafts.slice(-MAX_DRAFTS)));
    else storage.removeItem(DRAFTS_KEY);
  } catch {
    // a full storage costs the draft, not the cloud
  }
}

/** Keeps what is typed in a field (`model`: what the field showed before); typing it back clears it. */
export function keepDraft(field: string, model: string, text: string, storage: Storage = localStorage): void {
  const others = read(storage).filter((d) => d.field !== field);
  if (text === model || text.length > MAX_TEXT || model.length > MAX_TEXT) {
    write(storage, others);
    return;
  }
  const selection = (useApp.getState().selection as Draft['selection']) ?? null;
  write(storage, [...others, { field, model, text, selection, at: Date.now() }]);
}

/** The text typed in a field that still shows `model`; a draft typed over another value is dropped. */
export function takeDraft(field: string, model: string, storage: Storage = localStorage): string | null {
  const drafts = read(storage);
  const d = drafts.find((x) => x.field === field);
  if (!d) return null;
  if (d.model === model) return d.text;
  write(
    storage,
    drafts.filter((x) => x !== d),
  );
  return null;
}

export function dropDraft(field: string, storage: Storage = localStorage): void {
  const drafts = read(storage);
  if (drafts.some((d) => d.field === field))
    write(
      storage,
      drafts.filter((d) => d.field !== field),
    );
}

/**
 * At start, once the cloud is open: when text was left typed, opens edit mode on the form it was typed
 * in, whose field then offers it back. Returns whether there was one.
 */
export function offerDrafts(storage: Storage = localStorage): boolean {
  const latest = read(storage).at(-1);
  const { doc, setEditMode, select } = useApp.getState();
  if (!latest || !doc) return false;
  setEditMode(true);
  if (latest.selection) select(latest.selection as Selection);
  return true;
}
