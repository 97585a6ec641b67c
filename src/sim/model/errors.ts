// Errors found in a topology: each names where (a path into the file), the offending value, and what is
// wrong, so that a user can find and fix it.
export interface TopologyError {
  /** e.g. subnets[1].cidr */
  path: string;
  value: unknown;
  message: string;
  /**
   * What the path points at, in words ("the CIDR of subnet subnet1", "router router2's interface on
   * subnet subnet1"), for messages a user reads where the file's paths mean nothing (the editor).
   */
  subject?: string;
}

export type PathPart = string | number;

export function pathText(parts: readonly PathPart[]): string {
  let s = '';
  for (const p of parts) {
    if (typeof p === 'number') s += `[${p}]`;
    // Neutron's extension fields (provider:network_type, binding:host_id) read as plain keys, so that a
    // path is spelled the same whether the schema or a later check found the problem.
    else if (/^[A-Za-z_][A-Za-z0-9_:]*$/.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s || '(file)';
}

function shortValue(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export function formatError(e: TopologyError): string {
  // A missing field has no value to show ("cidr: is missing", not "cidr: nothing is missing").
  if (e.value === undefined) return `${e.path}: ${e.message}`;
  return `${e.path}: ${shortValue(e.value)} ${e.message}`;
}

/** Collects errors while a check runs. */
export class ErrorList {
  readonly items: TopologyError[] = [];
  /** references (ids and names) of resources refused with an error already, by kind */
  private readonly refused = new Map<string, Set<string>>();
  add(path: string | readonly PathPart[], value: unknown, message: string): void {
    this.items.push({ path: typeof path === 'string' ? path : pathText(path), value, message });
  }
  /**
   * Notes a resource that was refused (a subnet with a bad CIDR): what refers to it says nothing more,
   * so that one root cause gives one message, not one more for every port on it.
   */
  refuse(kind: string, ...refs: (string | undefined)[]): void {
    const set = this.refused.get(kind) ?? new Set<string>();
    this.refused.set(kind, set);
    for (const r of refs) if (r) set.add(r);
  }
  isRefused(kind: string, ref: string): boolean {
    return this.refused.get(kind)?.has(ref) ?? false;
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
}
