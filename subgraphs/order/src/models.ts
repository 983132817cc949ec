import type { cartLines, carts } from './db/schema.ts';

/** A cart row as resolvers see it (ownership is checked before one is returned). */
export type CartModel = typeof carts.$inferSelect;
/** A cart line row as resolvers see it. */
export type CartLineModel = typeof cartLines.$inferSelect;
