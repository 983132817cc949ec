import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows } from '@emporium/kit';
import { gql, openTestRuntime, serviceHeaders, TEST_NOW } from '@emporium/kit/testing';
import { runIngestion } from '../src/feeds/ingest.ts';
import { migrationsFolder, schema, type DealSchema } from '../src/runtime.ts';
import { buildDealSubgraph } from '../src/server.ts';
import { DEFAULT_PROFILES, type SimMerchantProfile } from '../src/simulator/generate.ts';
import { startFeedSimulator, type FeedSimulator } from '../src/simulator/server.ts';
import { ok, REGISTER_FEED, REGISTER_MERCHANT, RUN_FIELDS, SIM_PRODUCTS, type RunResult } from './helpers.ts';

let rt: Awaited<ReturnType<typeof openTestRuntime<DealSchema>>>;
let sim: FeedSimulator;
let admin: Record<string, string>;
const handles: Awaited<ReturnType<typeof buildDealSubgraph>>[] = [];

const honest = DEFAULT_PROFILES.find((p) => p.slug === 'honest-homewares')!;
const profile = (slug: string, behaviour: SimMerchantProfile['behaviour']): SimMerchantProfile => ({ ...honest, slug, name: `${slug} (simulated)`, coverage: 0.3, behaviour });
const PROFILES: SimMerchantProfile[] = [
  honest,
  profile('hanging-shop', { hang: true }),
  profile('refused-shop', {}),
  ...Array.from({ length: 6 }, (_, i) => profile(`slow-${i}`, { delayMs: 100 })),
];
const settings = { timeoutMs: 3000, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 } };

async function build(opts: Parameters<typeof buildDealSubgraph>[1]) {
  const h = await buildDealSubgraph(rt, opts);
  handles.push(h);
  return h;
}

const feedIds = new Map<string, string>();
async function register(app: Awaited<ReturnType<typeof build>>['app'], p: SimMerchantProfile, url: string, allowPrivateNetwork = true) {
  const { registerMerchant } = await ok<{ registerMerchant: { id: string } }>(app, REGISTER_MERCHANT, { i: { name: p.name, reputation: p.reputation, allowPrivateNetwork, simulated: true, rateLimitPerMinute: 6000 } }, admin);
  const { registerDealFeed } = await ok<{ registerDealFeed: { id: string } }>(app, REGISTER_FEED, { i: { merchantId: registerMerchant.id, url } }, admin);
  feedIds.set(p.slug, registerDealFeed.id);
}
async function onlyActive(app: Awaited<ReturnType<typeof build>>['app'], slugs: string[]) {
  for (const [slug, id] of feedIds) {
    await ok(app, `mutation($id: ID!, $a: Boolean!) { setDealFeedActive(id: $id, active: $a) { id } }`, { id, a: slugs.includes(slug) }, admin);
  }
}
async function waitForRun(app: Awaited<ReturnType<typeof build>>['app'], id: string): Promise<RunResult> {
  for (let i = 0; i < 600; i++) {
    const { dealIngestionRun } = await ok<{ dealIngestionRun: RunResult }>(app, `query($id: ID!) { dealIngestionRun(id: $id) { ${RUN_FIELDS} } }`, { id }, admin);
    if (dealIngestionRun.status !== 'RUNNING') return dealIngestionRun;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${id} did not finish`);
}

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
  sim = await startFeedSimulator({ products: SIM_PRODUCTS, seed: 5, now: new Date(TEST_NOW), profiles: PROFILES });
  admin = await serviceHeaders(rt.keys, 'ops');
}, 60_000);

afterAll(async () => {
  for (const h of handles) await h.stop();
  await sim?.close();
  await rt?.close();
});

describe('fault tolerance', () => {
  it('a hanging merchant only fails itself; a private address is refused without a request; one run at a time', async () => {
    const h = await build({ ingestion: { intervalMs: 0, settings } });
    const url = (slug: string) => `${sim.baseUrl}/feeds/${slug}`;
    await register(h.app, honest, url(honest.slug));
    await register(h.app, PROFILES[1]!, url('hanging-shop'));
    // Not allow-listed: 'localhost' resolves to loopback, so the feed is refused at fetch time.
    await register(h.app, PROFILES[2]!, url('refused-shop').replace('127.0.0.1', 'localhost'), false);

    const started = await ok<{ runDealIngestion: { id: string; status: string } }>(h.app, 'mutation { runDealIngestion { id status } }', {}, admin);
    expect(started.runDealIngestion.status).toBe('RUNNING');
    const second = await gql(h.app, 'mutation { runDealIngestion { id } }', {}, admin);
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const report = await waitForRun(h.app, started.runDealIngestion.id);
    expect(report.status).toBe('PARTIAL');
    const byName = (name: string) => report.feeds.find((f) => f.merchantName === name)!;
    expect(byName('hanging-shop (simulated)')).toMatchObject({ status: 'FAILED', attempts: 2, error: 'timeout: timed out after 3000 ms', fetched: 0 });
    expect(byName('refused-shop (simulated)')).toMatchObject({ status: 'REFUSED', attempts: 1, fetched: 0 });
    expect(byName('refused-shop (simulated)').error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1) \(loopback\)/);
    expect(sim.requests.get('refused-shop')).toBeUndefined();
    const good = byName('Honest Homewares (simulated)');
    expect(good.status).toBe('OK');
    expect(good.valid).toBe(sim.merchants.find((m) => m.profile.slug === honest.slug)!.rows.filter((r) => r.truth.faults.length === 0).length);
    expect(sim.requests.get('hanging-shop')).toBe(2);
  }, 60_000);

  it('never fetches more feeds at once than the global cap', async () => {
    const h = await build({ ingestion: { intervalMs: 0, settings: { ...settings, concurrency: 2 } } });
    const slow = PROFILES.filter((p) => p.slug.startsWith('slow-'));
    for (const p of slow) await register(h.app, p, `${sim.baseUrl}/feeds/${p.slug}`);
    await onlyActive(h.app, slow.map((p) => p.slug));
    sim.resetMaxInFlight();
    const { runDealIngestion: run } = await ok<{ runDealIngestion: RunResult }>(h.app, `mutation { runDealIngestion(wait: true) { ${RUN_FIELDS} } }`, {}, admin);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.feeds.map((f) => f.status)).toEqual(slow.map(() => 'OK'));
    expect(sim.maxInFlight()).toBeGreaterThanOrEqual(1);
    expect(sim.maxInFlight()).toBeLessThanOrEqual(2);
    for (const p of slow) expect(sim.requests.get(p.slug)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('runs on a schedule, and the schedule skips when there is no active feed', async () => {
    const h = await build({ ingestion: { intervalMs: 150, settings } });
    await h.start();
    let scheduled: { id: string; status: string }[] = [];
    for (let i = 0; i < 300 && scheduled.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      scheduled = await executeRows<{ id: string; status: string }>(rt.db.db, sql`select id::text, status from deal.ingest_runs where trigger = 'schedule' and status <> 'running'`);
    }
    await h.stop();
    expect(scheduled[0]?.status).toBe('succeeded');

    await onlyActive(handles[0]!.app, []);
    const [before] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from deal.ingest_runs`);
    expect(await runIngestion(rt, { trigger: 'schedule', skipWhenNoFeeds: true, settings })).toBeNull();
    const [after] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from deal.ingest_runs`);
    expect(Number(after?.n)).toBe(Number(before?.n));
  }, 60_000);

  it('stopping the subgraph aborts the run in flight and records it', async () => {
    const h = await build({ ingestion: { intervalMs: 0, settings: { ...settings, timeoutMs: 60_000 } } });
    await onlyActive(h.app, ['hanging-shop']);
    const started = await h.ingestion.start('manual');
    await new Promise((r) => setTimeout(r, 200));
    await h.stop();
    const [row] = await executeRows<{ status: string; report: unknown }>(rt.db.db, sql`select status, report from deal.ingest_runs where id = ${started!.id}`);
    expect(row?.status).toBe('failed');
    const report = (typeof row!.report === 'string' ? JSON.parse(row!.report) : row!.report) as RunResult;
    expect(report.feeds[0]).toMatchObject({ status: 'failed', error: 'aborted: the run was stopped' });
  }, 60_000);
});
