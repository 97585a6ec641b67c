// The clouds of the undo history, in IndexedDB (through idb-keyval), where a cloud of thousands of VMs fits:
// the browser gives IndexedDB a share of the disk, where localStorage has a few megabytes for everything.
// Each cloud is a JSON string under `doc:<id>`, written once (when it is saved as the current cloud, or
// when a step first needs it) and shared by every step that names it. Which steps there are, in which
// order and with which labels, is saved with the cloud itself (persist-cloud.ts), so that the two never
// disagree; docs no saved step names any more are swept away. See docs/architecture.md, "Storage".
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

export const HISTORY_DB = 'neutron-explorer';
export const HISTORY_STORE = 'history';
const DOC = 'doc:';

/** The saved revision an id was first written at: its first part (ids read `<rev>.<tab>.<n>`). */
export const revOfId = (id: string) => Number.parseInt(id, 10) || 0;

export interface HistoryStore {
  /** Writes clouds; the requests are made at once, so that a write begun as the page goes away is kept. */
  put(docs: [id: string, json: string][]): Promise<void>;
  /** The clouds with these ids that are there, as JSON text. */
  read(ids: string[]): Promise<Map<string, string>>;
  /** The ids of all the clouds there. */
  ids(): Promise<Set<string>>;
  /**
   * Deletes the clouds the saved steps do not name (`keep`, asked inside the transaction so that it sees
   * the latest save) and that are older than the saved revision; returns the ids named but missing.
   */
  sweep(keep: () => { ids: Set<string>; rev: number }): Promise<string[]>;
}

/** The history kept in IndexedDB; `open` makes the database on first use. */
export function idbHistoryStore(
  open: () => UseStore = () => createStore(HISTORY_DB, HISTORY_STORE),
): HistoryStore {
  let db: UseStore | null = null;
  const store = () => {
    db ??= open();
    return db;
  };
  return {
    put: (docs) =>
      store()('readwrite', (s) => {
        for (const [id, json] of docs) s.put(json, DOC + id);
        return promisifyRequest(s.transaction);
      }),
    read: (ids) =>
      store()('readonly', (s) => {
        const found = new Map<string, string>();
        for (const id of ids) {
          const r = s.get(DOC + id);
          r.onsuccess = () => {
            if (typeof r.result === 'string') found.set(id, r.result);
          };
        }
        return promisifyRequest(s.transaction).then(() => found);
      }),
    ids: () =>
      store()('readonly', (s) =>
        promisifyRequest(s.getAllKeys()).then(
          (keys) =>
            new Set(
              keys.flatMap((k) => (typeof k === 'string' && k.startsWith(DOC) ? [k.slice(DOC.length)] : [])),
            ),
        ),
      ),
    sweep: (keep) =>
      store()('readwrite', (s) => {
        const missing: string[] = [];
        const keys = s.getAllKeys();
        keys.onsuccess = () => {
          const { ids, rev } = keep();
          const have = new Set<string>();
          for (const k of keys.result) {
            if (typeof k !== 'string' || !k.startsWith(DOC)) continue;
            const id = k.slice(DOC.length);
            have.add(id);
            // a cloud written at a newer revision than the one read here belongs to a save not seen yet
            if (!ids.has(id) && revOfId(id) < rev) s.delete(k);
          }
          for (const id of ids) if (!have.has(id)) missing.push(id);
        };
        return promisifyRequest(s.transaction).then(() => missing);
      }),
  };
}
