import DataLoader from 'dataloader';
import { neighbourRows, type KindedNeighbourRow } from './db/queries.ts';
import { DEFAULT_PARAMS } from './engine/params.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** How long a product's neighbour lists stay in rt.cache (the order.placed consumer drops the keys it changes). */
export const NEIGHBOURS_TTL_S = 60;
/** Cache key of a product's neighbour lists (co-purchases and co-views, best {@link DEFAULT_PARAMS}.neighboursPerProduct each). */
export const neighboursKey = (productId: string) => `neighbours:v1:${productId}`;

/**
 * A fresh set of DataLoaders for one request. `neighbours` answers a product's stored co-purchase and co-view
 * neighbours: rt.cache first (one round trip for the whole batch), then ONE SQL statement for every product missing
 * from the cache, whatever `first` each field asked for (the lists are cut afterwards).
 */
export function createLoaders(rt: RecommendationRuntime) {
  const db = rt.db.db;
  const neighbours = new DataLoader<string, KindedNeighbourRow[], string>(
    async (ids) => {
      const cached = await rt.cache.getMany<KindedNeighbourRow[]>(ids.map(neighboursKey));
      const missing = ids.filter((_, k) => cached[k] === undefined);
      const fresh = new Map<string, KindedNeighbourRow[]>(missing.map((id) => [id, []]));
      if (missing.length > 0) {
        for (const row of await neighbourRows(db, missing, DEFAULT_PARAMS.neighboursPerProduct)) fresh.get(row.productId)?.push(row);
        await rt.cache.setMany([...fresh].map(([id, rows]) => ({ key: neighboursKey(id), value: rows, ttlSeconds: NEIGHBOURS_TTL_S })));
      }
      return ids.map((id, k) => cached[k] ?? fresh.get(id) ?? []);
    },
    { maxBatchSize: 1000, batchScheduleFn: (dispatch) => void setImmediate(dispatch) },
  );
  return { neighbours };
}
export type Loaders = ReturnType<typeof createLoaders>;
