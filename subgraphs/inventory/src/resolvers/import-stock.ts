import { badInput, isUuid, requireService } from '@emporium/kit';
import { sql } from 'drizzle-orm';
import type { StockImportItem } from '../__generated__/resolvers-types.ts';
import type { Context } from '../context.ts';
import { existingWarehouseCodes, lockStockRows } from '../db/queries.ts';
import { stock } from '../db/schema.ts';
import { enqueueStockChanged } from '../events.ts';
import { DEFAULT_WAREHOUSE } from '../warehouse.ts';

/** Most items one `importStock` call accepts. */
export const MAX_IMPORT_ITEMS = 1000;
const INT_MAX = 2_147_483_647;

/** A validated import line: lower-case product UUID, warehouse code, on-hand units. */
export interface StockLine {
  productId: string;
  warehouseCode: string;
  quantityOnHand: number;
}

/**
 * Checks an import: at most {@link MAX_IMPORT_ITEMS} items, UUID product ids, whole non-negative quantities and each
 * (product, warehouse) at most once; the warehouse defaults to UK-1. Throws BAD_USER_INPUT naming the first bad item.
 */
export function validateStockItems(items: readonly StockImportItem[]): StockLine[] {
  if (items.length > MAX_IMPORT_ITEMS) throw badInput(`At most ${MAX_IMPORT_ITEMS} items per import, got ${items.length}.`, 'items');
  const seen = new Set<string>();
  return items.map((item, i) => {
    if (!isUuid(item.productId)) throw badInput(`items[${i}].productId must be a UUID, got "${item.productId}".`, `items.${i}.productId`);
    const q = item.quantityOnHand;
    if (!Number.isInteger(q) || q < 0 || q > INT_MAX) {
      throw badInput(`items[${i}].quantityOnHand must be a whole number ≥ 0, got ${q}.`, `items.${i}.quantityOnHand`);
    }
    const productId = item.productId.toLowerCase();
    const warehouseCode = item.warehouseCode?.trim() || DEFAULT_WAREHOUSE.code;
    const key = `${productId}|${warehouseCode}`;
    if (seen.has(key)) throw badInput(`items[${i}] repeats product ${productId} in warehouse ${warehouseCode}.`, `items.${i}`);
    seen.add(key);
    return { productId, warehouseCode, quantityOnHand: q };
  });
}

/**
 * Sets on-hand stock (service callers only). In ONE transaction: rejects unknown warehouses and quantities below the
 * units already reserved or committed, upserts the rows whose on-hand changes, and enqueues one `stock.changed` event
 * per affected product with its new availability. Returns how many stock rows changed (unchanged rows emit nothing).
 */
export async function importStock(ctx: Context, items: readonly StockImportItem[]): Promise<{ updated: number }> {
  requireService(ctx.identity);
  const lines = validateStockItems(items);
  if (lines.length === 0) return { updated: 0 };
  const now = ctx.rt.clock.now();
  const updated = await ctx.rt.db.db.transaction(async (tx) => {
    const codes = [...new Set(lines.map((l) => l.warehouseCode))];
    const known = await existingWarehouseCodes(tx, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0) throw badInput(`Unknown warehouse ${unknown.join(', ')}.`, 'items');

    const current = await lockStockRows(tx, [...new Set(lines.map((l) => l.productId))], codes);
    const byKey = new Map(current.map((r) => [`${r.productId}|${r.warehouseCode}`, r]));
    const changed = lines.filter((l) => {
      const row = byKey.get(`${l.productId}|${l.warehouseCode}`);
      if (row && l.quantityOnHand < row.reserved + row.committed) {
        throw badInput(
          `quantityOnHand ${l.quantityOnHand} for product ${l.productId} in ${l.warehouseCode} is below the ` +
            `${row.reserved + row.committed} units already reserved or committed.`,
          'items',
        );
      }
      return !row || row.onHand !== l.quantityOnHand;
    });
    if (changed.length === 0) return 0;

    await tx
      .insert(stock)
      .values(changed.map((l) => ({ productId: l.productId, warehouseCode: l.warehouseCode, onHand: l.quantityOnHand, updatedAt: now })))
      .onConflictDoUpdate({
        target: [stock.productId, stock.warehouseCode],
        set: { onHand: sql`excluded.on_hand`, updatedAt: sql`excluded.updated_at` },
      });

    await enqueueStockChanged(tx, changed.map((l) => l.productId), now);
    return changed.length;
  });
  if (updated > 0) ctx.eventsEnqueued();
  return { updated };
}
