/**
 * The product listing's URL state: `/?sort=newest&after=<cursor>`. The sort is one of the catalogue orders of
 * `products(sort:)`; FEATURED is the default and is left out of URLs. The cursor is the gateway's opaque `endCursor`
 * (it only continues the order it came from, so changing the order drops it).
 */

export const LISTING_SORTS = ['FEATURED', 'NEWEST'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

export const SORT_LABELS: Record<ListingSort, string> = { FEATURED: 'Featured', NEWEST: 'Newest' };

/** Opaque pagination cursors are short; anything longer is not one of ours. */
export const MAX_CURSOR_LENGTH = 512;

export type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export interface ListingState {
  sort: ListingSort;
  after: string | null;
}

/** Reads the listing state from the query string; unknown sorts fall back to FEATURED, oversized cursors are dropped. */
export function parseListingParams(params: SearchParams): ListingState {
  const rawSort = first(params.sort)?.trim().toUpperCase();
  const sort = LISTING_SORTS.find((s) => s === rawSort) ?? 'FEATURED';
  const rawAfter = first(params.after);
  const after = rawAfter && rawAfter.length <= MAX_CURSOR_LENGTH ? rawAfter : null;
  return { sort, after };
}

/** The URL of a listing state (`/`, `/?sort=newest`, `/?sort=newest&after=…`). */
export function listingHref(state: { sort: ListingSort; after?: string | null }): string {
  const query = new URLSearchParams();
  if (state.sort !== 'FEATURED') query.set('sort', state.sort.toLowerCase());
  if (state.after) query.set('after', state.after);
  const text = query.toString();
  return text ? `/?${text}` : '/';
}
