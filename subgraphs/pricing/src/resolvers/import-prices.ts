import { badInput, enqueueEvents, isUuid, requireService } from '@emporium/kit';
import { validateEventPayload } from '@emporium/events';
import { sql } from 'drizzle-orm';
import type { PriceImportItem } from '../__generated__/resolvers-types.ts';
import { assertCurrency } from '../args.ts';
import type { Context } from '../context.ts';
import { lockPrices, type PriceKey } from '../db/queries.ts';
import { outbox, priceHistory, prices } from '../db/schema.ts';
import { BASE_CURRENCY } from '../tax.ts';

/** Most items one `importPrices` call accepts. */
export const MAX_IMPORT_ITEMS = 1000;

/** A validated import line. */
export interface PriceLine extends PriceKey {
  amount: number;
}

/**
 * Checks an import: at most {@link MAX_IMPORT_ITEMS} items, UUID product ids, positive safe-integer amounts, the
 * currency GBP (base prices are kept in GBP; other currencies are converted, not stored) and each product at most
 * once. Throws BAD_USER_INPUT naming the first bad item.
 */
export function validatePriceItems(items: readonly PriceImportItem[]): PriceLine[] {
  if (items.length > MAX_IMPORT_ITEMS) throw badInput(`At most ${MAX_IMPORT_ITEMS} items per import, got ${items.length}.`, 'items');
  const seen = new Set<string>();
  return items.map((item, i) => {
    if (!isUuid(item.productId)) throw badInput(`items[${i}].productId must be a UUID, got "${item.productId}".`, `items.${i}.productId`);
    if (!Number.isSafeInteger(item.amount) || item.amount <= 0) {
      throw badInput(`items[${i}].amount must be a positive whole number of minor units, got ${item.amount}.`, `items.${i}.amount`);
    }
    const currency = assertCurrency(item.currency, `items.${i}.currency`);
    if (currency !== BASE_CURRENCY) {
      throw badInput(
        `items[${i}].currency must be ${BASE_CURRENCY}: base prices are kept in ${BASE_CURRENCY} and converted with the exchange rates, got ${currency}.`,
        `items.${i}.currency`,
      );
    }
    const productId = item.productId.toLowerCase();
    const key = `${productId}|${currency}`;
    if (seen.has(key)) throw badInput(`items[${i}] repeats product ${productId} in ${currency}.`, `items.${i}`);
    seen.add(key);
    return { productId, currency, amount: item.amount };
  });
}

/**
 * Sets base prices (service callers only). In ONE transaction it upserts the prices whose amount changes, appends a
 * history row valid from now for each, and enqueues one `price.changed` event per changed (product, currency).
 * Returns how many prices changed (re-importing the same amount writes nothing and emits nothing).
 */
export async function importPrices(ctx: Context, items: readonly PriceImportItem[]): Promise<{ updated: number }> {
  requireService(ctx.identity);
  const lines = validatePriceItems(items);
  if (lines.length === 0) return { updated: 0 };
  const now = ctx.rt.clock.now();
  const updated = await ctx.rt.db.db.transaction(async (tx) => {
    const current = new Map((await lockPrices(tx, lines)).map((r) => [`${r.productId}|${r.currency}`, r.amount]));
    const changed = lines.filter((l) => current.get(`${l.productId}|${l.currency}`) !== l.amount);
    if (changed.length === 0) return 0;
    await tx
      .insert(prices)
      .values(changed.map((l) => ({ ...l, updatedAt: now })))
      .onConflictDoUpdate({ target: [prices.productId, prices.currency], set: { amount: sql`excluded.amount`, updatedAt: sql`excluded.updated_at` } });
    await tx
      .insert(priceHistory)
      .values(changed.map((l) => ({ ...l, validFrom: now })))
      .onConflictDoUpdate({ target: [priceHistory.productId, priceHistory.currency, priceHistory.validFrom], set: { amount: sql`excluded.amount` } });
    await enqueueEvents(
      tx,
      outbox,
      changed.map((l) => ({
        type: 'price.changed',
        source: 'pricing',
        occurredAt: now,
        payload: { productId: l.productId, currency: l.currency, amount: l.amount, regularAmount: l.amount, validFrom: now.toISOString(), validUntil: null },
      })),
      validateEventPayload,
    );
    return changed.length;
  });
  if (updated > 0) ctx.eventsEnqueued();
  return { updated };
}
