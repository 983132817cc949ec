import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW } from '@emporium/kit/testing';
import { uuidFromName } from '../src/ids.ts';
import { migrationsFolder, schema, type DealSchema } from '../src/runtime.ts';
import { buildDealSubgraph } from '../src/server.ts';
import { SEED_MERCHANT, seedDeals } from '../src/seed.ts';
import { dataset, productId } from './fixtures.ts';

/** The test runtime (its clock can be moved). */
let rt: Awaited<ReturnType<typeof openTestRuntime<DealSchema>>>;
let jit: SubgraphHandle;
let noJit: SubgraphHandle;

const OTHER_MERCHANT = '50000000-0000-4000-8000-000000000001';
const extra = {
  thirty: '60000000-0000-4000-8000-000000000001', // 700 of 1000, no expiry: live
  noSaving: '60000000-0000-4000-8000-000000000002', // 900, no original price: live
  future: '60000000-0000-4000-8000-000000000003', // 600 of 1000, starts in December
  endsNow: '60000000-0000-4000-8000-000000000004', // 850 of 1000, expires exactly now
};
const seeded1 = uuidFromName(`deal:${productId(1)}`);

type Money = { amount: number; currency: string; formatted: string };
type Deal = { id: string; title: string; price: Money; originalPrice: Money | null; discountPercent: number | null; url: string; couponCode: string | null; startsAt: string; expiresAt: string | null; product: { id: string } | null; merchant: { id: string; name: string; reputation: number; websiteUrl: string | null } };
type ProductDeals = { _entities: ({ id: string; deals: Deal[] } | null)[] };
const DEALS = `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on Product { id deals(first: $first) { id discountPercent price { amount } } } } }`;
const reps = (ids: string[], typename = 'Product') => ids.map((id) => ({ __typename: typename, id }));

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
  await seedDeals(rt, dataset);
  const p1 = productId(1);
  await rt.db.db.execute(sql`insert into deal.merchants (id, name, reputation, website_url) values (${OTHER_MERCHANT}, 'Other shop', 0.5, 'https://other.example')`);
  await rt.db.db.execute(sql`insert into deal.deals (id, merchant_id, product_id, title, url, price_amount, original_amount, currency, coupon_code, starts_at, expires_at) values
    (${extra.thirty}, ${OTHER_MERCHANT}, ${p1}, 'Thirty off', 'https://other.example/1', 700, 1000, 'GBP', 'SAVE30', '2026-11-01T00:00:00Z', null),
    (${extra.noSaving}, ${OTHER_MERCHANT}, ${p1}, 'Plain offer', 'https://other.example/2', 900, null, 'GBP', null, '2026-11-01T00:00:00Z', null),
    (${extra.future}, ${OTHER_MERCHANT}, ${p1}, 'Coming soon', 'https://other.example/3', 600, 1000, 'GBP', null, '2026-12-01T00:00:00Z', '2026-12-31T00:00:00Z'),
    (${extra.endsNow}, ${OTHER_MERCHANT}, ${p1}, 'Ends now', 'https://other.example/4', 850, 1000, 'GBP', null, '2026-11-01T00:00:00Z', ${TEST_NOW})`);
  jit = await buildDealSubgraph(rt);
  noJit = await buildDealSubgraph(rt, { jit: false });
}, 60_000);

afterAll(async () => {
  await jit?.stop();
  await noJit?.stop();
  await rt?.close();
});

describe('Product.deals', () => {
  it('lists live deals only, best saving first', async () => {
    const res = await gql<ProductDeals>(jit.app, DEALS, { r: reps([productId(1)]) });
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities[0]?.deals).toEqual([
      { id: extra.thirty, discountPercent: 30, price: { amount: 700 } },
      { id: seeded1, discountPercent: 20, price: { amount: 800 } },
      { id: extra.noSaving, discountPercent: null, price: { amount: 900 } },
    ]);
  });

  it('honours first, and 0 returns nothing', async () => {
    const two = await gql<ProductDeals>(jit.app, DEALS, { r: reps([productId(1)]), first: 2 });
    expect(two.data?._entities[0]?.deals.map((d) => d.id)).toEqual([extra.thirty, seeded1]);
    const none = await gql<ProductDeals>(jit.app, DEALS, { r: reps([productId(1)]), first: 0 });
    expect(none.data?._entities[0]?.deals).toEqual([]);
  });

  it.each([51, -1])('rejects first: %d with BAD_USER_INPUT', async (first) => {
    const res = await gql<ProductDeals>(jit.app, DEALS, { r: reps([productId(1)]), first });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('follows the clock: deals start and expire with rt.clock', async () => {
    try {
      rt.clock.set('2026-12-05T00:00:00Z');
      const res = await gql<ProductDeals>(jit.app, DEALS, { r: reps([productId(1), productId(3)]) });
      expect(res.data?._entities[0]?.deals.map((d) => d.id)).toEqual([extra.future, extra.thirty, seeded1, extra.noSaving]);
      rt.clock.set('2026-12-16T00:00:00Z'); // #3's deal (from 2026-11-15) ended on 2026-12-15
      const later = await gql<ProductDeals>(jit.app, DEALS, { r: reps([productId(3)]) });
      expect(later.data?._entities[0]?.deals).toEqual([]);
    } finally {
      rt.clock.set(TEST_NOW);
    }
  });

  it('gives products without live deals an empty list, and non-UUID references null', async () => {
    const res = await gql<ProductDeals>(jit.app, DEALS, { r: reps([productId(2), productId(4), 'D2']) });
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([{ id: productId(2), deals: [] }, { id: productId(4), deals: [] }, null]);
  });
});

describe('_entities batching', () => {
  const ids = dataset.products.map((p) => p.id);
  const expected = async () => {
    const rows = await executeRows<{ product_id: string; n: number }>(
      rt.db.db,
      sql`select product_id::text, count(*)::int as n from deal.deals where starts_at <= ${TEST_NOW} and (expires_at is null or expires_at > ${TEST_NOW}) group by product_id`,
    );
    const counts = new Map(rows.map((r) => [r.product_id, Number(r.n)]));
    return ids.map((id) => Math.min(10, counts.get(id) ?? 0));
  };

  for (const [label, handle] of [
    ['with graphql-jit', () => jit],
    ['without graphql-jit', () => noJit],
  ] as const) {
    it(`loads the deals of 24 products with ONE SQL statement ${label}`, async () => {
      const want = await expected();
      for (let run = 0; run < 3; run++) {
        rt.db.stats.reset();
        const res = await gql<ProductDeals>(handle().app, DEALS, { r: reps(ids) });
        expect(rt.db.stats.statements).toBe(1);
        expect(res.errors).toBeUndefined();
        expect(res.data?._entities.map((e) => e?.id)).toEqual(ids);
        expect(res.data?._entities.map((e) => e?.deals.length)).toEqual(want);
      }
    });

    it(`adds ONE statement for all their merchants ${label}`, async () => {
      const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { deals { merchant { name } } } } }`;
      for (let run = 0; run < 3; run++) {
        rt.db.stats.reset();
        const res = await gql<{ _entities: { deals: { merchant: { name: string } }[] }[] }>(handle().app, q, { r: reps(ids) });
        expect(res.errors).toBeUndefined();
        expect(rt.db.stats.statements).toBe(2);
        expect(new Set(res.data?._entities.flatMap((e) => e.deals.map((d) => d.merchant.name)))).toEqual(new Set(['Online Retail UK', 'Other shop']));
      }
    });

    it(`resolves 24 Deal references with ONE statement ${label}`, async () => {
      const dealIds = ids.map((id) => uuidFromName(`deal:${id}`)); // some products have no deal: those are null
      const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { id price { amount } } } }`;
      const stored = new Set((await executeRows<{ id: string }>(rt.db.db, sql`select id::text from deal.deals`)).map((r) => r.id));
      for (let run = 0; run < 3; run++) {
        rt.db.stats.reset();
        const res = await gql<{ _entities: ({ id: string } | null)[] }>(handle().app, q, { r: reps(dealIds, 'Deal') });
        expect(rt.db.stats.statements).toBe(1);
        expect(res.data?._entities.map((e) => e?.id ?? null)).toEqual(dealIds.map((id) => (stored.has(id) ? id : null)));
      }
    });
  }
});

describe('Query.deal and Deal fields', () => {
  const DEAL = `query($id: ID!) { deal(id: $id) { id title url couponCode startsAt expiresAt discountPercent
    price { amount currency formatted } originalPrice { amount currency formatted }
    product { id } merchant { id name reputation websiteUrl } } }`;

  it('returns a deal with money, computed discount, product reference and merchant', async () => {
    const res = await gql<{ deal: Deal }>(jit.app, DEAL, { id: seeded1 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.deal).toEqual({
      id: seeded1,
      title: 'Deal product 1: 20% below its usual price',
      url: '/products/deal-product-1',
      couponCode: null,
      startsAt: '2026-11-10T00:00:00.000Z',
      expiresAt: '2026-12-10T00:00:00.000Z',
      discountPercent: 20,
      price: { amount: 800, currency: 'GBP', formatted: '£8.00' },
      originalPrice: { amount: 1000, currency: 'GBP', formatted: '£10.00' },
      product: { id: productId(1) },
      merchant: { id: SEED_MERCHANT.id, name: 'Online Retail UK', reputation: expect.closeTo(0.9, 5), websiteUrl: null },
    });
  });

  it('computes the discount from the amounts, not from a stored claim', async () => {
    await rt.db.db.execute(sql`update deal.deals set title = 'Save 90%!' where id = ${extra.thirty}`);
    const res = await gql<{ deal: Deal }>(jit.app, DEAL, { id: extra.thirty });
    expect(res.data?.deal).toMatchObject({ discountPercent: 30, couponCode: 'SAVE30', expiresAt: null, merchant: { name: 'Other shop', websiteUrl: 'https://other.example' } });
  });

  it('returns null for an unknown id and BAD_USER_INPUT for a non-UUID id', async () => {
    expect((await gql<{ deal: Deal | null }>(jit.app, DEAL, { id: '70000000-0000-4000-8000-000000000000' })).data?.deal).toBeNull();
    const bad = await gql<{ deal: Deal | null }>(jit.app, DEAL, { id: 'deal-1' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves Merchant references', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Merchant { id name } } }`;
    const res = await gql<{ _entities: ({ id: string; name: string } | null)[] }>(jit.app, q, { r: reps([OTHER_MERCHANT, 'x'], 'Merchant') });
    expect(res.data?._entities).toEqual([{ id: OTHER_MERCHANT, name: 'Other shop' }, null]);
  });
});

describe('identity', () => {
  it('rejects a forged service token with 401 UNAUTHENTICATED', async () => {
    const res = await gql(jit.app, `{ deal(id: "${seeded1}") { id } }`, {}, await serviceHeaders(createTestKeys(), 'gateway'));
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
