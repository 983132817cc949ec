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
  const quoteInputs = new Map<string, { cart: CartModel; country: string; currency: string }>();
  return {
    cartById: rowLoader((ids: readonly string[]) => findCartsByIds(db, ids), (c) => c.id),
    cartLines,
    orderById: rowLoader((ids: readonly string[]) => findOrdersByIds(db, ids), (o) => o.id),
    orderLines: listLoader((ids: readonly string[]) => findLinesByOrderIds(db, ids), (l) => l.orderId),
    orderHistory: listLoader((ids: readonly string[]) => findHistoryByOrderIds(db, ids), (h) => h.orderId),
    /** The cart priced now, keyed by cart id; the key's cart must be primed with `cartQuoteInput` first. */
    cartQuote: new DataLoader<string, QuoteData | null>(
      (ids) =>
        Promise.all(
          ids.map(async (id) => {
            const input = quoteInputs.get(id);
            if (!input) return null;
            const lines = await cartLines.load(id);
            if (lines.length === 0) return null;
            return commands.quote(await pricingLines(db, lines), input.country, input.currency, input.cart.promoCodes);
          }),
        ),
      { batchScheduleFn: (cb) => setImmediate(cb) },
    ),
    /** Where and in what currency a cart is priced in this request. */
    cartQuoteInput: (cart: CartModel, country: string, currency: string) => quoteInputs.set(cart.id, { cart, country, currency }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
