// Small text helpers of the editing UI.

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
