import { rowLoader } from '@emporium/kit';
import { availableByProduct } from './db/queries.ts';
import type { InventoryRuntime } from './runtime.ts';

/** A fresh set of DataLoaders for one request: availability of N products costs one SQL statement. */
export function createLoaders(rt: InventoryRuntime) {
  const db = rt.db.db;
  return {
    availableByProductId: rowLoader((ids: readonly string[]) => availableByProduct(db, ids), (r) => r.productId),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
