import { sql } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { forgetOfferedCurrencies } from './currencies.ts';
import { priceHistory, prices } from './db/schema.ts';
import type { PricingRuntime } from './runtime.ts';

// 4 bind parameters per row: 2,000 rows per statement stay far below PostgreSQL's 65,535-parameter limit.
const CHUNK = 2000;
const CURRENCY = 'GBP';

const validAmount = (n: number) => Number.isSafeInteger(n) && n > 0;

/** True when any price exists (the start command seeds only empty databases). */
export async function hasPrices(rt: PricingRuntime): Promise<boolean> {
  const rows = await rt.db.db.select({ one: sql<number>`1` }).from(prices).limit(1);
  return rows.length > 0;
}

async function insertChunks<T>(rows: T[], write: (chunk: T[]) => Promise<number>, tick: (n: number) => void): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    inserted += await write(chunk);
    tick(chunk.length);
  }
  return inserted;
}

/**
 * Loads the demo prices, all in GBP (the data set's currency): one price per product from `unitPriceMinor` (its
 * typical unit price in pence) and one history row per `priceHistory` point, valid from that date at 00:00Z.
 * Products or points without a positive whole amount are skipped. Existing rows are left as they are, so seeding is
 * idempotent and never overwrites imported prices. No `price.changed` events are emitted for the bulk seed.
 */
export async function seedPrices(
  rt: PricingRuntime,
  data: Pick<RetailDataset, 'products'>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ prices: number; history: number }> {
  const db = rt.db.db;
  const now = rt.clock.now();
  const priceRows: (typeof prices.$inferInsert)[] = data.products
    .filter((p) => validAmount(p.unitPriceMinor))
    .map((p) => ({ productId: p.id, currency: CURRENCY, amount: p.unitPriceMinor, updatedAt: now }));
  const historyRows: (typeof priceHistory.$inferInsert)[] = data.products.flatMap((p) =>
    p.priceHistory
      .filter((h) => validAmount(h.unitPriceMinor) && /^\d{4}-\d{2}-\d{2}$/.test(h.date))
      .map((h) => ({ productId: p.id, currency: CURRENCY, amount: h.unitPriceMinor, validFrom: new Date(`${h.date}T00:00:00Z`) })),
  );
  const total = priceRows.length + historyRows.length;
  let done = 0;
  const tick = (n: number) => progress((done += n), total);
  const pricesInserted = await insertChunks(
    priceRows,
    async (chunk) => (await db.insert(prices).values(chunk).onConflictDoNothing().returning({ id: prices.productId })).length,
    tick,
  );
  const historyInserted = await insertChunks(
    historyRows,
    async (chunk) => (await db.insert(priceHistory).values(chunk).onConflictDoNothing().returning({ id: priceHistory.productId })).length,
    tick,
  );
  await forgetOfferedCurrencies(rt);
  return { prices: pricesInserted, history: historyInserted };
}
