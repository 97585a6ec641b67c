// Small text helpers of the editing UI.
import type { TopologyError } from '../../sim';

/** A value as a user reads it in a message: strings quoted, long ones cut. */
export function short(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A refusal as a sentence: what it is about in words (the core's subject: "the CIDR of subnet
 * subnet1"; a path only where the core gave no words), the value, and what is wrong with it.
 */
export function errorSentence(e: TopologyError, about = true): string {
  const value = e.value === undefined ? '' : `${short(e.value)} `;
  if (!about || e.path === '(edit)') return `${value}${e.message}`;
  return `${e.subject ?? e.path}: ${value}${e.message}`;
}
