import { listLoader, rowLoader } from '@emporium/kit';
import { availabilityFor, leadTimesOf, type AvailabilityKey } from './db/queries.ts';
import type { InventoryRuntime } from './runtime.ts';

/**
 * A fresh set of DataLoaders for one request: availability of N products (for any countries) costs one SQL statement,
 * and the lead times of N warehouses another.
 */
export function createLoaders(rt: InventoryRuntime) {
  const db = rt.db.db;
  return {
    availability: rowLoader(
      (keys: readonly AvailabilityKey[]) => availabilityFor(db, keys),
      (r) => `${r.productId}|${r.country}`,
      (k) => `${k.productId}|${k.country}`,
    ),
    leadTimes: listLoader((codes: readonly string[]) => leadTimesOf(db, codes), (r) => r.warehouseCode),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
