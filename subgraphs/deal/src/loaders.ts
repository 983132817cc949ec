import { listLoader, rowLoader } from '@emporium/kit';
import { findDealsByIds, findMerchantsByIds, liveDealsForProducts } from './db/queries.ts';
import { liveDealsOfGroups } from './db/search.ts';
import type { DealModel } from './models.ts';
import type { DealRuntime } from './runtime.ts';

/** Live deals of one product, at most `first`. */
export interface ProductDealsKey {
  productId: string;
  first: number;
}

const keyOf = (k: ProductDealsKey) => `${k.productId}|${k.first}`;

/** The live deals of many products: one statement per distinct `first` (in practice one per field batch). */
async function batchLiveDeals(rt: DealRuntime, keys: readonly ProductDealsKey[]): Promise<{ key: string; deal: DealModel }[]> {
  const byFirst = new Map<number, string[]>();
  for (const k of keys) byFirst.set(k.first, [...(byFirst.get(k.first) ?? []), k.productId]);
  const now = rt.clock.now();
  const groups = await Promise.all(
    [...byFirst].map(async ([first, ids]) =>
      (await liveDealsForProducts(rt.db.db, ids, first, now)).map((deal) => ({ key: `${deal.productId}|${first}`, deal })),
    ),
  );
  return groups.flat();
}

/** Live deals of one duplicate group, most trusted first, at most `first`. */
export interface GroupDealsKey {
  groupId: string;
  first: number;
}

/** The live deals of many groups: one statement per distinct `first`. */
async function batchGroupDeals(rt: DealRuntime, keys: readonly GroupDealsKey[]): Promise<{ key: string; deal: DealModel }[]> {
  const byFirst = new Map<number, string[]>();
  for (const k of keys) byFirst.set(k.first, [...(byFirst.get(k.first) ?? []), k.groupId]);
  const now = rt.clock.now();
  const groups = await Promise.all(
    [...byFirst].map(async ([first, ids]) => (await liveDealsOfGroups(rt.db.db, ids, first, now)).map((deal) => ({ key: `${deal.groupId}|${first}`, deal }))),
  );
  return groups.flat();
}

/** A fresh set of DataLoaders for one request: N deals, merchants or products' deal lists cost one SQL statement. */
export function createLoaders(rt: DealRuntime) {
  const db = rt.db.db;
  return {
    dealById: rowLoader((ids: readonly string[]) => findDealsByIds(db, ids), (d) => d.id),
    merchantById: rowLoader((ids: readonly string[]) => findMerchantsByIds(db, ids), (m) => m.id),
    liveDeals: listLoader((keys: readonly ProductDealsKey[]) => batchLiveDeals(rt, keys), (r) => r.key, keyOf),
    groupDeals: {
      inner: listLoader((keys: readonly GroupDealsKey[]) => batchGroupDeals(rt, keys), (r) => r.key, (k) => `${k.groupId}|${k.first}`),
      load(key: GroupDealsKey): Promise<DealModel[]> {
        return this.inner.load(key).then((rows) => rows.map((r) => r.deal));
      },
    },
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
