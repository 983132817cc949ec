import { rowLoader } from '@emporium/kit';
import { priceFacts } from './db/queries.ts';
import { fxTable, type FxTable } from './fx.ts';
import type { PricingRuntime } from './runtime.ts';
import { BASE_CURRENCY } from './tax.ts';

/**
 * A fresh set of loaders for one request, all at one instant (`now`): the price facts of N products cost one SQL
 * statement, and the exchange-rate table is read at most once per request (from the 60 s cache when warm).
 */
export function createLoaders(rt: PricingRuntime) {
  const db = rt.db.db;
  const now = rt.clock.now();
  let fx: Promise<FxTable> | undefined;
  return {
    now,
    priceFacts: rowLoader((ids: readonly string[]) => priceFacts(db, ids, BASE_CURRENCY, now), (r) => r.productId),
    fx: () => (fx ??= fxTable(rt)),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
