import DataLoader from 'dataloader';
import { listLoader, rowLoader } from '@emporium/kit';
import type { Commands, QuoteData } from './checkout/commands.ts';
import { pricingLines } from './checkout/saga.ts';
import { findCartsByIds, findHistoryByOrderIds, findLinesByCartIds, findLinesByOrderIds, findOrdersByIds } from './db/queries.ts';
import type { CartModel } from './models.ts';
import type { OrderRuntime } from './runtime.ts';

/**
 * A fresh set of DataLoaders for one request: N carts, their lines, N orders, their lines or histories cost one SQL
 * statement each. `cartQuote` prices a cart once per request (one call to pricing per cart).
 */
export function createLoaders(rt: OrderRuntime, commands: Commands) {
  const db = rt.db.db;
  const cartLines = listLoader((ids: readonly string[]) => findLinesByCartIds(db, ids), (l) => l.cartId);
  return {
    cartById: rowLoader((ids: readonly string[]) => findCartsByIds(db, ids), (c) => c.id),
    cartLines,
    orderById: rowLoader((ids: readonly string[]) => findOrdersByIds(db, ids), (o) => o.id),
    orderLines: listLoader((ids: readonly string[]) => findLinesByOrderIds(db, ids), (l) => l.orderId),
    orderHistory: listLoader((ids: readonly string[]) => findHistoryByOrderIds(db, ids), (h) => h.orderId),
    /** A cart priced now for a destination and currency: one call to pricing per cart and request. */
    cartQuote: new DataLoader<{ cart: CartModel; country: string; currency: string }, QuoteData | null, string>(
      (keys) =>
        Promise.all(
          keys.map(async ({ cart, country, currency }) => {
            const lines = await cartLines.load(cart.id);
            if (lines.length === 0) return null;
            return commands.quote(await pricingLines(db, lines), country, currency, cart.promoCodes);
          }),
        ),
      { cacheKeyFn: (k) => k.cart.id, batchScheduleFn: (cb) => setImmediate(cb) },
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
