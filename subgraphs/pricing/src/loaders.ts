import { rowLoader } from '@emporium/kit';
import { offeredCurrencies } from './currencies.ts';
import { findPrices, type PriceKey } from './db/queries.ts';
import type { PricingRuntime } from './runtime.ts';

/**
 * A fresh set of loaders for one request: prices of N products cost one SQL statement (keyed `productId|currency`),
 * and the offered currencies are read at most once per request (from the 60 s cache when warm).
 */
export function createLoaders(rt: PricingRuntime) {
  const db = rt.db.db;
  let currencies: Promise<string[]> | undefined;
  return {
    price: rowLoader(
      (keys: readonly PriceKey[]) => findPrices(db, keys),
      (r) => `${r.productId}|${r.currency}`,
      (k) => `${k.productId}|${k.currency}`,
    ),
    offeredCurrencies: () => (currencies ??= offeredCurrencies(rt)),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
