import { forbidden, formatMoney, isUuid, localeForCountry, pageSize } from '@emporium/kit';
import { normaliseEmail } from '../auth/email.ts';
import type { Context } from '../context.ts';
import { readSandboxOutbox } from '../mailer.ts';
import type { Resolvers, UserRole } from '../__generated__/resolvers-types.ts';
import { apiKeyMutations, apiKeyQueries, apiKeyStatus } from './api-keys.ts';
import { authMutations } from './auth.ts';
import { listMutations, savedDealsConnection, wishlistConnection } from './lists.ts';
import { privacyMutations, privacyQueries } from './privacy.ts';
import { profileMutations } from './profile.ts';
import { canSeePrivate, isTrustedService, requireAdmin } from './shared.ts';

export { canSeePrivate } from './shared.ts';

/** `__resolveType` of the result unions and the problem interface: every result object carries its `__typename`. */
const byTypename = { __resolveType: (obj: { __typename?: string }) => obj.__typename as never };

/** Money for the caller's locale (their country from the token). */
const money = (ctx: Context, amount: number, currency: string) => ({ amount, currency: currency.trim(), locale: localeForCountry(ctx.identity.user?.country) });

/** Resolvers of the user subgraph. */
export const resolvers: Resolvers = {
  Query: {
    async me(_root, _args, ctx) {
      const id = ctx.identity.user?.id;
      if (id === undefined || !isUuid(id)) return null;
      const user = await ctx.loaders.userById.load(id.toLowerCase());
      return user && user.deletedAt === null ? user : null;
    },
    ...privacyQueries,
    ...apiKeyQueries,
    async sandboxMail(_root, args, ctx) {
      if (!isTrustedService(ctx.identity)) {
        if (!ctx.identity.user?.roles.includes('admin')) throw forbidden('Only admins and services may read the sandbox mail outbox.');
        await requireAdmin(ctx);
      }
      return readSandboxOutbox(ctx.rt.db.db, normaliseEmail(args.to), pageSize(args.first, 10, 50));
    },
  },
  Mutation: {
    ...authMutations,
    ...profileMutations,
    ...listMutations,
    ...privacyMutations,
    ...apiKeyMutations,
  },
  User: {
    __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.loaders.userById.load(ref.id.toLowerCase()) : null),
    email: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? u.email : null),
    country: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? (u.country?.trim() ?? null) : null),
    currency: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? (u.currency?.trim() ?? null) : null),
    language: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? u.language : null),
    createdAt: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? u.createdAt : null),
    roles: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? u.roles.map((r) => r.toUpperCase() as UserRole) : null),
    hasPassword: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? u.passwordHash !== null : null),
    addresses: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? ctx.loaders.addressesByUser.load(u.id) : null),
    preferences: (u, _args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? ctx.loaders.preferencesByUser.load(u.id) : null),
    wishlist: (u, args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? wishlistConnection(ctx, u.id, args.first, args.after) : null),
    savedDeals: (u, args, ctx) => (canSeePrivate(ctx.identity, u, ctx.authenticated) ? savedDealsConnection(ctx, u.id, args.first, args.after) : null),
  },
  Address: {
    country: (a) => a.country.trim(),
  },
  Preferences: {
    priceRange: (p, _args, ctx) =>
      p.priceMin === null || p.priceMax === null || p.priceCurrency === null
        ? null
        : { min: money(ctx, p.priceMin, p.priceCurrency), max: money(ctx, p.priceMax, p.priceCurrency) },
    source: (p) => (p.source === 'seed' ? 'SEED' : 'USER'),
  },
  Money: {
    formatted: (m) => formatMoney(m, m.locale),
  },
  WishlistItem: {
    product: (w) => ({ __typename: 'Product', id: w.productId }),
  },
  SavedDeal: {
    deal: (d) => ({ __typename: 'Deal', id: d.dealId }),
    targetPrice: (d, _args, ctx) => (d.targetAmount === null || d.targetCurrency === null ? null : money(ctx, d.targetAmount, d.targetCurrency)),
  },
  Product: {
    __resolveReference: (ref) => ({ __typename: 'Product', id: ref.id }),
    async isWishlisted(p, _args, ctx) {
      if (!ctx.identity.user || !isUuid(p.id)) return false;
      return (await ctx.loaders.wishlisted.load(p.id.toLowerCase())) !== null;
    },
  },
  ApiKey: {
    status: (k, _args, ctx) => apiKeyStatus(k, ctx.rt.clock.now()),
    scopes: (k) => k.scopes as never,
    owner: (k, _args, ctx) => (k.ownerId ? ctx.loaders.userById.load(k.ownerId) : null),
    createdBy: (k, _args, ctx) => (k.createdBy ? ctx.loaders.userById.load(k.createdBy) : null),
  },
  MailMessage: {
    to: (m) => m.recipient,
    text: (m) => m.body,
  },
  AccountProblem: byTypename,
  SignUpResult: byTypename,
  SignInResult: byTypename,
  RefreshSessionResult: byTypename,
  ChangePasswordResult: byTypename,
  ResetPasswordResult: byTypename,
  RequestPasswordResetResult: byTypename,
  DeleteAccountResult: byTypename,
};
