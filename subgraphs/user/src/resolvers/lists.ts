import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { badInput, decodeCursor, encodeCursor, isCurrency, pageSize } from '@emporium/kit';
import { MAX_SAVED_DEALS, MAX_WISHLIST } from '../config.ts';
import type { Context } from '../context.ts';
import { savedDealsPage, wishlistPage } from '../db/queries.ts';
import { savedDeals, wishlistItems } from '../db/schema.ts';
import { enqueueDealsSaved } from '../events.ts';
import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import * as v from '../validate.ts';
import { callerId, loadCaller } from './shared.ts';

/** Reads an `after` cursor of a (timestamp, id) keyset. */
export function timeCursor(after: string | null | undefined): { at: Date; id: string } | null {
  if (!after) return null;
  const [at, id] = decodeCursor(after, 2);
  const date = new Date(String(at));
  if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw badInput('after is not a valid cursor.', 'after');
  return { at: date, id };
}

/** A Relay connection from a page fetched with one extra row. */
export function connection<T>(rows: T[], first: number, total: number, hasPrevious: boolean, cursorOf: (row: T) => string) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    totalCount: total,
    pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: hasPrevious, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export async function wishlistConnection(ctx: Context, userId: string, first: number | null | undefined, after: string | null | undefined) {
  const n = pageSize(first, 24, 100);
  const position = timeCursor(after);
  const { rows, total } = await wishlistPage(ctx.rt.db.db, userId, n, position);
  return connection(rows, n, total, position !== null, (r) => encodeCursor([r.addedAt.toISOString(), r.productId]));
}

export async function savedDealsConnection(ctx: Context, userId: string, first: number | null | undefined, after: string | null | undefined) {
  const n = pageSize(first, 24, 100);
  const position = timeCursor(after);
  const { rows, total } = await savedDealsPage(ctx.rt.db.db, userId, n, position);
  return connection(rows, n, total, position !== null, (r) => encodeCursor([r.savedAt.toISOString(), r.dealId]));
}

export const listMutations: Pick<MutationResolvers<Context>, 'addToWishlist' | 'removeFromWishlist' | 'saveDeal' | 'unsaveDeal'> = {
  async addToWishlist(_root, { productId }, ctx) {
    const user = await loadCaller(ctx);
    const pid = v.uuid(productId, 'productId');
    const now = ctx.rt.clock.now();
    // One statement: insert unless already there or the list is full.
    const [added] = await ctx.rt.db.db
      .insert(wishlistItems)
      .select(
        sql`select ${user.id}::uuid, ${pid}::uuid, ${now.toISOString()}::timestamptz where (select count(*) from ${wishlistItems} where ${wishlistItems.userId} = ${user.id}) < ${MAX_WISHLIST}`,
      )
      .onConflictDoNothing()
      .returning();
    if (added) return added;
    const [existing] = await ctx.rt.db.db.select().from(wishlistItems).where(and(eq(wishlistItems.userId, user.id), eq(wishlistItems.productId, pid)));
    if (existing) return existing;
    throw badInput(`Your wishlist is full (${MAX_WISHLIST} products); remove one first.`, 'productId');
  },

  async removeFromWishlist(_root, { productId }, ctx) {
    const userId = callerId(ctx.identity);
    const pid = v.uuid(productId, 'productId');
    const removed = await ctx.rt.db.db
      .delete(wishlistItems)
      .where(and(eq(wishlistItems.userId, userId), eq(wishlistItems.productId, pid)))
      .returning({ productId: wishlistItems.productId });
    return removed.length > 0;
  },

  async saveDeal(_root, { dealId, targetPrice }, ctx) {
    const user = await loadCaller(ctx);
    const did = v.uuid(dealId, 'dealId');
    let targetAmount: number | null = null;
    let targetCurrency: string | null = null;
    if (targetPrice) {
      if (!Number.isSafeInteger(targetPrice.amount) || targetPrice.amount <= 0) throw badInput('targetPrice.amount must be a positive whole number of minor units.', 'targetPrice.amount');
      const code = targetPrice.currency.trim().toUpperCase();
      if (!isCurrency(code)) throw badInput(`targetPrice.currency must be an ISO 4217 currency code such as GBP, got "${targetPrice.currency}".`, 'targetPrice.currency');
      targetAmount = targetPrice.amount;
      targetCurrency = code;
    }
    const now = ctx.rt.clock.now();
    // One statement inserts or replaces the target price (unless the list is full); `xmax = 0` tells an insert from an
    // update, and only an insert is a change the deal subgraph counts (`deal.saved`, in the same transaction).
    const saved = await ctx.rt.db.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(savedDeals)
        .select(
          sql`select ${user.id}::uuid, ${did}::uuid, ${targetAmount}::bigint, ${targetCurrency}::char(3), ${now.toISOString()}::timestamptz where (select count(*) from ${savedDeals} where ${savedDeals.userId} = ${user.id}) < ${MAX_SAVED_DEALS} or exists (select 1 from ${savedDeals} where ${savedDeals.userId} = ${user.id} and ${savedDeals.dealId} = ${did})`,
        )
        .onConflictDoUpdate({ target: [savedDeals.userId, savedDeals.dealId], set: { targetAmount: sql`excluded.target_amount`, targetCurrency: sql`excluded.target_currency` } })
        .returning({ ...getTableColumns(savedDeals), inserted: sql<boolean>`(xmax = 0)` });
      if (!row) return null;
      const { inserted, ...rest } = row;
      if (inserted) await enqueueDealsSaved(tx, user.id, [did], true, now);
      return { row: rest, inserted };
    });
    if (saved) {
      if (saved.inserted) ctx.services.eventsEnqueued();
      return saved.row;
    }
    throw badInput(`You have saved ${MAX_SAVED_DEALS} deals; forget one first.`, 'dealId');
  },

  async unsaveDeal(_root, { dealId }, ctx) {
    const userId = callerId(ctx.identity);
    const did = v.uuid(dealId, 'dealId');
    const now = ctx.rt.clock.now();
    const removed = await ctx.rt.db.db.transaction(async (tx) => {
      const rows = await tx
        .delete(savedDeals)
        .where(and(eq(savedDeals.userId, userId), eq(savedDeals.dealId, did)))
        .returning({ dealId: savedDeals.dealId });
      await enqueueDealsSaved(tx, userId, rows.map((r) => r.dealId), false, now);
      return rows.length > 0;
    });
    if (removed) ctx.services.eventsEnqueued();
    return removed;
  },
};
