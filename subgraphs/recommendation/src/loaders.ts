import type DataLoader from 'dataloader';
import { listLoader } from '@emporium/kit';
import { topRecommendations } from './db/queries.ts';
import type { RecommendationModel } from './models.ts';
import type { RecommendationRuntime } from './runtime.ts';

/**
 * A fresh set of DataLoaders for one request. `recommendations(first)` gives the loader for one page size (created
 * on first use), so N products asking for the same `first` cost one SQL statement.
 */
export function createLoaders(rt: RecommendationRuntime) {
  const db = rt.db.db;
  const byFirst = new Map<number, DataLoader<string, RecommendationModel[], string>>();
  return {
    recommendations(first: number): DataLoader<string, RecommendationModel[], string> {
      let loader = byFirst.get(first);
      if (!loader) {
        loader = listLoader((ids: readonly string[]) => topRecommendations(db, ids, first), (r) => r.productId);
        byFirst.set(first, loader);
      }
      return loader;
    },
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
