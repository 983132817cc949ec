import { and, asc, inArray, sql } from 'drizzle-orm';
import type { Database, Transaction } from '@emporium/kit';
import type * as schema from './schema.ts';
import { stock, warehouses } from './schema.ts';

type Db = Database<typeof schema> | Transaction<typeof schema>;

/** Units available per product: Σ over warehouses of on_hand − reserved − committed. */
export interface AvailableRow {
  productId: string;
  quantityAvailable: number;
}

/**
 * Available units of the given products summed over every warehouse — one statement for any number of ids.
 * Products without a stock row are absent from the result.
 */
export async function availableByProduct(db: Db, productIds: readonly string[]): Promise<AvailableRow[]> {
  if (productIds.length === 0) return [];
  return db
    .select({
      productId: stock.productId,
      quantityAvailable: sql<number>`sum(greatest(${stock.onHand} - ${stock.reserved} - ${stock.committed}, 0))`.mapWith(Number),
    })
    .from(stock)
    .where(inArray(stock.productId, [...productIds]))
    .groupBy(stock.productId);
}

/** Every warehouse, by code. */
export function listWarehouses(db: Db) {
  return db.select().from(warehouses).orderBy(asc(warehouses.code));
}

/** The codes among `codes` that name an existing warehouse. */
export async function existingWarehouseCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: warehouses.code }).from(warehouses).where(inArray(warehouses.code, [...codes]));
  return new Set(rows.map((r) => r.code));
}

/** Stock rows of the given products in the given warehouses, locked for update until the transaction ends. */
export function lockStockRows(tx: Transaction<typeof schema>, productIds: readonly string[], codes: readonly string[]) {
  return tx
    .select()
    .from(stock)
    .where(and(inArray(stock.productId, [...productIds]), inArray(stock.warehouseCode, [...codes])))
    .for('update');
}
