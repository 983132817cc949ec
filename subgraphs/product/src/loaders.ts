import { listLoader, rowLoader } from '@emporium/kit';
import { childCategories, findBrandsByIds, findCategoriesByIds, findProductsByIds } from './db/queries.ts';
import { ratingsOf } from './reviews.ts';
import type { ProductRuntime } from './runtime.ts';

/** A fresh set of DataLoaders for one request: N products by id cost one SQL statement. */
export function createLoaders(rt: ProductRuntime) {
  const db = rt.db.db;
  return {
    productById: rowLoader((ids: readonly string[]) => findProductsByIds(db, ids), (p) => p.id),
    categoryById: rowLoader((ids: readonly string[]) => findCategoriesByIds(db, ids), (c) => c.id),
    brandById: rowLoader((ids: readonly string[]) => findBrandsByIds(db, ids), (b) => b.id),
    ratingByProduct: rowLoader((ids: readonly string[]) => ratingsOf(db, ids), (r) => r.productId),
    categoryChildren: listLoader((ids: readonly string[]) => childCategories(db, ids), (c) => c.parentId ?? ''),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
