import { sql } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { aggregateCoPurchases, type CoPurchaseResult } from './co-purchase.ts';
import { catalogueOf } from './catalogue.ts';
import { coPurchases, dailySales, lastOrders, productStats, products, trending, trendingTotals, userPurchases } from './db/schema.ts';
import type { RecommendationRuntime } from './runtime.ts';
import { seedAggregates } from './seed-aggregates.ts';

/** Rows per INSERT (≤ 7 columns each: 35,000 bind parameters, below the 65,535 limit). */
const CHUNK = 5_000;

/** True when co-purchase statistics exist (the start command seeds only empty databases). */
export async function hasRecommendations(rt: RecommendationRuntime): Promise<boolean> {
  const rows = await rt.db.db.select({ id: productStats.productId }).from(productStats).limit(1);
  return rows.length > 0;
}

/** What the seed did, for the seed report. */
export type RecommendationSeedReport = Pick<CoPurchaseResult, 'ordersCounted' | 'ordersSkippedBulk' | 'ordersSkippedEmpty' | 'mode'> & {
  products: number;
  pairs: number;
  attributes: number;
  userPurchases: number;
  trendingRows: number;
  dailySalesRows: number;
  /** Every row upserted. */
  rows: number;
};

/**
 * Learns from the demo sales with the documented rules (README.md): co-purchases ({@link aggregateCoPurchases}) and
 * the other aggregates ({@link seedAggregates}), upserted in chunks (idempotent: seeding twice leaves the same rows).
 */
export async function seedRecommendations(
  rt: RecommendationRuntime,
  data: Pick<RetailDataset, 'invoices' | 'products'>,
  progress: (done: number, total: number) => void = () => {},
): Promise<RecommendationSeedReport> {
  const result = aggregateCoPurchases(data.invoices);
  const agg = seedAggregates(data, undefined, rt.clock.now());
  const db = rt.db.db;
  const total =
    result.stats.length + result.pairs.length + agg.products.length + agg.userPurchases.length + agg.lastOrders.length +
    agg.trending.length + agg.trendingTotals.length + agg.dailySales.length;
  let done = 0;
  const chunked = async <T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await write(chunk);
      done += chunk.length;
      progress(done, total);
    }
  };
  await chunked(result.stats, (c) =>
    db.insert(productStats).values(c).onConflictDoUpdate({ target: productStats.productId, set: { orders: sql`excluded.orders` } }),
  );
  await chunked(result.pairs, (c) =>
    db
      .insert(coPurchases)
      .values(c)
      .onConflictDoUpdate({
        target: [coPurchases.productId, coPurchases.otherProductId],
        set: { ordersTogether: sql`excluded.orders_together`, score: sql`excluded.score` },
      }),
  );
  await chunked(agg.products, (c) =>
    db
      .insert(products)
      .values(c.map((p) => ({ productId: p.productId, categoryPath: p.categoryPath, brand: p.brand, tags: p.tags, attributesAt: p.at, priceMinor: p.priceMinor, priceAt: p.at, inStock: p.inStock, stockAt: p.at })))
      .onConflictDoUpdate({
        target: products.productId,
        set: {
          categoryPath: sql`excluded.category_path`,
          brand: sql`excluded.brand`,
          tags: sql`excluded.tags`,
          attributesAt: sql`excluded.attributes_at`,
          priceMinor: sql`excluded.price_minor`,
          priceAt: sql`excluded.price_at`,
          inStock: sql`excluded.in_stock`,
          stockAt: sql`excluded.stock_at`,
        },
      }),
  );
  await chunked(agg.userPurchases, (c) =>
    db
      .insert(userPurchases)
      .values(c)
      .onConflictDoUpdate({
        target: [userPurchases.userId, userPurchases.productId],
        set: { orders: sql`excluded.orders`, decayed: sql`excluded.decayed`, decayedAt: sql`excluded.decayed_at`, lastOrderedAt: sql`excluded.last_ordered_at` },
      }),
  );
  await chunked(agg.lastOrders, (c) =>
    db
      .insert(lastOrders)
      .values(c)
      .onConflictDoUpdate({ target: lastOrders.userId, set: { productIds: sql`excluded.product_ids`, placedAt: sql`excluded.placed_at` } }),
  );
  await chunked(agg.trending, (c) =>
    db
      .insert(trending)
      .values(c)
      .onConflictDoUpdate({ target: [trending.country, trending.productId], set: { value: sql`excluded.value`, at: sql`excluded.at` } }),
  );
  await chunked(agg.trendingTotals, (c) =>
    db.insert(trendingTotals).values(c).onConflictDoUpdate({ target: trendingTotals.country, set: { value: sql`excluded.value`, at: sql`excluded.at` } }),
  );
  await chunked(agg.dailySales, (c) =>
    db.insert(dailySales).values(c).onConflictDoUpdate({ target: [dailySales.day, dailySales.productId], set: { orders: sql`excluded.orders` } }),
  );
  if (total === 0) progress(0, 0);
  await rt.cache.delete('seasonal:v1:' + rt.clock.now().toISOString().slice(0, 10));
  catalogueOf(rt).invalidate();
  rt.logger.info(
    { counted: result.ordersCounted, skippedBulk: result.ordersSkippedBulk, skippedEmpty: result.ordersSkippedEmpty, mode: result.mode },
    'recommendation statistics seeded',
  );
  return {
    ordersCounted: result.ordersCounted,
    ordersSkippedBulk: result.ordersSkippedBulk,
    ordersSkippedEmpty: result.ordersSkippedEmpty,
    mode: result.mode,
    products: result.stats.length,
    pairs: result.pairs.length,
    attributes: agg.products.length,
    userPurchases: agg.userPurchases.length,
    trendingRows: agg.trending.length,
    dailySalesRows: agg.dailySales.length,
    rows: total,
  };
}
