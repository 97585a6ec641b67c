// The files of a captured cloud: which API resource each one holds, read defensively. A file is named
// after its resource (ports.json) or says it by its top-level key, as the API answers ({"ports": [...]}).
// Its body is the API's list or show response, a bare array of resources, or what `openstack … show
// -f json` (one object) and `openstack … list -f json` (an array) print, whose keys are renamed to the
// API's here (osc-keys.ts).
import { isListRow, oscToApi } from './osc-keys';

export const RESOURCE_KINDS = [
  'networks',
  'subnets',
  'ports',
  'routers',
  'floatingips',
  'security_groups',
  'agents',
  'servers',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The API's singular key of a show response (GET /v2.0/ports/{id} answers {"port": {...}}). */
const SINGULAR: Record<ResourceKind, string> = {
  networks: 'network',
  subnets: 'subnet',
  ports: 'port',
  routers: 'router',
  floatingips: 'floatingip',
  security_groups: 'security_group',
  agents: 'agent',
  servers: 'server',
};

/** Largest file read, in characters: the ports of a 20,000-port cloud with every field take ~40 M. */
export const MAX_IMPORT_FILE_CHARS = 64_000_000;
/** Most resources of one kind in a file: five times the model's largest list (20,000 ports). */
const MAX_ITEMS = 100_000;
/** API bodies nest 6 deep (servers[].addresses.net[].addr); far deeper is no API response. */
const MAX_DEPTH = 32;

export interface InputFile {
  readonly name: string;
  readonly text: string;
}

/** A problem with the files themselves, naming the file, the place in it and the value found. */
export interface ImportError {
  readonly file: string;
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

export interface ReadFile {
  readonly file: string;
  readonly kind: ResourceKind;
  /** the resources, with their keys as the API names them */
  readonly items: readonly Record<string, unknown>[];
  /** the path of item i in the file as given (`ports[3]`, `[3]`, `(file)`) */
  readonly pathOf: (i: number) => string;
  /** the rows of `openstack … list -f json`, which print fewer fields than the API gives */
  readonly fromList: boolean;
}

const baseName = (name: string) => name.replace(/^.*[\\/]/, '');

function kindFromName(name: string): ResourceKind | null {
  const stem = baseName(name)
    .replace(/\.json$/i, '')
    .toLowerCase()
    .replace(/-/g, '_');
  if (stem === 'floating_ips') return 'floatingips';
  return (RESOURCE_KINDS as readonly string[]).includes(stem) ? (stem as ResourceKind) : null;
}

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

type Read = { ok: true; file: ReadFile } | { ok: false; error: ImportError } | { ok: 'skip' };

/** One file: its kind and its resources, or why it cannot be read. */
export function readFile(f: InputFile): Read {
  const file = baseName(f.name);
  const err = (path: string, value: unknown, message: string): Read => ({
    ok: false,
    error: { file, path, value, message },
  });
  if (typeof f.text !== 'string') return err('(file)', typeof f.text, 'is not text');
  if (f.text.length > MAX_IMPORT_FILE_CHARS)
    return err('(file)', `${f.text.length} characters`, `is too large (at most ${MAX_IMPORT_FILE_CHARS})`);
  if (!f.text.trim()) return err('(file)', '', 'is empty');
  const depth = nestingDepth(f.text);
  if (depth > MAX_DEPTH)
    return err(
      '(file)',
      `${depth} levels deep`,
      `is nested too deeply for an API response (at most ${MAX_DEPTH})`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(f.text);
  } catch (e) {
    return err('(file)', f.text.trimStart().slice(0, 30), `is not valid JSON (${(e as Error).message})`);
  }
  let kind = kindFromName(file);
  if (kind === null && isObject(raw))
    kind =
      RESOURCE_KINDS.find((k) => Array.isArray(raw[k]) || isObject(raw[SINGULAR[k]])) ??
      (Array.isArray(raw['security-groups']) ? 'security_groups' : null);
  if (kind === null) {
    // a file the capture did not write (a README, a note): said, not read
    if (!/\.json$/i.test(file)) return { ok: 'skip' };
    return err(
      '(file)',
      isObject(raw) ? Object.keys(raw).slice(0, 5) : raw,
      `is not a known resource: name the file ${RESOURCE_KINDS.map((k) => `${k}.json`).join(', ')}, or give it the API's top-level key ({"ports": [...]})`,
    );
  }
  const k = kind;
  let list: unknown;
  let prefix: string;
  if (Array.isArray(raw)) {
    list = raw;
    prefix = '';
  } else if (isObject(raw) && Array.isArray(raw[k])) {
    list = raw[k];
    prefix = k;
  } else if (isObject(raw) && k === 'security_groups' && Array.isArray(raw['security-groups'])) {
    list = raw['security-groups'];
    prefix = 'security-groups';
  } else if (isObject(raw) && isObject(raw[SINGULAR[k]])) {
    list = [raw[SINGULAR[k]]];
    prefix = SINGULAR[k];
  } else if (isObject(raw) && (typeof raw.id === 'string' || typeof raw.ID === 'string')) {
    // `openstack … show -f json`: the resource itself
    list = [raw];
    prefix = '(file)';
  } else
    return err(
      '(file)',
      isObject(raw) ? Object.keys(raw).slice(0, 5) : raw,
      `does not hold ${k}: expected {"${k}": [...]} as GET /${k === 'servers' ? 'servers/detail' : k} returns, or a JSON array of them`,
    );
  const items: Record<string, unknown>[] = [];
  let fromList = false;
  const arr = list as unknown[];
  if (arr.length > MAX_ITEMS)
    return err(prefix || '(file)', `${arr.length} ${k}`, `are too many (at most ${MAX_ITEMS} in one file)`);
  const pathOf = (i: number) =>
    prefix === '(file)' ? '(file)' : prefix === SINGULAR[k] ? prefix : `${prefix}[${i}]`;
  for (let i = 0; i < arr.length; i++) {
    const item = arr[i];
    if (!isObject(item)) return err(pathOf(i), item, `is not a ${SINGULAR[k]}: expected a JSON object`);
    fromList ||= isListRow(item);
    items.push(oscToApi(k, item));
  }
  return { ok: true, file: { file, kind: k, items, pathOf, fromList } };
}

export interface ReadResult {
  readonly files: ReadonlyMap<ResourceKind, ReadFile>;
  readonly errors: readonly ImportError[];
  /** files that are not JSON and were not read */
  readonly skipped: readonly string[];
}

/** All the files; a second file of the same kind is refused (which one would be the cloud?). */
export function readFiles(input: readonly InputFile[]): ReadResult {
  const files = new Map<ResourceKind, ReadFile>();
  const errors: ImportError[] = [];
  const skipped: string[] = [];
  for (const f of input) {
    const r = readFile(f);
    if (r.ok === 'skip') skipped.push(baseName(f.name));
    else if (!r.ok) errors.push(r.error);
    else if (files.has(r.file.kind))
      errors.push({
        file: r.file.file,
        path: '(file)',
        value: r.file.kind,
        message: `holds ${r.file.kind}, as ${files.get(r.file.kind)!.file} does: give one file for each resource`,
      });
    else files.set(r.file.kind, r.file);
  }
  return { files, errors, skipped };
}
