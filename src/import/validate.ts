// Each resource of each file checked against the fields the import reads (api-schemas.ts). A broken
// resource is an error naming the file, the path in it and the value found; the import stops there,
// since a cloud with holes in it would mislead more than no cloud.
import { API_SCHEMAS } from './api-schemas';
import type { ImportError, ReadFile, ResourceKind } from './files';

export interface Sourced<T> {
  readonly item: T;
  readonly file: string;
  /** e.g. ports[3] */
  readonly path: string;
}

const MAX_ERRORS = 50;

/** The openstack client's words for each resource. */
const LIST_COMMAND: Record<ResourceKind, string> = {
  networks: 'network',
  subnets: 'subnet',
  ports: 'port',
  routers: 'router',
  floatingips: 'floating ip',
  security_groups: 'security group',
  agents: 'network agent',
  servers: 'server',
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key as string];
  }
  return cur;
}

function pathText(base: string, parts: readonly PropertyKey[]): string {
  let s = base === '(file)' ? '' : base;
  for (const p of parts) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_][A-Za-z0-9_:-]*$/.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s || '(file)';
}

export function validateFile<K extends ResourceKind>(
  f: ReadFile & { kind: K },
  errors: ImportError[],
): Sourced<ReturnType<(typeof API_SCHEMAS)[K]['parse']>>[] {
  const schema = API_SCHEMAS[f.kind];
  const out: Sourced<ReturnType<(typeof API_SCHEMAS)[K]['parse']>>[] = [];
  for (let i = 0; i < f.items.length; i++) {
    const raw = f.items[i];
    const r = schema.safeParse(raw);
    if (r.success) {
      out.push({
        item: r.data as ReturnType<(typeof API_SCHEMAS)[K]['parse']>,
        file: f.file,
        path: f.pathOf(i),
      });
      continue;
    }
    for (const issue of r.error.issues.slice(0, 5)) {
      if (errors.length >= MAX_ERRORS) return out;
      const value = valueAt(raw, issue.path);
      const idOf = raw && typeof raw.id === 'string' ? ` (id ${raw.id})` : '';
      errors.push({
        file: f.file,
        path: `${pathText(f.pathOf(i), issue.path)}${idOf}`,
        value,
        message:
          value === undefined
            ? f.fromList
              ? `is missing: \`openstack ${LIST_COMMAND[f.kind]} list -f json\` does not print it; capture with \`openstack ${LIST_COMMAND[f.kind]} show <id> -f json\` (public/capture/neutron-capture.sh)`
              : 'is missing (the API always gives it)'
            : `is not accepted: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`,
      });
    }
  }
  return out;
}
