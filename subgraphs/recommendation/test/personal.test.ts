import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { catalogueOf } from '../src/catalogue.ts';
import { toDays } from '../src/engine/decay.ts';
import { CONTEXT_WEIGHTS } from '../src/engine/ensemble.ts';
import { encodeFeatures } from '../src/engine/features.ts';
import { DEFAULT_PARAMS } from '../src/engine/params.ts';
import { recommend } from '../src/engine/recommend.ts';
import { ReplayModel } from '../src/evaluation/replay.ts';
import { evaluationDataFromRetail } from '../src/evaluation/retail.ts';
import { migrationsFolder, schema, type RecommendationRuntime } from '../src/runtime.ts';
import { buildRecommendationSubgraph } from '../src/server.ts';
import { seedRecommendations } from '../src/seed.ts';
import { C, K, M, USER_A, USER_B, X, worldInvoices, worldProducts } from './world.ts';

const keys = createTestKeys();
let rt: RecommendationRuntime;
let sub: SubgraphHandle;

type Reason = { strategy: string; score: number; weight: number; detail: string | null };
type Rec = { score: number; product: { id: string }; reasons: Reason[] };
const USER_RECS = `query($r: [_Any!]!, $context: RecommendationContext, $productId: ID, $cartId: ID, $first: Int) {
  _entities(representations: $r) { ... on User { id recommendations(context: $context, productId: $productId, cartId: $cartId, first: $first) {
    score product { id } reasons { strategy score weight detail } } } } }`;
const userRep = (id: string) => [{ __typename: 'User', id }];
const asA = () => userHeaders(keys, { id: USER_A, country: 'GB' });

async function recsOf(user: string, vars: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res = await gql<{ _entities: { recommendations: Rec[] }[] }>(sub.app, USER_RECS, { r: userRep(user), ...vars }, headers ?? (await asA()));
  return res;
}

/** What the offline evaluation's replay recommends for the same customer, country and moment (the served pipeline). */
function replayed(userId: string, country: string, first: number) {
  const data = evaluationDataFromRetail({ products: worldProducts(), invoices: worldInvoices() });
  const model = new ReplayModel(data.products.length, data.countries, DEFAULT_PARAMS);
  for (const o of data.orders) model.apply(o);
  const features = encodeFeatures(data.products);
  const customer = data.customerIds.indexOf(userId.slice(-6));
  const input = model.input(customer, data.countryCodes.indexOf(country), toDays(new Date(TEST_NOW)), features);
  const exclude = Uint8Array.from(worldProducts(), (p) => (p.quantityOnHand > 0 ? 0 : 1));
  const result = recommend(input, DEFAULT_PARAMS, {
    first,
    weights: CONTEXT_WEIGHTS.HOME,
    exclude,
    diversity: { group: features.leaf, maxPerGroup: DEFAULT_PARAMS.maxPerCategory, depth: DEFAULT_PARAMS.diversityDepth },
  });
  const ids = worldProducts().map((p) => p.id);
  return [...result.items].map((i) => ({ id: ids[i]!, score: result.ensemble[i]! }));
}

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

describe('User.recommendations', () => {
  it('serves exactly what the offline evaluation evaluates (HOME)', async () => {
    const res = await recsOf(USER_A, { first: 10 });
    expect(res.errors).toBeUndefined();
    const got = res.data!._entities[0]!.recommendations;
    const expected = replayed(USER_A, 'GB', 10);
    expect(expected.length).toBeGreaterThan(5);
    expect(got.map((r) => r.product.id)).toEqual(expected.map((e) => e.id));
    got.forEach((r, k) => expect(r.score).toBeCloseTo(expected[k]!.score, 5));
  });

  it('explains each recommendation with the per-strategy scores and weights that produced it', async () => {
    const got = (await recsOf(USER_A, { first: 10 })).data!._entities[0]!.recommendations;
    const w = CONTEXT_WEIGHTS.HOME;
    const total = Object.values(w).reduce((a, b) => a + b, 0);
    for (const r of got) {
      expect(r.reasons.length).toBeGreaterThan(0);
      const sum = r.reasons.reduce((acc, x) => acc + x.weight * x.score, 0) / total;
      expect(r.score).toBeCloseTo(sum, 9);
      for (const reason of r.reasons) {
        expect(reason.weight).toBe(w[reason.strategy as keyof typeof w]);
        expect(reason.score).toBeGreaterThan(0);
        expect(reason.score).toBeLessThanOrEqual(1);
      }
    }
    const c0 = got.find((r) => r.product.id === C[0]);
    expect(c0?.reasons.find((x) => x.strategy === 'BUY_AGAIN')).toMatchObject({ score: 1, detail: 'you ordered it 3 times' });
    const c2 = got.find((r) => r.product.id === C[2]);
    expect(c2?.reasons.map((x) => x.strategy)).toEqual(expect.arrayContaining(['COLLABORATIVE', 'CONTENT', 'CROSS_SELL']));
    expect(got.map((r) => r.product.id)).not.toContain(X); // out of stock
    // Three leaf categories: nine recommendations hold three of each; a tenth relaxes the limit.
    const category = new Map(worldProducts().map((p) => [p.id, p.categoryPath.join('/')]));
    const counts = (recs: Rec[]) => {
      const perCategory = new Map<string, number>();
      for (const r of recs) perCategory.set(category.get(r.product.id)!, (perCategory.get(category.get(r.product.id)!) ?? 0) + 1);
      return [...perCategory.values()].sort();
    };
    const nine = (await recsOf(USER_A, { first: 9 })).data!._entities[0]!.recommendations;
    expect(counts(nine)).toEqual([3, 3, 3]);
    expect(counts(got)).toEqual([3, 3, 4]);
  });

  it('uses the configured weights of the context', async () => {
    const only = Object.fromEntries(Object.keys(CONTEXT_WEIGHTS.HOME).map((k) => [k, k === 'BUY_AGAIN' ? 1 : 0]));
    const custom = await buildRecommendationSubgraph(rt, { weights: { ...CONTEXT_WEIGHTS, HOME: only as typeof CONTEXT_WEIGHTS.HOME } });
    try {
      const res = await gql<{ _entities: { recommendations: Rec[] }[] }>(custom.app, USER_RECS, { r: userRep(USER_A), first: 10 }, await asA());
      const got = res.data!._entities[0]!.recommendations;
      // Bought 3, 3 and 1 times; C0 and M0 tie on the decayed count, C0 is in more orders overall (9 vs 7).
      expect(got.map((r) => r.product.id)).toEqual([C[0], M[0], C[1]]);
      expect(got.flatMap((r) => r.reasons.map((x) => x.strategy))).toEqual(['BUY_AGAIN', 'BUY_AGAIN', 'BUY_AGAIN']);
    } finally {
      await custom.stop();
    }
  });

  it('gives a user without history the trending products of their country', async () => {
    const headers = await userHeaders(keys, { id: USER_B, country: 'FR' });
    const res = await recsOf(USER_B, { first: 5 }, headers);
    expect(res.errors).toBeUndefined();
    const got = res.data!._entities[0]!.recommendations;
    const trending = await gql<{ trendingProducts: Rec[] }>(sub.app, '{ trendingProducts(country: "FR", first: 5) { score product { id } reasons { strategy score weight detail } } }');
    expect(got).toEqual(trending.data!.trendingProducts);
    expect(got[0]).toMatchObject({ product: { id: M[2] }, reasons: [{ strategy: 'TRENDING', weight: 1, detail: 'trending in FR' }] });
  });

  it('PRODUCT: starts from the product shown and never recommends it', async () => {
    const res = await recsOf(USER_A, { context: 'PRODUCT', productId: C[2], first: 10 });
    expect(res.errors).toBeUndefined();
    const got = res.data!._entities[0]!.recommendations;
    expect(got.map((r) => r.product.id)).not.toContain(C[2]);
    const c3 = got.find((r) => r.product.id === C[3])!;
    expect(c3.reasons.find((x) => x.strategy === 'COLLABORATIVE')?.detail).toBe('bought or viewed with the product shown');
    const missing = await recsOf(USER_A, { context: 'PRODUCT' });
    expect(missing.errors?.[0]).toMatchObject({ message: 'productId is required when context is PRODUCT.', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('only the user themself may read them; arguments are checked', async () => {
    const other = await recsOf(USER_A, {}, await userHeaders(keys, { id: USER_B }));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await recsOf(USER_A, {}, await serviceHeaders(keys, 'gateway', 'anon-session-0123456789'));
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const [vars, arg] of [[{ first: 51 }, 'first'], [{ productId: 'nope' }, 'productId'], [{ cartId: '42' }, 'cartId']] as const) {
      const res = await recsOf(USER_A, vars);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain(arg);
    }
  });

  it('costs one statement per source when warm (shopper rows), four when cold', async () => {
    await rt.cache.delete(...[...C, ...M, ...K, X].map((id) => `neighbours:v1:${id}`), 'trending:v1:GB', `seasonal:v1:${TEST_NOW.slice(0, 10)}`);
    rt.db.stats.reset();
    expect((await recsOf(USER_A, { first: 10 })).errors).toBeUndefined();
    expect(rt.db.stats.statements).toBe(4); // shopper, neighbours, trending, seasonal
    rt.db.stats.reset();
    expect((await recsOf(USER_A, { first: 10 })).errors).toBeUndefined();
    expect(rt.db.stats.statements).toBe(1);
  });
});

describe('trendingProducts', () => {
  it('ranks by the decayed country share, validates the country, and defaults to the caller country', async () => {
    const gb = await gql<{ trendingProducts: Rec[] }>(sub.app, '{ trendingProducts(country: "GB", first: 3) { score product { id } reasons { strategy detail } } }');
    expect(gb.errors).toBeUndefined();
    expect(gb.data!.trendingProducts.map((r) => r.product.id).slice(0, 2).sort()).toEqual([K[0], K[1]].sort());
    expect(gb.data!.trendingProducts[0]!.score).toBe(1);
    const mine = await gql<{ trendingProducts: Rec[] }>(sub.app, '{ trendingProducts(first: 3) { score product { id } reasons { strategy detail } } }', {}, await asA());
    expect(mine.data).toEqual(gb.data);
    const bad = await gql(sub.app, '{ trendingProducts(country: "gb") { score } }');
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(bad.errors?.[0]?.message).toContain('country');
  });
});

describe('Product.similar', () => {
  const SIMILAR = `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on Product { id similar(first: $first) { score product { id } reasons { strategy score weight detail } } } } }`;
  it('ranks same-category products first, in stock only, one statement for N products', async () => {
    const ids = worldProducts().map((p) => p.id);
    await rt.cache.delete(...ids.map((id) => `neighbours:v1:${id}`));
    rt.db.stats.reset();
    const res = await gql<{ _entities: { id: string; similar: Rec[] }[] }>(sub.app, SIMILAR, { r: ids.map((id) => ({ __typename: 'Product', id })), first: 3 });
    expect(res.errors).toBeUndefined();
    expect(rt.db.stats.statements).toBe(1);
    const byId = new Map(res.data!._entities.map((e) => [e.id, e.similar]));
    const c1 = byId.get(C[1]!)!;
    expect(c1.map((r) => r.product.id)).not.toContain(C[1]);
    expect(c1.map((r) => r.product.id)).not.toContain(X);
    // C0 and C2 share C1's leaf category, brand, tag and price band: content score 1.
    expect(c1.slice(0, 2).map((r) => r.product.id).sort()).toEqual([C[0], C[2]].sort());
    expect(c1[0]!.reasons[0]).toMatchObject({ strategy: 'CONTENT', score: 1, detail: 'also in Candles' });
  });
});
