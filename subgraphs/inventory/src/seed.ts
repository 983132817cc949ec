import { sql } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { leadTimes, stock, warehouses } from './db/schema.ts';
import { UK1_LEAD_TIMES } from './lead-times.ts';
import type { InventoryRuntime } from './runtime.ts';
import { DEFAULT_WAREHOUSE } from './warehouse.ts';


// 4 bind parameters per row: 1,000 rows stay far below PostgreSQL's 65,535-parameter limit.
const CHUNK = 1000;
const INT_MAX = 2_147_483_647;

/** True when any stock row exists (the start command seeds only empty databases). */
export async function hasStock(rt: InventoryRuntime): Promise<boolean> {
  const rows = await rt.db.db.select({ one: sql<number>`1` }).from(stock).limit(1);
  return rows.length > 0;
}

/** On-hand units for a seed row: the data package's derived `quantityOnHand` as a whole number in 0..2^31−1. */
function onHandOf(q: number): number {
  return Number.isFinite(q) ? Math.min(INT_MAX, Math.max(0, Math.floor(q))) : 0;
}

/**
 * Loads the demo stock: the warehouse UK-1 "Emporium UK warehouse" (GB) with its lead times (`UK1_LEAD_TIMES`;
 * existing rows are kept), then one stock row per product in UK-1 with
 * `on_hand` = the product's `quantityOnHand` (derived by @emporium/retail-data, not source data; see README). Rows that
 * already exist are left as they are (live stock is owned by `importStock` and reservations), so seeding is
 * idempotent. No `stock.changed` events are emitted for the bulk seed.
 */
export async function seedStock(
  rt: InventoryRuntime,
  data: Pick<RetailDataset, 'products'>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ warehouses: number; stock: number }> {
  const db = rt.db.db;
  const now = rt.clock.now();
  await db
    .insert(warehouses)
    .values(DEFAULT_WAREHOUSE)
    .onConflictDoUpdate({ target: warehouses.code, set: { name: sql`excluded.name`, country: sql`excluded.country` } });
  await db.insert(leadTimes).values([...UK1_LEAD_TIMES]).onConflictDoNothing();
  let inserted = 0;
  let done = 0;
  const total = data.products.length;
  for (let i = 0; i < total; i += CHUNK) {
    const chunk = data.products.slice(i, i + CHUNK);
    const rows = await db
      .insert(stock)
      .values(chunk.map((p) => ({ productId: p.id, warehouseCode: DEFAULT_WAREHOUSE.code, onHand: onHandOf(p.quantityOnHand), updatedAt: now })))
      .onConflictDoNothing()
      .returning({ productId: stock.productId });
    inserted += rows.length;
    done += chunk.length;
    progress(done, total);
  }
  return { warehouses: 1, stock: inserted };
}
