// The send bar's advanced panel: the fields of a hand-made packet, as typed. Empty fields leave the
// packet as the stack would make it; what the core refuses comes back named by its field.
import { create } from 'zustand';
import type { Crafted, SendRequest } from '../sim';

export type TcpFlagsChoice = NonNullable<SendRequest['flags']>;

interface CraftState {
  /** the advanced panel is open: its fields apply to the sends of the form */
  open: boolean;
  src: string;
  ttl: string;
  size: string;
  /** don't fragment (set, as Linux sets it, unless cleared) */
  df: boolean;
  flags: TcpFlagsChoice;
  sport: string;
  setOpen(open: boolean): void;
  set(patch: Partial<Pick<CraftState, 'src' | 'ttl' | 'size' | 'df' | 'flags' | 'sport'>>): void;
}

export const useCraft = create<CraftState>()((set) => ({
  open: false,
  src: '',
  ttl: '',
  size: '',
  df: true,
  flags: 'S',
  sport: '',
  setOpen: (open) => set({ open }),
  set: (patch) => set(patch),
}));

/** A whole number as typed, or the text itself when it is none (the core names it in its refusal). */
const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v.trim()));

/** The hand-made fields for a send of `proto`, or none when the panel is closed. */
export function craftedFields(proto: string): Crafted {
  const c = useCraft.getState();
  if (!c.open) return {};
  const l4 = proto === 'tcp' || proto === 'udp';
  const out: Crafted = {};
  if (c.src.trim()) out.src = c.src.trim();
  const ttl = num(c.ttl);
  if (ttl !== undefined) out.ttl = ttl;
  const size = num(c.size);
  if (size !== undefined) out.size = size;
  if (!c.df && proto !== 'dhcp') out.df = false;
  if (proto === 'tcp' && c.flags !== 'S') out.flags = c.flags;
  const sport = num(c.sport);
  if (l4 && sport !== undefined) out.sport = sport;
  return out;
}

const FIELD_WORDS: Record<string, string> = {
  '--src': 'Source IP',
  '--ttl': 'TTL',
  '--size': 'Size',
  '--sport': 'Source port',
  '--flags': 'TCP flags',
  '--port': 'Port',
};

/** The core's refusal of a hand-made field, in the words of the panel ("Source IP 10.0.0.300: …"). */
export const fieldWords = (error: string): string =>
  error.replace(/^--(src|ttl|size|sport|flags|port)\b/, (m) => FIELD_WORDS[m] ?? m);
