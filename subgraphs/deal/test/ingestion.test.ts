import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { offerDealId } from '../src/feeds/store.ts';
import { migrationsFolder, schema, type DealSchema } from '../src/runtime.ts';
import { buildDealSubgraph } from '../src/server.ts';
import { HARD_FAULTS } from '../src/simulator/generate.ts';
import { startFeedSimulator, type FeedSimulator } from '../src/simulator/server.ts';
import { ok, REGISTER_FEED, REGISTER_MERCHANT, RUN, RUN_FIELDS, SIM_PRODUCTS, startStaticFeeds, type RunResult } from './helpers.ts';

let rt: Awaited<ReturnType<typeof openTestRuntime<DealSchema>>>;
let handle: Awaited<ReturnType<typeof buildDealSubgraph>>;
let sim: FeedSimulator;
let feeds: Awaited<ReturnType<typeof startStaticFeeds>>;
let admin: Record<string, string>;
const merchantIds = new Map<string, string>();

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
  sim = await startFeedSimulator({ products: SIM_PRODUCTS, seed: 11, now: new Date(TEST_NOW) });
  feeds = await startStaticFeeds();
  handle = await buildDealSubgraph(rt, {
    ingestion: { intervalMs: 0, settings: { timeoutMs: 15_000, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } } },
  });
  admin = await serviceHeaders(rt.keys, 'ops');
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await sim?.close();
  await feeds?.close();
  await rt?.close();
});

const run = async (): Promise<RunResult> => (await ok<{ runDealIngestion: RunResult }>(handle.app, RUN, { wait: true }, admin)).runDealIngestion;

/** What the ground truth says a merchant's feed must give. */
function expected(m: FeedSimulator['merchants'][number]) {
  const c = { fetched: 0, duplicates: 0, rejected: 0, expired: 0, valid: 0, wrongDiscount: 0 };
  for (const { truth } of m.rows) {
    c.fetched++;
    if (truth.faults.includes('duplicate')) c.duplicates++;
    else if (truth.faults.some((f) => HARD_FAULTS.has(f)) || m.profile.reputation < 0.6) {
      c.rejected++;
      if (truth.faults.includes('wrongDiscount')) c.wrongDiscount++;
    } else if (truth.faults.includes('expired')) c.expired++;
    else c.valid++;
  }
  return c;
}

describe('admin API access', () => {
  const input = { name: 'Access Test Shop', reputation: 0.8 };

  it('refuses anonymous callers and non-admin users, accepts admins and services', async () => {
    const anon = await gql(handle.app, REGISTER_MERCHANT, { i: input });
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const customer = await gql(handle.app, REGISTER_MERCHANT, { i: input }, await userHeaders(rt.keys, { id: 'u1', roles: ['customer'] }));
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const q of ['{ dealFeeds { id } }', '{ dealIngestionRuns { id } }', 'mutation { runDealIngestion { id } }']) {
      expect((await gql(handle.app, q)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const byAdmin = await ok<{ registerMerchant: { name: string; simulated: boolean } }>(handle.app, REGISTER_MERCHANT, { i: input }, await userHeaders(rt.keys, { id: 'a1', roles: ['admin'] }));
    expect(byAdmin.registerMerchant).toMatchObject({ name: 'Access Test Shop', simulated: false });
    const forged = await gql(handle.app, REGISTER_MERCHANT, { i: input }, await serviceHeaders(createTestKeys(), 'ops'));
    expect(forged.status).toBe(401);
  });

  it('validates registration input, naming the argument', async () => {
    const bad = async (query: string, vars: Record<string, unknown>) => (await gql(handle.app, query, vars, admin)).errors?.[0];
    expect(await bad(REGISTER_MERCHANT, { i: { name: 'X shop', reputation: 1.5 } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'reputation' } });
    expect(await bad(REGISTER_MERCHANT, { i: { name: '  ', reputation: 0.5 } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'name' } });
    expect(await bad(REGISTER_MERCHANT, { i: { name: 'X shop', reputation: 0.5, rateLimitPerMinute: 0 } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'rateLimitPerMinute' } });
    const { registerMerchant: m } = await ok<{ registerMerchant: { id: string } }>(handle.app, REGISTER_MERCHANT, { i: { name: 'Plain shop', reputation: 0.7 } }, admin);
    expect(await bad(REGISTER_FEED, { i: { merchantId: m.id, url: 'ftp://feeds.example/x' } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'url' } });
    expect(await bad(REGISTER_FEED, { i: { merchantId: m.id, url: 'http://169.254.169.254/latest' } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'url' } });
    expect(await bad(REGISTER_FEED, { i: { merchantId: 'nope', url: 'https://feeds.example/x' } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'merchantId' } });
    expect(await bad(REGISTER_FEED, { i: { merchantId: '00000000-0000-4000-8000-000000000000', url: 'https://feeds.example/x' } })).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const feed = await ok<{ registerDealFeed: { id: string; format: string; active: boolean } }>(handle.app, REGISTER_FEED, { i: { merchantId: m.id, url: 'https://feeds.example/x', format: 'CSV' } }, admin);
    expect(feed.registerDealFeed).toMatchObject({ format: 'CSV', active: true });
    expect(await bad(REGISTER_FEED, { i: { merchantId: m.id, url: 'https://feeds.example/x' } })).toMatchObject({ extensions: { code: 'CONFLICT' } });
    // Registered but switched off: the runs below never fetch it.
    const off = await ok<{ setDealFeedActive: { active: boolean } }>(handle.app, `mutation($id: ID!) { setDealFeedActive(id: $id, active: false) { active } }`, { id: feed.registerDealFeed.id }, admin);
    expect(off.setDealFeedActive.active).toBe(false);
  });
});

describe('ingestion from the simulator', () => {
  let first: RunResult;

  beforeAll(async () => {
    for (const m of sim.merchants) {
      const { registerMerchant } = await ok<{ registerMerchant: { id: string } }>(
        handle.app,
        REGISTER_MERCHANT,
        { i: { name: m.profile.name, reputation: m.profile.reputation, allowPrivateNetwork: true, simulated: true, rateLimitPerMinute: 6000 } },
        admin,
      );
      merchantIds.set(m.profile.slug, registerMerchant.id);
      await ok(handle.app, REGISTER_FEED, { i: { merchantId: registerMerchant.id, url: m.feedUrl } }, admin);
    }
    first = await run();
  }, 120_000);

  it('reports every feed as the ground truth predicts', () => {
    expect(first.trigger).toBe('MANUAL');
    expect(first.status).toBe('PARTIAL'); // Gone Gadgets always fails
    for (const m of sim.merchants) {
      const feed = first.feeds.find((f) => f.merchantName === m.profile.name)!;
      if (m.profile.behaviour.alwaysFail) {
        expect(feed).toMatchObject({ status: 'FAILED', error: 'http: HTTP 500', attempts: 3, fetched: 0 });
        continue;
      }
      const { wrongDiscount, ...want } = expected(m);
      expect({ merchant: m.profile.slug, status: feed.status, fetched: feed.fetched, duplicates: feed.duplicates, rejected: feed.rejected, expired: feed.expired, valid: feed.valid, new: feed.new }).toEqual({
        merchant: m.profile.slug,
        status: 'OK',
        ...want,
        new: want.valid,
      });
      expect(feed.format).toBe(m.profile.format.toUpperCase());
      expect(feed.rejectedByReason.find((r) => r.reason === 'discountMismatch')?.count ?? 0).toBe(wrongDiscount);
      if (m.profile.reputation < 0.6) expect(feed.rejectedByReason).toEqual([{ reason: 'lowReputation', count: want.rejected }]);
    }
    expect(first.feeds.find((f) => f.merchantName.startsWith('Flaky'))).toMatchObject({ status: 'OK', attempts: 3 });
    const sum = (k: 'fetched' | 'valid' | 'rejected' | 'expired' | 'duplicates') => first.feeds.reduce((s, f) => s + f[k], 0);
    expect([first.fetched, first.valid, first.rejected, first.expired, first.duplicates]).toEqual([sum('fetched'), sum('valid'), sum('rejected'), sum('expired'), sum('duplicates')]);
    expect(first.fetched).toBe(first.valid + first.rejected + first.expired + first.duplicates);
    expect(first.valid).toBeGreaterThan(20);
  });

  it('explains rejections with samples', () => {
    const dash = first.feeds.find((f) => f.merchantName.startsWith('Deal Dash'))!;
    expect(dash.samples.length).toBe(Math.min(10, dash.rejected));
    expect(dash.samples.join('\n')).toMatch(/line \d+ \(id DD-\d+\): discountMismatch: states \d+% off, the prices give [\d.]+%/);
  });

  it('stores the valid offers as live deals and keeps the report in the database', async () => {
    const [row] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from deal.deals where active and feed_id is not null`);
    expect(Number(row?.n)).toBe(first.valid);
    const [stored] = await executeRows<{ status: string; fetched: number; report: unknown }>(rt.db.db, sql`select status, fetched, report from deal.ingest_runs where id = ${first.id}`);
    expect(stored).toMatchObject({ status: 'partial', fetched: first.fetched });
    const report = (typeof stored!.report === 'string' ? JSON.parse(stored!.report) : stored!.report) as { feeds: unknown[]; valid: number };
    expect(report.valid).toBe(first.valid);
    expect(report.feeds).toHaveLength(sim.merchants.length);
    const read = await ok<{ dealIngestionRun: RunResult; dealIngestionRuns: { id: string }[] }>(
      handle.app,
      `query($id: ID!) { dealIngestionRun(id: $id) { ${RUN_FIELDS} } dealIngestionRuns(first: 1) { id } }`,
      { id: first.id },
      admin,
    );
    expect(read.dealIngestionRun).toEqual(first);
    expect(read.dealIngestionRuns).toEqual([{ id: first.id }]);
  });

  it('serves an ingested offer as a Deal with the merchant labelled simulated', async () => {
    const honest = sim.merchants.find((m) => m.profile.slug === 'honest-homewares')!;
    const row = honest.rows.find((r) => r.truth.faults.length === 0 && r.record)!;
    const id = offerDealId(merchantIds.get('honest-homewares')!, row.truth.offerId);
    const { deal } = await ok<{ deal: Record<string, unknown> }>(
      handle.app,
      `query($id: ID!) { deal(id: $id) { id title url couponCode expiresAt price { amount currency } originalPrice { amount } discountPercent product { id } merchant { name simulated } } }`,
      { id },
      {},
    );
    const pence = (s: string) => Math.round(Number(s) * 100);
    expect(deal).toEqual({
      id,
      title: row.record!.title,
      url: row.record!.url,
      couponCode: row.record!.couponCode || null,
      expiresAt: row.record!.expiresAt,
      price: { amount: pence(row.record!.price!), currency: 'GBP' },
      originalPrice: { amount: pence(row.record!.originalPrice!) },
      discountPercent: Math.floor(((pence(row.record!.originalPrice!) - pence(row.record!.price!)) * 100) / pence(row.record!.originalPrice!)),
      product: null,
      merchant: { name: 'Honest Homewares (simulated)', simulated: true },
    });
  });

  it('skips unchanged rows by content hash on the next run', async () => {
    const requestsBefore = sim.requests.get('honest-homewares');
    const second = await run();
    expect(sim.requests.get('honest-homewares')).toBe(requestsBefore! + 1);
    expect(second).toMatchObject({ valid: first.valid, new: 0, updated: 0, unchanged: first.valid, expired: first.expired, withdrawn: 0, rejected: first.rejected });
    expect(second.feeds.find((f) => f.merchantName.startsWith('Flaky'))).toMatchObject({ status: 'OK', attempts: 1 });
  });

  it('lists feeds with their last status', async () => {
    const { dealFeeds } = await ok<{ dealFeeds: { url: string; active: boolean; lastStatus: string | null; lastError: string | null; merchant: { name: string } }[] }>(
      handle.app,
      '{ dealFeeds { url active lastStatus lastError merchant { name } } }',
      {},
      admin,
    );
    expect(dealFeeds.find((f) => f.merchant.name.startsWith('Gone'))).toMatchObject({ lastStatus: 'FAILED', lastError: 'http: HTTP 500' });
    expect(dealFeeds.find((f) => f.merchant.name.startsWith('Honest'))).toMatchObject({ lastStatus: 'OK', lastError: null, active: true });
    expect(dealFeeds.find((f) => f.merchant.name === 'Plain shop')).toMatchObject({ active: false, lastStatus: null });
  });
});

describe('changes between runs', () => {
  const DAY = 86_400_000;
  const row = (id: string, price: string, originalPrice: string, extra: Record<string, unknown> = {}) => ({
    id,
    title: `Enamel pie dish number ${id}`,
    description: 'A white enamel pie dish.',
    category: 'Kitchen > Baking',
    price,
    originalPrice,
    currency: 'GBP',
    url: `https://tins.example/${id}`,
    ...extra,
  });
  let feedId = '';
  let merchantId = '';
  const feedReport = (r: RunResult) => r.feeds.find((f) => f.feedId === feedId)!;
  const active = async (externalId: string) =>
    (await executeRows<{ active: boolean; suspicious_pricing: boolean }>(rt.db.db, sql`select active, suspicious_pricing from deal.deals where id = ${offerDealId(merchantId, externalId)}`))[0];

  beforeAll(async () => {
    ({ registerMerchant: { id: merchantId } } = await ok<{ registerMerchant: { id: string } }>(handle.app, REGISTER_MERCHANT, { i: { name: 'Tin Shop', reputation: 0.9, allowPrivateNetwork: true } }, admin));
    feeds.set('/tins', [row('S1', '10.00', '12.00', { expiresAt: new Date(Date.parse(TEST_NOW) + 3 * DAY).toISOString() }), row('S2', '5.00', '20.00'), row('S3', '8.00', '10.00')]);
    ({ registerDealFeed: { id: feedId } } = await ok<{ registerDealFeed: { id: string } }>(handle.app, REGISTER_FEED, { i: { merchantId, url: feeds.url('/tins') } }, admin));
  });
  afterAll(() => rt.clock.set(TEST_NOW));

  it('flags an original price above 1.3 × the 30-day average observed price, once there is a day of history', async () => {
    const r1 = feedReport(await run());
    expect(r1).toMatchObject({ status: 'OK', new: 3, valid: 3, suspicious: 0 }); // S2 claims 75% off but has no history yet
    rt.clock.advance(2 * DAY);
    feeds.set('/tins', [row('S1', '6.00', '15.00', { expiresAt: new Date(Date.parse(TEST_NOW) + 3 * DAY).toISOString() }), row('S2', '5.00', '20.00'), row('S3', '8.00', '10.00')]);
    const r2 = feedReport(await run());
    expect(r2).toMatchObject({ updated: 1, unchanged: 2, suspicious: 2 });
    expect(await active('S1')).toEqual({ active: true, suspicious_pricing: true }); // 1500 > 1.3 × 1000 (two days at £10)
    expect(await active('S2')).toEqual({ active: true, suspicious_pricing: true }); // 2000 > 1.3 × 500: a permanent "sale"
    expect(await active('S3')).toEqual({ active: true, suspicious_pricing: false }); // 1000 ≤ 1.3 × 800
    const obs = await executeRows<{ price_amount: number }>(rt.db.db, sql`select price_amount::int from deal.price_observations where deal_id = ${offerDealId(merchantId, 'S1')} order by observed_at`);
    expect(obs.map((o) => Number(o.price_amount))).toEqual([1000, 600]);
  });

  it('withdraws deals that leave the feed and brings them back when they return', async () => {
    const s1 = row('S1', '6.00', '15.00', { expiresAt: new Date(Date.parse(TEST_NOW) + 3 * DAY).toISOString() });
    feeds.set('/tins', [s1, row('S2', '5.00', '20.00')]);
    expect(feedReport(await run())).toMatchObject({ withdrawn: 1, unchanged: 2, fetched: 2 });
    expect((await active('S3'))?.active).toBe(false);
    feeds.set('/tins', [s1, row('S2', '5.00', '20.00'), row('S3', '8.00', '10.00')]);
    expect(feedReport(await run())).toMatchObject({ withdrawn: 0, updated: 1, new: 0, unchanged: 2 });
    expect((await active('S3'))?.active).toBe(true);
  });

  it('takes down deals that expire or become invalid', async () => {
    rt.clock.advance(2 * DAY); // S1 expired a day ago
    feeds.set('/tins', [
      row('S1', '6.00', '15.00', { expiresAt: new Date(Date.parse(TEST_NOW) + 3 * DAY).toISOString() }),
      row('S2', '5.00', '20.00', { title: 'Pie dish' }),
      row('S3', '8.00', '10.00'),
    ]);
    const r = feedReport(await run());
    expect(r).toMatchObject({ expired: 1, rejected: 1, valid: 1, unchanged: 1, rejectedByReason: [{ reason: 'shortTitle', count: 1 }] });
    expect((await active('S1'))?.active).toBe(false);
    expect((await active('S2'))?.active).toBe(false);
    expect((await active('S3'))?.active).toBe(true);
  });

  it('reads a CSV feed with mixed good and broken rows', async () => {
    const csv = [
      'id,title,description,category,price,originalPrice,currency,url',
      'C1,Enamel pie dish C1,"A dish, white",Kitchen,4.00,5.00,GBP,https://tins.example/C1',
      'C2,broken row,with,too,many,fields,here,now,!',
      'C3,Enamel pie dish C3,A dish,Kitchen,4.00,5.00,EUR,https://tins.example/C3',
      'C1,Enamel pie dish C1,"A dish, white",Kitchen,4.00,5.00,GBP,https://tins.example/C1',
    ].join('\n');
    feeds.setRaw('/tins', csv, 'text/csv');
    const r = feedReport(await run());
    expect(r).toMatchObject({ format: 'CSV', fetched: 4, valid: 2, rejected: 1, duplicates: 1, withdrawn: 1, rejectedByReason: [{ reason: 'malformedRow', count: 1 }] });
    expect(r.samples).toEqual(['line 3: malformedRow: wrong number of fields']);
  });
});
