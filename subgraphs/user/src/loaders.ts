import { isUuid, listLoader, rowLoader, type Identity } from '@emporium/kit';
import { findAddressesOfUsers, findPreferencesOfUsers, findUsersByIds, findWishlisted } from './db/queries.ts';
import type { UserRuntime } from './runtime.ts';

/** A fresh set of DataLoaders for one request: N keys of one kind cost one SQL statement. */
export function createLoaders(rt: UserRuntime, identity: Identity) {
  const db = rt.db.db;
  const callerId = isUuid(identity.user?.id) ? identity.user.id.toLowerCase() : null;
  return {
    userById: rowLoader((ids: readonly string[]) => findUsersByIds(db, ids), (u) => u.id),
    addressesByUser: listLoader((ids: readonly string[]) => findAddressesOfUsers(db, ids), (a) => a.userId),
    preferencesByUser: rowLoader((ids: readonly string[]) => findPreferencesOfUsers(db, ids), (p) => p.userId),
    /** Products on the CALLER's wishlist (the caller comes from the verified token, never from the request). */
    wishlisted: rowLoader(
      (productIds: readonly string[]) => (callerId ? findWishlisted(db, callerId, productIds) : Promise.resolve([])),
      (r) => r.productId,
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
