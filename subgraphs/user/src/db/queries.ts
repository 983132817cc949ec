import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import type { AddressModel, PreferencesModel, SavedDealModel, UserModel, WishlistItemModel } from '../models.ts';
import type * as schema from './schema.ts';
import { addresses, preferences, savedDeals, users, wishlistItems } from './schema.ts';

type Db = Database<typeof schema>;

/** Users by id — one statement for any number of ids. */
export function findUsersByIds(db: Db, ids: readonly string[]): Promise<UserModel[]> {
  return ids.length === 0 ? Promise.resolve([]) : db.select().from(users).where(inArray(users.id, [...ids]));
}

/** The live (not deleted) account with this normalised email, if any. */
export async function findUserByEmail(db: Db, email: string): Promise<UserModel | null> {
  const [row] = await db.select().from(users).where(and(eq(users.email, email), isNull(users.deletedAt))).limit(1);
  return row ?? null;
}

/** Addresses of several users, default first then oldest first — one statement. */
export function findAddressesOfUsers(db: Db, userIds: readonly string[]): Promise<AddressModel[]> {
  return userIds.length === 0
    ? Promise.resolve([])
    : db.select().from(addresses).where(inArray(addresses.userId, [...userIds])).orderBy(desc(addresses.isDefault), addresses.createdAt, addresses.id);
}

/** Preferences of several users — one statement. */
export function findPreferencesOfUsers(db: Db, userIds: readonly string[]): Promise<PreferencesModel[]> {
  return userIds.length === 0 ? Promise.resolve([]) : db.select().from(preferences).where(inArray(preferences.userId, [...userIds]));
}

/** Which of `productIds` are on the user's wishlist — one statement for any number of products. */
export function findWishlisted(db: Db, userId: string, productIds: readonly string[]): Promise<{ productId: string }[]> {
  return productIds.length === 0
    ? Promise.resolve([])
    : db
        .select({ productId: wishlistItems.productId })
        .from(wishlistItems)
        .where(and(eq(wishlistItems.userId, userId), inArray(wishlistItems.productId, [...productIds])));
}

/** A page of the user's wishlist, newest first (keyset on added_at, product_id), plus the total. */
export async function wishlistPage(
  db: Db,
  userId: string,
  first: number,
  after: { at: Date; id: string } | null,
): Promise<{ rows: WishlistItemModel[]; total: number }> {
  const position = after
    ? or(lt(wishlistItems.addedAt, after.at), and(eq(wishlistItems.addedAt, after.at), lt(wishlistItems.productId, after.id)))
    : undefined;
  const [rows, [count]] = await Promise.all([
    first === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(wishlistItems)
          .where(and(eq(wishlistItems.userId, userId), position))
          .orderBy(desc(wishlistItems.addedAt), desc(wishlistItems.productId))
          .limit(first + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(wishlistItems).where(eq(wishlistItems.userId, userId)),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** A page of the user's saved deals, newest first (keyset on saved_at, deal_id), plus the total. */
export async function savedDealsPage(
  db: Db,
  userId: string,
  first: number,
  after: { at: Date; id: string } | null,
): Promise<{ rows: SavedDealModel[]; total: number }> {
  const position = after
    ? or(lt(savedDeals.savedAt, after.at), and(eq(savedDeals.savedAt, after.at), lt(savedDeals.dealId, after.id)))
    : undefined;
  const [rows, [count]] = await Promise.all([
    first === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(savedDeals)
          .where(and(eq(savedDeals.userId, userId), position))
          .orderBy(desc(savedDeals.savedAt), desc(savedDeals.dealId))
          .limit(first + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(savedDeals).where(eq(savedDeals.userId, userId)),
  ]);
  return { rows, total: count?.n ?? 0 };
}
