// A cloud's JSON, the same text as JSON.stringify gives, made from the texts of its items. An edit
// shares every item it leaves alone with the cloud before it (the draft is copy-on-write, and the
// worker's patch keeps unchanged items), and clouds are never changed in place: so an item's text, once
// made, is reused by every later cloud that holds the same item. Saving a cloud of 2,000 VMs after an
// edit then writes out only what the edit made, not the 5 MB of it all (docs/architecture.md, "Storage").

/** The text of each item of a cloud's lists, by the item itself. */
let itemText = new WeakMap<object, string>();

function textOfItem(x: unknown): string {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return JSON.stringify(x) ?? 'null';
  let t = itemText.get(x);
  if (t === undefined) {
    t = JSON.stringify(x) ?? 'null';
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

/** JSON.stringify(doc), reusing the text of every list item already written for an earlier cloud. */
export function sharedJson(doc: object): string {
  if (Array.isArray(doc) || typeof (doc as { toJSON?: unknown }).toJSON === 'function')
    return JSON.stringify(doc);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const text = Array.isArray(value) ? textOfList(value) : JSON.stringify(value);
    // undefined, a function or a symbol: JSON.stringify leaves the key out
    if (text === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/** Forgets every item's text (a new start of the app; the tests' fresh page). */
export function forgetItemTexts(): void {
  itemText = new WeakMap();
}
