/** SQL of the deal projection and deal clicks (README "Deal feed"). */
import { sql } from 'drizzle-orm';
import { executeRows, type Database, type Transaction } from '@emporium/kit';
import type * as schema from './schema.ts';
import { dealClicks, deals } from './schema.ts';
import { uuidArray } from './queries.ts';

type AnyDb = Database<typeof schema> | Transaction<typeof schema>;

/** A deal of the projection. */
export type DealRow = typeof deals.$inferSelect;

/** Upserts a deal from a `deal.upserted` event unless a newer event for it was applied already (`event_at`). */
export async function upsertDeal(tx: AnyDb, row: typeof deals.$inferInsert): Promise<void> {
  await tx
    .insert(deals)
    .values(row)
    .onConflictDoUpdate({
      target: deals.dealId,
      set: {
        merchantId: sql`excluded.merchant_id`,
        productId: sql`excluded.product_id`,
        title: sql`excluded.title`,
        category: sql`excluded.category`,
        currency: sql`excluded.currency`,
        priceAmount: sql`excluded.price_amount`,
        originalAmount: sql`excluded.original_amount`,
        startsAt: sql`excluded.starts_at`,
        expiresAt: sql`excluded.expires_at`,
        active: sql`excluded.active`,
        suspiciousPricing: sql`excluded.suspicious_pricing`,
        confidence: sql`excluded.confidence`,
        eventAt: sql`excluded.event_at`,
      },
      setWhere: sql`${deals.eventAt} <= excluded.event_at`,
    });
}

/** Counts one deal click of a shopper at a merchant. */
export async function addDealClick(tx: AnyDb, shopper: string, merchantId: string, at: Date): Promise<void> {
  await tx
    .insert(dealClicks)
    .values({ shopper, merchantId, clicks: 1, lastClickedAt: at })
    .onConflictDoUpdate({
      target: [dealClicks.shopper, dealClicks.merchantId],
      set: { clicks: sql`${dealClicks.clicks} + 1`, lastClickedAt: sql`greatest(${dealClicks.lastClickedAt}, excluded.last_clicked_at)` },
    });
}

/** Every active deal that has not ended at `now` (deals that start later included: the feed filters by its clock). */
export async function readOpenDeals(db: AnyDb, now: Date): Promise<DealRow[]> {
  return db
    .select()
    .from(deals)
    .where(sql`${deals.active} and (${deals.expiresAt} is null or ${deals.expiresAt} > ${now.toISOString()}::timestamptz)`)
    .orderBy(deals.dealId);
}

/**
 * Interactions per merchant in ONE statement: the shoppers' deal clicks, and the merchants of the given saved deals
 * (looked up in the projection, live or not), each save counting `saveWeight`.
 */
export async function readMerchantInteractions(db: AnyDb, shoppers: readonly string[], savedDealIds: readonly string[], saveWeight: number): Promise<Map<string, number>> {
  const keys = sql`array[${sql.join(
    (shoppers.length ? shoppers : ['']).map((s) => sql`${s}`),
    sql`, `,
  )}]::text[]`;
  const rows = await executeRows<{ merchant_id: string; n: number | string }>(
    db,
    sql`select merchant_id, sum(n)::float8 as n from (
          select merchant_id, clicks::float8 as n from ${dealClicks} where shopper = any(${keys})
          union all
          select merchant_id, ${saveWeight}::float8 from ${deals} where deal_id = any(${savedDealIds.length ? uuidArray(savedDealIds) : sql`'{}'::uuid[]`})
        ) x group by merchant_id`,
  );
  return new Map(rows.map((r) => [r.merchant_id, Number(r.n)]));
}
