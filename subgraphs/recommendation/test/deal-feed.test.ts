import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, executeRows, type SubgraphHandle } from '@emporium/kit';
import { validateEventPayload } from '@emporium/events';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { DEAL_FEED_WEIGHTS, dealScore, type DealFeedFactors } from '../src/engine/deal-score.ts';
import { migrationsFolder, schema, type RecommendationRuntime } from '../src/runtime.ts';
import { buildRecommendationSubgraph } from '../src/server.ts';
import { seedRecommendations } from '../src/seed.ts';
import { uuid } from './fixtures.ts';
import { C, K, M, USER_A, USER_B, worldInvoices, worldProducts } from './world.ts';

const keys = createTestKeys();
let rt: RecommendationRuntime;
let sub: SubgraphHandle;

const NOW = Date.parse(TEST_NOW);
const at = (hours: number) => new Date(NOW + hours * 3_600_000).toISOString();
const MERCHANT_1 = uuid(5001);
const MERCHANT_2 = uuid(5002);
const D = {
  candle: uuid(6001), // C[2]: bought with USER_A's favourite C0 by other customers
  cushion: uuid(6002), // K[0]
  mug: uuid(6003), // not linked, merchant category "Kitchen > Mugs", at merchant 2
  expired: uuid(6004),
  takenDown: uuid(6005),
  later: uuid(6006),
};

const dealPayload = (dealId: string, over: Record<string, unknown> = {}) => ({
  dealId,
  merchantId: MERCHANT_1,
  productId: null,
  title: `Deal ${dealId.slice(-4)}`,
  category: null,
  currency: 'GBP',
  priceAmount: 400,
  originalAmount: 500,
  startsAt: at(-48),
  expiresAt: at(24 * 7),
  active: true,
  suspiciousPricing: false,
  confidence: 0.5,
  ...over,
});

const publish = async (type: string, payload: unknown, occurredAt = TEST_NOW) => {
  expect(validateEventPayload(type, payload).ok).toBe(true); // the contract the deal subgraph publishes
  await rt.bus.publish([createEnvelope({ type, source: 'deal', payload, occurredAt })]);
  await rt.bus.whenIdle();
};

type Entry = { score: number; deal: { id: string }; factors: DealFeedFactors };
const FEED = `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on User { id dealFeed(first: $first) {
  score deal { id } factors { category priceRange merchantAffinity discountSensitivity timing dealQuality collaborative content } } } } }`;
const rep = (id: string, preferences: unknown = null, savedDealIds: string[] = []) => [
  { __typename: 'User', id, preferences, savedDeals: { edges: savedDealIds.map((dealId) => ({ node: { deal: { id: dealId } } })) } },
];
const prefs = (categories: string[], over: Record<string, unknown> = {}) => ({ categories, priceRange: null, discountSensitivity: null, activeHours: [], ...over });

async function feedOf(user: string, preferences: unknown, opts: { first?: number; saved?: string[]; as?: string | null } = {}) {
  const headers = opts.as === null ? await serviceHeaders(keys, 'gateway', 'anon-session-0123456789') : await userHeaders(keys, { id: opts.as ?? user, country: 'GB' });
  return gql<{ _entities: { dealFeed: Entry[] }[] }>(sub.app, FEED, { r: rep(user, preferences, opts.saved ?? []), first: opts.first ?? 10 }, headers);
}
const ids = (entries: Entry[]) => entries.map((e) => e.deal.id);

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'recommendation', schema, migrationsFolder, keys });
  await seedRecommendations(rt, { invoices: worldInvoices(), products: worldProducts() });
  sub = await buildRecommendationSubgraph(rt);
  await sub.start();
  await publish('deal.upserted', dealPayload(D.candle, { productId: C[2], category: 'Home > Candles', confidence: 0.9 }));
  await publish('deal.upserted', dealPayload(D.cushion, { productId: K[0], category: 'Home > Cushions', confidence: 0.5, priceAmount: 1000, originalAmount: 2000 }));
  await publish('deal.upserted', dealPayload(D.mug, { merchantId: MERCHANT_2, category: 'Kitchen > Mugs', confidence: 0.4, originalAmount: null }));
  await publish('deal.upserted', dealPayload(D.expired, { productId: M[1], confidence: 1, expiresAt: at(-1) }));
  await publish('deal.upserted', dealPayload(D.takenDown, { productId: M[2], confidence: 1, active: false }));
  await publish('deal.upserted', dealPayload(D.later, { productId: M[3], confidence: 1, startsAt: at(2) }));
});
afterAll(async () => {
  await sub?.stop();
  await rt?.close();
});

describe('deal.upserted → the deal projection', () => {
  it('keeps the latest state of each deal; an older event arriving late changes nothing', async () => {
    const id = uuid(6100);
    await publish('deal.upserted', dealPayload(id, { confidence: 0.7 }), at(-1));
    await publish('deal.upserted', dealPayload(id, { confidence: 0.2, active: false }), at(-2));
    const rows = await executeRows<{ confidence: number; active: boolean }>(rt.db.db, `select confidence, active from recommendation.deals where deal_id = '${id}'`);
    expect(rows).toEqual([{ confidence: expect.closeTo(0.7, 5), active: true }]);
    await publish('deal.upserted', dealPayload(id, { active: false }), at(0));
    const after = await executeRows<{ active: boolean }>(rt.db.db, `select active from recommendation.deals where deal_id = '${id}'`);
    expect(after).toEqual([{ active: false }]);
  });
});

describe('User.dealFeed', () => {
  it('leaves out expired, taken-down and not yet started deals', async () => {
    const res = await feedOf(USER_B, null);
    expect(res.errors).toBeUndefined();
    const got = ids(res.data!._entities[0]!.dealFeed);
    expect(got.sort()).toEqual([D.candle, D.cushion, D.mug].sort());
  });

  it('gives a user without preferences, history or clicks the deals ranked by quality alone', async () => {
    const feed = (await feedOf(USER_B, null)).data!._entities[0]!.dealFeed;
    expect(ids(feed)).toEqual([D.candle, D.cushion, D.mug]);
    for (const e of feed) expect(e.score).toBeCloseTo(e.factors.dealQuality, 6);
    expect(feed.map((e) => e.factors.dealQuality)).toEqual([expect.closeTo(0.9, 5), expect.closeTo(0.5, 5), expect.closeTo(0.4, 5)]);
  });

  it('orders by Σ weight × factor: a preferred category (0.15) outweighs a quality gap of 0.4 (0.06)', async () => {
    const candles = (await feedOf(USER_B, prefs(['home-candles']))).data!._entities[0]!.dealFeed;
    const cushions = (await feedOf(USER_B, prefs(['home-cushions']))).data!._entities[0]!.dealFeed;
    expect(ids(candles)[0]).toBe(D.candle);
    expect(ids(cushions).slice(0, 2)).toEqual([D.cushion, D.candle]);
    const kitchen = (await feedOf(USER_B, prefs(['kitchen-mugs', 'home-cushions']))).data!._entities[0]!.dealFeed;
    // mug: category 1 (unlinked: the merchant's category), cushion: 1/2 (second of two preferences).
    expect(kitchen.find((e) => e.deal.id === D.mug)!.factors.category).toBe(1);
    expect(kitchen.find((e) => e.deal.id === D.cushion)!.factors.category).toBe(0.5);
    for (const feed of [candles, cushions, kitchen]) {
      for (const e of feed) expect(e.score).toBeCloseTo(dealScore(e.factors, DEAL_FEED_WEIGHTS), 5);
      for (let k = 1; k < feed.length; k++) expect(feed[k - 1]!.score).toBeGreaterThanOrEqual(feed[k]!.score);
    }
  });

  it('reads price range, discount sensitivity and active hours from the required preferences', async () => {
    const feed = (
      await feedOf(USER_B, prefs([], { priceRange: { min: { amount: 800, currency: 'GBP' }, max: { amount: 1500, currency: 'GBP' } }, discountSensitivity: 0.8, activeHours: [9, 18] }))
    ).data!._entities[0]!.dealFeed;
    const by = new Map(feed.map((e) => [e.deal.id, e.factors]));
    expect(by.get(D.cushion)!.priceRange).toBe(1); // 1000 in [800, 1500]
    expect(by.get(D.candle)!.priceRange).toBeCloseTo(400 / 800, 6);
    expect(by.get(D.cushion)!.discountSensitivity).toBeCloseTo(0.8, 6); // 50 % saving
    expect(by.get(D.candle)!.discountSensitivity).toBeCloseTo(0.8 * (0.2 / 0.5), 6);
    expect(by.get(D.mug)!.discountSensitivity).toBe(0); // no original price
    for (const f of by.values()) expect(f.timing).toBeGreaterThan(0);
  });

  it('learns merchant affinity from deal.clicked events and saved deals', async () => {
    await publish('deal.clicked', { dealId: D.mug, merchantId: MERCHANT_2, userId: USER_A, sessionId: null });
    const clicked = (await feedOf(USER_A, null)).data!._entities[0]!.dealFeed;
    const by = new Map(clicked.map((e) => [e.deal.id, e.factors]));
    expect(by.get(D.mug)!.merchantAffinity).toBe(1);
    expect(by.get(D.candle)!.merchantAffinity).toBe(0);
    // Saved deals count 3 clicks each at their merchant: 3 at merchant 1 against 1 at merchant 2.
    const saved = (await feedOf(USER_A, null, { saved: [D.cushion] })).data!._entities[0]!.dealFeed;
    const bySaved = new Map(saved.map((e) => [e.deal.id, e.factors]));
    expect(bySaved.get(D.candle)!.merchantAffinity).toBe(1);
    expect(bySaved.get(D.mug)!.merchantAffinity).toBeCloseTo(1 / 3, 6);
  });

  it('scores linked products with the collaborative and content strategies of the user history', async () => {
    const feed = (await feedOf(USER_A, null)).data!._entities[0]!.dealFeed;
    const by = new Map(feed.map((e) => [e.deal.id, e.factors]));
    expect(by.get(D.candle)!.collaborative).toBeGreaterThan(0); // C2 is bought with C0 by other customers
    expect(by.get(D.candle)!.content).toBeGreaterThan(by.get(D.cushion)!.content); // USER_A buys candles and mugs
    expect(by.get(D.mug)!.collaborative).toBe(0); // not linked to a product
    expect(ids(feed)[0]).toBe(D.candle);
  });

  it('is readable by the user themself only; first is at most 50', async () => {
    const other = await feedOf(USER_A, null, { as: USER_B });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.data?._entities?.[0] ?? null).toBeNull();
    const anonymous = await feedOf(USER_A, null, { as: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const tooMany = await feedOf(USER_A, null, { first: 51 });
    expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(tooMany.errors?.[0]?.message).toContain('first');
    expect((await feedOf(USER_A, null, { first: 1 })).data!._entities[0]!.dealFeed).toHaveLength(1);
  });

  it('forgets the deal clicks of a deleted user', async () => {
    const clicks = () => executeRows<{ clicks: number }>(rt.db.db, `select clicks from recommendation.deal_clicks where shopper = 'u:${USER_A}'`);
    expect(await clicks()).toEqual([{ clicks: 1 }]);
    await publish('user.deleted', { userId: USER_A, requestedBy: 'self' });
    expect(await clicks()).toEqual([]);
  });
});
