// Topology files and share links: reading them defensively before the core validates them, and
// writing them. A file or link that is refused leaves the current work untouched.
import LZString from 'lz-string';
import type { Topology, TopologyError } from '../sim';
import { useApp } from './app-store';

/** The core's MAX_TOPOLOGY_CHARS (src/sim/model/load.ts), repeated here to keep the core out of the main bundle. */
export const MAX_FILE_CHARS = 5_000_000;
/** Longest share link payload (characters after #cloud=). A larger cloud is shared as a file. */
export const MAX_SHARE_CHARS = 32_000;
export const SHARE_PREFIX = '#cloud=';

export type Parsed = { ok: true; raw: unknown } | { ok: false; errors: TopologyError[] };

const fail = (value: unknown, message: string): Parsed => ({
  ok: false,
  errors: [{ path: '(file)', value, message }],
});

/**
 * Deepest nesting of brackets a file may have. A topology needs 7 (outside[].hosts[].listening.tcp[]);
 * a far deeper one is no topology, and would overflow the stack of JSON.parse or of the structured
 * clone that carries it to the worker.
 */
export const MAX_DEPTH = 32;

/** How deep the brackets of JSON text nest, outside strings; counted without parsing. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return max;
}

/** JSON text to a value the core can validate; refuses what is too large or not JSON at all. */
export function parseTopologyText(text: string, maxChars = MAX_FILE_CHARS): Parsed {
  if (typeof text !== 'string') return fail(typeof text, 'is not text');
  if (text.length > maxChars)
    return fail(`${text.length} characters`, `is too large (at most ${maxChars.toLocaleString('en')})`);
  if (!text.trim()) return fail('', 'is empty');
  const depth = nestingDepth(text);
  if (depth > MAX_DEPTH)
    return fail(
      `${depth.toLocaleString('en')} levels deep`,
      `is nested too deeply to be a topology (at most ${MAX_DEPTH} levels of brackets; a topology needs 7)`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const head = text.trimStart().slice(0, 30);
    return fail(head, `is not valid JSON (${(e as Error).message}); is the file complete?`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return fail(
      raw === null ? null : Array.isArray(raw) ? '[…]' : raw,
      'is not a topology: expected a JSON object',
    );
  return { ok: true, raw };
}

/**
 * Opens a topology as the current work (one undoable step). Returns the errors when refused, in which
 * case nothing changed.
 */
export async function openTopologyText(text: string, label: string): Promise<TopologyError[] | null> {
  const p = parseTopologyText(text);
  if (!p.ok) return p.errors;
  return useApp.getState().applyTopology(p.raw, { label, anew: true });
}

/** Reads a file the user picked; a file far too large is refused before it is read. */
export async function readTopologyFile(file: Blob & { name?: string }): Promise<Parsed> {
  // UTF-8 takes at least one byte per character, so this bound never refuses a file the core accepts
  if (file.size > MAX_FILE_CHARS * 3)
    return fail(
      `${file.size.toLocaleString('en')} bytes`,
      `is too large (at most ${MAX_FILE_CHARS.toLocaleString('en')} characters)`,
    );
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return fail(file.name ?? 'file', `could not be read: ${(e as Error).message}`);
  }
  return parseTopologyText(text);
}

/** The topology as a file: the normalized form, which opens again to the same cloud. */
export function topologyFileText(t: Topology): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}

export function fileNameFor(t: Topology, ext: string): string {
  const slug = t.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'cloud'}.${ext}`;
}

export type ShareLink = { ok: true; hash: string } | { ok: false; message: string };

export function encodeShare(t: Topology): ShareLink {
  const packed = LZString.compressToEncodedURIComponent(JSON.stringify(t));
  if (packed.length > MAX_SHARE_CHARS)
    return {
      ok: false,
      message: `This cloud is too large for a link (${packed.length.toLocaleString('en')} characters; at most ${MAX_SHARE_CHARS.toLocaleString('en')}). Save it as a file and share the file instead.`,
    };
  return { ok: true, hash: `${SHARE_PREFIX}${packed}` };
}

/**
 * The topology in a share link's hash: null when the hash holds none, else the parsed value or why not.
 * A link of at most MAX_SHARE_CHARS can unpack to a few tens of millions of characters at worst (a
 * crafted, maximally repetitive payload); that is refused by size before it is parsed.
 */
export function decodeShare(hash: string, maxChars = MAX_FILE_CHARS): Parsed | null {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  const packed = hash.slice(SHARE_PREFIX.length);
  const link = (value: unknown, message: string): Parsed => ({
    ok: false,
    errors: [{ path: '(link)', value, message }],
  });
  if (packed.length > MAX_SHARE_CHARS)
    return link(`${packed.length} characters`, `is too long to be a share link (at most ${MAX_SHARE_CHARS})`);
  if (!/^[A-Za-z0-9+\-$]*$/.test(packed))
    return link(packed.slice(0, 30), 'holds characters a share link never has: was it cut or altered?');
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(packed);
  } catch {
    text = null;
  }
  if (!text)
    return link(packed.slice(0, 30), 'is damaged: it does not unpack (was it cut short when copied?)');
  const p = parseTopologyText(text, maxChars);
  if (!p.ok) return { ok: false, errors: p.errors.map((e) => ({ ...e, path: '(link)' })) };
  return p;
}

/** Saves text as a download. */
export function download(name: string, data: string | Blob, type = 'application/json'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
