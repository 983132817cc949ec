import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import type { CartLineModel, CartModel } from '../models.ts';
import type * as schema from './schema.ts';
import { cartLines, carts, MAX_LINE_QUANTITY, orderLines, orders, orderStatusHistory } from './schema.ts';

type Db = Database<typeof schema>;

/** Carts by id — one statement for any number of ids. */
export function findCartsByIds(db: Db, ids: readonly string[]): Promise<CartModel[]> {
  return ids.length === 0 ? Promise.resolve([]) : db.select().from(carts).where(inArray(carts.id, [...ids]));
}

/** The lines of the given carts in the order they were added — one statement for any number of carts. */
export function findLinesByCartIds(db: Db, cartIds: readonly string[]): Promise<CartLineModel[]> {
  return cartIds.length === 0
    ? Promise.resolve([])
    : db.select().from(cartLines).where(inArray(cartLines.cartId, [...cartIds])).orderBy(asc(cartLines.addedAt), asc(cartLines.id));
}

/** Inserts an empty cart. */
export async function insertCart(db: Db, owner: { userId: string | null; sessionId: string | null }, now: Date): Promise<CartModel> {
  const [cart] = await db.insert(carts).values({ ...owner, createdAt: now, updatedAt: now }).returning();
  if (!cart) throw new Error('insert into carts returned no row');
  return cart;
}

/**
 * Adds `quantity` units of a product to a cart in one transaction: inserts the line or raises its quantity (never
 * above {@link MAX_LINE_QUANTITY}), then touches the cart. Returns the updated cart, or `'limit'` when the line would
 * exceed the maximum (nothing is changed then).
 */
export async function addLine(
  db: Db,
  input: { cartId: string; productId: string; quantity: number },
  now: Date,
): Promise<CartModel | 'limit'> {
  return db.transaction(async (tx) => {
    const line = await tx
      .insert(cartLines)
      .values({ cartId: input.cartId, productId: input.productId, quantity: input.quantity, addedAt: now })
      .onConflictDoUpdate({
        target: [cartLines.cartId, cartLines.productId],
        set: { quantity: sql`${cartLines.quantity} + excluded.quantity` },
        setWhere: sql`${cartLines.quantity} + excluded.quantity <= ${MAX_LINE_QUANTITY}`,
      })
      .returning({ id: cartLines.id });
    if (line.length === 0) return 'limit';
    const [cart] = await tx.update(carts).set({ updatedAt: now }).where(eq(carts.id, input.cartId)).returning();
    if (!cart) throw new Error(`cart ${input.cartId} vanished while adding a line`);
    return cart;
  });
}

/** Orders by id — one statement for any number of ids. */
export function findOrdersByIds(db: Db, ids: readonly string[]) {
  return ids.length === 0 ? Promise.resolve([]) : db.select().from(orders).where(inArray(orders.id, [...ids]));
}

/** The lines of the given orders by line number — one statement. */
export function findLinesByOrderIds(db: Db, ids: readonly string[]) {
  return ids.length === 0
    ? Promise.resolve([])
    : db.select().from(orderLines).where(inArray(orderLines.orderId, [...ids])).orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
}

/** The status history of the given orders, oldest first — one statement. */
export function findHistoryByOrderIds(db: Db, ids: readonly string[]) {
  return ids.length === 0
    ? Promise.resolve([])
    : db.select().from(orderStatusHistory).where(inArray(orderStatusHistory.orderId, [...ids])).orderBy(asc(orderStatusHistory.at), asc(orderStatusHistory.id));
}

/**
 * A user's orders newest first after the keyset position `after` ([placedAt ISO, id]), `limit` rows, and their total
 * count — two statements.
 */
export async function findOrdersOfUser(db: Db, userId: string, limit: number, after: [string, string] | null) {
  const keyset = after ? sql`(${orders.placedAt}, ${orders.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined;
  const rows = await db
    .select()
    .from(orders)
    .where(and(eq(orders.userId, userId), keyset))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit + 1);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(orders).where(eq(orders.userId, userId));
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, totalCount: count?.n ?? 0 };
}

/** Sets cart fields and touches the cart; returns it. */
export async function updateCart(
  db: Db,
  cartId: string,
  set: Partial<Pick<CartModel, 'shippingAddress' | 'email' | 'promoCodes'>>,
  now: Date,
): Promise<CartModel> {
  const [cart] = await db.update(carts).set({ ...set, updatedAt: now }).where(eq(carts.id, cartId)).returning();
  if (!cart) throw new Error(`cart ${cartId} vanished`);
  return cart;
}
