import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows } from '@emporium/kit';
import { gql, openTestRuntime, serviceHeaders, TEST_NOW } from '@emporium/kit/testing';
import { upsertCatalog } from '../src/catalog.ts';
import { popularity, WEIGHTS } from '../src/enrich/confidence.ts';
import { offerDealId } from '../src/feeds/store.ts';
import { migrationsFolder, schema, type DealSchema } from '../src/runtime.ts';
import { buildDealSubgraph } from '../src/server.ts';
import { seedDeals } from '../src/seed.ts';
import { startFeedSimulator, type FeedSimulator } from '../src/simulator/server.ts';
import { dataset } from './fixtures.ts';
import { ok, REGISTER_FEED, REGISTER_MERCHANT, RUN, SIM_PRODUCTS, type RunResult } from './helpers.ts';

let rt: Awaited<ReturnType<typeof openTestRuntime<DealSchema>>>;
let handle: Awaited<ReturnType<typeof buildDealSubgraph>>;
let sim: FeedSimulator;
let admin: Record<string, string>;
let run: RunResult;
/** The offer each ingested deal was generated from (simulator ground truth), by deal id. */
const truth = new Map<string, { productId: string; merchant: string }>();

type Row = {
  id: string;
  group_id: string | null;
  merchant_id: string;
  product_id: string | null;
  score: number;
  price: number;
  original: number | null;
  currency: string;
  category: string | null;
  title: string;
  expires_at: string | null;
  created_at: string;
  clicks: number;
  suspicious: boolean;
};

/** Every live deal with what the search semantics need, straight from the table. */
async function liveRows(now = new Date(TEST_NOW)): Promise<Row[]> {
  const rows = await executeRows<Row>(
    rt.db.db,
    sql`select id::text, group_id::text, merchant_id::text, product_id::text, (confidence_base + ${WEIGHTS.popularity} * (1 - exp(-(clicks + 3 * saves) / 25.0)))::float8 as score,
        price_amount::int as price, original_amount::int as original, currency, category, title, expires_at::text, created_at::text, clicks, suspicious_pricing as suspicious
        from deal.deals where active and starts_at <= ${now.toISOString()}::timestamptz and (expires_at is null or expires_at > ${now.toISOString()}::timestamptz)`,
  );
  return rows.map((r) => ({ ...r, score: Number(r.score), price: Number(r.price), original: r.original === null ? null : Number(r.original), clicks: Number(r.clicks) }));
}

/** The search semantics, reimplemented: matching rows, then the best (score, id) per duplicate group. */
function expectedIds(rows: Row[], match: (r: Row) => boolean): Set<string> {
  const best = new Map<string, Row>();
  for (const r of rows.filter(match)) {
    const g = r.group_id ?? r.id;
    const cur = best.get(g);
    if (!cur || r.score > cur.score || (r.score === cur.score && r.id < cur.id)) best.set(g, r);
  }
  return new Set([...best.values()].map((r) => r.id));
}

const DEALS = `query($f: DealFilter, $s: DealSort, $first: Int, $after: String) {
  deals(filter: $f, sort: $s, first: $first, after: $after) {
    totalCount
    edges { cursor node { id title discountPercent expiresAt verified live suspiciousPricing category price { amount currency } merchant { id } } }
    pageInfo { hasNextPage endCursor }
  } }`;
type Page = {
  deals: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; title: string; discountPercent: number | null; expiresAt: string | null; verified: boolean; live: boolean; category: string | null; price: { amount: number; currency: string }; merchant: { id: string } } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
const search = (vars: Record<string, unknown>) => ok<Page>(handle.app, DEALS, vars, {});
/** Every result of a search, page by page. */
async function all(vars: Record<string, unknown>, pageSize = 100): Promise<Page['deals']['edges'][number]['node'][]> {
  const out: Page['deals']['edges'][number]['node'][] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const { deals } = await search({ ...vars, first: pageSize, after });
    out.push(...deals.edges.map((e) => e.node));
    if (!deals.pageInfo.hasNextPage) return out;
    after = deals.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
  await seedDeals(rt, dataset); // the retailer's own deals, linked to the fixture products
  await upsertCatalog(rt.db.db, SIM_PRODUCTS.map((p) => ({ productId: p.id, title: p.title, brand: p.brand, category: p.category, gtin: null, updatedAt: new Date(TEST_NOW) })));
  sim = await startFeedSimulator({ products: SIM_PRODUCTS, seed: 23, now: new Date(TEST_NOW) });
  handle = await buildDealSubgraph(rt, { ingestion: { intervalMs: 0, settings: { timeoutMs: 15_000, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } } } });
  admin = await serviceHeaders(rt.keys, 'ops');
  for (const m of sim.merchants) {
    const { registerMerchant } = await ok<{ registerMerchant: { id: string } }>(handle.app, REGISTER_MERCHANT, { i: { name: m.profile.name, reputation: m.profile.reputation, allowPrivateNetwork: true, simulated: true, rateLimitPerMinute: 6000 } }, admin);
    await ok(handle.app, REGISTER_FEED, { i: { merchantId: registerMerchant.id, url: m.feedUrl } }, admin);
    for (const r of m.rows) truth.set(offerDealId(registerMerchant.id, r.truth.offerId), { productId: r.truth.productId, merchant: m.profile.slug });
  }
  ({ runDealIngestion: run } = await ok<{ runDealIngestion: RunResult }>(handle.app, RUN, { wait: true }, admin));
}, 120_000);

afterAll(async () => {
  await handle?.stop();
  await sim?.close();
  await rt?.close();
});

describe('duplicate groups, alternatives and product links', () => {
  it('groups only offers of the same product, at most one per merchant', async () => {
    const rows = (await liveRows()).filter((r) => truth.has(r.id));
    const groups = new Map<string, Row[]>();
    for (const r of rows) if (r.group_id) groups.set(r.group_id, [...(groups.get(r.group_id) ?? []), r]);
    expect(groups.size).toBeGreaterThan(10);
    for (const members of groups.values()) {
      expect(new Set(members.map((m) => truth.get(m.id)!.productId)).size).toBe(1);
      expect(new Set(members.map((m) => m.merchant_id)).size).toBe(members.length);
    }
    // Most products offered by 2+ merchants end up as one group (a 28-product catalog gives weak IDF statistics;
    // bench/deals/dedupe-quality.md measures recall on the full catalog).
    const byProduct = new Map<string, Set<string>>();
    for (const r of rows) byProduct.set(truth.get(r.id)!.productId, new Set([...(byProduct.get(truth.get(r.id)!.productId) ?? []), r.group_id ?? r.id]));
    const multi = [...byProduct.entries()].filter(([p]) => rows.filter((r) => truth.get(r.id)!.productId === p).length > 1);
    expect(multi.length).toBeGreaterThan(10);
    expect(multi.filter(([, g]) => g.size === 1).length).toBeGreaterThanOrEqual(Math.ceil(multi.length * 0.8));
  });

  it('links offers to the catalog product they are for', async () => {
    const rows = (await liveRows()).filter((r) => truth.has(r.id));
    const linked = rows.filter((r) => r.product_id !== null);
    expect(linked.length).toBeGreaterThanOrEqual(Math.ceil(rows.length * 0.9));
    expect(linked.filter((r) => r.product_id === truth.get(r.id)!.productId).length).toBe(linked.length);
    const e = run as unknown as { id: string };
    const [stored] = await executeRows<{ report: unknown }>(rt.db.db, sql`select report from deal.ingest_runs where id = ${e.id}`);
    const report = (typeof stored!.report === 'string' ? JSON.parse(stored!.report) : stored!.report) as { enrichment: { groups: number; linked: { title: number } } };
    expect(report.enrichment.groups).toBeGreaterThan(10);
    expect(report.enrichment.linked.title).toBeGreaterThan(0);
  });

  it('shows each group once, as its most trusted deal, with the others as alternatives', async () => {
    const rows = await liveRows();
    const results = await all({});
    expect(new Set(results.map((r) => r.id))).toEqual(expectedIds(rows, () => true));
    const grouped = results.find((r) => rows.find((x) => x.id === r.id)?.group_id);
    const row = rows.find((x) => x.id === grouped!.id)!;
    const q = `query($id: ID!) { deal(id: $id) { id confidence { score } alternatives(first: 10) { id confidence { score } merchant { id } } } }`;
    const { deal } = await ok<{ deal: { id: string; confidence: { score: number }; alternatives: { id: string; confidence: { score: number }; merchant: { id: string } }[] } }>(handle.app, q, { id: row.id }, {});
    const others = rows.filter((x) => x.group_id === row.group_id && x.id !== row.id).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    expect(deal.alternatives.map((a) => a.id)).toEqual(others.map((o) => o.id));
    for (const a of deal.alternatives) expect(a.confidence.score).toBeLessThanOrEqual(deal.confidence.score + 1e-4);
  });

  it('includes linked feed deals in Product.deals, one statement for many products', async () => {
    const ids = SIM_PRODUCTS.slice(0, 10).map((p) => p.id);
    rt.db.stats.reset();
    const res = await gql<{ _entities: { id: string; deals: { id: string }[] }[] }>(
      handle.app,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id deals(first: 10) { id } } } }`,
      { r: ids.map((id) => ({ __typename: 'Product', id })) },
    );
    expect(rt.db.stats.statements).toBe(1);
    const rows = await liveRows();
    for (const e of res.data!._entities) {
      expect(new Set(e.deals.map((d) => d.id))).toEqual(new Set(rows.filter((r) => r.product_id === e.id).slice(0, 10).map((r) => r.id)));
    }
    expect(res.data!._entities.some((e) => e.deals.length >= 2)).toBe(true);
  });
});

describe('deals: filters', () => {
  const cases: [string, Record<string, unknown>, (r: Row) => boolean][] = [
    ['query', { query: 'cakestand' }, (r) => /cakestand/i.test(r.title)],
    ['category (and its subcategories)', { category: 'kitchen' }, (r) => (r.category ?? '').toLowerCase().startsWith('kitchen')],
    ['price range and currency', { priceRange: { min: 500, max: 1500, currency: 'GBP' } }, (r) => r.price >= 500 && r.price <= 1500 && r.currency === 'GBP'],
    ['minimum discount', { minDiscount: 30 }, (r) => r.original !== null && (r.original - r.price) * 100 >= 30 * r.original],
    ['expiring within', { expiringWithin: 24 * 7 }, (r) => r.expires_at !== null && Date.parse(r.expires_at) <= Date.parse(TEST_NOW) + 7 * 86_400_000],
    ['verified only', { verifiedOnly: true }, (r) => !r.suspicious && r.product_id !== null],
  ];
  it.each(cases)('%s', async (_label, filter, match) => {
    const rows = await liveRows();
    const want = expectedIds(rows, match);
    expect(want.size).toBeGreaterThan(0);
    const got = await all({ f: filter });
    expect(new Set(got.map((r) => r.id))).toEqual(want);
    expect((await search({ f: filter, first: 1 })).deals.totalCount).toBe(want.size);
  });

  it('merchants', async () => {
    const rows = await liveRows();
    const merchants = [...new Set(rows.map((r) => r.merchant_id))].slice(0, 2);
    const got = await all({ f: { merchants } });
    expect(new Set(got.map((r) => r.id))).toEqual(expectedIds(rows, (r) => merchants.includes(r.merchant_id)));
    expect(got.every((r) => merchants.includes(r.merchant.id))).toBe(true);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ f: { minDiscount: 120 } }, 'filter.minDiscount'],
    [{ f: { merchants: ['nope'] } }, 'filter.merchants'],
    [{ f: { expiringWithin: 0 } }, 'filter.expiringWithin'],
    [{ f: { priceRange: { min: 10, max: 5 } } }, 'filter.priceRange'],
    [{ f: { priceRange: { currency: 'XYZ' } } }, 'filter.priceRange.currency'],
    [{ f: { query: 'x'.repeat(201) } }, 'filter.query'],
    [{ first: 101 }, 'first'],
    [{ after: 'garbage' }, 'after'],
  ])('rejects %j naming %s', async (vars, field) => {
    const res = await gql(handle.app, DEALS, vars);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message).not.toMatch(/select|sql/i);
  });
});

describe('deals: sorts, pages, facets', () => {
  const sorts: [string, (a: Row, b: Row) => number][] = [
    ['RELEVANCE', (a, b) => b.score - a.score],
    ['DISCOUNT', (a, b) => (b.original ? (b.original - b.price) / b.original : 0) - (a.original ? (a.original - a.price) / a.original : 0)],
    ['PRICE', (a, b) => a.price - b.price],
    ['POPULARITY', (a, b) => b.clicks - a.clicks],
    ['NEWEST', (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at)],
    ['ENDING_SOON', (a, b) => (a.expires_at ? Date.parse(a.expires_at) : Infinity) - (b.expires_at ? Date.parse(b.expires_at) : Infinity)],
  ];
  it.each(sorts)('%s: ordered, and pages of 7 give exactly the whole list', async (sort, cmp) => {
    const rows = await liveRows();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const whole = await all({ s: sort });
    for (let i = 1; i < whole.length; i++) expect(cmp(byId.get(whole[i - 1]!.id)!, byId.get(whole[i]!.id)!)).toBeLessThanOrEqual(1e-9);
    const paged = await all({ s: sort }, 7);
    expect(paged.map((r) => r.id)).toEqual(whole.map((r) => r.id));
  });

  it('refuses a cursor from another sort', async () => {
    const { deals } = await search({ s: 'PRICE', first: 2 });
    const res = await gql(handle.app, DEALS, { s: 'DISCOUNT', after: deals.pageInfo.endCursor });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('counts facets over every result', async () => {
    const q = `{ deals(first: 1) { totalCount facets { categories { value count } merchants { merchant { id name } count } discounts { value count } } } }`;
    const { deals } = await ok<{ deals: { totalCount: number; facets: { categories: { value: string; count: number }[]; merchants: { merchant: { id: string }; count: number }[]; discounts: { value: string; count: number }[] } } }>(handle.app, q, {}, {});
    const sum = (xs: { count: number }[]) => xs.reduce((s, x) => s + x.count, 0);
    expect(sum(deals.facets.categories)).toBe(deals.totalCount);
    expect(sum(deals.facets.merchants)).toBe(deals.totalCount);
    expect(sum(deals.facets.discounts)).toBe(deals.totalCount);
    const rows = await liveRows();
    const best = expectedIds(rows, () => true);
    const kitchen = rows.filter((r) => best.has(r.id) && (r.category ?? '').startsWith('Kitchen')).length;
    expect(deals.facets.categories.find((c) => c.value === 'Kitchen')?.count).toBe(kitchen);
    expect(deals.facets.discounts.map((d) => d.value)).toEqual(['0-9', '10-24', '25-49', '50+'].filter((b) => deals.facets.discounts.some((d) => d.value === b)));
  });

  it('costs a bounded number of statements, whatever the page size, with merchants, totals, facets and alternatives', async () => {
    for (const first of [12, 48, 48]) {
      const q = `{ deals(first: ${first}) { totalCount edges { node { id merchant { name } alternatives { id merchant { name } } } } facets { merchants { merchant { name } count } } } }`;
      rt.db.stats.reset();
      const { deals } = await ok<{ deals: { edges: unknown[] } }>(handle.app, q, {}, {});
      expect(deals.edges.length).toBe(first);
      // page, deals by id, alternatives, facets, and merchants: one batch per level that asks for them (the page's
      // deals, their alternatives, the facets), which may coalesce when they are requested in the same tick
      expect(rt.db.stats.statements).toBeGreaterThanOrEqual(5);
      expect(rt.db.stats.statements).toBeLessThanOrEqual(7);
    }
  });
});

describe('clicks, confidence and the clock', () => {
  it('counts a click, returns the affiliate URL and raises popularity', async () => {
    const [target] = (await liveRows()).filter((r) => truth.has(r.id));
    const before = await ok<{ deal: { url: string; clicks: number; confidence: { score: number; factors: { name: string; value: number; weight: number }[] } } }>(
      handle.app,
      `query($id: ID!) { deal(id: $id) { url clicks confidence { score factors { name value weight } } } }`,
      { id: target!.id },
      {},
    );
    const click = await ok<{ trackDealClick: string }>(handle.app, `mutation($id: ID!) { trackDealClick(id: $id) }`, { id: target!.id }, {});
    const url = new URL(click.trackDealClick);
    expect(`${url.origin}${url.pathname}`).toBe(before.deal.url);
    expect(url.searchParams.get('utm_source')).toBe('emporium');
    expect(url.searchParams.get('utm_content')).toBe(target!.id);
    const after = await ok<typeof before>(handle.app, `query($id: ID!) { deal(id: $id) { url clicks confidence { score factors { name value weight } } } }`, { id: target!.id }, {});
    expect(after.deal.clicks).toBe(before.deal.clicks + 1);
    const pop = after.deal.confidence.factors.find((f) => f.name === 'popularity')!;
    expect(pop.value).toBeCloseTo(popularity(after.deal.clicks, 0), 4);
    expect(after.deal.confidence.score).toBeGreaterThan(before.deal.confidence.score);
    const factors = after.deal.confidence.factors;
    expect(factors.map((f) => f.name)).toEqual(['reputation', 'popularity', 'priceCompetitiveness', 'contentQuality', 'historicalPerformance']);
    expect(factors.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(1, 9);
    expect(after.deal.confidence.score).toBeCloseTo(factors.reduce((s, f) => s + f.weight * f.value, 0), 3);
    for (const f of factors) expect(f.value).toBeGreaterThanOrEqual(0);
    for (const f of factors) expect(f.value).toBeLessThanOrEqual(1);
  });

  it('refuses clicks on unknown or ended deals', async () => {
    expect((await gql(handle.app, `mutation { trackDealClick(id: "00000000-0000-4000-8000-000000000000") }`)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(handle.app, `mutation { trackDealClick(id: "nope") }`)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('drops deals from results when they expire, by the clock', async () => {
    const rows = await liveRows();
    const soonest = rows.filter((r) => r.expires_at).sort((a, b) => Date.parse(a.expires_at!) - Date.parse(b.expires_at!))[0]!;
    const later = new Date(Date.parse(soonest.expires_at!) + 1000);
    try {
      rt.clock.set(later);
      const results = await all({});
      expect(results.map((r) => r.id)).not.toContain(soonest.id);
      expect(new Set(results.map((r) => r.id))).toEqual(expectedIds(await liveRows(later), () => true));
      const { deal } = await ok<{ deal: { live: boolean } }>(handle.app, `query($id: ID!) { deal(id: $id) { live } }`, { id: soonest.id }, {});
      expect(deal.live).toBe(false);
      expect((await gql(handle.app, `mutation($id: ID!) { trackDealClick(id: $id) }`, { id: soonest.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      rt.clock.set(TEST_NOW);
    }
  });
});
