/**
 * The search page's state, kept entirely in the URL so links are shareable and the back button works:
 * `/search?q=…&category=<slug>&brand=<id>&brand=<id>&price=<min>-<max>&rating=<n>&inStock=1&discount=<n>&sort=<sort>`.
 * Prices are integer minor units (GBP); `price=5000-` is open-ended. Unknown or malformed values are dropped.
 */
import type { ProductSearchFilter, ProductSearchSort } from '@/gql/graphql';

export type SearchParams = Record<string, string | string[] | undefined>;

export const SEARCH_SORTS = ['RELEVANCE', 'NEWEST', 'PRICE_ASC', 'PRICE_DESC', 'RATING', 'DISCOUNT'] as const satisfies readonly ProductSearchSort[];

export const SEARCH_SORT_LABELS: Record<ProductSearchSort, string> = {
  RELEVANCE: 'Best match',
  NEWEST: 'Newest',
  PRICE_ASC: 'Price: low to high',
  PRICE_DESC: 'Price: high to low',
  RATING: 'Best rated',
  DISCOUNT: 'Biggest discount',
};

/** The API's limits: query ≤ 200 characters, at most this many brands in a filter (a URL is no place for more). */
export const MAX_QUERY_LENGTH = 200;
export const MAX_BRANDS = 20;
/** Results per page (first paint and each "load more"). */
export const SEARCH_PAGE_SIZE = 24;

export interface SearchState {
  q: string;
  category: string | null;
  brands: string[];
  price: { min: number | null; max: number | null } | null;
  rating: number | null;
  inStock: boolean;
  discount: number | null;
  sort: ProductSearchSort;
}

export const EMPTY_SEARCH: SearchState = { q: '', category: null, brands: [], price: null, rating: null, inStock: false, discount: null, sort: 'RELEVANCE' };

const SLUG = /^[a-z0-9][a-z0-9-]{0,254}$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function all(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function first(value: string | string[] | undefined): string | undefined {
  return all(value)[0];
}

function intIn(raw: string | undefined, min: number, max: number): number | null {
  if (!raw || !/^\d{1,12}$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** `1000-2500`, `5000-` or `-999` (minor units) → bounds; null when neither bound is a whole number or min > max. */
export function parsePrice(raw: string | undefined): SearchState['price'] {
  if (!raw) return null;
  const m = /^(\d{0,12})-(\d{0,12})$/.exec(raw.trim());
  if (!m) return null;
  const min = m[1] ? Number(m[1]) : null;
  const max = m[2] ? Number(m[2]) : null;
  if (min === null && max === null) return null;
  if (min !== null && max !== null && min > max) return null;
  return { min, max };
}

export function formatPriceParam(price: NonNullable<SearchState['price']>): string {
  return `${price.min ?? ''}-${price.max ?? ''}`;
}

/** Reads the search state from the query string. */
export function parseSearchParams(params: SearchParams): SearchState {
  const q = (first(params.q) ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
  const rawCategory = first(params.category)?.trim().toLowerCase();
  const brands = [...new Set(all(params.brand).map((b) => b.trim().toLowerCase()).filter((b) => ID.test(b)))].slice(0, MAX_BRANDS);
  const rawSort = first(params.sort)?.trim().toUpperCase().replace(/-/g, '_');
  return {
    q,
    category: rawCategory && SLUG.test(rawCategory) ? rawCategory : null,
    brands,
    price: parsePrice(first(params.price)),
    rating: intIn(first(params.rating), 1, 5),
    inStock: ['1', 'true', 'yes'].includes(first(params.inStock)?.trim().toLowerCase() ?? ''),
    discount: intIn(first(params.discount), 1, 99),
    sort: SEARCH_SORTS.find((s) => s === rawSort) ?? 'RELEVANCE',
  };
}

/** The URL of a search state; defaults are left out, parameters keep a stable order (one URL per state). */
export function searchHref(state: Partial<SearchState>): string {
  const s = { ...EMPTY_SEARCH, ...state };
  const query = new URLSearchParams();
  if (s.q) query.set('q', s.q);
  if (s.category) query.set('category', s.category);
  for (const brand of [...s.brands].sort()) query.append('brand', brand);
  if (s.price) query.set('price', formatPriceParam(s.price));
  if (s.rating !== null) query.set('rating', String(s.rating));
  if (s.inStock) query.set('inStock', '1');
  if (s.discount !== null) query.set('discount', String(s.discount));
  if (s.sort !== 'RELEVANCE') query.set('sort', s.sort.toLowerCase().replace(/_/g, '-'));
  const text = query.toString();
  return text ? `/search?${text}` : '/search';
}

/** The API filter of a state (the category is not part of it: it selects `category(slug) { products }`). */
export function searchFilter(state: SearchState): ProductSearchFilter | null {
  const filter: ProductSearchFilter = {};
  if (state.brands.length > 0) filter.brandIds = state.brands;
  if (state.price) filter.price = { ...(state.price.min !== null ? { min: state.price.min } : {}), ...(state.price.max !== null ? { max: state.price.max } : {}) };
  if (state.rating !== null) filter.minRating = state.rating;
  if (state.inStock) filter.inStockOnly = true;
  if (state.discount !== null) filter.minDiscountPercent = state.discount;
  return Object.keys(filter).length > 0 ? filter : null;
}

/** True when anything narrows the results (a query, a category or a filter). */
export function isFiltered(state: SearchState): boolean {
  return state.category !== null || searchFilter(state) !== null;
}

/** The state with one brand switched on or off. */
export function toggleBrand(state: SearchState, brandId: string): SearchState {
  const id = brandId.toLowerCase();
  return { ...state, brands: state.brands.includes(id) ? state.brands.filter((b) => b !== id) : [...state.brands, id] };
}
