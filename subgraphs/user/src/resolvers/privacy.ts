import { and, desc, eq, isNull, or } from 'drizzle-orm';
import { validateEventPayload } from '@emporium/events';
import { badInput, enqueueEvent, notFound } from '@emporium/kit';
import { verifyPassword } from '../auth/passwords.ts';
import type { Context } from '../context.ts';
import {
  addresses,
  apiKeys,
  mailOutbox,
  outbox,
  passwordResetTokens,
  preferences,
  savedDeals,
  sessions,
  users,
  wishlistItems,
} from '../db/schema.ts';
import { enqueueDealsSaved } from '../events.ts';
import type { UserModel } from '../models.ts';
import type { MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.ts';
import * as v from '../validate.ts';
import { accountKey, consumeAttempts, loadCaller, requireAdmin } from './shared.ts';

/** The display name a deleted account keeps (its row stays as a tombstone so references still resolve). */
export const DELETED_DISPLAY_NAME = 'Deleted user';

/**
 * Everything the user subgraph stores about one user, as a plain object (format `emporium.user-export.v1`). Secrets
 * are left out — password hash, token hashes, API key hashes — but their existence and times are included.
 */
export async function exportUserData(ctx: Context, user: UserModel) {
  const db = ctx.rt.db.db;
  const id = user.id;
  const [addressRows, prefRows, wishRows, dealRows, sessionRows, resetRows, mailRows, keyRows] = await Promise.all([
    db.select().from(addresses).where(eq(addresses.userId, id)).orderBy(addresses.createdAt, addresses.id),
    db.select().from(preferences).where(eq(preferences.userId, id)),
    db.select().from(wishlistItems).where(eq(wishlistItems.userId, id)).orderBy(desc(wishlistItems.addedAt), wishlistItems.productId),
    db.select().from(savedDeals).where(eq(savedDeals.userId, id)).orderBy(desc(savedDeals.savedAt), savedDeals.dealId),
    db.select().from(sessions).where(eq(sessions.userId, id)).orderBy(desc(sessions.createdAt), sessions.id),
    db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, id)).orderBy(desc(passwordResetTokens.createdAt)),
    user.email ? db.select().from(mailOutbox).where(eq(mailOutbox.recipient, user.email)).orderBy(desc(mailOutbox.seq)) : Promise.resolve([]),
    db.select().from(apiKeys).where(or(eq(apiKeys.ownerId, id), eq(apiKeys.createdBy, id), eq(apiKeys.revokedBy, id))).orderBy(desc(apiKeys.createdAt)),
  ]);
  const p = prefRows[0];
  return {
    format: 'emporium.user-export.v1',
    generatedAt: ctx.rt.clock.now().toISOString(),
    account: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      country: user.country?.trim() ?? null,
      currency: user.currency?.trim() ?? null,
      language: user.language,
      roles: user.roles,
      demoCustomerRef: user.customerRef,
      hasPassword: user.passwordHash !== null,
      passwordChangedAt: user.passwordChangedAt,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    },
    addresses: addressRows.map(({ userId: _u, ...a }) => ({ ...a, country: a.country.trim() })),
    preferences: p
      ? {
          categories: p.categories,
          priceRange: p.priceMin === null ? null : { min: p.priceMin, max: p.priceMax, currency: p.priceCurrency?.trim() },
          discountSensitivity: p.discountSensitivity,
          activeHours: p.activeHours,
          source: p.source,
          updatedAt: p.updatedAt,
        }
      : null,
    wishlist: wishRows.map((w) => ({ productId: w.productId, addedAt: w.addedAt })),
    savedDeals: dealRows.map((d) => ({
      dealId: d.dealId,
      targetPrice: d.targetAmount === null ? null : { amount: d.targetAmount, currency: d.targetCurrency?.trim() },
      savedAt: d.savedAt,
    })),
    sessions: sessionRows.map(({ userId: _u, ...s }) => s),
    passwordResetRequests: resetRows.map((r) => ({ createdAt: r.createdAt, expiresAt: r.expiresAt, usedAt: r.usedAt })),
    mail: mailRows.map((m) => ({ subject: m.subject, kind: m.kind, text: m.body, createdAt: m.createdAt })),
    apiKeys: keyRows.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      scopes: k.scopes,
      registeredOperationsOnly: k.registeredOperationsOnly,
      relation: [k.ownerId === id ? 'owner' : null, k.createdBy === id ? 'issued' : null, k.revokedBy === id ? 'revoked' : null].filter(Boolean),
      createdAt: k.createdAt,
      expiresAt: k.expiresAt,
      revokedAt: k.revokedAt,
      lastUsedAt: k.lastUsedAt,
    })),
  };
}

/**
 * Erases a user's personal data in ONE transaction and publishes `user.deleted` through the outbox: addresses,
 * preferences, wishlist, saved deals, sessions (and their refresh tokens), reset tokens and sandbox mail are deleted;
 * API keys the user owns are revoked and detached; the account row keeps only its id, "Deleted user", its roles
 * emptied, `createdAt` and `deletedAt` (a tombstone, so orders and reviews that reference the id still resolve).
 * Every saved deal removed also publishes a `deal.saved` with `saved: false`, so the deal's save count drops.
 */
export async function eraseUser(ctx: Context, user: UserModel, requestedBy: 'self' | 'admin'): Promise<Date> {
  const now = ctx.rt.clock.now();
  await ctx.rt.db.db.transaction(async (tx) => {
    const id = user.id;
    await tx.delete(addresses).where(eq(addresses.userId, id));
    await tx.delete(preferences).where(eq(preferences.userId, id));
    await tx.delete(wishlistItems).where(eq(wishlistItems.userId, id));
    // Each removed saved deal is an unsave for the deal subgraph's popularity counts.
    const unsaved = await tx.delete(savedDeals).where(eq(savedDeals.userId, id)).returning({ dealId: savedDeals.dealId });
    await enqueueDealsSaved(tx, id, unsaved.map((r) => r.dealId), false, now);
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, id));
    if (user.email) await tx.delete(mailOutbox).where(eq(mailOutbox.recipient, user.email));
    await tx.update(apiKeys).set({ revokedAt: now, revokedBy: id }).where(and(eq(apiKeys.ownerId, id), isNull(apiKeys.revokedAt)));
    await tx.update(apiKeys).set({ ownerId: null }).where(eq(apiKeys.ownerId, id));
    await tx
      .update(users)
      .set({
        email: null,
        customerRef: null,
        displayName: DELETED_DISPLAY_NAME,
        country: null,
        currency: null,
        language: null,
        roles: [],
        passwordHash: null,
        passwordChangedAt: null,
        updatedAt: now,
        deletedAt: now,
      })
      .where(eq(users.id, id));
    await enqueueEvent(tx, outbox, { type: 'user.deleted', source: 'user', occurredAt: now, payload: { userId: id, requestedBy } }, validateEventPayload);
  });
  ctx.services.eventsEnqueued();
  return now;
}

export const privacyQueries: Pick<QueryResolvers<Context>, 'exportMyData'> = {
  async exportMyData(_root, _args, ctx) {
    const user = await loadCaller(ctx);
    const data = await exportUserData(ctx, user);
    return { generatedAt: data.generatedAt, json: JSON.stringify(data, null, 2) };
  },
};

export const privacyMutations: Pick<MutationResolvers<Context>, 'deleteMyAccount' | 'deleteUser'> = {
  async deleteUser(_root, { userId }, ctx) {
    const adminId = await requireAdmin(ctx);
    const target = v.uuid(userId, 'userId');
    if (target === adminId) throw badInput('Delete your own account with deleteMyAccount.', 'userId');
    const [user] = await ctx.rt.db.db.select().from(users).where(and(eq(users.id, target), isNull(users.deletedAt)));
    if (!user) throw notFound(`No user ${target}.`);
    const deletedAt = await eraseUser(ctx, user, 'admin');
    ctx.log.info({ adminId, userId: target }, 'account deleted by an admin');
    return { userId: target, deletedAt };
  },

  async deleteMyAccount(_root, { password }, ctx) {
    const user = await loadCaller(ctx);
    if (user.passwordHash !== null) {
      const limited = await consumeAttempts(ctx, [[`signin:account:${accountKey(user.email ?? user.id)}`, ctx.services.limits.signInPerAccount]]);
      if (limited) return limited;
      if (!password || password.length > 1024 || !(await verifyPassword(password, user.passwordHash))) {
        return { __typename: 'WrongPassword', message: 'The password is not correct.' };
      }
    }
    const deletedAt = await eraseUser(ctx, user, 'self');
    ctx.log.info({ userId: user.id }, 'account deleted');
    return { __typename: 'AccountDeleted', userId: user.id, deletedAt };
  },
};
