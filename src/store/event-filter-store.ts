// The event list's filter (kinds of packet, a host): which rows it shows. Kept apart from the playback
// store on purpose: a filter hides rows and changes nothing of what is played or how hops are numbered.
import { create } from 'zustand';
import { type EventFilter, type EventKind, NO_FILTER } from '../logic/send/event-filter';

interface EventFilterState extends EventFilter {
  toggleKind(kind: EventKind): void;
  setHost(host: string | null): void;
  clear(): void;
}

export const useEventFilter = create<EventFilterState>()((set) => ({
  ...NO_FILTER,
  toggleKind: (kind) =>
    set((s) => ({ kinds: s.kinds.includes(kind) ? s.kinds.filter((k) => k !== kind) : [...s.kinds, kind] })),
  setHost: (host) => set({ host }),
  clear: () => set(NO_FILTER),
}));
