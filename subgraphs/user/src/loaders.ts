import { rowLoader } from '@emporium/kit';
import { findUsersByIds } from './db/queries.ts';
import type { UserRuntime } from './runtime.ts';

/** A fresh set of DataLoaders for one request: N users by id cost one SQL statement. */
export function createLoaders(rt: UserRuntime) {
  const db = rt.db.db;
  return {
    userById: rowLoader((ids: readonly string[]) => findUsersByIds(db, ids), (u) => u.id),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
