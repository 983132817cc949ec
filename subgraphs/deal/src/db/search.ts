import { and, asc, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { executeRows, type Database, type Transaction } from '@emporium/kit';
import { liveScoreSql } from '../enrich/confidence.ts';
import type { DealModel } from '../models.ts';
import { dealColumns } from './queries.ts';
import type * as schema from './schema.ts';
import { deals } from './schema.ts';

type Db = Database<typeof schema>;

/** The search filter, already validated (README: API). */
export interface SearchFilter {
  query?: string;
  category?: string;
  priceMin?: number;
  priceMax?: number;
  currency?: string;
  minDiscount?: number;
  merchants?: string[];
  expiringWithinHours?: number;
  verifiedOnly?: boolean;
}

export type SearchSort = 'RELEVANCE' | 'DISCOUNT' | 'PRICE' | 'POPULARITY' | 'NEWEST' | 'ENDING_SOON';

/** A keyset position: the sort value and id of the last deal of a page. */
export interface SearchAfter {
  value: number;
  id: string;
}

/** Deals without an expiry sort after every date under ENDING_SOON (a finite stand-in for infinity, JSON-safe). */
const NO_EXPIRY = 1e300;

/** The live score (confidence) of alias `d`. */
const SCORE = sql.raw(liveScoreSql('d'));

/** Every condition of a search: live at `now` plus the filter. */
function conditions(filter: SearchFilter, now: Date): SQL {
  const at = now.toISOString();
  const parts: SQL[] = [sql`d.active`, sql`d.starts_at <= ${at}::timestamptz`, sql`(d.expires_at is null or d.expires_at > ${at}::timestamptz)`];
  if (filter.query) parts.push(sql`d.search @@ websearch_to_tsquery('english', ${filter.query})`);
  if (filter.category) parts.push(sql`(lower(d.category) = lower(${filter.category}) or lower(d.category) like lower(${filter.category}) || ' > %')`);
  if (filter.priceMin !== undefined) parts.push(sql`d.price_amount >= ${filter.priceMin}`);
  if (filter.priceMax !== undefined) parts.push(sql`d.price_amount <= ${filter.priceMax}`);
  if (filter.currency) parts.push(sql`d.currency = ${filter.currency}`);
  if (filter.minDiscount !== undefined && filter.minDiscount > 0) {
    parts.push(sql`(d.original_amount is not null and (d.original_amount - d.price_amount) * 100 >= ${filter.minDiscount}::int * d.original_amount)`);
  }
  if (filter.merchants) parts.push(filter.merchants.length === 0 ? sql`false` : sql`d.merchant_id in (${sql.join(filter.merchants.map((m) => sql`${m}::uuid`), sql`, `)})`);
  if (filter.expiringWithinHours !== undefined) {
    parts.push(sql`(d.expires_at is not null and d.expires_at <= ${new Date(now.getTime() + filter.expiringWithinHours * 3_600_000).toISOString()}::timestamptz)`);
  }
  if (filter.verifiedOnly) parts.push(sql`(not d.suspicious_pricing and d.product_id is not null)`);
  return sql.join(parts, sql` and `);
}

/** The sort value (float8) and whether it descends. */
function sortValue(sort: SearchSort, filter: SearchFilter): { value: SQL; desc: boolean } {
  switch (sort) {
    case 'RELEVANCE':
      return filter.query
        ? { value: sql`(ts_rank_cd(d.search, websearch_to_tsquery('english', ${filter.query})) * (0.5 + ${SCORE}))::float8`, desc: true }
        : { value: sql`(${SCORE})::float8`, desc: true };
    case 'DISCOUNT':
      return { value: sql`coalesce((d.original_amount - d.price_amount)::float8 / nullif(d.original_amount, 0), 0)`, desc: true };
    case 'PRICE':
      return { value: sql`d.price_amount::float8`, desc: false };
    case 'POPULARITY':
      return { value: sql`(d.clicks + 3 * d.saves)::float8`, desc: true };
    case 'NEWEST':
      return { value: sql`(extract(epoch from d.created_at) * 1000)::float8`, desc: true };
    case 'ENDING_SOON':
      return { value: sql`coalesce(extract(epoch from d.expires_at) * 1000, ${NO_EXPIRY})::float8`, desc: false };
  }
}

/**
 * The matching live deals, one per duplicate group — the group's highest live score among the MATCHING deals — as
 * a CTE `best(id, sv)`.
 */
function bestCte(filter: SearchFilter, sort: SearchSort, now: Date): SQL {
  const { value } = sortValue(sort, filter);
  return sql`best as (
    select id, sv, category, merchant_id, price_amount, original_amount from (
      select d.id, ${value} as sv, d.category, d.merchant_id, d.price_amount, d.original_amount,
             row_number() over (partition by coalesce(d.group_id, d.id) order by ${SCORE} desc, d.id) as r
      from ${deals} d
      where ${conditions(filter, now)}
    ) x where r = 1
  )`;
}

/** One page of results: ids and sort values in order, `first + 1` rows to tell whether there is a next page. */
export async function searchPage(db: Db, filter: SearchFilter, sort: SearchSort, first: number, after: SearchAfter | null, now: Date): Promise<{ id: string; sv: number }[]> {
  const { desc } = sortValue(sort, filter);
  const keyset = after
    ? desc
      ? sql`where sv < ${after.value}::float8 or (sv = ${after.value}::float8 and id > ${after.id}::uuid)`
      : sql`where sv > ${after.value}::float8 or (sv = ${after.value}::float8 and id > ${after.id}::uuid)`
    : sql``;
  const rows = await executeRows<{ id: string; sv: number | string }>(
    db,
    sql`with ${bestCte(filter, sort, now)}
        select id::text as id, sv from best ${keyset}
        order by sv ${sql.raw(desc ? 'desc' : 'asc')}, id asc
        limit ${first + 1}`,
  );
  return rows.map((r) => ({ id: r.id, sv: Number(r.sv) }));
}

/** Totals and facet counts over every result (one statement: grouping sets). */
export async function searchFacets(db: Db, filter: SearchFilter, now: Date) {
  const rows = await executeRows<{ kind: string; value: string | null; n: number | string }>(
    db,
    sql`with ${bestCte(filter, 'PRICE', now)}, facets as (
          select coalesce(nullif(split_part(category, ' > ', 1), ''), 'Uncategorised') as category, merchant_id::text as merchant,
                 case when original_amount is null or original_amount <= price_amount then '0-9'
                      when (original_amount - price_amount) * 100 < 10 * original_amount then '0-9'
                      when (original_amount - price_amount) * 100 < 25 * original_amount then '10-24'
                      when (original_amount - price_amount) * 100 < 50 * original_amount then '25-49'
                      else '50+' end as band
          from best
        )
        select case when grouping(category) = 0 then 'category' when grouping(merchant) = 0 then 'merchant' when grouping(band) = 0 then 'discount' else 'total' end as kind,
               coalesce(category, merchant, band) as value, count(*)::int as n
        from facets group by grouping sets ((category), (merchant), (band), ())`,
  );
  const out = { total: 0, categories: [] as { value: string; count: number }[], merchants: [] as { value: string; count: number }[], discounts: [] as { value: string; count: number }[] };
  for (const r of rows) {
    const entry = { value: r.value ?? '', count: Number(r.n) };
    if (r.kind === 'total') out.total = entry.count;
    else if (r.kind === 'category') out.categories.push(entry);
    else if (r.kind === 'merchant') out.merchants.push(entry);
    else out.discounts.push(entry);
  }
  const byCount = (a: { value: string; count: number }, b: { value: string; count: number }) => b.count - a.count || a.value.localeCompare(b.value);
  out.categories.sort(byCount);
  out.merchants.sort(byCount);
  const bands = ['0-9', '10-24', '25-49', '50+'];
  out.discounts.sort((a, b) => bands.indexOf(a.value) - bands.indexOf(b.value));
  return out;
}

/**
 * The live deals of many duplicate groups, most trusted first, at most `limit` per group — ONE statement for any
 * number of groups.
 */
export async function liveDealsOfGroups(db: Db, groupIds: readonly string[], limit: number, now: Date): Promise<DealModel[]> {
  if (groupIds.length === 0) return [];
  const at = now.toISOString();
  const ranked = db
    .select({
      ...dealColumns,
      rank: sql<number>`row_number() over (partition by ${deals.groupId} order by ${sql.raw(liveScoreSql('"deal"."deals"'))} desc, ${deals.id} asc)`.as('rank'),
    })
    .from(deals)
    .where(
      and(
        inArray(deals.groupId, [...groupIds]),
        sql`${deals.active} and ${deals.startsAt} <= ${at}::timestamptz and (${deals.expiresAt} is null or ${deals.expiresAt} > ${at}::timestamptz)`,
      ),
    )
    .as('ranked');
  const rows = await db.select().from(ranked).where(lte(ranked.rank, limit)).orderBy(asc(ranked.groupId), asc(ranked.rank));
  return rows.map(({ rank: _rank, ...deal }) => deal);
}

/** Counts a click on a live deal; returns its URL and merchant, or null when there is no live deal with that id. */
export async function recordClick(db: Db | Transaction<typeof schema>, id: string, now: Date): Promise<{ url: string; merchantId: string } | null> {
  const at = now.toISOString();
  const [row] = await db
    .update(deals)
    .set({ clicks: sql`${deals.clicks} + 1` })
    .where(and(sql`${deals.id} = ${id}::uuid`, sql`${deals.active} and ${deals.startsAt} <= ${at}::timestamptz and (${deals.expiresAt} is null or ${deals.expiresAt} > ${at}::timestamptz)`))
    .returning({ url: deals.url, merchantId: deals.merchantId });
  return row ?? null;
}
