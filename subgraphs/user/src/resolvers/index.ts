import { isUuid, type Identity } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import type { UserModel } from '../models.ts';

/**
 * True when the caller may see the private fields of `user`: the user themself, an admin, or a service calling on its
 * own behalf. The gateway's service token only vouches for the end user's session (it is sent with every forwarded
 * request), so it grants nothing by itself.
 */
export function canSeePrivate(identity: Identity, user: UserModel): boolean {
  if (identity.service !== null && identity.service !== 'gateway') return true;
  const caller = identity.user;
  return caller !== null && (caller.id === user.id || caller.roles.includes('admin'));
}

/** Resolvers of the user subgraph. */
export const resolvers: Resolvers = {
  Query: {
    me(_root, _args, ctx) {
      const id = ctx.identity.user?.id;
      return id !== undefined && isUuid(id) ? ctx.loaders.userById.load(id.toLowerCase()) : null;
    },
  },
  User: {
    __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.loaders.userById.load(ref.id.toLowerCase()) : null),
    email: (u, _args, ctx) => (canSeePrivate(ctx.identity, u) ? u.email : null),
    country: (u, _args, ctx) => (canSeePrivate(ctx.identity, u) ? (u.country?.trim() ?? null) : null),
    createdAt: (u, _args, ctx) => (canSeePrivate(ctx.identity, u) ? u.createdAt : null),
  },
};
