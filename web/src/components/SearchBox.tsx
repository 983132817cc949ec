'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import type { SuggestResponse } from '@/app/api/suggest/route';

/** Wait this long after the last keystroke before asking for suggestions. */
const DEBOUNCE_MS = 180;

type Option = { id: string; href: string; label: string; detail: string | null; kind: 'query' | 'product' };

function toOptions(base: string, data: SuggestResponse): Option[] {
  return [
    ...data.queries.map((q, i) => ({ id: `${base}-q${i}`, href: `/search?${new URLSearchParams({ q: q.text })}`, label: q.text, detail: `${q.count.toLocaleString('en-GB')} products`, kind: 'query' as const })),
    ...data.products.map((p, i) => ({ id: `${base}-p${i}`, href: `/products/${encodeURIComponent(p.slug)}`, label: p.title, detail: [p.brand, p.price].filter(Boolean).join(' · ') || null, kind: 'product' as const })),
  ];
}

/**
 * The header search box: a GET form to /search (works without JavaScript) enhanced into an ARIA 1.2 combobox with
 * debounced, typo-tolerant suggestions (queries with counts, then products). Arrow keys move through the
 * suggestions, Enter opens the highlighted one (or searches for the text), Escape closes the list.
 */
export function SearchBox({ initialQuery = '' }: { initialQuery?: string }) {
  const router = useRouter();
  const base = useId();
  const listId = `${base}-list`;
  const [value, setValue] = useState(initialQuery);
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const request = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => setValue(initialQuery), [initialQuery]);
  useEffect(() => () => {
    request.current?.abort();
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const fetchSuggestions = (text: string) => {
    if (timer.current) clearTimeout(timer.current);
    request.current?.abort();
    if (text.trim().length < 2) {
      setOptions([]);
      setOpen(false);
      return;
    }
    timer.current = setTimeout(async () => {
      const controller = new AbortController();
      request.current = controller;
      try {
        const res = await fetch(`/api/suggest?${new URLSearchParams({ q: text })}`, { signal: controller.signal });
        if (!res.ok) throw new Error(String(res.status));
        const next = toOptions(base, (await res.json()) as SuggestResponse);
        setOptions(next);
        setActive(-1);
        setOpen(next.length > 0);
        setStatus(next.length === 0 ? 'No suggestions.' : `${next.length} suggestions. Use the up and down arrows to choose.`);
      } catch (err) {
        if ((err as Error).name !== 'AbortError') {
          setOptions([]);
          setOpen(false);
        }
      }
    }, DEBOUNCE_MS);
  };

  const go = (option: Option) => {
    setOpen(false);
    if (option.kind === 'query') setValue(option.label);
    router.push(option.href);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const n = options.length;
      // Open: cycle through the options and back to the text field (-1). Closed: open at the first or last option.
      setActive((i) => (open ? ((i + 1 + step + n + 1) % (n + 1)) - 1 : step > 0 ? 0 : n - 1));
      setOpen(true);
    } else if (event.key === 'Enter') {
      const option = open && active >= 0 && active < options.length ? options[active] : undefined;
      if (option) {
        event.preventDefault();
        go(option);
      } else setOpen(false);
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else setValue('');
    }
  };

  const activeOption = open && active >= 0 ? options[active] : undefined;

  return (
    <form role="search" action="/search" method="get" className="search-box" onSubmit={() => setOpen(false)}>
      <label htmlFor={`${base}-input`} className="visually-hidden">
        Search products
      </label>
      <input
        id={`${base}-input`}
        name="q"
        type="search"
        value={value}
        placeholder="Search products"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeOption?.id}
        onChange={(e) => {
          setValue(e.target.value);
          fetchSuggestions(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => options.length > 0 && value.trim().length >= 2 && setOpen(true)}
      />
      <button type="submit" className="search-box__button">
        Search
      </button>
      <ul id={listId} role="listbox" aria-label="Suggestions" className="search-box__list" hidden={!open}>
        {options.map((option, i) => (
          <li
            key={option.id}
            id={option.id}
            role="option"
            aria-selected={i === active}
            className={`search-box__option search-box__option--${option.kind}`}
            // mousedown, not click: the input keeps focus, so its blur does not close the list first.
            onMouseDown={(e) => {
              e.preventDefault();
              go(option);
            }}
            onMouseMove={() => setActive(i)}
          >
            <span className="search-box__label">
              {option.kind === 'query' && <span className="visually-hidden">Search for </span>}
              {option.label}
            </span>
            {option.detail && <span className="search-box__detail">{option.detail}</span>}
          </li>
        ))}
      </ul>
      <span role="status" className="visually-hidden">
        {open ? status : ''}
      </span>
    </form>
  );
}
