'use client';

import { useSearchParams } from 'next/navigation';
import { SearchBox } from './SearchBox';

/** The header search box, showing the current search's text on /search. */
export function HeaderSearch() {
  const q = useSearchParams().get('q') ?? '';
  return <SearchBox initialQuery={q} />;
}
