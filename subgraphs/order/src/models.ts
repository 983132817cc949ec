import type { QuoteData } from './checkout/commands.ts';
import type { cartLines, carts, orderLines, orders } from './db/schema.ts';

/** A cart row as resolvers see it (ownership is checked before one is returned). */
export type CartModel = typeof carts.$inferSelect;
/** A cart line row as resolvers see it. */
export type CartLineModel = typeof cartLines.$inferSelect;
/** An order row (ownership is checked before one is returned). */
export type OrderModel = typeof orders.$inferSelect;
/** An order line with its order's currency (for Money fields). */
export type OrderLineModel = typeof orderLines.$inferSelect & { currency: string; locale: string };
/** A cart's totals: the pricing quote and the locale amounts are formatted for. */
export interface CartTotalsModel {
  quote: QuoteData;
  locale: string;
}
/** An amount as resolvers return it; `formatted` is computed for `locale` only when asked for. */
export interface MoneyModel {
  amount: number;
  currency: string;
  locale: string;
}
/** A User reference (the order subgraph adds `orders`). */
export interface UserRefModel {
  id: string;
}
