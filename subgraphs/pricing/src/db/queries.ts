import { and, asc, inArray } from 'drizzle-orm';
import type { Database, Transaction } from '@emporium/kit';
import type * as schema from './schema.ts';
import { prices } from './schema.ts';

type Db = Database<typeof schema> | Transaction<typeof schema>;

/** A stored price row. */
export type PriceRow = typeof prices.$inferSelect;

/** A (product, currency) pair a price is looked up by. */
export interface PriceKey {
  productId: string;
  currency: string;
}

/**
 * Prices for the given (product, currency) pairs — one statement for any number of keys. It reads the cross product
 * of the ids and currencies (in practice one currency per request); callers match rows to keys.
 */
export function findPrices(db: Db, keys: readonly PriceKey[]): Promise<PriceRow[]> {
  if (keys.length === 0) return Promise.resolve([]);
  const ids = [...new Set(keys.map((k) => k.productId))];
  const currencies = [...new Set(keys.map((k) => k.currency))];
  return db
    .select()
    .from(prices)
    .where(and(inArray(prices.productId, ids), inArray(prices.currency, currencies)));
}

/** Currencies that have at least one price, alphabetically. */
export async function distinctCurrencies(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ currency: prices.currency }).from(prices).orderBy(asc(prices.currency));
  return rows.map((r) => r.currency);
}

/** The given prices locked for update until the transaction ends (the cross product of ids and currencies). */
export function lockPrices(tx: Transaction<typeof schema>, keys: readonly PriceKey[]) {
  const ids = [...new Set(keys.map((k) => k.productId))];
  const currencies = [...new Set(keys.map((k) => k.currency))];
  return tx
    .select()
    .from(prices)
    .where(and(inArray(prices.productId, ids), inArray(prices.currency, currencies)))
    .for('update');
}
