// Search in the top bar: type a VM's name, an IP, a MAC, a port id or a device name; the hits list
// under it, and picking one (Enter takes the first) selects it, opens its host and centres it.
// The index is built the first time the box is used, and again only when the cloud changes.
import { useId, useMemo, useRef, useState } from 'react';
import type { SearchEntry, SearchHit } from '../../logic/search';
import { useApp } from '../../store/app-store';
import { revealEntry } from '../../store/reveal';

type SearchModule = typeof import('../../logic/search');

export function SearchBox() {
  const doc = useApp((s) => s.doc);
  const view = useApp((s) => s.view);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // the search code is loaded on first use: it is not needed to draw the first canvas
  const [mod, setMod] = useState<SearchModule | null>(null);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const index: SearchEntry[] | null = useMemo(
    () => (mod && doc && view ? mod.searchIndex(doc, view) : null),
    [mod, doc, view],
  );
  const hits: SearchHit[] = useMemo(
    () => (mod && index ? mod.searchFind(index, query) : []),
    [mod, index, query],
  );
  const load = () => {
    if (!mod) void import('../../logic/search').then(setMod);
  };
  const pick = (h: SearchHit | undefined) => {
    if (!h) return;
    revealEntry(h.entry);
    setOpen(false);
    input.current?.blur();
  };
  const shown = open && query.trim().length >= 2;
  return (
    <div className="search">
      <input
        ref={input}
        type="search"
        className="search__input"
        placeholder="Find a VM, IP, MAC, port…"
        aria-label="Search the cloud"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && hits[active] ? `${listId}-${active}` : undefined}
        value={query}
        onFocus={() => {
          load();
          setOpen(true);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          load();
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') pick(hits[active]);
          else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Escape') setOpen(false);
          else return;
          e.preventDefault();
        }}
      />
      {shown ? (
        <div className="search__hits" id={listId} role="listbox" aria-label="Found">
          {!index ? <div className="search__none">Indexing…</div> : null}
          {index && !hits.length ? <div className="search__none">Nothing found</div> : null}
          {hits.map((h, i) => (
            <div
              key={`${h.entry.select.kind}:${h.entry.device?.id ?? h.entry.host}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              tabIndex={-1}
              onClick={() => pick(h)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') pick(h);
              }}
            >
              <span className="search__label">{h.entry.label}</span>{' '}
              <span className="search__detail">{h.entry.detail}</span>
              {h.matched !== h.entry.label.toLowerCase() ? (
                <span className="search__matched">{h.matched}</span>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
