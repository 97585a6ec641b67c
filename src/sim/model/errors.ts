// Errors found in a topology: each names where (a path into the file), the offending value, and what is
// wrong, so that a user can find and fix it.
export interface TopologyError {
  /** e.g. subnets[1].cidr */
  path: string;
  value: unknown;
  message: string;
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
  add(path: string | readonly PathPart[], value: unknown, message: string): void {
    this.items.push({ path: typeof path === 'string' ? path : pathText(path), value, message });
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
}
