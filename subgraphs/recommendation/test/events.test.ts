import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createEnvelope, executeRows, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { validateEventPayload, type OrderPlacedPayload } from '@emporium/events';
import { catalogueOf } from '../src/catalogue.ts';
import { cartAdds, coViews, dailySales, lastOrders, productStats, products, shopperViews, trackedEvents, trending, trendingTotals, userPurchases } from '../src/db/schema.ts';
import { migrationsFolder, schema, type RecommendationRuntime } from '../src/runtime.ts';
import { buildRecommendationSubgraph } from '../src/server.ts';
import { seedRecommendations } from '../src/seed.ts';
import { uuid } from './fixtures.ts';
import { C, K, M, USER_A, worldInvoices, worldProducts } from './world.ts';

const keys = createTestKeys();
let rt: RecommendationRuntime;
let sub: SubgraphHandle;
const DAY = 86_400_000;

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'recommendation', schema, migrationsFolder, keys });
  await seedRecommendations(rt, { invoices: worldInvoices(), products: worldProducts() });
  sub = await buildRecommendationSubgraph(rt);
  await sub.start();
});
afterAll(async () => {
  await sub?.stop();
  await rt?.close();
});

const TRACK = 'mutation($type: TrackedEventType!, $productId: ID, $query: String) { trackEvent(type: $type, productId: $productId, query: $query) }';
const session = (n: number) => `anon-session-${String(n).padStart(12, '0')}`;
const anon = (n: number) => serviceHeaders(keys, 'gateway', session(n));
const publish = async (type: string, payload: unknown, occurredAt = TEST_NOW) => {
  await rt.bus.publish([createEnvelope({ type, source: 'test', payload, occurredAt })]);
  await rt.bus.whenIdle();
};

describe('trackEvent', () => {
  it('stores every event durably, for users and anonymous gateway sessions', async () => {
    const before = await rt.db.db.$count(trackedEvents);
    const calls: [Record<string, unknown>, Record<string, string>][] = [
      [{ type: 'PAGE_VIEW' }, await anon(1)],
      [{ type: 'SEARCH', query: '  red candles ' }, await anon(1)],
      [{ type: 'PURCHASE', productId: C[0] }, await userHeaders(keys, { id: USER_A })],
    ];
    for (const [vars, headers] of calls) {
      const res = await gql<{ trackEvent: boolean }>(sub.app, TRACK, vars, headers);
      expect(res.errors).toBeUndefined();
      expect(res.data?.trackEvent).toBe(true);
    }
    const rows = await rt.db.db.select().from(trackedEvents).orderBy(trackedEvents.occurredAt);
    expect(rows).toHaveLength(before + 3);
    expect(rows.find((r) => r.type === 'SEARCH')).toMatchObject({ sessionId: session(1), userId: null, query: 'red candles' });
    expect(rows.find((r) => r.type === 'PURCHASE')).toMatchObject({ userId: USER_A, productId: C[0] });
  });

  it('refuses callers without identity and incomplete events, naming the argument', async () => {
    const nobody = await gql(sub.app, TRACK, { type: 'PAGE_VIEW' });
    expect(nobody.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const untrusted = await gql(sub.app, TRACK, { type: 'PAGE_VIEW' }, { 'x-emporium-session': session(2) }); // no service token
    expect(untrusted.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const [vars, arg] of [
      [{ type: 'PRODUCT_VIEW' }, 'productId'],
      [{ type: 'ADD_TO_CART', productId: 'abc' }, 'productId'],
      [{ type: 'SEARCH', query: '   ' }, 'query'],
      [{ type: 'SEARCH', query: 'x'.repeat(201) }, 'query'],
    ] as const) {
      const res = await gql(sub.app, TRACK, vars, await anon(2));
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain(arg);
    }
  });

  it('counts co-views incrementally, once per shopper, and Product.similar uses them', async () => {
    const [a, b] = [K[2]!, M[3]!]; // different categories: only co-views can relate them
    for (let s = 10; s < 13; s++) {
      for (const id of [a, b, a]) expect((await gql(sub.app, TRACK, { type: 'PRODUCT_VIEW', productId: id }, await anon(s))).errors).toBeUndefined();
    }
    const pair = await rt.db.db.select().from(coViews).where(eq(coViews.productId, a));
    expect(pair).toEqual([{ productId: a, otherProductId: b, shoppersTogether: 3, score: expect.any(Number) }]);
    expect(pair[0]!.score).toBeCloseTo((3 / Math.sqrt(3 * 3)) * (3 / 13), 6);
    expect(await rt.db.db.$count(shopperViews, eq(shopperViews.productId, a))).toBe(3);
    const res = await gql<{ _entities: { similar: { product: { id: string }; reasons: { strategy: string; detail: string }[] }[] }[] }>(
      sub.app,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { similar(first: 20) { product { id } reasons { strategy detail } } } } }',
      { r: [{ __typename: 'Product', id: a }] },
    );
    const withB = res.data!._entities[0]!.similar.find((r) => r.product.id === b);
    expect(withB?.reasons).toEqual([{ strategy: 'COLLABORATIVE', detail: 'viewed by the same shoppers' }]);
  });

  it('ADD_TO_CART fills the cross-sell basket until the next order', async () => {
    const headers = await userHeaders(keys, { id: USER_A, country: 'GB' });
    expect((await gql(sub.app, TRACK, { type: 'ADD_TO_CART', productId: C[2] }, headers)).errors).toBeUndefined();
    const CART = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { recommendations(context: CART, first: 10) { product { id } reasons { strategy detail } } } } }`;
    const res = await gql<{ _entities: { recommendations: { product: { id: string }; reasons: { strategy: string; detail: string }[] }[] }[] }>(
      sub.app, CART, { r: [{ __typename: 'User', id: USER_A }] }, headers);
    expect(res.errors).toBeUndefined();
    const recs = res.data!._entities[0]!.recommendations;
    expect(recs.map((r) => r.product.id)).not.toContain(C[2]); // the basket is excluded in CART
    const c3 = recs.find((r) => r.product.id === C[3]);
    expect(c3?.reasons).toContainEqual({ strategy: 'CROSS_SELL', detail: 'bought together with products in your cart' });
    await publish('order.placed', placed(USER_A, [C[2]!], TEST_NOW));
    expect(await rt.db.db.$count(cartAdds)).toBe(0);
  });
});

describe('Cart.recommendations', () => {
  const CART_RECS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cart { recommendations(first: 10) { product { id } reasons { strategy detail } } } } }`;
  type Res = { _entities: { recommendations: { product: { id: string }; reasons: { strategy: string; detail: string }[] }[] }[] };

  it('cross-sells from the lines the gateway fetched from the order subgraph, for guests too, excluding the cart', async () => {
    const guest = await anon(77);
    const res = await gql<Res>(sub.app, CART_RECS, { r: [{ __typename: 'Cart', id: randomUUID(), lines: [{ product: { id: C[2] } }] }] }, guest);
    expect(res.errors).toBeUndefined();
    const recs = res.data!._entities[0]!.recommendations;
    expect(recs.map((r) => r.product.id)).not.toContain(C[2]);
    expect(recs.find((r) => r.product.id === C[3])?.reasons).toContainEqual({ strategy: 'CROSS_SELL', detail: 'bought together with products in your cart' });
    // No tracked cart additions for this session: the basket came from the representation alone.
    expect(await rt.db.db.$count(cartAdds, eq(cartAdds.shopper, `s:${session(77)}`))).toBe(0);
  });

  it('falls back to trending for an empty cart and bounds first', async () => {
    const guest = await anon(78);
    const empty = await gql<Res>(sub.app, CART_RECS, { r: [{ __typename: 'Cart', id: randomUUID(), lines: [] }] }, guest);
    expect(empty.errors).toBeUndefined();
    expect(empty.data!._entities[0]!.recommendations.length).toBeGreaterThan(0);
    expect(empty.data!._entities[0]!.recommendations.every((r) => r.reasons.some((x) => x.strategy === 'TRENDING'))).toBe(true);
    const tooMany = await gql(sub.app, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cart { recommendations(first: 51) { score } } } }`, { r: [{ __typename: 'Cart', id: randomUUID(), lines: [] }] }, guest);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

/** An order.placed payload that satisfies the published contract. */
function placed(userId: string | null, productIds: string[], placedAt: string, country = 'GB'): OrderPlacedPayload {
  const payload: OrderPlacedPayload = {
    orderId: randomUUID(),
    userId,
    sessionId: null,
    country,
    currency: 'GBP',
    totalAmount: productIds.length * 250,
    placedAt,
    lines: productIds.map((productId) => ({ productId, quantity: 1, unitAmount: 250 })),
  };
  expect(validateEventPayload('order.placed', payload)).toEqual({ ok: true });
  return payload;
}

describe('order.placed', () => {
  it('bumps the decayed history, trending and daily sales incrementally, once per event', async () => {
    const when = new Date(Date.parse(TEST_NOW) + 2 * DAY).toISOString();
    const purchase = async () => (await rt.db.db.select().from(userPurchases).where(sql`${userPurchases.userId} = ${USER_A} and ${userPurchases.productId} = ${M[1]}`))[0];
    const trend = async () => (await rt.db.db.select().from(trending).where(sql`${trending.country} = 'FR' and ${trending.productId} = ${M[2]}`))[0]!;
    const frTotal = async () => (await rt.db.db.select().from(trendingTotals).where(eq(trendingTotals.country, 'FR')))[0]!;
    const beforeTrend = await trend();
    const beforeTotal = await frTotal();
    expect(await purchase()).toBeUndefined();
    const event = createEnvelope({ type: 'order.placed', source: 'order', payload: placed(USER_A, [M[1]!, M[2]!], when, 'FR'), occurredAt: when });
    for (let delivery = 0; delivery < 2; delivery++) {
      await rt.bus.publish([event]);
      await rt.bus.whenIdle();
      expect(await purchase()).toMatchObject({ orders: 1, decayed: 1, decayedAt: new Date(when) });
      const t = await trend();
      const age = (Date.parse(when) - beforeTrend.at.getTime()) / DAY;
      expect(t.at).toEqual(new Date(when));
      expect(t.value).toBeCloseTo(beforeTrend.value * 2 ** (-age / 3) + 1, 9);
      expect((await frTotal()).value).toBeCloseTo(beforeTotal.value * 2 ** (-(Date.parse(when) - beforeTotal.at.getTime()) / DAY / 3) + 1, 9);
      const day = await rt.db.db.select().from(dailySales).where(sql`${dailySales.day} = ${when.slice(0, 10)}::date`);
      expect(day.map((d) => [d.productId, d.orders]).sort()).toEqual([[M[1], 1], [M[2], 1]].sort());
      expect((await rt.db.db.select().from(lastOrders).where(eq(lastOrders.userId, USER_A)))[0]?.productIds).toEqual([M[1], M[2]]);
    }
    // A second purchase 90 days later: the earlier one counts half.
    const later = new Date(Date.parse(when) + 90 * DAY).toISOString();
    await publish('order.placed', placed(USER_A, [M[1]!], later), later);
    expect((await purchase())?.decayed).toBeCloseTo(1.5, 9);
    expect((await purchase())?.orders).toBe(2);
    // An older order arriving late does not move the last order and adds its decayed unit.
    const early = new Date(Date.parse(when) - 90 * DAY).toISOString();
    await publish('order.placed', placed(USER_A, [M[1]!], early), early);
    expect((await purchase())?.decayed).toBeCloseTo(1.5 + 0.25, 9);
    expect((await rt.db.db.select().from(lastOrders).where(eq(lastOrders.userId, USER_A)))[0]?.placedAt).toEqual(new Date(later));
    expect(await rt.bus.deadLetters()).toEqual([]);
  });

  it('counts a bulk order (over 100 distinct products) for the customer only', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => uuid(60_000 + i));
    const statsBefore = await rt.db.db.$count(productStats);
    await publish('order.placed', placed(USER_A, ids, TEST_NOW));
    expect(await rt.db.db.$count(productStats)).toBe(statsBefore);
    expect(await rt.db.db.$count(userPurchases, eq(userPurchases.userId, USER_A))).toBeGreaterThanOrEqual(101);
  });
});

describe('catalogue events', () => {
  const row = async (id: string) => (await rt.db.db.select().from(products).where(eq(products.productId, id)))[0];

  it('stock.changed excludes out-of-stock products; an older event changes nothing', async () => {
    await publish('stock.changed', { productId: C[3], quantityAvailable: 0, stockLevel: 'OUT_OF_STOCK' });
    await publish('stock.changed', { productId: C[3], quantityAvailable: 9, stockLevel: 'IN_STOCK' }, '2026-01-01T00:00:00.000Z');
    expect((await row(C[3]!))?.inStock).toBe(false);
    catalogueOf(rt).invalidate();
    const res = await gql<{ _entities: { similar: { product: { id: string } }[] }[] }>(
      sub.app,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { similar(first: 50) { product { id } } } } }',
      { r: [{ __typename: 'Product', id: C[2] }] },
    );
    expect(res.data!._entities[0]!.similar.map((r) => r.product.id)).not.toContain(C[3]);
    await publish('stock.changed', { productId: C[3], quantityAvailable: 4, stockLevel: 'LOW_STOCK' }, new Date(Date.parse(TEST_NOW) + DAY).toISOString());
    expect((await row(C[3]!))?.inStock).toBe(true);
  });

  it('product.upserted and GBP price.changed keep the attributes content scoring reads', async () => {
    const id = uuid(77_001);
    await publish('product.upserted', { productId: id, sku: 'NEW1', title: 'New Candle', slug: 'new-candle', categoryPath: ['Home', 'Candles'], brand: 'Regency' });
    await publish('price.changed', { productId: id, currency: 'GBP', amount: 300, regularAmount: 350, validFrom: TEST_NOW, validUntil: null });
    await publish('price.changed', { productId: id, currency: 'EUR', amount: 9_999, regularAmount: 9_999, validFrom: TEST_NOW, validUntil: null });
    expect(await row(id)).toMatchObject({ categoryPath: ['Home', 'Candles'], brand: 'Regency', tags: [], priceMinor: 350, inStock: true });
    catalogueOf(rt).invalidate();
    const res = await gql<{ _entities: { similar: { product: { id: string } }[] }[] }>(
      sub.app,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { similar(first: 3) { product { id } } } } }',
      { r: [{ __typename: 'Product', id }] },
    );
    // Same leaf, brand and price band: the Regency candles C0–C2.
    expect(res.data!._entities[0]!.similar.map((r) => r.product.id).sort()).toEqual([C[0], C[1], C[2]].sort());
  });

  it('user.deleted erases what the subgraph keeps about the user', async () => {
    await gql(sub.app, TRACK, { type: 'PRODUCT_VIEW', productId: C[1] }, await userHeaders(keys, { id: USER_A }, session(40)));
    expect(await rt.db.db.$count(userPurchases, eq(userPurchases.userId, USER_A))).toBeGreaterThan(0);
    await publish('user.deleted', { userId: USER_A, requestedBy: 'self' });
    expect(await rt.db.db.$count(userPurchases, eq(userPurchases.userId, USER_A))).toBe(0);
    expect(await rt.db.db.$count(lastOrders, eq(lastOrders.userId, USER_A))).toBe(0);
    expect(await rt.db.db.$count(shopperViews, eq(shopperViews.shopper, `u:${USER_A}`))).toBe(0);
    expect(await rt.db.db.$count(trackedEvents, eq(trackedEvents.userId, USER_A))).toBe(0);
    const [kept] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from ${trackedEvents} where session_id = ${session(40)}`);
    expect(kept?.n).toBe(1); // the session's event stays, detached from the person
  });
});
