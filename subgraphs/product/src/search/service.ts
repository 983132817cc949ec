import { createHash } from 'node:crypto';
import { badInput, decodeCursor, encodeCursor, isUuid, pageSize, type Identity } from '@emporium/kit';
import type { ProductModel } from '../models.ts';
import type { ProductRuntime } from '../runtime.ts';
import { searchReader, type SearchReader } from './cache.ts';
import { toMarkedHtml } from './highlight.ts';
import { SEARCH_CURRENCY } from './projection.ts';
import { DID_YOU_MEAN_BELOW, runSearch, sortSpec, type Facets, type Position, type SearchFilter, type SearchSort } from './search.ts';
import { buildTsQueries, MAX_QUERY_LENGTH, MAX_QUERY_WORDS, MIN_CORRECTABLE_LENGTH, normalizeText, wordsOf, type QueryWord } from './text.ts';
import { chooseCorrections, chooseSplits, lookupWords, type ScoredCorrection } from './vocabulary.ts';

/** Most ids one category or brand filter accepts. */
export const MAX_FILTER_IDS = 50;

/** The filter argument as GraphQL delivers it. */
export interface FilterArg {
  categoryIds?: readonly string[] | null;
  brandIds?: readonly string[] | null;
  price?: { min?: number | null; max?: number | null; currency?: string | null } | null;
  minRating?: number | null;
  inStockOnly?: boolean | null;
  minDiscountPercent?: number | null;
}

/** The arguments of `searchProducts` (and of `Category.products`, without `query`). */
export interface SearchArgs {
  query?: string | null;
  filter?: FilterArg | null;
  sort?: SearchSort | null;
  first?: number | null;
  after?: string | null;
}

export interface SearchEdge {
  cursor: string;
  node: ProductModel;
  score: number | null;
  highlights: { title: string; description: string | null };
}

/** What the resolvers return for a search connection. */
export interface SearchConnection {
  edges: SearchEdge[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
  isExact: boolean;
  facets: Facets | null;
  didYouMean: string | null;
}

function ids(list: readonly string[] | null | undefined, arg: string): string[] {
  if (!list) return [];
  if (list.length > MAX_FILTER_IDS) throw badInput(`${arg} accepts at most ${MAX_FILTER_IDS} ids, got ${list.length}.`, arg);
  return [
    ...new Set(
      list.map((id, i) => {
        if (!isUuid(id)) throw badInput(`${arg}[${i}] is not a valid id: "${id}".`, `${arg}.${i}`);
        return id.toLowerCase();
      }),
    ),
  ].sort();
}

/**
 * Checks the filter argument. Prices are minor units of the filter's currency, default the shopper's profile currency,
 * else GBP; only GBP is offered for now (the projection holds GBP prices), so any other currency is refused naming it.
 */
export function parseFilter(f: FilterArg | null | undefined, identity: Identity): SearchFilter {
  const filter: SearchFilter = {
    categoryIds: ids(f?.categoryIds, 'filter.categoryIds'),
    brandIds: ids(f?.brandIds, 'filter.brandIds'),
    priceMin: null,
    priceMax: null,
    minRating: null,
    inStockOnly: f?.inStockOnly === true,
    minDiscountPercent: null,
  };
  if (f?.price) {
    const { min, max } = f.price;
    const currency = (f.price.currency ?? identity.user?.currency ?? SEARCH_CURRENCY).trim().toUpperCase();
    if (currency !== SEARCH_CURRENCY) {
      throw badInput(`Price filters are offered in ${SEARCH_CURRENCY} only for now, got ${currency}.`, 'filter.price.currency');
    }
    if (min != null && min < 0) throw badInput(`filter.price.min must not be negative, got ${min}.`, 'filter.price.min');
    if (max != null && max < 0) throw badInput(`filter.price.max must not be negative, got ${max}.`, 'filter.price.max');
    if (min != null && max != null && min > max) throw badInput(`filter.price.min (${min}) is above filter.price.max (${max}).`, 'filter.price');
    filter.priceMin = min ?? null;
    filter.priceMax = max ?? null;
  }
  if (f?.minRating != null) {
    if (!Number.isInteger(f.minRating) || f.minRating < 1 || f.minRating > 5) {
      throw badInput(`filter.minRating must be a whole number of stars from 1 to 5, got ${f.minRating}.`, 'filter.minRating');
    }
    filter.minRating = f.minRating;
  }
  if (f?.minDiscountPercent != null) {
    if (!Number.isInteger(f.minDiscountPercent) || f.minDiscountPercent < 0 || f.minDiscountPercent > 100) {
      throw badInput(`filter.minDiscountPercent must be between 0 and 100, got ${f.minDiscountPercent}.`, 'filter.minDiscountPercent');
    }
    filter.minDiscountPercent = f.minDiscountPercent;
  }
  return filter;
}

/** The parsed query: normalized text, its words (at most MAX_QUERY_WORDS) and whether the last is still being typed. */
export function parseQuery(query: string | null | undefined): { normalized: string; words: string[]; lastIsPrefix: boolean } {
  const raw = query ?? '';
  if (raw.length > MAX_QUERY_LENGTH) throw badInput(`query must be at most ${MAX_QUERY_LENGTH} characters, got ${raw.length}.`, 'query');
  const normalized = normalizeText(raw.trim());
  return { normalized, words: wordsOf(normalized).slice(0, MAX_QUERY_WORDS), lastIsPrefix: raw.length > 0 && !/[\s\p{P}]$/u.test(raw) };
}

/** Replaces the i-th word of `normalized` by `replacement(i)` when it gives one, keeping everything between words. */
export function replaceWords(normalized: string, replacement: (i: number, word: string) => string | undefined): string {
  let i = 0;
  return normalized.replace(/[\p{L}\p{N}]+/gu, (w) => replacement(i++, w) ?? w);
}

/** Words of the query with their corrections (one vocabulary statement when any word could need one). */
export async function resolveWords(
  rt: ProductRuntime,
  words: string[],
  lastIsPrefix: boolean,
  reader: SearchReader,
): Promise<{ words: QueryWord[]; scored: ScoredCorrection[][] }> {
  const needsLookup = words.some((w) => w.length >= MIN_CORRECTABLE_LENGTH);
  const lookups = needsLookup ? await lookupWords(reader, words, lastIsPrefix) : [];
  const scored = words.map((w, i) => {
    const lookup = lookups[i];
    return lookup ? chooseCorrections(lookup, lastIsPrefix && i === words.length - 1) : [];
  });
  return {
    words: words.map((word, i) => {
      const lookup = lookups[i];
      const splits = lookup ? chooseSplits(lookup) : [];
      const joined = lookup?.joined && i + 1 < words.length ? [lookup.joined.term] : [];
      return {
        word,
        prefix: lastIsPrefix && i === words.length - 1,
        corrections: scored[i]!.map((c) => c.term),
        ...(lookup?.expansions ? { expansions: lookup.expansions } : {}),
        ...(splits.length > 0 ? { splits } : {}),
        ...(joined.length > 0 ? { joined } : {}),
      };
    }),
    scored,
  };
}

/**
 * The query in its best spelling, for "did you mean": per word, a correction (`pick`), else — for an unknown word — its
 * split ("lunchbag" → "lunch bag"); two words whose joined spelling is a word the catalog has while they are not found
 * together are joined ("door mat" → "doormat"): `joinPairs` says which pairs to join.
 */
export function respell(normalized: string, words: readonly QueryWord[], pick: (i: number) => string | undefined, joinPairs: ReadonlySet<number>): string {
  const out = replaceWords(normalized, (i, w) => {
    if (joinPairs.has(i)) return words[i]!.joined![0]!;
    if (joinPairs.has(i - 1)) return '';
    return pick(i) ?? (words[i]?.splits?.[0]?.join(' ') ?? w);
  });
  return out.replace(/\s+/g, ' ').trim();
}

function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

function parseAfter(after: string | null | undefined, sort: SearchSort, hasQuery: boolean, fp: string): Position | null {
  if (after == null) return null;
  const spec = sortSpec(sort, hasQuery);
  const values = decodeCursor(after, spec.keys.length + 3);
  const [cursorSort, cursorFp] = values;
  const id = values.at(-1);
  const keys = values.slice(2, -1);
  if (cursorSort !== sort) throw badInput(`after is a cursor of the ${String(cursorSort)} order, not ${sort}.`, 'after');
  if (cursorFp !== fp) throw badInput('after is a cursor of a different query or filter; start again without after.', 'after');
  if (!isUuid(id)) throw badInput('after is not a valid cursor.', 'after');
  spec.keys.forEach((k, i) => {
    const v = keys[i];
    const ok =
      k.cast === 'timestamptz'
        ? typeof v === 'string' && !Number.isNaN(Date.parse(v))
        : k.cast === 'numeric'
          ? typeof v === 'number' && Number.isFinite(v)
          : typeof v === 'number' && Number.isSafeInteger(v);
    if (!ok) throw badInput('after is not a valid cursor.', 'after');
  });
  return { keys, id };
}

/**
 * One search: parse and check the arguments, read the search cache's generation (1 statement, see cache.ts; none with
 * the cache off), correct unknown words against the vocabulary (0 or 1 statement), run the search (1 statement) — both
 * answered from the cache when the same statement ran at the same generation — and shape the connection. `categoryId` limits everything, facets included, to that category
 * and its descendants (Category.products); `filter.categoryIds` then narrows further.
 */
export async function searchCatalog(
  rt: ProductRuntime,
  identity: Identity,
  args: SearchArgs,
  opts: { facets: boolean; categoryId?: string },
): Promise<SearchConnection> {
  const parsed = parseQuery(args.query);
  const filter = parseFilter(args.filter, identity);
  const limit = pageSize(args.first, 24);
  const sort: SearchSort = args.sort ?? 'RELEVANCE';
  const hasQuery = parsed.words.length > 0;
  const fp = fingerprint([parsed.words, parsed.lastIsPrefix, filter, opts.categoryId ?? null]);
  const after = parseAfter(args.after, sort, hasQuery, fp);

  const reader = await searchReader(rt.db.db);
  const { words, scored } = hasQuery ? await resolveWords(rt, parsed.words, parsed.lastIsPrefix, reader) : { words: [], scored: [] };
  const corrected = words.some((w) => w.corrections.length > 0 || (w.splits?.length ?? 0) > 0 || (w.joined?.length ?? 0) > 0);
  const page = await runSearch(reader, {
    queries: buildTsQueries(words),
    prefixText: hasQuery ? parsed.words.join(' ') : null,
    correctedText: hasQuery ? replaceWords(parsed.normalized, (i) => words[i]?.corrections[0]) : null,
    words: words.length,
    countOriginal: corrected,
    filter,
    sort,
    limit,
    after,
    scopeCategoryId: opts.categoryId ?? null,
    facets: opts.facets,
  });

  let didYouMean: string | null = null;
  if (corrected && (page.originalCount ?? 0) < DID_YOU_MEAN_BELOW) {
    // Prefer, per word, the correction the best hits actually contain ("lite" → "light" in "… T-Light Holder").
    const hitWords = new Set(page.hits.slice(0, 5).flatMap((h) => wordsOf(normalizeText(h.product.title))));
    // A joined spelling is offered when the best hits have it ("door mat" → "doormat").
    const joinPairs = new Set<number>();
    for (let i = 0; i + 1 < words.length; i++) if (words[i]!.joined?.some((j) => hitWords.has(j))) joinPairs.add(i++);
    const suggestion = respell(parsed.normalized, words, (i) => {
      const options = scored[i] ?? [];
      const split = words[i]?.splits?.find((parts) => parts.every((p) => hitWords.has(p)));
      return options.find((c) => hitWords.has(c.term))?.term ?? split?.join(' ') ?? options[0]?.term;
    }, joinPairs);
    if (suggestion !== parsed.normalized.replace(/\s+/g, ' ')) didYouMean = suggestion;
  }

  const edges = page.hits.map((h) => ({
    cursor: encodeCursor([sort, fp, ...h.keys, h.product.id]),
    node: h.product,
    score: h.score,
    highlights: { title: toMarkedHtml(h.titleHeadline), description: h.descriptionHeadline === null ? null : toMarkedHtml(h.descriptionHeadline) },
  }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: page.totalCount,
    isExact: page.isExact,
    facets: page.facets,
    didYouMean,
  };
}
