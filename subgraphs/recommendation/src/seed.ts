import { sql } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { aggregateCoPurchases, type CoPurchaseResult } from './co-purchase.ts';
import { coPurchases, productStats } from './db/schema.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** Rows per INSERT (≤ 4 columns each: 20,000 bind parameters, below the 65,535 limit). */
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
};

/**
 * Learns co-purchases from the demo sales (rules in README.md, computed by {@link aggregateCoPurchases}) and upserts
 * `product_stats` and `co_purchases` in chunks (idempotent: seeding twice leaves the same rows).
 */
export async function seedRecommendations(
  rt: RecommendationRuntime,
  data: Pick<RetailDataset, 'invoices'>,
  progress: (done: number, total: number) => void = () => {},
): Promise<RecommendationSeedReport> {
  const result = aggregateCoPurchases(data.invoices);
  const db = rt.db.db;
  const total = result.stats.length + result.pairs.length;
  let done = 0;
  for (let i = 0; i < result.stats.length; i += CHUNK) {
    const chunk = result.stats.slice(i, i + CHUNK);
    await db
      .insert(productStats)
      .values(chunk)
      .onConflictDoUpdate({ target: productStats.productId, set: { orders: sql`excluded.orders` } });
    done += chunk.length;
    progress(done, total);
  }
  for (let i = 0; i < result.pairs.length; i += CHUNK) {
    const chunk = result.pairs.slice(i, i + CHUNK);
    await db
      .insert(coPurchases)
      .values(chunk)
      .onConflictDoUpdate({
        target: [coPurchases.productId, coPurchases.otherProductId],
        set: { ordersTogether: sql`excluded.orders_together`, score: sql`excluded.score` },
      });
    done += chunk.length;
    progress(done, total);
  }
  if (total === 0) progress(0, 0);
  rt.logger.info(
    { counted: result.ordersCounted, skippedBulk: result.ordersSkippedBulk, skippedEmpty: result.ordersSkippedEmpty, mode: result.mode },
    'co-purchase statistics seeded',
  );
  return {
    ordersCounted: result.ordersCounted,
    ordersSkippedBulk: result.ordersSkippedBulk,
    ordersSkippedEmpty: result.ordersSkippedEmpty,
    mode: result.mode,
    products: result.stats.length,
    pairs: result.pairs.length,
  };
}
