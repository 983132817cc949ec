import { randomBytes, randomUUID } from 'node:crypto';
import { executeRows, type fixedClock, type EventEnvelope } from '@emporium/kit';
import { gql, serviceHeaders, userHeaders } from '@emporium/kit/testing';
import { buildOrderSubgraph, SimulatedCrash } from '@emporium/subgraph-order';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayQuery, startTestPlatform } from './harness.ts';

/**
 * Carts, checkout and orders end to end: real gateway, real order/pricing/inventory subgraphs over HTTP, real
 * databases. The saga's failure and crash tests run a second order subgraph on the same database with fault hooks
 * (a "process" that fails or dies at a chosen step), then let a fresh instance recover.
 */
let env: Awaited<ReturnType<typeof startTestPlatform>>;
const rows = <T extends Record<string, unknown>>(subgraph: string, query: string) => executeRows<T>(env.platform.runtimes[subgraph]!.db.db, sql.raw(query));
const clock = () => env.platform.shared.clock as ReturnType<typeof fixedClock>;

const CARD_OK = '4242 4242 4242 4242';
const CARD_DECLINED = '4000 0000 0000 0002';
const CARD_TIMEOUT = '4000 0000 0000 0119';
const card = (cardNumber: string) => ({ cardNumber, expiryMonth: 12, expiryYear: 2030, cvc: '123' });
const ADDRESS = { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

const CART = 'id itemCount country currency promoCodes lines { id quantity product { id } unitPrice { amount } } totals { subtotal { amount } discount { amount } total { amount currency } quoteToken }';
const RESULT = `__typename
  ... on CheckoutSuccess { replayed order { id number status total { amount currency } lines { product { id } quantity unitPrice { amount } } payment { method amount { amount } } history { status } } }
  ... on OutOfStock { message items { product { id } requested available } }
  ... on PaymentDeclined { message reason }
  ... on PriceChanged { message newTotals { total { amount } quoteToken } }
  ... on PromoCodeInvalid { message code reason }
  ... on CheckoutRejected { message reason }
  ... on IdempotencyKeyConflict { message }`;

type Cart = { id: string; itemCount: number; promoCodes: string[]; lines: { id: string; quantity: number; product: { id: string }; unitPrice: { amount: number } | null }[]; totals: { subtotal: { amount: number }; discount: { amount: number }; total: { amount: number; currency: string }; quoteToken: string } | null };
type Result = { __typename: string; replayed?: boolean; order?: { id: string; number: string; status: string; total: { amount: number }; history: { status: string }[] }; reason?: string; code?: string; items?: unknown[] };

/** A shopper: an anonymous session, optionally signed in. */
function shopper(token?: string): Record<string, string> {
  return { 'x-emporium-session': randomBytes(18).toString('base64url'), ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

async function gw<T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<T> {
  const res = await gatewayQuery<T>(env.platform, query, variables, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}

/** A cart with these lines, a GB address and (for guests) an e-mail, read back with its totals. */
async function cartWith(headers: Record<string, string>, lines: [string, number][], opts: { promo?: string } = {}): Promise<Cart> {
  const { createCart } = await gw<{ createCart: { id: string } }>('mutation { createCart { id } }', {}, headers);
  for (const [productId, quantity] of lines) {
    await gw('mutation($c: ID!, $p: ID!, $q: Int!) { addCartLine(cartId: $c, productId: $p, quantity: $q) { id } }', { c: createCart.id, p: productId, q: quantity }, headers);
  }
  await gw('mutation($c: ID!, $a: ShippingAddressInput!) { setShippingAddress(cartId: $c, address: $a) { id } }', { c: createCart.id, a: ADDRESS }, headers);
  await gw('mutation($c: ID!) { setCartEmail(cartId: $c, email: "ada@example.com") { id } }', { c: createCart.id }, headers);
  if (opts.promo) {
    const { applyPromoCode } = await gw<{ applyPromoCode: { __typename: string } }>(
      'mutation($c: ID!, $code: String!) { applyPromoCode(cartId: $c, code: $code) { __typename ... on PromoCodeInvalid { message } } }',
      { c: createCart.id, code: opts.promo },
      headers,
    );
    expect(applyPromoCode.__typename).toBe('Cart');
  }
  return readCart(headers, createCart.id);
}

async function readCart(headers: Record<string, string>, id: string): Promise<Cart> {
  return (await gw<{ cart: Cart }>(`query($id: ID!) { cart(id: $id) { ${CART} } }`, { id }, headers)).cart;
}

async function checkout(headers: Record<string, string>, cart: Cart, cardNumber = CARD_OK, key = randomUUID(), quoteToken = cart.totals!.quoteToken): Promise<Result> {
  const data = await gw<{ checkout: Result }>(
    `mutation($i: CheckoutInput!) { checkout(input: $i) { ${RESULT} } }`,
    { i: { cartId: cart.id, idempotencyKey: key, quoteToken, payment: card(cardNumber) } },
    headers,
  );
  return data.checkout;
}

/** Units of a product for sale now (Σ on hand − reserved − committed) in the inventory database. */
async function available(productId: string): Promise<number> {
  const [r] = await rows<{ n: number }>('inventory', `select coalesce(sum(on_hand - reserved - committed), 0)::int as n from inventory.stock where product_id = '${productId}'`);
  return r!.n;
}
const reservationsOf = (reference: string) => rows<{ status: string }>('inventory', `select status from inventory.reservations where reference = '${reference}'`);
const paymentsOf = (key: string) => rows<{ status: string; amount: number; refunded_amount: number }>('order', `select status, amount::int as amount, refunded_amount::int as refunded_amount from "order".sandbox_payments where idempotency_key = '${key}'`);
const checkoutRow = async (ownerKey: string, key: string) =>
  (await rows<{ id: string; step: string; order_id: string | null }>('order', `select id, step, order_id from "order".checkouts where owner_key = '${ownerKey}' and idempotency_key = '${key}'`))[0];

/** Creates a 10%-off promo code through pricing's hidden command (a service token, as an admin tool would). */
async function createPromo(code: string, maxUses: number): Promise<void> {
  const r = await fetch(env.platform.subgraphUrls.pricing!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await serviceHeaders(env.keys, 'e2e')) },
    body: JSON.stringify({ query: 'mutation($i: PromoCodeInput!) { createPromoCode(input: $i) { code } }', variables: { i: { code, description: '10% off', kind: 'PERCENT', percentOff: 10, maxUses } } }),
  });
  expect(((await r.json()) as { errors?: unknown }).errors).toBeUndefined();
}
const promoUses = async (code: string) => (await rows<{ uses: number }>('pricing', `select uses from pricing.promo_codes where code = '${code}'`))[0]!.uses;

/** Priced products with plenty of stock in one warehouse shipping to GB. */
let products: string[] = [];
let customerToken: string;
let admin: Record<string, string>;

beforeAll(async () => {
  env = await startTestPlatform();
  const stocked = await rows<{ product_id: string }>(
    'inventory',
    `select s.product_id from inventory.stock s group by s.product_id having max(s.on_hand - s.reserved - s.committed) >= 200 order by s.product_id limit 40`,
  );
  const priced = new Set((await rows<{ product_id: string }>('pricing', 'select distinct product_id from pricing.prices')).map((r) => r.product_id));
  products = stocked.map((r) => r.product_id).filter((id) => priced.has(id));
  expect(products.length).toBeGreaterThanOrEqual(13);
  const { signUp } = await gw<{ signUp: { __typename: string; accessToken: string } }>(
    'mutation($i: SignUpInput!) { signUp(input: $i) { __typename ... on AuthPayload { accessToken } } }',
    { i: { email: `buyer-${randomUUID()}@example.com`, password: 'correct horse battery staple', displayName: 'Buyer', country: 'GB' } },
    {},
  );
  customerToken = signUp.accessToken;
  admin = await userHeaders(env.keys, { id: randomUUID(), roles: ['admin'] });
});
afterAll(async () => {
  await env?.stop();
});

describe('checkout through the gateway', () => {
  it('signs up, fills a cart as a guest, signs in (cart merged), checks out with the sandbox card and reads the order back', async () => {
    const session = randomBytes(18).toString('base64url');
    const guest = { 'x-emporium-session': session };
    const guestCart = (await gw<{ createCart: { id: string } }>('mutation { createCart { id } }', {}, guest)).createCart;
    await gw('mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 2) { id } }', { c: guestCart.id, p: products[0] }, guest);
    await gw('mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 1) { id } }', { c: guestCart.id, p: products[1] }, guest);

    const email = `ada-${randomUUID()}@example.com`;
    await gw('mutation($i: SignUpInput!) { signUp(input: $i) { __typename } }', { i: { email, password: 'analytical engine 1843', displayName: 'Ada', country: 'GB' } }, {});
    const { signIn } = await gw<{ signIn: { __typename: string; accessToken: string } }>(
      'mutation($e: String!) { signIn(email: $e, password: "analytical engine 1843") { __typename ... on AuthPayload { accessToken } } }',
      { e: email },
      guest,
    );
    expect(signIn.__typename).toBe('AuthPayload');
    const me = { ...guest, authorization: `Bearer ${signIn.accessToken}` };
    const { mergeGuestCart } = await gw<{ mergeGuestCart: Cart }>(`mutation { mergeGuestCart { ${CART} } }`, {}, me);
    expect(mergeGuestCart.lines.map((l) => [l.product.id, l.quantity]).sort()).toEqual([[products[0], 2], [products[1], 1]].sort());
    // The guest cart is emptied and no longer the user's concern.
    expect((await readCart(guest, guestCart.id)).itemCount).toBe(0);

    await gw('mutation($c: ID!, $a: ShippingAddressInput!) { setShippingAddress(cartId: $c, address: $a) { id } }', { c: mergeGuestCart.id, a: ADDRESS }, me);
    // Cross-sell next to the cart: the gateway hands the cart's lines (order subgraph) to recommendation (@requires).
    const { cart: withRecs } = await gw<{ cart: { recommendations: { product: { id: string } }[] } }>(
      'query($id: ID!) { cart(id: $id) { recommendations(first: 5) { product { id } } } }',
      { id: mergeGuestCart.id },
      me,
    );
    expect(withRecs.recommendations.length).toBeGreaterThan(0);
    expect(withRecs.recommendations.map((r) => r.product.id)).not.toContain(products[0]);
    const cart = await readCart(me, mergeGuestCart.id);
    expect(cart.totals!.total.currency).toBe('GBP');
    const before = await available(products[0]!);
    const result = await checkout(me, cart);
    expect(result.__typename).toBe('CheckoutSuccess');
    expect(result.order!.status).toBe('PAID');
    expect(result.order!.total.amount).toBe(cart.totals!.total.amount);
    expect(result.order!.history.map((h) => h.status)).toEqual(['PLACED', 'PAID']);
    expect(await available(products[0]!)).toBe(before - 2);

    const { me: back } = await gw<{ me: { orders: { totalCount: number; edges: { node: { id: string; number: string; status: string; total: { amount: number } } }[] } } }>(
      'query { me { orders(first: 5) { totalCount edges { node { id number status total { amount } } } } } }',
      {},
      me,
    );
    expect(back.orders.totalCount).toBe(1);
    expect(back.orders.edges[0]!.node).toMatchObject({ id: result.order!.id, status: 'PAID', total: { amount: cart.totals!.total.amount } });
    expect(back.orders.edges[0]!.node.number).toMatch(/^EMP-\d{4}-\d{6}$/);
    // The cart is spent.
    expect((await readCart(me, cart.id)).itemCount).toBe(0);
    // Another shopper cannot read the order.
    const other = await gatewayQuery<{ order: unknown }>(env.platform, 'query($id: ID!) { order(id: $id) { id } }', { id: result.order!.id }, shopper(customerToken));
    expect(other.data?.order).toBeNull();
  });

  it('publishes order.placed for recommendations and analytics', async () => {
    const seen: EventEnvelope[] = [];
    const sub = await env.platform.shared.bus.subscribe({ group: `e2e-order-placed-${randomUUID()}`, types: ['order.placed'], startFrom: 'latest', handler: async (e) => void seen.push(e) });
    try {
      const me = shopper(customerToken);
      const cart = await cartWith(me, [[products[2]!, 1]]);
      const result = await checkout(me, cart);
      expect(result.__typename).toBe('CheckoutSuccess');
      await expect.poll(() => seen.find((e) => (e.payload as { orderId: string }).orderId === result.order!.id), { timeout: 15_000 }).toBeDefined();
      const event = seen.find((e) => (e.payload as { orderId: string }).orderId === result.order!.id)!;
      expect(event.payload).toMatchObject({ currency: 'GBP', country: 'GB', totalAmount: cart.totals!.total.amount, lines: [{ productId: products[2], quantity: 1 }] });
    } finally {
      await sub.close();
    }
  });

  it('answers expected failures as typed results and leaves stock and money untouched', async () => {
    const me = shopper(customerToken);
    // Declined card.
    const declinedCart = await cartWith(me, [[products[3]!, 1]]);
    const stock = await available(products[3]!);
    const declinedKey = randomUUID();
    expect(await checkout(me, declinedCart, CARD_DECLINED, declinedKey)).toMatchObject({ __typename: 'PaymentDeclined', reason: 'card_declined' });
    expect(await available(products[3]!)).toBe(stock);
    const declined = await checkoutRow(`session:${me['x-emporium-session']}`, declinedKey);
    // Signed-in checkouts are keyed by user, not session.
    expect(declined).toBeUndefined();
    // Invalid card number: refused before anything is reserved.
    expect(await checkout(me, declinedCart, '4242 4242 4242 4241')).toMatchObject({ __typename: 'PaymentDeclined', reason: 'invalid_card' });

    // Out of stock: more than any warehouse holds.
    const [scarce] = await rows<{ product_id: string; n: number }>(
      'inventory',
      `select product_id, max(on_hand - reserved - committed)::int as n from inventory.stock group by product_id having max(on_hand - reserved - committed) between 1 and 50 order by product_id limit 1`,
    );
    const bigCart = await cartWith(me, [[scarce!.product_id, Math.min(99, scarce!.n + 1)]]);
    if (scarce!.n + 1 <= 99) {
      const oos = await checkout(me, bigCart);
      expect(oos).toMatchObject({ __typename: 'OutOfStock', items: [{ product: { id: scarce!.product_id }, requested: scarce!.n + 1, available: scarce!.n }] });
    }

    // The same key with another cart: a typed conflict.
    const key = randomUUID();
    const a = await cartWith(me, [[products[4]!, 1]]);
    const b = await cartWith(me, [[products[5]!, 1]]);
    expect((await checkout(me, a, CARD_OK, key)).__typename).toBe('CheckoutSuccess');
    expect((await checkout(me, b, CARD_OK, key)).__typename).toBe('IdempotencyKeyConflict');
    // … and a replay of the first answers the same order.
    const replay = await checkout(me, a, CARD_OK, key);
    expect(replay).toMatchObject({ __typename: 'CheckoutSuccess', replayed: true });
  });

  it('fails with PRICE_CHANGED when a price changed after the shopper confirmed the total', async () => {
    const me = shopper(customerToken);
    const productId = products[6]!;
    const cart = await cartWith(me, [[productId, 1]]);
    const unit = cart.lines[0]!.unitPrice!.amount;
    const res = await fetch(env.platform.subgraphUrls.pricing!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await serviceHeaders(env.keys, 'e2e')) },
      body: JSON.stringify({
        query: 'mutation($p: ID!, $a: SafeInt!, $at: DateTime!) { schedulePriceChange(productId: $p, amount: $a, validFrom: $at) { amount } }',
        variables: { p: productId, a: unit + 100, at: clock().now().toISOString() },
      }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    const stock = await available(productId);
    const result = await checkout(me, cart);
    expect(result.__typename).toBe('PriceChanged');
    expect(await available(productId)).toBe(stock);
    // Confirming the new total goes through.
    const fresh = await readCart(me, cart.id);
    expect(fresh.totals!.total.amount).toBeGreaterThan(cart.totals!.total.amount);
    expect((await checkout(me, fresh)).__typename).toBe('CheckoutSuccess');
  });

  it('redeems promo codes once and rejects a used-up code with a typed result, giving its stock back', async () => {
    const code = `E2E${randomBytes(3).toString('hex').toUpperCase()}`;
    await createPromo(code, 1);
    const me = shopper(customerToken);
    const first = await cartWith(me, [[products[7]!, 1]], { promo: code });
    const second = await cartWith(me, [[products[8]!, 1]], { promo: code });
    expect(first.totals!.discount.amount).toBeGreaterThan(0);
    expect((await checkout(me, first)).__typename).toBe('CheckoutSuccess');
    const stock = await available(products[8]!);
    const rejected = await checkout(me, second);
    expect(rejected).toMatchObject({ __typename: 'PromoCodeInvalid', code, reason: 'USAGE_LIMIT_REACHED' });
    expect(await available(products[8]!)).toBe(stock);
  });

  it('resolves a payment that timed out by asking the provider, and charges once', async () => {
    const me = shopper(customerToken);
    const cart = await cartWith(me, [[products[9]!, 1]]);
    const result = await checkout(me, cart, CARD_TIMEOUT);
    expect(result.__typename).toBe('CheckoutSuccess');
    const [row] = await rows<{ checkout_id: string }>('order', `select checkout_id from "order".orders where id = '${result.order!.id}'`);
    expect(await paymentsOf(row!.checkout_id)).toEqual([{ status: 'SUCCEEDED', amount: cart.totals!.total.amount, refunded_amount: 0 }]);
  });

  it('turns 50 concurrent replays of one checkout into one order, one charge and one reservation', async () => {
    const me = shopper(customerToken);
    const productId = products[10]!;
    const cart = await cartWith(me, [[productId, 3]]);
    const stock = await available(productId);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 50 }, () => checkout(me, cart, CARD_OK, key)));
    expect(new Set(results.map((r) => r.__typename))).toEqual(new Set(['CheckoutSuccess']));
    expect(new Set(results.map((r) => r.order!.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const [{ id: checkoutId } = { id: '' }] = await rows<{ id: string }>('order', `select id from "order".checkouts where idempotency_key = '${key}'`);
    expect(await paymentsOf(checkoutId)).toHaveLength(1);
    expect(await reservationsOf(checkoutId)).toEqual([{ status: 'COMMITTED' }]);
    expect(await available(productId)).toBe(stock - 3);
    const [orders] = await rows<{ n: number }>('order', `select count(*)::int as n from "order".orders where checkout_id = '${checkoutId}'`);
    expect(orders!.n).toBe(1);
  });
});

describe('order lifecycle', () => {
  it('cancels before shipping (stock back, refunded), ships and refunds, and holds risky orders for review', async () => {
    const me = shopper(customerToken);
    const productId = products[11]!;
    const stock = await available(productId);
    const placed = await checkout(me, await cartWith(me, [[productId, 2]]));
    expect(await available(productId)).toBe(stock - 2);
    const { cancelOrder } = await gw<{ cancelOrder: { __typename: string; status: string; payment: { refunded: { amount: number } } } }>(
      'mutation($id: ID!) { cancelOrder(id: $id) { __typename ... on Order { status payment { refunded { amount } } } } }',
      { id: placed.order!.id },
      me,
    );
    expect(cancelOrder).toMatchObject({ __typename: 'Order', status: 'CANCELLED', payment: { refunded: { amount: placed.order!.total.amount } } });
    expect(await available(productId)).toBe(stock);

    // Shipped orders cannot be cancelled; a refund after shipping does not put stock back.
    const shipped = await checkout(me, await cartWith(me, [[productId, 1]]));
    await gw('mutation($id: ID!) { shipOrder(id: $id) { status } }', { id: shipped.order!.id }, admin);
    const notCancellable = await gw<{ cancelOrder: { __typename: string; status: string } }>(
      'mutation($id: ID!) { cancelOrder(id: $id) { __typename ... on OrderNotCancellable { status } } }',
      { id: shipped.order!.id },
      me,
    );
    expect(notCancellable.cancelOrder).toEqual({ __typename: 'OrderNotCancellable', status: 'SHIPPED' });
    const refunded = await gw<{ refundOrder: { status: string } }>('mutation($id: ID!) { refundOrder(id: $id) { status } }', { id: shipped.order!.id }, admin);
    expect(refunded.refundOrder.status).toBe('REFUNDED');
    expect(await available(productId)).toBe(stock - 1);
    // Customers cannot ship or refund.
    const forbidden = await gatewayQuery(env.platform, 'mutation($id: ID!) { refundOrder(id: $id) { status } }', { id: placed.order!.id }, me);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A guest shipping a large order abroad with a card from another country: held for review, then rejected.
    const pricey = products[12] ?? products[0]!;
    const set = await fetch(env.platform.subgraphUrls.pricing!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await serviceHeaders(env.keys, 'e2e')) },
      body: JSON.stringify({
        query: 'mutation($p: ID!, $at: DateTime!) { schedulePriceChange(productId: $p, amount: 50000, validFrom: $at) { amount } }',
        variables: { p: pricey, at: clock().now().toISOString() },
      }),
    });
    expect(((await set.json()) as { errors?: unknown }).errors).toBeUndefined();
    const guest = shopper();
    const big = await cartWith(guest, [[pricey, 6]]);
    await gw('mutation($c: ID!, $a: ShippingAddressInput!) { setShippingAddress(cartId: $c, address: $a) { id } }', { c: big.id, a: { ...ADDRESS, country: 'DE', city: 'Berlin', postalCode: '10117' } }, guest);
    const heldCart = await readCart(guest, big.id);
    expect(heldCart.totals!.total.amount).toBeGreaterThan(250_000);
    const held = await checkout(guest, heldCart, '4000 0000 0000 0077');
    expect(held.__typename).toBe('CheckoutSuccess');
    expect(held.order!.status).toBe('HELD');
    const stockHeld = await available(pricey);
    const rejected = await gw<{ reviewOrder: { status: string } }>('mutation($id: ID!) { reviewOrder(id: $id, approve: false) { status } }', { id: held.order!.id }, admin);
    expect(rejected.reviewOrder.status).toBe('CANCELLED');
    expect(await available(pricey)).toBe(stockHeld + 6);
  });
});

describe('the checkout saga under failures and crashes', () => {
  /** A second order subgraph on the same database whose saga fails where told. */
  async function faultyOrderService(fault: (point: string) => void) {
    return buildOrderSubgraph(env.platform.runtimes.order as never, { recoveryIntervalMs: 0, saga: { fault: (p) => fault(p) } });
  }
  const CHECKOUT = `mutation($i: CheckoutInput!) { checkout(input: $i) { ${RESULT} } }`;

  async function prepared(productId: string, quantity = 1, promo?: string) {
    const userId = randomUUID();
    const session = randomBytes(18).toString('base64url');
    const headers = await userHeaders(env.keys, { id: userId, country: 'GB' }, session);
    const cart = await cartWith(headers, [[productId, quantity]], promo ? { promo } : {});
    return { userId, headers, cart, key: randomUUID() };
  }

  it.each([
    ['reserve', 'CheckoutRejected'],
    ['redeem', 'CheckoutRejected'],
    ['charge', 'PaymentDeclined'],
  ] as const)('a failure at %s compensates: nothing held, nothing charged, promo uses given back', async (point, typename) => {
    const productId = products[3]!;
    const code = `FAIL${randomBytes(3).toString('hex').toUpperCase()}`;
    await createPromo(code, 5);
    const { userId, headers, cart, key } = await prepared(productId, 1, code);
    const stock = await available(productId);
    const svc = await faultyOrderService((p) => {
      if (p === point) throw new Error(`injected failure at ${p}`);
    });
    try {
      const res = await gql<{ checkout: Result }>(svc.app, CHECKOUT, { i: { cartId: cart.id, idempotencyKey: key, quoteToken: cart.totals!.quoteToken, payment: card(CARD_OK) } }, headers);
      expect(res.data!.checkout.__typename).toBe(typename);
      expect(await promoUses(code)).toBe(0);
      expect(await available(productId)).toBe(stock);
      const row = await checkoutRow(`user:${userId}`, key);
      expect(row!.step).toBe('FAILED');
      expect(await paymentsOf(row!.id)).toEqual([]);
      expect((await reservationsOf(row!.id)).every((r) => r.status === 'RELEASED')).toBe(true);
    } finally {
      await svc.stop();
    }
  });

  it.each([
    // crash point → what recovery must end with
    ['verify', 'FAILED', false],
    ['reserve', 'FAILED', false],
    ['charge', 'FAILED', false],
    ['charged', 'COMPLETED', true],
    ['createOrder', 'COMPLETED', true],
    ['commit', 'COMPLETED', true],
    ['compensate', 'FAILED', false],
  ] as const)('a crash at %s is recovered after a restart (%s)', async (point, finalStep, ordered) => {
    const productId = products[4]!;
    const { userId, headers, cart, key } = await prepared(productId, 2);
    const stock = await available(productId);
    // For the compensation crash: a declined card makes the saga compensate, and it dies half-way.
    const cardNumber = point === 'compensate' ? CARD_DECLINED : CARD_OK;
    const crashingWithClass = await buildOrderSubgraph(env.platform.runtimes.order as never, {
      recoveryIntervalMs: 0,
      saga: {
        fault: (p) => {
          if (p === point) throw new SimulatedCrash(p);
        },
      },
    });
    try {
      const res = await gql(crashingWithClass.app, CHECKOUT, { i: { cartId: cart.id, idempotencyKey: key, quoteToken: cart.totals!.quoteToken, payment: card(cardNumber) } }, headers);
      // The "process" died mid-request: the caller saw an error, not a result.
      expect(res.errors).toBeDefined();
    } finally {
      await crashingWithClass.stop();
    }
    const row = await checkoutRow(`user:${userId}`, key);
    expect(['STARTED', 'RESERVED', 'PROMOS_REDEEMED', 'PAYMENT_STARTED', 'PAID', 'ORDER_CREATED', 'COMPENSATING']).toContain(row!.step);

    // "Restart": a fresh instance's recovery job takes over once the dead runner's lease has run out.
    clock().advance(31_000);
    const restarted = await buildOrderSubgraph(env.platform.runtimes.order as never, { recoveryIntervalMs: 0 });
    try {
      await expect
        .poll(async () => {
          await restarted.saga.recover();
          return (await checkoutRow(`user:${userId}`, key))!.step;
        }, { timeout: 20_000, interval: 200 })
        .toBe(finalStep);
    } finally {
      await restarted.stop();
    }
    const after = (await checkoutRow(`user:${userId}`, key))!;
    const charges = await paymentsOf(after.id);
    if (ordered) {
      expect(after.order_id).not.toBeNull();
      expect(charges).toHaveLength(1);
      expect(charges[0]!.status).toBe('SUCCEEDED');
      expect(await reservationsOf(after.id)).toEqual([{ status: 'COMMITTED' }]);
      expect(await available(productId)).toBe(stock - 2);
    } else {
      expect(after.order_id).toBeNull();
      expect(charges.filter((c) => c.status === 'SUCCEEDED')).toEqual([]);
      expect((await reservationsOf(after.id)).every((r) => r.status === 'RELEASED')).toBe(true);
      expect(await available(productId)).toBe(stock);
    }
    // A replay after recovery answers the settled outcome.
    const replay = await gql<{ checkout: Result }>(env.platform.subgraphs.order!.app, CHECKOUT, { i: { cartId: cart.id, idempotencyKey: key, quoteToken: cart.totals!.quoteToken, payment: card(cardNumber) } }, headers);
    expect(replay.data!.checkout.__typename).toBe(ordered ? 'CheckoutSuccess' : point === 'compensate' ? 'PaymentDeclined' : 'CheckoutRejected');
  });
});
