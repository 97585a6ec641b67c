// A cloud's JSON, JSON.stringify's text (its characters past Latin-1 escaped), made from the texts of
// its items. An edit shares every item it leaves alone with the cloud before it (the draft is
// copy-on-write, and the worker's patch keeps unchanged items), and clouds are never changed in place:
// so an item's text, once made, is reused by every later cloud that holds the same item. Saving a cloud of 2,000 VMs after an
// edit then writes out only what the edit made, not the 1.8 MB of it all (docs/architecture.md, "Storage").

/**
 * JSON.stringify's text with every character past Latin-1 written as a \u escape: the same value once
 * parsed. Chromium keeps a localStorage value whose characters are all Latin-1 at a byte each, and any
 * other character makes it keep the whole value at two: L's saved cloud, 1.8 M characters, took 11 ms
 * to write, and 24 ms with one curly quote in it.
 */
export function latin1Json(value: unknown): string | undefined {
  const t = JSON.stringify(value);
  return t === undefined || !WIDE.test(t) ? t : t.replace(WIDE_ALL, escapeWide);
}

// a character past Latin-1: U+0100 and up
const WIDE = /[\u0100-\uffff]/;
const WIDE_ALL = /[\u0100-\uffff]/g;
const escapeWide = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The text of each item of a cloud's lists, by the item itself. */
let itemText = new WeakMap<object, string>();

function textOfItem(x: unknown): string {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return latin1Json(x) ?? 'null';
  let t = itemText.get(x);
  if (t === undefined) {
    t = latin1Json(x) ?? 'null';
    itemText.set(x, t);
  }
  return t;
}

function textOfList(list: readonly unknown[]): string {
  const parts = new Array<string>(list.length);
  // a for loop, not map: a hole in the list is written as null, as JSON.stringify writes it
  for (let i = 0; i < list.length; i++) parts[i] = textOfItem(list[i]);
  return `[${parts.join(',')}]`;
}

/**
 * latin1Json(doc): JSON.stringify's value, its wide characters escaped, reusing the text of every list
 * item already written for an earlier cloud.
 */
export function sharedJson(doc: object): string {
  if (Array.isArray(doc) || typeof (doc as { toJSON?: unknown }).toJSON === 'function')
    return latin1Json(doc)!;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const text = Array.isArray(value) ? textOfList(value) : latin1Json(value);
    // undefined, a function or a symbol: JSON.stringify leaves the key out
    if (text === undefined) continue;
    parts.push(`${latin1Json(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/** Forgets every item's text (a new start of the app; the tests' fresh page). */
export function forgetItemTexts(): void {
  itemText = new WeakMap();
}
