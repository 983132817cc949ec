import { enqueueEvents, type Transaction } from '@emporium/kit';
import { validateEventPayload } from '@emporium/events';
import { availableByProduct } from './db/queries.ts';
import type * as schema from './db/schema.ts';
import { outbox } from './db/schema.ts';
import { stockLevelOf } from './stock-level.ts';

/**
 * Enqueues one `stock.changed` event per product in the caller's transaction, with the availability that transaction
 * sees (Σ over all warehouses of on_hand − reserved − committed, never negative). Two statements for any number of
 * products; none for an empty list.
 */
export async function enqueueStockChanged(tx: Transaction<typeof schema>, productIds: readonly string[], now: Date): Promise<number> {
  const ids = [...new Set(productIds)].sort();
  if (ids.length === 0) return 0;
  const available = new Map((await availableByProduct(tx, ids)).map((r) => [r.productId, r.quantityAvailable]));
  await enqueueEvents(
    tx,
    outbox,
    ids.map((productId) => {
      const quantityAvailable = Math.max(0, available.get(productId) ?? 0);
      return {
        type: 'stock.changed',
        source: 'inventory',
        occurredAt: now,
        payload: { productId, quantityAvailable, stockLevel: stockLevelOf(quantityAvailable) },
      };
    }),
    validateEventPayload,
  );
  return ids.length;
}
