import { sql, type SQL } from 'drizzle-orm';
import type { BrandModel, CategoryModel, ProductModel } from '../models.ts';
import type { SearchReader } from './cache.ts';
import { arrayParam } from './sql.ts';
import type { TsQueries } from './text.ts';

/**
 * totalCount is exact up to this many matches; beyond it `isExact` is false and totalCount is this cap. 1,000 (was
 * 10,000): at 1M SKUs counting 10,000 rows per request dominated the browse page (README "Caps at scale").
 */
export const COUNT_CAP = 1_000;
/** Facets are counted over at most this many matching products; beyond it `facets.isExact` is false. */
export const FACET_CAP = 1_000;
/**
 * With a query under RELEVANCE, ranking, totalCount and facets work on at most this many matches — the most popular
 * ones (popularity, then id) — so a broad query costs a bounded index scan instead of ranking every match (see README
 * "Caps at scale"). Beyond it `isExact` is false on both the count and the facets, and pages end at the cap.
 */
export const RANK_CAP = 1_000;
/** Brands listed in the brand facet (most products first). */
export const BRAND_FACET_LIMIT = 50;
/** Fewer strict hits than this for the query as typed, and a corrected spelling exists: offer "did you mean". */
export const DID_YOU_MEAN_BELOW = 3;
/** Price buckets of the price facet, in GBP pence: [from, to) pairs, the last open-ended. */
export const PRICE_BUCKETS: readonly (readonly [number, number | null])[] = [
  [0, 100],
  [100, 250],
  [250, 500],
  [500, 1000],
  [1000, 2500],
  [2500, 5000],
  [5000, null],
];
/** Rating buckets: "n stars and up". */
export const RATING_BUCKETS = [4, 3, 2, 1] as const;
/** Field weights for ts_rank_cd in the order D, C, B, A: description/tags 1, category 1.5, brand 2, title 3 (÷3). */
export const RANK_WEIGHTS = '{0.333,0.5,0.667,1.0}';

export type SearchSort = 'RELEVANCE' | 'PRICE_ASC' | 'PRICE_DESC' | 'RATING' | 'NEWEST' | 'DISCOUNT';

/** Validated filters (see resolvers/search.ts for the argument rules). */
export interface SearchFilter {
  categoryIds: string[];
  brandIds: string[];
  priceMin: number | null;
  priceMax: number | null;
  minRating: number | null;
  inStockOnly: boolean;
  minDiscountPercent: number | null;
}

export const NO_FILTER: SearchFilter = { categoryIds: [], brandIds: [], priceMin: null, priceMax: null, minRating: null, inStockOnly: false, minDiscountPercent: null };

/** One sort key: its SQL expression over `d` (the projection row) or `score`, and the cast of its cursor value. */
interface SortKey {
  name: string;
  expr: SQL;
  cast: 'numeric' | 'int' | 'bigint' | 'timestamptz';
}

/** The sort key columns of an order (all in one direction, ties broken by product id in the same direction). */
export interface SortSpec {
  dir: 'asc' | 'desc';
  keys: SortKey[];
}

const SCORE = sql.raw('score');

/** Sort keys per order. RELEVANCE without a query is the merchandising order (popularity). */
export function sortSpec(sort: SearchSort, hasQuery: boolean): SortSpec {
  switch (sort) {
    case 'RELEVANCE':
      return hasQuery
        ? { dir: 'desc', keys: [{ name: 'score', expr: SCORE, cast: 'numeric' }] }
        : { dir: 'desc', keys: [{ name: 'popularity', expr: sql`d.popularity`, cast: 'int' }] };
    case 'PRICE_ASC':
      return { dir: 'asc', keys: [{ name: 'price', expr: sql`coalesce(d.price_amount, 9007199254740991)`, cast: 'bigint' }] };
    case 'PRICE_DESC':
      return { dir: 'desc', keys: [{ name: 'price', expr: sql`coalesce(d.price_amount, -1)`, cast: 'bigint' }] };
    case 'RATING':
      return {
        dir: 'desc',
        keys: [
          { name: 'rating', expr: sql`d.rating_average`, cast: 'numeric' },
          { name: 'ratings', expr: sql`d.rating_count`, cast: 'int' },
        ],
      };
    case 'NEWEST':
      return { dir: 'desc', keys: [{ name: 'created', expr: sql`d.created_at`, cast: 'timestamptz' }] };
    case 'DISCOUNT':
      return { dir: 'desc', keys: [{ name: 'discount', expr: sql`d.discount_percent`, cast: 'int' }] };
  }
}

/** A keyset position: the sort key values of the last row seen and its product id. */
export interface Position {
  keys: (string | number)[];
  id: string;
}

/** What one search asks for. */
export interface SearchRequest {
  queries: TsQueries | null;
  /** The normalized query (for the "title starts with the query" boost); null without a query. */
  prefixText: string | null;
  /** The query with each unknown word replaced by its best correction (phrase boost). */
  correctedText: string | null;
  /** Number of query words (the phrase boost applies from two). */
  words: number;
  /** Count strict matches of the query as typed (only when a word was corrected). */
  countOriginal: boolean;
  filter: SearchFilter;
  sort: SearchSort;
  limit: number;
  after: Position | null;
  /** Only products in this category or below (Category.products): applies to results and facets alike. */
  scopeCategoryId?: string | null;
  /** Compute facets (only when the client selected them). */
  facets: boolean;
  /** Compute highlights (default true); without them the headlines are the plain title and description. */
  highlights?: boolean;
  /** Overrides of COUNT_CAP, FACET_CAP and RANK_CAP (tests). */
  countCap?: number;
  facetCap?: number;
  rankCap?: number;
}

export interface SearchHit {
  product: ProductModel;
  /** Sort key values of the row, for its cursor. */
  keys: (string | number)[];
  score: number | null;
  /** Title and description with matches between \u0001 and \u0002 (see highlight.ts). */
  titleHeadline: string;
  descriptionHeadline: string | null;
}

export interface Facets {
  categories: { category: CategoryModel; count: number }[];
  brands: { brand: BrandModel; count: number }[];
  priceRanges: { min: number; max: number | null; currency: string; count: number }[];
  ratings: { minRating: number; count: number }[];
  availability: { inStock: boolean; count: number }[];
  isExact: boolean;
}

export interface SearchPage {
  hits: SearchHit[];
  hasNextPage: boolean;
  totalCount: number;
  isExact: boolean;
  /** Strict matches of the query as typed, up to DID_YOU_MEAN_BELOW (null when not counted). */
  originalCount: number | null;
  facets: Facets | null;
}

type FilterName = 'category' | 'brand' | 'price' | 'rating' | 'stock' | 'discount';

/** The active filters as SQL predicates over `d`, by name (each facet leaves out its own). */
function filterPredicates(f: SearchFilter): Map<FilterName, SQL> {
  const m = new Map<FilterName, SQL>();
  if (f.categoryIds.length > 0) m.set('category', sql`d.category_ids && ${arrayParam(f.categoryIds, 'uuid')}`);
  if (f.brandIds.length > 0) m.set('brand', sql`d.brand_id = any(${arrayParam(f.brandIds, 'uuid')})`);
  if (f.priceMin !== null || f.priceMax !== null) {
    const parts: SQL[] = [sql`d.price_amount is not null`];
    if (f.priceMin !== null) parts.push(sql`d.price_amount >= ${f.priceMin}`);
    if (f.priceMax !== null) parts.push(sql`d.price_amount <= ${f.priceMax}`);
    m.set('price', sql.join(parts, sql` and `));
  }
  if (f.minRating !== null) m.set('rating', sql`d.rating_count > 0 and d.rating_average >= ${f.minRating}`);
  if (f.inStockOnly) m.set('stock', sql`d.in_stock`);
  if (f.minDiscountPercent !== null) m.set('discount', sql`d.discount_percent >= ${f.minDiscountPercent}`);
  return m;
}

const and = (parts: SQL[]): SQL => (parts.length === 0 ? sql`true` : sql.join(parts.map((p) => sql`(${p})`), sql` and `));
const flag = (name: FilterName) => sql.raw(`f_${name}`);

const productJson = sql`json_build_object(
  'id', p.id, 'sku', p.sku, 'slug', p.slug, 'title', p.title, 'description', p.description,
  'categoryId', p.category_id, 'brandId', p.brand_id, 'tags', p.tags, 'images', p.images, 'derivedFields', p.derived_fields,
  'popularity', p.popularity, 'createdAt', p.created_at, 'updatedAt', p.updated_at,
  'category', case when c.id is null then null else json_build_object('id', c.id, 'slug', c.slug, 'name', c.name, 'parentId', c.parent_id, 'path', c.path, 'position', c.position) end,
  'brand', case when b.id is null then null else json_build_object('id', b.id, 'slug', b.slug, 'name', b.name) end)`;

interface RawProduct extends Omit<ProductModel, 'createdAt' | 'updatedAt'> {
  createdAt: string;
  updatedAt: string;
}

const toProduct = (p: RawProduct): ProductModel => ({ ...p, createdAt: new Date(p.createdAt), updatedAt: new Date(p.updatedAt) });

/**
 * Runs one search as ONE SQL statement (through `reader`: the search result cache, see cache.ts): the page (keyset, `limit + 1` rows, joined with products, categories and
 * brands, with highlights), the capped total, the strict count of the query as typed (for "did you mean") and, when
 * asked, the facets — each facet over the matches that pass every filter but its own.
 *
 * Matching: the projection's `document` against `all` (every word or a correction of it); when nothing passes that
 * under the filters, against `relaxed` (all words but one) instead.
 */
export async function runSearch(reader: SearchReader, req: SearchRequest): Promise<SearchPage> {
  const q = req.queries;
  const countCap = req.countCap ?? COUNT_CAP;
  const facetCap = req.facetCap ?? FACET_CAP;
  const filters = filterPredicates(req.filter);
  const allFilters = and([...filters.values()]);
  const spec = sortSpec(req.sort, q !== null);
  const scope = req.scopeCategoryId ? sql`d.category_ids && array[${req.scopeCategoryId}::uuid]` : sql`true`;
  // The tsqueries are read through scalar subqueries (InitPlan parameters), so `document @@ …` is a GIN index condition
  // rather than a join filter evaluated on every row.
  const match = q ? sql`d.document @@ (select qm from m) and ${scope}` : scope;
  const from = sql`product.search_documents d`;
  // The phrase boost: two or more words in order, or a split / joined spelling of them ("lunchbag" → "lunch bag").
  const multiWord = req.words > 1 || (q !== null && q.alternatives !== '');

  const names = [...filters.keys()];
  const flags = names.map((n) => sql`coalesce((${filters.get(n)!}), false) as ${flag(n)}`);
  const atMostOneFails =
    names.length === 0 ? sql`true` : sql`(${sql.join(names.map((n) => sql`coalesce((${filters.get(n)!}), false)::int`), sql` + `)}) >= ${names.length - 1}`;
  // Capped mode (a query, RELEVANCE): one bounded candidate scan feeds the page, the count and the facets.
  const capped = q !== null && sortSpec(req.sort, true).keys[0]!.name === 'score';
  const rankCap = req.rankCap ?? RANK_CAP;
  const allFlags = and(names.map((n) => sql`d.${flag(n)}`));

  const ctes: SQL[] = [];
  if (q) {
    ctes.push(sql`q as materialized (
      select to_tsquery('english', ${q.all}) as qall, to_tsquery('english', ${q.relaxed}) as qrelaxed,
        to_tsquery('english', ${q.any}) as qany, to_tsquery('english', ${q.original}) as qoriginal,
        phraseto_tsquery('english', ${req.correctedText ?? ''})${q.alternatives ? sql` || to_tsquery('english', ${q.alternatives})` : sql``} as qphrase)`);
    ctes.push(
      q.relaxed === q.all
        ? sql`m as materialized (select q.*, q.qall as qm from q)`
        : sql`m as materialized (
            select q.*, case when exists (
              select 1 from product.search_documents d where d.document @@ (select qall from q) and ${scope} and ${allFilters}
            ) then q.qall else q.qrelaxed end as qm from q)`,
    );
  }

  // The "title starts with the query" test reads only the head of the title: unaccent costs more than ranking (3 ms
  // per 1,000 candidates on whole titles). Twice the query's length leaves room for combining marks it drops.
  const titleHead = 2 * (req.prefixText ?? '').length + 8;
  const score = q
    ? sql`round((
        ts_rank_cd(${RANK_WEIGHTS}::float4[], d.document, (select qany from q), 32)
        + case when d.document @@ (select qall from q) then 1 else 0 end
        ${multiWord ? sql`+ case when d.document @@ (select qphrase from q) then 0.5 else 0 end` : sql``}
        + case when lower(unaccent(left(d.title, ${titleHead}))) like ${likePrefix(req.prefixText ?? '')} then 0.3 else 0 end
        + 0.01 * ln(1 + greatest(d.popularity, 0))
      )::numeric, 6)`
    : sql`null::numeric`;
  if (q && capped) {
    // The tsquery is inlined (not an InitPlan parameter) so the planner sees how many rows it matches and picks the
    // popularity index for broad queries (stopping after rankCap + 1 matches) and the GIN index for narrow ones. The
    // relaxed branch runs only when no product matches every word under the filters (one-time gates).
    const branch = (tsq: string, gate: SQL) => sql`(select d.product_id, d.document, d.title, d.popularity, d.category_ids, d.brand_id,
        d.price_amount, d.rating_average, d.rating_count, d.in_stock${flags.length > 0 ? sql`, ${sql.join(flags, sql`, `)}` : sql``}
      from product.search_documents d
      where ${gate} and d.document @@ to_tsquery('english', ${tsq}) and ${scope} and ${req.facets ? atMostOneFails : allFilters}
      order by d.popularity desc, d.product_id desc
      limit ${rankCap + 1})`;
    if (q.relaxed === q.all) {
      ctes.push(sql`cand as materialized ${branch(q.all, sql`true`)}`);
    } else {
      // Whether to relax is read from the full match's own candidates (one GIN scan, not two): a row passing every
      // filter says no; a scan that was not cut holds every match passing all filters but at most one, so none there
      // says yes; only a cut scan without such a row needs the exact check.
      ctes.push(sql`cand_all as materialized ${branch(q.all, sql`true`)}`);
      ctes.push(sql`relax as materialized (select case
        when exists (select 1 from cand_all d where ${allFlags}) then false
        when (select count(*) from cand_all) <= ${rankCap} then true
        else not exists (
          select 1 from product.search_documents d where d.document @@ to_tsquery('english', ${q.all}) and ${scope} and ${allFilters})
        end as r)`);
      ctes.push(sql`cand as materialized (select * from cand_all where not (select r from relax) union all ${branch(q.relaxed, sql`(select r from relax)`)})`);
    }
  }
  const keyCols = spec.keys.filter((k) => k.name !== 'score').map((k) => sql`${k.expr} as ${sql.raw(k.name)}`);
  const dir = sql.raw(spec.dir);
  const cmp = sql.raw(spec.dir === 'asc' ? '>' : '<');
  const keyNames = spec.keys.map((k) => sql.raw(`s.${k.name}`));
  const keyset = req.after
    ? sql`where (${sql.join([...keyNames, sql`s.product_id`], sql`, `)}) ${cmp} (${sql.join(
        [...req.after.keys.map((v, i) => sql`${String(v)}::${sql.raw(spec.keys[i]!.cast)}`), sql`${req.after.id}::uuid`],
        sql`, `,
      )})`
    : sql``;
  const order = sql.join([...keyNames.map((k) => sql`${k} ${dir}`), sql`s.product_id ${dir}`], sql`, `);
  const relevance = spec.keys[0]!.name === 'score';
  ctes.push(sql`page as (
    select s.*, row_number() over (order by ${order}) as ord from (
      select * from (
        select d.product_id, ${relevance ? score : sql`null::numeric`} as score
          ${keyCols.length > 0 ? sql`, ${sql.join(keyCols, sql`, `)}` : sql``}
        from ${capped ? sql`(select * from cand order by popularity desc, product_id desc limit ${rankCap}) d` : from}
        where ${capped ? allFlags : sql`${match} and ${allFilters}`}
      ) s
      ${keyset}
      order by ${order}
      limit ${req.limit + 1}
    ) s)`);
  ctes.push(
    capped
      ? sql`counted as (select count(*) filter (where ${allFlags})::int as n, count(*)::int as rows from cand d)`
      : sql`counted as (
    select count(*)::int as n, 0 as rows from (select 1 from ${from} where ${match} and ${allFilters} limit ${countCap + 1}) x)`,
  );
  if (q && req.countOriginal) {
    // Inlined (not the InitPlan's qoriginal) so the planner sees how rare a misspelling is: with a parameter it guessed
    // thousands of matches and read the whole table for a LIMIT 3 that two rows satisfy (0.8 s at 1M SKUs).
    ctes.push(sql`original as (
      select count(*)::int as n from (
        select 1 from product.search_documents d where d.document @@ to_tsquery('english', ${q.original}) and ${scope} and ${allFilters}
        limit ${DID_YOU_MEAN_BELOW}) x)`);
  }
  if (req.facets && capped) {
    ctes.push(sql`base as materialized (
      select d.category_ids, d.brand_id, d.price_amount, d.rating_average, d.rating_count, d.in_stock
        ${names.length > 0 ? sql`, ${sql.join(names.map((n) => sql`d.${flag(n)}`), sql`, `)}` : sql``}
      from cand d limit ${facetCap + 1})`);
  } else if (req.facets) {
    ctes.push(sql`base as materialized (
      select d.category_ids, d.brand_id, d.price_amount, d.rating_average, d.rating_count, d.in_stock
        ${flags.length > 0 ? sql`, ${sql.join(flags, sql`, `)}` : sql``}
      from ${from}
      where ${match} and ${atMostOneFails}
      limit ${facetCap + 1})`);
  }
  if (req.facets) {
    const others = (own: FilterName) => and(names.filter((n) => n !== own).map((n) => sql`base.${flag(n)}`));
    ctes.push(sql`facet_categories as (
      select json_agg(json_build_object('category', json_build_object('id', c.id, 'slug', c.slug, 'name', c.name, 'parentId', c.parent_id, 'path', c.path, 'position', c.position), 'count', x.n) order by x.n desc, c.name) as j
      from (select cid, count(*)::int as n from base cross join unnest(base.category_ids) as cid where ${others('category')} group by cid) x
      join product.categories c on c.id = x.cid)`);
    ctes.push(sql`facet_brands as (
      select json_agg(json_build_object('brand', json_build_object('id', b.id, 'slug', b.slug, 'name', b.name), 'count', x.n) order by x.n desc, b.name) as j
      from (select brand_id, count(*)::int as n from base where brand_id is not null and ${others('brand')} group by brand_id order by n desc, brand_id limit ${BRAND_FACET_LIMIT}) x
      join product.brands b on b.id = x.brand_id)`);
    const priceCounts = PRICE_BUCKETS.map(
      ([lo, hi]) => sql`count(*) filter (where price_amount >= ${lo}${hi === null ? sql`` : sql` and price_amount < ${hi}`})::int`,
    );
    ctes.push(sql`facet_prices as (select json_build_array(${sql.join(priceCounts, sql`, `)}) as j from base where ${others('price')})`);
    const ratingCounts = RATING_BUCKETS.map((r) => sql`count(*) filter (where rating_count > 0 and rating_average >= ${r})::int`);
    ctes.push(sql`facet_ratings as (select json_build_array(${sql.join(ratingCounts, sql`, `)}) as j from base where ${others('rating')})`);
    ctes.push(sql`facet_stock as (
      select json_build_array(count(*) filter (where in_stock)::int, count(*) filter (where not in_stock)::int) as j from base where ${others('stock')})`);
  }

  const highlight = q && req.highlights !== false
    ? sql`ts_headline('english', p.title, (select qany from q), ${HEADLINE_TITLE}),
          case when p.description is null then null else ts_headline('english', p.description, (select qany from q), ${HEADLINE_DESCRIPTION}) end`
    : sql`p.title, p.description`;
  const statement = sql`with ${sql.join(ctes, sql`, `)}
    select
      (select coalesce(json_agg(x.j order by x.ord), '[]'::json) from (
        select page.ord, json_build_object(
          'product', ${productJson},
          'keys', json_build_array(${sql.join(spec.keys.map((k) => sql.raw(`page.${k.name}`)), sql`, `)}),
          'score', page.score, 'titleHeadline', h.title, 'descriptionHeadline', h.description) as j
        from page
        join product.products p on p.id = page.product_id
        left join product.categories c on c.id = p.category_id
        left join product.brands b on b.id = p.brand_id
        cross join lateral (select ${highlight}) as h(title, description)
      ) x) as hits,
      (select n from counted) as total, (select rows from counted) as candidates,
      ${q && req.countOriginal ? sql`(select n from original)` : sql`null::int`} as original_count,
      ${
        req.facets
          ? sql`(select count(*)::int from base) as facet_rows,
          (select j from facet_categories) as facet_categories, (select j from facet_brands) as facet_brands,
          (select j from facet_prices) as facet_prices, (select j from facet_ratings) as facet_ratings,
          (select j from facet_stock) as facet_stock`
          : sql`null::int as facet_rows`
      }`;

  const [row] = await reader.rows<{
    hits: { product: RawProduct; keys: (string | number)[]; score: number | null; titleHeadline: string; descriptionHeadline: string | null }[];
    total: number;
    candidates: number;
    original_count: number | null;
    facet_rows: number | null;
    facet_categories?: { category: CategoryModel; count: number }[] | null;
    facet_brands?: { brand: BrandModel; count: number }[] | null;
    facet_prices?: number[];
    facet_ratings?: number[];
    facet_stock?: [number, number];
  }>(statement);
  if (!row) throw new Error('search returned no row');
  // In capped mode the candidate scan stopped at rankCap + 1 rows: counts and facets cover the first rankCap only.
  const truncated = capped && row.candidates > rankCap;
  const hits = row.hits.map((h) => ({ product: toProduct(h.product), keys: h.keys, score: h.score, titleHeadline: h.titleHeadline, descriptionHeadline: h.descriptionHeadline }));
  const facets: Facets | null = req.facets
    ? {
        categories: row.facet_categories ?? [],
        brands: row.facet_brands ?? [],
        priceRanges: PRICE_BUCKETS.map(([min, max], i) => ({ min, max, currency: 'GBP', count: row.facet_prices?.[i] ?? 0 })),
        ratings: RATING_BUCKETS.map((minRating, i) => ({ minRating, count: row.facet_ratings?.[i] ?? 0 })),
        availability: [
          { inStock: true, count: row.facet_stock?.[0] ?? 0 },
          { inStock: false, count: row.facet_stock?.[1] ?? 0 },
        ],
        isExact: (row.facet_rows ?? 0) <= facetCap && !truncated,
      }
    : null;
  return {
    hits: hits.slice(0, req.limit),
    hasNextPage: hits.length > req.limit,
    totalCount: Math.min(row.total, countCap, capped ? rankCap : countCap),
    isExact: row.total <= countCap && !truncated,
    originalCount: row.original_count,
    facets,
  };
}

/** ts_headline options: matches between \u0001 and \u0002 (escaped and turned into <mark> by highlight.ts). */
const HEADLINE_TITLE = 'StartSel=\u0001, StopSel=\u0002, HighlightAll=true';
const HEADLINE_DESCRIPTION = 'StartSel=\u0001, StopSel=\u0002, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "';

/** A LIKE pattern matching texts that start with `text` (wildcards escaped). */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
