/**
 * The deals page's state in the URL: `/deals?q=…&category=Home&price=<min>-<max>&discount=<n>&merchant=<id>…&ending=<hours>&sort=<sort>&after=<cursor>`.
 * Prices are integer minor units; unknown or malformed values are dropped.
 */
import type { DealFilter, DealSort } from '@/gql/graphql';
import { formatPriceParam, parsePrice, type SearchParams } from './search-state';

export const DEAL_SORTS = ['RELEVANCE', 'DISCOUNT', 'ENDING_SOON', 'NEWEST', 'POPULARITY', 'PRICE'] as const satisfies readonly DealSort[];

export const DEAL_SORT_LABELS: Record<DealSort, string> = {
  RELEVANCE: 'Most trusted',
  DISCOUNT: 'Biggest discount',
  ENDING_SOON: 'Ending soon',
  NEWEST: 'Newest',
  POPULARITY: 'Most popular',
  PRICE: 'Lowest price',
};

/** "Ending soon" choices, in hours (the API allows 1–8,760). */
export const ENDING_CHOICES = [
  { hours: 24, label: 'Within 24 hours' },
  { hours: 72, label: 'Within 3 days' },
  { hours: 168, label: 'Within a week' },
] as const;

/** Minimum-discount choices, in percent. */
export const DISCOUNT_CHOICES = [10, 25, 50] as const;

export interface DealsState {
  q: string;
  category: string | null;
  price: { min: number | null; max: number | null } | null;
  discount: number | null;
  merchants: string[];
  ending: number | null;
  sort: DealSort;
  after: string | null;
}

export const EMPTY_DEALS: DealsState = { q: '', category: null, price: null, discount: null, merchants: [], ending: null, sort: 'RELEVANCE', after: null };

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const one = (v: string | string[] | undefined) => list(v)[0];

function intIn(raw: string | undefined, min: number, max: number): number | null {
  if (!raw || !/^\d{1,6}$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  return n >= min && n <= max ? n : null;
}

export function parseDealsParams(params: SearchParams): DealsState {
  const category = one(params.category)?.replace(/\s+/g, ' ').trim().slice(0, 200) || null;
  const merchants = [...new Set(list(params.merchant).map((m) => m.trim()).filter((m) => /^[A-Za-z0-9_-]{1,100}$/.test(m)))].slice(0, 50);
  const rawSort = one(params.sort)?.trim().toUpperCase().replace(/-/g, '_');
  const after = one(params.after);
  return {
    q: (one(params.q) ?? '').replace(/\s+/g, ' ').trim().slice(0, 200),
    category,
    price: parsePrice(one(params.price)),
    discount: intIn(one(params.discount), 1, 99),
    merchants,
    ending: intIn(one(params.ending), 1, 8760),
    sort: DEAL_SORTS.find((s) => s === rawSort) ?? 'RELEVANCE',
    after: after && after.length <= 512 ? after : null,
  };
}

export function dealsHref(state: Partial<DealsState>): string {
  const s = { ...EMPTY_DEALS, ...state };
  const query = new URLSearchParams();
  if (s.q) query.set('q', s.q);
  if (s.category) query.set('category', s.category);
  if (s.price) query.set('price', formatPriceParam(s.price));
  if (s.discount !== null) query.set('discount', String(s.discount));
  for (const m of [...s.merchants].sort()) query.append('merchant', m);
  if (s.ending !== null) query.set('ending', String(s.ending));
  if (s.sort !== 'RELEVANCE') query.set('sort', s.sort.toLowerCase().replace(/_/g, '-'));
  if (s.after) query.set('after', s.after);
  const text = query.toString();
  return text ? `/deals?${text}` : '/deals';
}

export function dealFilter(state: DealsState): DealFilter | null {
  const filter: DealFilter = {};
  if (state.q) filter.query = state.q;
  if (state.category) filter.category = state.category;
  if (state.price) filter.priceRange = { ...(state.price.min !== null ? { min: state.price.min } : {}), ...(state.price.max !== null ? { max: state.price.max } : {}) };
  if (state.discount !== null) filter.minDiscount = state.discount;
  if (state.merchants.length > 0) filter.merchants = state.merchants;
  if (state.ending !== null) filter.expiringWithin = state.ending;
  return Object.keys(filter).length > 0 ? filter : null;
}
