import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createEnvelope, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { validateEventPayload, type OrderPlacedPayload } from '@emporium/events';
import { compareNeighbours } from '../src/co-purchase.ts';
import { coPurchases, productStats } from '../src/db/schema.ts';
import { migrationsFolder, schema, type RecommendationRuntime } from '../src/runtime.ts';
import { buildRecommendationSubgraph } from '../src/server.ts';
import { neighboursKey } from '../src/loaders.ts';
import { hasRecommendations, seedRecommendations } from '../src/seed.ts';
import { P1, P2, P3, P4, ring, testInvoices, testProducts } from './fixtures.ts';

const keys = createTestKeys();
let rt: RecommendationRuntime;
let sub: SubgraphHandle;

type Rec = { score: number; product: { id: string }; reasons: { strategy: string; score: number; weight: number; detail: string | null }[] };
type Entities = { _entities: ({ id: string; recommendations: Rec[] } | null)[] };
const ENTITIES = `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on Product { id
  recommendations(first: $first) { score product { id } reasons { strategy score weight detail } } } } }`;
const reps = (ids: string[]) => ids.map((id) => ({ __typename: 'Product', id }));

/** The stored neighbours of a product in read order, straight from the table. */
async function storedNeighbours(productId: string) {
  const rows = await rt.db.db.select().from(coPurchases).where(eq(coPurchases.productId, productId)).orderBy(asc(coPurchases.otherProductId));
  return rows.sort(compareNeighbours);
}

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'recommendation', schema, migrationsFolder, keys });
  expect(await hasRecommendations(rt)).toBe(false);
  const seen: [number, number][] = [];
  const report = await seedRecommendations(rt, { invoices: testInvoices(), products: testProducts() }, (done, total) => seen.push([done, total]));
  expect(report).toMatchObject({ ordersCounted: 6 + 72, ordersSkippedBulk: 0, products: 4 + 24, attributes: 28, mode: 'dense' });
  const [done, total] = seen.at(-1)!;
  expect(done).toBe(total);
  expect(total).toBe(report.rows);
  // The fixture invoices have no user: stats, pairs, attributes, trending (GB and all), 2 totals, daily sales.
  expect(report.rows).toBe(report.products + report.pairs + report.attributes + report.trendingRows + 2 + report.dailySalesRows);
  sub = await buildRecommendationSubgraph(rt);
  await sub.start();
});
afterAll(async () => {
  await sub?.stop();
  await rt?.close();
});

/** The documented pair score: cosine shrunk by together / (together + 10). */
const shrunk = (together: number, a: number, b: number) => (together / Math.sqrt(a * b)) * (together / (together + 10));

describe('seed', () => {
  it('stores the counts and shrunk cosine scores of the documented rules, idempotently', async () => {
    await seedRecommendations(rt, { invoices: testInvoices(), products: testProducts() });
    const stats = await rt.db.db.select().from(productStats);
    expect(stats).toHaveLength(28);
    expect(stats.find((s) => s.productId === P1)?.orders).toBe(5);
    expect(stats.find((s) => s.productId === ring[5])?.orders).toBe(9);
    const p1 = await storedNeighbours(P1);
    expect(p1.map((p) => [p.otherProductId, p.ordersTogether])).toEqual([[P2, 3], [P3, 3]]);
    expect(p1[0]?.score).toBeCloseTo(shrunk(3, 5, 4), 6);
    // Every ring product: ±1 bought together 6 times (6/9 · 6/16), ±2 three times (3/9 · 3/13).
    const r0 = await storedNeighbours(ring[0]!);
    expect(r0.map((p) => [p.otherProductId, p.ordersTogether])).toEqual([[ring[1], 6], [ring[23], 6], [ring[2], 3], [ring[22], 3]]);
    expect(r0[0]?.score).toBeCloseTo(shrunk(6, 9, 9), 6);
    expect(await rt.db.db.$count(coPurchases)).toBe(6 + 24 * 4);
  });
});

describe('Product.recommendations', () => {
  it('returns the best co-purchased products with their evidence', async () => {
    const res = await gql<Entities>(sub.app, ENTITIES, { r: reps([P1, P2, P4]), first: 10 });
    expect(res.errors).toBeUndefined();
    const [p1, p2, p4] = res.data!._entities;
    expect(p1?.recommendations.map((r) => r.product.id)).toEqual([P2, P3]);
    expect(p2?.recommendations.map((r) => r.product.id)).toEqual([P3, P1]);
    expect(p4?.recommendations).toEqual([]); // P4's pairs lack the minimum support
    const best = p2!.recommendations[0]!;
    expect(best.score).toBeCloseTo(shrunk(3, 4, 4), 6);
    expect(best.reasons).toEqual([{ strategy: 'COLLABORATIVE', score: best.score, weight: 1, detail: 'bought together in 3 orders' }]);
  });

  it.each([true, false])('answers 24 products with ONE statement, then from rt.cache, as stored (jit %s)', async (jit) => {
    const handle = jit ? sub : await buildRecommendationSubgraph(rt, { jit: false });
    await rt.cache.delete(...ring.map(neighboursKey));
    try {
      for (let round = 0; round < 3; round++) {
        rt.db.stats.reset();
        const res = await gql<Entities>(handle.app, ENTITIES, { r: reps(ring), first: 3 }, await serviceHeaders(keys, 'gateway'));
        expect(res.errors).toBeUndefined();
        expect(rt.db.stats.statements).toBe(round === 0 ? 1 : 0);
        const entities = res.data!._entities;
        expect(entities.map((e) => e?.id)).toEqual(ring);
        for (const [i, id] of ring.entries()) {
          const expected = (await storedNeighbours(id)).slice(0, 3);
          const got = entities[i]!.recommendations;
          expect(got.map((r) => r.product.id)).toEqual(expected.map((p) => p.otherProductId));
          got.forEach((r, k) => {
            expect(r.score).toBeCloseTo(expected[k]!.score, 6);
            expect(r.reasons[0]?.detail).toBe(`bought together in ${expected[k]!.ordersTogether} orders`);
          });
        }
      }
    } finally {
      if (!jit) await handle.stop();
    }
  });

  it('rejects first outside 0..50 and answers non-UUID references with null', async () => {
    for (const first of [51, -1]) {
      const res = await gql<Entities>(sub.app, ENTITIES, { r: reps([P1]), first });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const zero = await gql<Entities>(sub.app, ENTITIES, { r: reps([P1]), first: 0 });
    expect(zero.data?._entities[0]?.recommendations).toEqual([]);
    const bad = await gql<Entities>(sub.app, ENTITIES, { r: reps(['not-a-uuid']) });
    expect(bad.errors).toBeUndefined();
    expect(bad.data?._entities).toEqual([null]);
  });

  it('answers 401 UNAUTHENTICATED to a forged token', async () => {
    const res = await gql(sub.app, ENTITIES, { r: reps([P1]) }, await userHeaders(createTestKeys(), { id: P1 }));
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('order.placed', () => {
  /** An order.placed envelope whose payload satisfies the published contract. */
  const placed = (lines: { productId: string; quantity: number }[]) => {
    const payload: OrderPlacedPayload = {
      orderId: randomUUID(),
      userId: null,
      sessionId: 'anon-session-0123456789',
      country: 'GB',
      currency: 'GBP',
      totalAmount: lines.reduce((n, l) => n + l.quantity * 250, 0),
      placedAt: TEST_NOW,
      lines: lines.map((l) => ({ ...l, unitAmount: 250 })),
    };
    expect(validateEventPayload('order.placed', payload)).toEqual({ ok: true });
    return createEnvelope({ type: 'order.placed', source: 'order', payload, occurredAt: TEST_NOW });
  };

  it('updates counts and scores incrementally, once per event', async () => {
    const event = placed([{ productId: P1, quantity: 2 }, { productId: P2, quantity: 1 }, { productId: P2, quantity: 1 }]);
    for (let delivery = 0; delivery < 2; delivery++) {
      await rt.bus.publish([event]);
      await rt.bus.whenIdle();
      const stats = await rt.db.db.select().from(productStats);
      expect(stats.find((s) => s.productId === P1)?.orders).toBe(6);
      expect(stats.find((s) => s.productId === P2)?.orders).toBe(5);
      const p1 = await storedNeighbours(P1);
      expect(p1.map((p) => [p.otherProductId, p.ordersTogether])).toEqual([[P2, 4], [P3, 3]]);
      expect(p1[0]?.score).toBeCloseTo(shrunk(4, 6, 5), 6);
      expect(p1[1]?.score).toBeCloseTo(shrunk(3, 6, 4), 6); // not in the order, but P1's denominator moved
      const p3 = await storedNeighbours(P3);
      expect(p3.find((p) => p.otherProductId === P2)?.score).toBeCloseTo(shrunk(3, 5, 4), 6);
    }
    expect(await rt.bus.deadLetters()).toEqual([]);
  });

  it('shows new pairs from the minimum support on and at most 20 per product', async () => {
    const fresh = Array.from({ length: 25 }, (_, i) => `00000000-0000-4000-8000-${String(7000 + i).padStart(12, '0')}`);
    const lines = fresh.map((productId) => ({ productId, quantity: 1 }));
    const shown = async () => {
      const res = await gql<Entities>(sub.app, ENTITIES, { r: reps([fresh[0]!]), first: 50 });
      expect(res.errors).toBeUndefined();
      return res.data!._entities[0]!.recommendations;
    };
    for (let n = 1; n <= 3; n++) {
      await rt.bus.publish([placed(lines)]);
      await rt.bus.whenIdle();
      expect(await shown()).toHaveLength(n < 3 ? 0 : 20);
    }
    expect(await rt.db.db.$count(coPurchases, eq(coPurchases.productId, fresh[0]!))).toBe(24);
    const top = await shown();
    expect(top[0]).toMatchObject({ product: { id: fresh[1] }, reasons: [{ detail: 'bought together in 3 orders' }] });
    expect(top[0]?.score).toBeCloseTo(shrunk(3, 3, 3), 6);
  });
});
