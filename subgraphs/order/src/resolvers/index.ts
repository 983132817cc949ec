import { badInput, decodeCursor, encodeCursor, formatMoney, isUuid, localeForCountry, notFound, pageSize, requireRole, requireUser, unauthenticated, type Identity } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import {
  isCatalogProduct,
  cartCountry,
  cartCurrency,
  cartForUpdate,
  cartPricingLines,
  latestCart,
  mergeGuestCarts,
  ownedCart,
  setLineQuantity,
  touched,
  validateAddress,
  validateEmail,
} from '../cart.ts';
import { cancelOrder, CANCELLABLE, refundOrder, reviewOrder, shipOrder } from '../checkout/lifecycle.ts';
import type { Outcome } from '../checkout/saga.ts';
import type { Context } from '../context.ts';
import { addLine, findOrdersOfUser, insertCart, updateCart } from '../db/queries.ts';
import { MAX_LINE_QUANTITY, type OrderStatusValue } from '../db/schema.ts';
import type { CartLineModel, CartModel, CartTotalsModel, MoneyModel, OrderModel } from '../models.ts';
import { cartOwner } from '../ownership.ts';

/** Longest quote token checkout accepts: pricing's token for a full cart (99 lines at ~170 characters each, plus promo codes) fits well within. */
const MAX_QUOTE_TOKEN_LENGTH = 65_536;

const money = (amount: number, currency: string, locale: string): MoneyModel => ({ amount, currency, locale });
const normalizeCode = (code: string) => code.trim().toUpperCase();

/** True when the caller may read the order: its user, the guest session that placed it, or an admin. */
function ownsOrder(identity: Identity, order: OrderModel): boolean {
  if (identity.user?.roles.includes('admin')) return true;
  if (order.userId !== null) return identity.user?.id === order.userId;
  return order.sessionId !== null && identity.sessionId === order.sessionId;
}

async function ownedOrder(ctx: Context, id: string): Promise<OrderModel | null> {
  if (!isUuid(id)) return null;
  const order = await ctx.loaders.orderById.load(id.toLowerCase());
  return order && ownsOrder(ctx.identity, order) ? order : null;
}

async function adminOrder(ctx: Context, id: string): Promise<OrderModel> {
  requireRole(ctx.identity, 'admin');
  if (!isUuid(id)) throw badInput('id must be a UUID.', 'id');
  const order = await ctx.loaders.orderById.load(id.toLowerCase());
  if (!order) throw notFound('Order not found.');
  return order;
}

/** The cart priced now (null when empty), through the request's quote loader. */
async function totalsOf(ctx: Context, cart: CartModel): Promise<CartTotalsModel | null> {
  const country = cartCountry(ctx.identity, cart);
  const quote = await ctx.loaders.cartQuote.load({ cart, country, currency: await cartCurrency(ctx, cart) });
  return quote ? { quote, locale: localeForCountry(country) } : null;
}

/** The GraphQL object for a checkout outcome. */
async function checkoutResult(ctx: Context, cart: CartModel | null, outcome: Outcome, replayed: boolean) {
  switch (outcome.kind) {
    case 'SUCCESS': {
      const order = await ctx.loaders.orderById.load(outcome.orderId);
      return { __typename: 'CheckoutSuccess' as const, order: order!, replayed };
    }
    case 'OUT_OF_STOCK':
      return {
        __typename: 'OutOfStock' as const,
        message: outcome.message,
        items: outcome.items.map((i) => ({ product: { __typename: 'Product' as const, id: i.productId }, requested: i.requested, available: i.available })),
      };
    case 'PAYMENT_DECLINED':
      return { __typename: 'PaymentDeclined' as const, message: outcome.message, reason: outcome.reason };
    case 'PRICE_CHANGED':
      return { __typename: 'PriceChanged' as const, message: outcome.message, newTotals: cart ? await totalsOf(ctx, cart) : null };
    case 'PROMO_INVALID':
      return { __typename: 'PromoCodeInvalid' as const, message: outcome.message, code: outcome.code, reason: outcome.reason };
    case 'REJECTED':
      return { __typename: 'CheckoutRejected' as const, message: outcome.message, reason: outcome.reason };
    case 'IDEMPOTENCY_CONFLICT':
      return { __typename: 'IdempotencyKeyConflict' as const, message: outcome.message };
  }
}

/** A cart line's amount from its cart's quote (priced once per request), or null when the product has no price. */
async function quotedLineAmount(ctx: Context, line: CartLineModel, field: 'unitPrice' | 'total'): Promise<MoneyModel | null> {
  const cart = await ctx.loaders.cartById.load(line.cartId);
  const totals = cart ? await totalsOf(ctx, cart) : null;
  const q = totals?.quote.lines.find((l) => l.productId === line.productId);
  return q && totals ? money(q[field].amount, totals.quote.currency, totals.locale) : null;
}

/** Resolvers of the order subgraph. */
export const resolvers: Resolvers = {
  Query: {
    cart(_root, args, ctx) {
      if (!isUuid(args.id)) throw badInput('id must be a UUID.', 'id');
      return ownedCart(ctx, args.id);
    },
    myCart: (_root, _args, ctx) => latestCart(ctx),
    order(_root, args, ctx) {
      if (!isUuid(args.id)) throw badInput('id must be a UUID.', 'id');
      return ownedOrder(ctx, args.id);
    },
  },
  Mutation: {
    createCart: (_root, _args, ctx) => insertCart(ctx.rt.db.db, cartOwner(ctx.identity), ctx.rt.clock.now()),
    async addCartLine(_root, args, ctx) {
      if (!isUuid(args.productId)) throw badInput('productId must be a UUID.', 'productId');
      const quantity = args.quantity ?? 1;
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
        throw badInput(`quantity must be between 1 and ${MAX_LINE_QUANTITY}.`, 'quantity');
      }
      const owned = await cartForUpdate(ctx, args.cartId);
      if (!(await isCatalogProduct(ctx, args.productId.toLowerCase()))) throw notFound(`No product with id ${args.productId}.`);
      const cart = await addLine(ctx.rt.db.db, { cartId: owned.id, productId: args.productId.toLowerCase(), quantity }, ctx.rt.clock.now());
      if (cart === 'limit') throw badInput(`A cart line holds at most ${MAX_LINE_QUANTITY} units of a product.`, 'quantity');
      return touched(ctx, cart);
    },
    async updateCartLine(_root, args, ctx) {
      const cart = await cartForUpdate(ctx, args.cartId);
      return touched(ctx, await setLineQuantity(ctx, cart, args.lineId, args.quantity));
    },
    async removeCartLine(_root, args, ctx) {
      const cart = await cartForUpdate(ctx, args.cartId);
      return touched(ctx, await setLineQuantity(ctx, cart, args.lineId, 0));
    },
    async setShippingAddress(_root, args, ctx) {
      const cart = await cartForUpdate(ctx, args.cartId);
      const address = await validateAddress(ctx, args.address);
      return touched(ctx, await updateCart(ctx.rt.db.db, cart.id, { shippingAddress: address }, ctx.rt.clock.now()));
    },
    async setCartEmail(_root, args, ctx) {
      const cart = await cartForUpdate(ctx, args.cartId);
      return touched(ctx, await updateCart(ctx.rt.db.db, cart.id, { email: validateEmail(args.email) }, ctx.rt.clock.now()));
    },
    async applyPromoCode(_root, args, ctx) {
      const cart = await cartForUpdate(ctx, args.cartId);
      const code = normalizeCode(args.code);
      if (code === '' || code.length > 32) throw badInput('code must be 1–32 characters.', 'code');
      if (cart.promoCodes.includes(code)) return cart;
      const lines = await cartPricingLines(ctx, cart);
      if (lines.length === 0) {
        return { __typename: 'PromoCodeInvalid' as const, code, reason: 'NOT_APPLICABLE', message: 'Add something to the cart before applying a promo code.' };
      }
      const check = await ctx.commands.validatePromoCode(code, lines, cartCountry(ctx.identity, cart), await cartCurrency(ctx, cart), cart.promoCodes);
      if (!check.ok) return { __typename: 'PromoCodeInvalid' as const, code, reason: check.reason, message: check.message };
      return touched(ctx, await updateCart(ctx.rt.db.db, cart.id, { promoCodes: [...cart.promoCodes, code] }, ctx.rt.clock.now()));
    },
    async removePromoCode(_root, args, ctx) {
      const cart = await cartForUpdate(ctx, args.cartId);
      const code = normalizeCode(args.code);
      return touched(ctx, await updateCart(ctx.rt.db.db, cart.id, { promoCodes: cart.promoCodes.filter((c) => c !== code) }, ctx.rt.clock.now()));
    },
    async mergeGuestCart(_root, _args, ctx) {
      const user = requireUser(ctx.identity);
      return touched(ctx, await mergeGuestCarts(ctx, user.id, ctx.identity.sessionId));
    },
    async checkout(_root, { input }, ctx) {
      const { user, sessionId } = ctx.identity;
      if (!user && !sessionId) throw unauthenticated('Sign in, or check out through the gateway with an anonymous session.');
      const key = input.idempotencyKey.trim();
      if (key.length < 8 || key.length > 100) throw badInput('idempotencyKey must be 8–100 characters.', 'input.idempotencyKey');
      if (input.quoteToken.trim() === '' || input.quoteToken.length > MAX_QUOTE_TOKEN_LENGTH) throw badInput('quoteToken must be the token of Cart.totals.', 'input.quoteToken');
      const cart = await cartForUpdate(ctx, input.cartId);
      const { outcome, replayed } = await ctx.saga.checkout({
        cartId: cart.id,
        idempotencyKey: key,
        quoteToken: input.quoteToken,
        card: input.payment,
        userId: user?.id ?? null,
        sessionId: user ? (sessionId ?? null) : sessionId,
        profileCountry: user?.country ?? null,
      });
      if (outcome.kind === 'SUCCESS') touched(ctx, cart);
      return checkoutResult(ctx, (await ctx.loaders.cartById.clear(cart.id).load(cart.id)) ?? null, outcome, replayed);
    },
    async cancelOrder(_root, args, ctx) {
      if (!isUuid(args.id)) throw badInput('id must be a UUID.', 'id');
      if (!ctx.identity.user && !ctx.identity.sessionId) throw unauthenticated();
      const order = await ownedOrder(ctx, args.id);
      if (!order) throw notFound('Order not found.');
      const who = ctx.identity.user?.roles.includes('admin') && ctx.identity.user.id !== order.userId ? 'an admin' : 'the customer';
      const result = await cancelOrder(ctx.lifecycle, order.id, `cancelled by ${who}; stock returned, refunded`);
      if (!result.cancelled) {
        return { __typename: 'OrderNotCancellable' as const, status: result.order.status as OrderStatusValue, message: `Order ${result.order.number ?? result.order.id} is ${result.order.status} and can no longer be cancelled.` };
      }
      return result.order;
    },
    async reviewOrder(_root, args, ctx) {
      const order = await adminOrder(ctx, args.id);
      return reviewOrder(ctx.lifecycle, order.id, args.approve, ctx.identity.user!.id);
    },
    async shipOrder(_root, args, ctx) {
      const order = await adminOrder(ctx, args.id);
      return shipOrder(ctx.lifecycle, order.id);
    },
    async refundOrder(_root, args, ctx) {
      const order = await adminOrder(ctx, args.id);
      return refundOrder(ctx.lifecycle, order.id);
    },
  },
  ApplyPromoCodeResult: {
    __resolveType: (o) => ('__typename' in o && o.__typename === 'PromoCodeInvalid' ? 'PromoCodeInvalid' : 'Cart'),
  },
  CancelOrderResult: {
    __resolveType: (o) => ('__typename' in o && o.__typename === 'OrderNotCancellable' ? 'OrderNotCancellable' : 'Order'),
  },
  CheckoutResult: {
    __resolveType: (o) => (o as { __typename: 'CheckoutSuccess' }).__typename,
  },
  Cart: {
    __resolveReference: (ref, ctx) => ownedCart(ctx, ref.id),
    lines: (cart, _args, ctx) => ctx.loaders.cartLines.load(cart.id),
    itemCount: async (cart, _args, ctx) => (await ctx.loaders.cartLines.load(cart.id)).reduce((n, l) => n + l.quantity, 0),
    country: (cart, _args, ctx) => cartCountry(ctx.identity, cart),
    currency: (cart, _args, ctx) => cartCurrency(ctx, cart),
    totals: (cart, _args, ctx) => totalsOf(ctx, cart),
  },
  CartLine: {
    product: (line) => ({ __typename: 'Product', id: line.productId }),
    unitPrice: async (line, _args, ctx) => quotedLineAmount(ctx, line, 'unitPrice'),
    total: async (line, _args, ctx) => quotedLineAmount(ctx, line, 'total'),
  },
  CartTotals: {
    subtotal: (t) => money(t.quote.subtotal.amount, t.quote.currency, t.locale),
    discount: (t) => money(t.quote.discount.amount, t.quote.currency, t.locale),
    shipping: (t) => money(t.quote.shipping.amount, t.quote.currency, t.locale),
    tax: (t) => money(t.quote.tax.amount, t.quote.currency, t.locale),
    total: (t) => money(t.quote.total.amount, t.quote.currency, t.locale),
    taxIncluded: (t) => t.quote.taxIncluded,
    promotions: (t) => t.quote.promotions.map((p) => ({ code: p.code, description: p.description, discount: money(p.discount.amount, t.quote.currency, t.locale) })),
    rejectedPromoCodes: (t) => t.quote.rejectedPromoCodes,
    expiresAt: (t) => t.quote.expiresAt,
    quoteToken: (t) => t.quote.token,
  },
  User: {
    __resolveReference: (ref) => ({ id: ref.id }),
    async orders(user, args, ctx) {
      const me = ctx.identity.user;
      if (!me || (me.id !== user.id && !me.roles.includes('admin'))) return null;
      const first = pageSize(args.first, 10, 50);
      const after = args.after ? (decodeCursor(args.after, 2) as [string, string]) : null;
      const page = await findOrdersOfUser(ctx.rt.db.db, user.id, first, after);
      for (const o of page.rows) ctx.loaders.orderById.prime(o.id, o);
      const edges = page.rows.map((o) => ({ cursor: encodeCursor([o.placedAt.toISOString(), o.id]), node: o }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount: page.totalCount,
      };
    },
  },
  Order: {
    __resolveReference: (ref, ctx) => ownedOrder(ctx, ref.id),
    number: (o) => o.number ?? `#${o.id.slice(0, 8).toUpperCase()}`,
    status: (o) => o.status as OrderStatusValue,
    history: async (o, _args, ctx) => {
      const rows = await ctx.loaders.orderHistory.load(o.id);
      // The demo history has no recorded changes: its one status, at the time it was placed.
      return rows.length > 0 ? rows.map((h) => ({ status: h.status as OrderStatusValue, at: h.at, note: h.note })) : [{ status: o.status as OrderStatusValue, at: o.placedAt, note: null }];
    },
    lines: async (o, _args, ctx) => {
      const locale = localeForCountry(o.country);
      return (await ctx.loaders.orderLines.load(o.id)).map((l) => ({ ...l, currency: o.currency, locale }));
    },
    subtotal: (o) => money(o.subtotalAmount, o.currency, localeForCountry(o.country)),
    discount: (o) => money(o.discountAmount, o.currency, localeForCountry(o.country)),
    shipping: (o) => money(o.shippingAmount, o.currency, localeForCountry(o.country)),
    tax: (o) => money(o.taxAmount, o.currency, localeForCountry(o.country)),
    total: (o) => money(o.totalAmount, o.currency, localeForCountry(o.country)),
    payment: (o) =>
      o.paymentReference && o.paymentProvider
        ? {
            provider: o.paymentProvider,
            reference: o.paymentReference,
            method: o.paymentMethod ?? 'card',
            amount: money(o.totalAmount, o.currency, localeForCountry(o.country)),
            refunded: money(o.refundedAmount, o.currency, localeForCountry(o.country)),
          }
        : null,
    cancellable: (o) => o.checkoutId !== null && CANCELLABLE.includes(o.status as OrderStatusValue),
  },
  Money: {
    formatted: (m) => formatMoney(m, m.locale),
  },
  OrderLine: {
    product: (l) => ({ __typename: 'Product', id: l.productId }),
    unitPrice: (l) => money(l.unitAmount, l.currency, l.locale),
    total: (l) => money(l.totalAmount ?? l.unitAmount * l.quantity, l.currency, l.locale),
  },
};
