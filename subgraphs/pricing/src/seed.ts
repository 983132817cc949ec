import { sql } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { fxRates, priceHistory, prices } from './db/schema.ts';
import { DEMO_FX_FILE, forgetFxTable, loadFxRates, readFxFile } from './fx.ts';
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
 * typical unit price in pence), one history row per `priceHistory` point before now, valid from that date at 00:00Z,
 * and a history row with the base price valid from now (the regular price from here on). Products or points without
 * a positive whole amount are skipped. Products that already have a price are left as they are (history included),
 * so seeding is idempotent and never overwrites imported prices. Loads the committed demo exchange rates when none
 * are loaded. No `price.changed` events are emitted for the bulk seed.
 */
export async function seedPrices(
  rt: PricingRuntime,
  data: Pick<RetailDataset, 'products'>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ prices: number; history: number; fxRates: number }> {
  const db = rt.db.db;
  const now = rt.clock.now();
  const priceRows: (typeof prices.$inferInsert)[] = data.products
    .filter((p) => validAmount(p.unitPriceMinor))
    .map((p) => ({ productId: p.id, currency: CURRENCY, amount: p.unitPriceMinor, updatedAt: now }));
  const historyRows: (typeof priceHistory.$inferInsert)[] = data.products.flatMap((p) => [
    ...p.priceHistory
      .filter((h) => validAmount(h.unitPriceMinor) && /^\d{4}-\d{2}-\d{2}$/.test(h.date) && new Date(`${h.date}T00:00:00Z`) < now)
      .map((h) => ({ productId: p.id, currency: CURRENCY, amount: h.unitPriceMinor, validFrom: new Date(`${h.date}T00:00:00Z`) })),
    // The base price is the regular price from now on (the history's last day may differ from the overall mode).
    ...(validAmount(p.unitPriceMinor) ? [{ productId: p.id, currency: CURRENCY, amount: p.unitPriceMinor, validFrom: now }] : []),
  ]);
  const total = priceRows.length + historyRows.length;
  let done = 0;
  const tick = (n: number) => progress((done += n), total);
  const fresh = new Set<string>();
  const pricesInserted = await insertChunks(
    priceRows,
    async (chunk) => {
      const rows = await db.insert(prices).values(chunk).onConflictDoNothing().returning({ id: prices.productId });
      for (const r of rows) fresh.add(r.id);
      return rows.length;
    },
    tick,
  );
  // History only for products whose price this run created: the history drives the regular price, and a re-seed on
  // another day (other shifted dates) must not put seed prices after an imported one.
  const newHistory = historyRows.filter((h) => fresh.has(h.productId));
  tick(historyRows.length - newHistory.length);
  const historyInserted = await insertChunks(
    newHistory,
    async (chunk) => (await db.insert(priceHistory).values(chunk).onConflictDoNothing().returning({ id: priceHistory.productId })).length,
    tick,
  );
  // The committed demo exchange rates, unless rates are loaded already (a later load replaces them).
  let fx = 0;
  if ((await db.select({ c: fxRates.currency }).from(fxRates).limit(1)).length === 0) {
    fx = await loadFxRates(db, readFxFile(DEMO_FX_FILE), now);
    await forgetFxTable(rt);
  }
  return { prices: pricesInserted, history: historyInserted, fxRates: fx };
}
