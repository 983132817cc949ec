import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeRows, type EventEnvelope, type Subscription } from '@emporium/kit';
import { validateEventPayload, type DealClickedPayload, type DealUpsertedPayload } from '@emporium/events';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { offerDealId } from '../src/feeds/store.ts';
import { migrationsFolder, schema, type DealRuntime } from '../src/runtime.ts';
import { uuidFromName } from '../src/ids.ts';
import { SEED_MERCHANT, seedDeals } from '../src/seed.ts';
import { buildDealSubgraph } from '../src/server.ts';
import { dataset } from './fixtures.ts';
import { ok, REGISTER_FEED, REGISTER_MERCHANT, RUN, startStaticFeeds, type RunResult } from './helpers.ts';

const keys = createTestKeys();
let rt: DealRuntime;
let handle: Awaited<ReturnType<typeof buildDealSubgraph>>;
let feeds: Awaited<ReturnType<typeof startStaticFeeds>>;
let listener: Subscription;
const received: EventEnvelope[] = [];
const USER = '0000000a-0000-4000-8000-00000000000a';

const upserts = () => received.filter((e) => e.type === 'deal.upserted') as EventEnvelope<DealUpsertedPayload>[];
const latest = (dealId: string) => upserts().filter((e) => e.payload.dealId === dealId).at(-1)?.payload;

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder, keys });
  feeds = await startStaticFeeds();
  handle = await buildDealSubgraph(rt, { ingestion: { intervalMs: 0 } });
  listener = await rt.bus.subscribe({ group: 'test-listener', types: ['deal.upserted', 'deal.clicked'], handler: async (e) => void received.push(e) });
  await handle.start(); // the outbox relay publishes to the bus
}, 60_000);
afterAll(async () => {
  await listener?.close();
  await handle?.stop();
  await feeds?.close();
  await rt?.close();
});

describe('events the deal subgraph publishes (outbox → relay → bus)', () => {
  const row = (id: string, price: string, originalPrice: string) => ({
    id,
    title: `Enamel pie dish number ${id}`,
    description: 'A white enamel pie dish, oven safe.',
    category: 'Kitchen > Baking',
    price,
    originalPrice,
    currency: 'GBP',
    url: `https://tins.example/${id}`,
    expiresAt: new Date(Date.parse(TEST_NOW) + 7 * 86_400_000).toISOString(),
  });
  let merchantId = '';

  it('publishes deal.upserted for the deals an ingestion run creates, then for those it takes down', async () => {
    const admin = await serviceHeaders(keys, 'ops');
    ({ registerMerchant: { id: merchantId } } = await ok<{ registerMerchant: { id: string } }>(handle.app, REGISTER_MERCHANT, { i: { name: 'Tin Shop', reputation: 0.9, allowPrivateNetwork: true } }, admin));
    feeds.set('/tins', [row('S1', '10.00', '12.50'), row('S2', '5.00', '20.00')]);
    await ok(handle.app, REGISTER_FEED, { i: { merchantId, url: feeds.url('/tins') } }, admin);
    const run = async () => (await ok<{ runDealIngestion: RunResult }>(handle.app, RUN, { wait: true }, admin)).runDealIngestion;
    expect(await run()).toMatchObject({ new: 2 });
    const [s1, s2] = [offerDealId(merchantId, 'S1'), offerDealId(merchantId, 'S2')];
    await vi.waitFor(() => expect(latest(s1)?.confidence).toBeGreaterThan(0), { timeout: 10_000, interval: 50 });
    for (const e of upserts()) expect(validateEventPayload('deal.upserted', e.payload)).toEqual({ ok: true });
    expect(latest(s1)).toEqual({
      dealId: s1,
      merchantId,
      productId: null,
      title: 'Enamel pie dish number S1',
      category: 'Kitchen > Baking',
      currency: 'GBP',
      priceAmount: 1000,
      originalAmount: 1250,
      startsAt: TEST_NOW,
      expiresAt: new Date(Date.parse(TEST_NOW) + 7 * 86_400_000).toISOString(),
      active: true,
      suspiciousPricing: false,
      confidence: expect.any(Number),
    });
    // Enrichment re-scores the deals in its own transaction: their last event carries the stored confidence.
    const [stored] = await executeRows<{ c: number }>(rt.db.db, `select confidence_base::float8 as c from deal.deals where id = '${s1}'`);
    expect(latest(s1)!.confidence).toBeCloseTo(Number(stored!.c), 3);
    expect(latest(s2)?.active).toBe(true);

    feeds.set('/tins', [row('S1', '10.00', '12.50')]);
    expect(await run()).toMatchObject({ withdrawn: 1 });
    await vi.waitFor(() => expect(latest(s2)?.active).toBe(false), { timeout: 10_000, interval: 50 });
    expect(latest(s1)?.active).toBe(true);
  });

  it('publishes deal.clicked with the merchant and the signed-in user of a counted click', async () => {
    const s1 = offerDealId(merchantId, 'S1');
    const res = await gql<{ trackDealClick: string }>(handle.app, 'mutation($id: ID!) { trackDealClick(id: $id) }', { id: s1 }, await userHeaders(keys, { id: USER }));
    expect(res.errors).toBeUndefined();
    await vi.waitFor(() => expect(received.some((e) => e.type === 'deal.clicked')).toBe(true), { timeout: 10_000, interval: 50 });
    const clicks = received.filter((e) => e.type === 'deal.clicked') as EventEnvelope<DealClickedPayload>[];
    expect(clicks.map((e) => e.payload)).toEqual([{ dealId: s1, merchantId, userId: USER, sessionId: null }]);
    // No live deal, no click and no event.
    const gone = await gql(handle.app, 'mutation($id: ID!) { trackDealClick(id: $id) }', { id: offerDealId(merchantId, 'S2') }, await userHeaders(keys, { id: USER }));
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const outbox = await executeRows<{ n: number }>(rt.db.db, `select count(*)::int as n from deal.outbox where type = 'deal.clicked'`);
    expect(Number(outbox[0]!.n)).toBe(1);
  });
});

describe('the seed', () => {
  it('enqueues one deal.upserted per seeded deal, with its product and (live deals) its enriched confidence', async () => {
    const seedRt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
    try {
      const { deals } = await seedDeals(seedRt, dataset);
      expect(deals).toBeGreaterThan(0);
      const rows = await executeRows<{ payload: DealUpsertedPayload }>(seedRt.db.db, `select payload from deal.outbox where type = 'deal.upserted' order by seq`);
      expect(rows).toHaveLength(deals);
      for (const { payload } of rows) {
        expect(validateEventPayload('deal.upserted', payload)).toEqual({ ok: true });
        expect(payload.merchantId).toBe(SEED_MERCHANT.id);
        expect(payload.dealId).toBe(uuidFromName(`deal:${payload.productId}`));
        // The enrichment pass scores live deals only; deals that already ended keep confidence 0.
        const live = Date.parse(payload.startsAt) <= Date.parse(TEST_NOW) && Date.parse(TEST_NOW) < Date.parse(payload.expiresAt!);
        if (live) expect(payload.confidence).toBeGreaterThan(0.5);
        else expect(payload.confidence).toBe(0);
      }
      expect(rows.filter((r) => r.payload.confidence > 0).length).toBeGreaterThan(0);
    } finally {
      await seedRt.close();
    }
  });
});
