import { and, asc, eq, getTableColumns, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import type { DealModel, MerchantModel } from '../models.ts';
import type * as schema from './schema.ts';
import { deals, merchants } from './schema.ts';

type Db = Database<typeof schema>;

/** Every deal column except the search vector (only used inside SQL). */
const { search: _search, ...dealColumns } = getTableColumns(deals);
export { dealColumns };

/** Deals by id — one statement for any number of ids. */
export function findDealsByIds(db: Db, ids: readonly string[]): Promise<DealModel[]> {
  return ids.length === 0 ? Promise.resolve([]) : db.select(dealColumns).from(deals).where(inArray(deals.id, [...ids]));
}

/** Merchants by id — one statement for any number of ids. */
export function findMerchantsByIds(db: Db, ids: readonly string[]): Promise<MerchantModel[]> {
  return ids.length === 0 ? Promise.resolve([]) : db.select().from(merchants).where(inArray(merchants.id, [...ids]));
}

/** The saving as an exact fraction of the original price, 0 without one; only used to order deals. */
const saving = sql`coalesce((${deals.originalAmount} - ${deals.priceAmount})::numeric / nullif(${deals.originalAmount}, 0), 0)`;

/**
 * The best `first` live deals of each product (active, starts_at <= now < expires_at or no expiry), best saving first, then
 * lowest price, then id — ONE statement for any number of products, ranked with
 * `row_number() over (partition by product_id …) <= first`.
 */
export async function liveDealsForProducts(db: Db, productIds: readonly string[], first: number, now: Date): Promise<DealModel[]> {
  if (productIds.length === 0 || first <= 0) return [];
  const ranked = db
    .select({
      ...dealColumns,
      rank: sql<number>`row_number() over (partition by ${deals.productId} order by ${saving} desc, ${deals.priceAmount} asc, ${deals.id} asc)`.as('rank'),
    })
    .from(deals)
    .where(
      and(
        inArray(deals.productId, [...productIds]),
        eq(deals.active, true),
        lte(deals.startsAt, now),
        or(isNull(deals.expiresAt), gt(deals.expiresAt, now)),
      ),
    )
    .as('ranked');
  const rows = await db
    .select()
    .from(ranked)
    .where(lte(ranked.rank, first))
    .orderBy(asc(ranked.productId), asc(ranked.rank));
  return rows.map(({ rank: _rank, ...deal }) => deal);
}
