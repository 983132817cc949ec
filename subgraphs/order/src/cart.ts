import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { badInput, isUuid, notFound, unauthenticated, type Identity } from '@emporium/kit';
import type { Context } from './context.ts';
import { pricingLines } from './checkout/saga.ts';
import { cartLines, carts, catalogProducts, MAX_LINE_QUANTITY, type ShippingAddress } from './db/schema.ts';
import type { CartModel } from './models.ts';
import { ownsCart } from './ownership.ts';

/** The cart with this id if the caller owns it, else null (a foreign cart looks exactly like a missing one). */
export async function ownedCart(ctx: Context, id: string): Promise<CartModel | null> {
  if (!isUuid(id)) return null;
  const cart = await ctx.loaders.cartById.load(id.toLowerCase());
  return cart && ownsCart(ctx.identity, cart) ? cart : null;
}

/** The caller's cart for a mutation: BAD_USER_INPUT for a malformed id, NOT_FOUND for one that is not theirs. */
export async function cartForUpdate(ctx: Context, id: string): Promise<CartModel> {
  if (!isUuid(id)) throw badInput('cartId must be a UUID.', 'cartId');
  if (!ctx.identity.user && !ctx.identity.sessionId) throw unauthenticated('Sign in, or call through the gateway with an anonymous session.');
  const cart = await ownedCart(ctx, id);
  if (!cart) throw notFound('Cart not found.');
  return cart;
}

/** Forgets what this request cached about a cart after it changed. */
export function touched(ctx: Context, cart: CartModel): CartModel {
  ctx.loaders.cartLines.clear(cart.id);
  ctx.loaders.cartQuote.clearAll();
  ctx.loaders.cartById.clear(cart.id).prime(cart.id, cart);
  return cart;
}

/** Destination of a cart: the shipping address's country, else the signed-in shopper's profile country, else GB. */
export function cartCountry(identity: Identity, cart: CartModel): string {
  return cart.shippingAddress?.country ?? identity.user?.country ?? 'GB';
}

/** Currency of a cart's totals: the shopper's profile currency, else the destination's own currency, else GBP. */
export async function cartCurrency(ctx: Context, cart: CartModel): Promise<string> {
  if (ctx.identity.user?.currency) return ctx.identity.user.currency;
  const countries = await ctx.commands.countries();
  return countries.get(cartCountry(ctx.identity, cart)) ?? 'GBP';
}

/** Sets a line's quantity (0 removes it) and touches the cart; NOT_FOUND when the line is not on the cart. */
export async function setLineQuantity(ctx: Context, cart: CartModel, lineId: string, quantity: number): Promise<CartModel> {
  if (!isUuid(lineId)) throw badInput('lineId must be a UUID.', 'lineId');
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) {
    throw badInput(`quantity must be between 0 and ${MAX_LINE_QUANTITY} (0 removes the line).`, 'quantity');
  }
  const now = ctx.rt.clock.now();
  return ctx.rt.db.db.transaction(async (tx) => {
    const where = and(eq(cartLines.id, lineId.toLowerCase()), eq(cartLines.cartId, cart.id));
    const changed =
      quantity === 0
        ? await tx.delete(cartLines).where(where).returning({ id: cartLines.id })
        : await tx.update(cartLines).set({ quantity }).where(where).returning({ id: cartLines.id });
    if (changed.length === 0) throw notFound('That line is not on this cart.');
    const [row] = await tx.update(carts).set({ updatedAt: now }).where(eq(carts.id, cart.id)).returning();
    return row!;
  });
}

const LIMITS = { name: 100, line1: 200, line2: 200, city: 100, postalCode: 20, phone: 30 } as const;

/** Checks and normalises a shipping address (lengths, a country Emporium sells to); BAD_USER_INPUT naming the field. */
export async function validateAddress(ctx: Context, input: Record<string, string | null | undefined>): Promise<ShippingAddress> {
  const field = (name: keyof typeof LIMITS, required: boolean): string | null => {
    const v = (input[name] ?? '').trim();
    if (required && v === '') throw badInput(`address.${name} is required.`, `address.${name}`);
    if (v.length > LIMITS[name]) throw badInput(`address.${name} must be at most ${LIMITS[name]} characters.`, `address.${name}`);
    return v === '' ? null : v;
  };
  const country = (input.country ?? '').trim().toUpperCase();
  const countries = await ctx.commands.countries();
  if (!countries.has(country)) {
    throw badInput(`address.country must be a country Emporium ships to (${[...countries.keys()].sort().join(', ')}), got "${input.country}".`, 'address.country');
  }
  return {
    name: field('name', true)!,
    line1: field('line1', true)!,
    line2: field('line2', false),
    city: field('city', true)!,
    postalCode: field('postalCode', true)!,
    country,
    phone: field('phone', false),
  };
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** A trimmed, lower-cased e-mail address; BAD_USER_INPUT when it does not look like one. */
export function validateEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 320 || !EMAIL.test(e)) throw badInput('email must be an e-mail address.', 'email');
  return e;
}

/** Pricing lines for a cart (category and brand from the catalog copy). */
export async function cartPricingLines(ctx: Context, cart: CartModel) {
  const lines = await ctx.loaders.cartLines.load(cart.id);
  return pricingLines(ctx.rt.db.db, lines);
}

/**
 * After sign-in: moves the lines of the session's guest carts into the user's newest cart (created when there is
 * none); quantities add up, capped at 99; guest promo codes, address and e-mail fill what the user's cart lacks; the
 * guest carts are emptied. One transaction.
 */
export async function mergeGuestCarts(ctx: Context, userId: string, sessionId: string | null): Promise<CartModel> {
  const now = ctx.rt.clock.now();
  return ctx.rt.db.db.transaction(async (tx) => {
    let [target] = await tx.select().from(carts).where(eq(carts.userId, userId)).orderBy(desc(carts.updatedAt)).limit(1);
    if (!target) [target] = await tx.insert(carts).values({ userId, sessionId, createdAt: now, updatedAt: now }).returning();
    const guests = sessionId
      ? await tx.select().from(carts).where(and(eq(carts.sessionId, sessionId), isNull(carts.userId))).for('update')
      : [];
    if (guests.length === 0) return target!;
    const guestIds = guests.map((g) => g.id);
    const lines = await tx.select().from(cartLines).where(inArray(cartLines.cartId, guestIds));
    const byProduct = new Map<string, number>();
    for (const l of lines) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + l.quantity);
    if (byProduct.size > 0) {
      await tx
        .insert(cartLines)
        .values([...byProduct].map(([productId, quantity]) => ({ cartId: target!.id, productId, quantity: Math.min(quantity, MAX_LINE_QUANTITY), addedAt: now })))
        .onConflictDoUpdate({
          target: [cartLines.cartId, cartLines.productId],
          set: { quantity: sql`least(${cartLines.quantity} + excluded.quantity, ${MAX_LINE_QUANTITY})` },
        });
    }
    await tx.delete(cartLines).where(inArray(cartLines.cartId, guestIds));
    const codes = [...new Set([...target!.promoCodes, ...guests.flatMap((g) => g.promoCodes)])];
    const guest = guests.find((g) => g.shippingAddress) ?? guests[0]!;
    const [merged] = await tx
      .update(carts)
      .set({
        promoCodes: codes,
        shippingAddress: target!.shippingAddress ?? guest.shippingAddress,
        email: target!.email ?? guests.find((g) => g.email)?.email ?? null,
        updatedAt: now,
      })
      .where(eq(carts.id, target!.id))
      .returning();
    await tx.update(carts).set({ promoCodes: [], updatedAt: now }).where(inArray(carts.id, guestIds));
    return merged!;
  });
}

/** The caller's newest cart (the user's, else the anonymous session's), or null. */
export async function latestCart(ctx: Context): Promise<CartModel | null> {
  const db = ctx.rt.db.db;
  const { user, sessionId } = ctx.identity;
  const where = user ? eq(carts.userId, user.id) : sessionId ? and(eq(carts.sessionId, sessionId), isNull(carts.userId)) : null;
  if (!where) return null;
  const [cart] = await db.select().from(carts).where(where).orderBy(desc(carts.updatedAt)).limit(1);
  return cart ?? null;
}

/**
 * Whether the product exists in the catalog copy (kept from `product.upserted` and the seed): carts take only real
 * products. A product created a moment ago is there once its event has been applied (about a second).
 */
export async function isCatalogProduct(ctx: Context, productId: string): Promise<boolean> {
  const [row] = await ctx.rt.db.db.select({ id: catalogProducts.productId }).from(catalogProducts).where(eq(catalogProducts.productId, productId)).limit(1);
  return row !== undefined;
}
