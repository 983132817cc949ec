import { listLoader, rowLoader } from '@emporium/kit';
import { findCartsByIds, findLinesByCartIds } from './db/queries.ts';
import type { OrderRuntime } from './runtime.ts';

/** A fresh set of DataLoaders for one request: N carts, or the lines of N carts, cost one SQL statement. */
export function createLoaders(rt: OrderRuntime) {
  const db = rt.db.db;
  return {
    cartById: rowLoader((ids: readonly string[]) => findCartsByIds(db, ids), (c) => c.id),
    cartLines: listLoader((ids: readonly string[]) => findLinesByCartIds(db, ids), (l) => l.cartId),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
