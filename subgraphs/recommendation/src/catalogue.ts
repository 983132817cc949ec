/**
 * The in-process catalogue snapshot: every product this subgraph knows, as the typed arrays the strategies read
 * (dense index, content features, order counts, out-of-stock mask). One statement loads it (on the uncounted
 * background handle: it is shared by all requests, not request work); it is reused for `maxAgeMs` and then reloaded
 * while requests keep using the previous snapshot. Consumers call `markStale()` after applying an event, so the next
 * request in this process starts a reload (at most one per second); other replicas catch up within `maxAgeMs`.
 */
import { categoryPathSlugs } from './engine/deal-score.ts';
import { encodeFeatures, type ItemFeatures } from './engine/features.ts';
import { readCatalogue } from './db/queries.ts';
import type { RecommendationRuntime } from './runtime.ts';

export interface Catalogue {
  ids: string[];
  index: Map<string, number>;
  features: ItemFeatures;
  /** Counted orders per product (tie-breaks). */
  orders: Float64Array;
  /** 1 = the inventory reported the product out of stock. */
  outOfStock: Uint8Array;
  /** Leaf category name per product (details), '' when unknown. */
  leafName: string[];
  /** `Category.slug` of each level of the product's category path, top first (deal feed). */
  categorySlugs: string[][];
}

/** How long a snapshot is used before it is reloaded in the background. */
export const CATALOGUE_MAX_AGE_MS = 60_000;

/** A stale snapshot is reloaded at most this often. */
export const CATALOGUE_MIN_RELOAD_MS = 1_000;

export interface CatalogueSource {
  /** The current snapshot; the first call (and the first after `invalidate`) waits for the load. */
  get(): Promise<Catalogue>;
  /** Consumers: the data changed; the next `get()` starts a background reload (at most one per second). */
  markStale(): void;
  /** Drops the snapshot: the next `get()` waits for a fresh one (seed, tests). */
  invalidate(): void;
}

const sources = new WeakMap<RecommendationRuntime, CatalogueSource>();

async function load(rt: RecommendationRuntime): Promise<Catalogue> {
  const rows = await readCatalogue(rt.db.background);
  const ids = rows.map((r) => r.productId);
  return {
    ids,
    index: new Map(ids.map((id, i) => [id, i])),
    features: encodeFeatures(rows),
    orders: Float64Array.from(rows, (r) => r.orders),
    outOfStock: Uint8Array.from(rows, (r) => (r.inStock ? 0 : 1)),
    leafName: rows.map((r) => r.categoryPath.at(-1) ?? ''),
    categorySlugs: rows.map((r) => categoryPathSlugs(r.categoryPath)),
  };
}

/** The runtime's catalogue source (one per runtime). */
export function catalogueOf(rt: RecommendationRuntime, maxAgeMs = CATALOGUE_MAX_AGE_MS): CatalogueSource {
  let source = sources.get(rt);
  if (source) return source;
  let current: { catalogue: Catalogue; loadedAt: number } | null = null;
  /** When the data last changed (markStale); a snapshot loaded before that is stale. */
  let changedAt = -1;
  let loading: { gen: number; promise: Promise<Catalogue> } | null = null;
  let generation = 0;
  const reload = (): Promise<Catalogue> => {
    if (loading && loading.gen === generation) return loading.promise;
    const gen = generation;
    const startedAt = Date.now();
    const promise: Promise<Catalogue> = load(rt)
      .then((catalogue) => {
        if (gen === generation) current = { catalogue, loadedAt: startedAt };
        return catalogue;
      })
      .finally(() => {
        if (loading?.promise === promise) loading = null;
      });
    loading = { gen, promise };
    return promise;
  };
  source = {
    async get() {
      if (!current) return reload();
      const age = Date.now() - current.loadedAt;
      if (!loading && ((changedAt >= current.loadedAt && age >= CATALOGUE_MIN_RELOAD_MS) || age > maxAgeMs)) {
        void reload().catch((err: unknown) => rt.logger.warn({ err }, 'catalogue reload failed'));
      }
      return current.catalogue;
    },
    markStale() {
      changedAt = Date.now();
    },
    invalidate() {
      generation++;
      current = null;
    },
  };
  sources.set(rt, source);
  return source;
}
