import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { migrationsFolder, schema, type PricingRuntime } from '../src/runtime.ts';
import { buildPricingSubgraph } from '../src/server.ts';
import { seedPrices } from '../src/seed.ts';
import { dataset, productId } from './fixtures.ts';

const keys = createTestKeys();
let rt: PricingRuntime & { clock: { set(d: Date | string): void } };
let handle: SubgraphHandle;
let service: Record<string, string>;

const T0 = Date.parse(TEST_NOW);
const H = 3_600_000;
const D = 24 * H;
const at = (ms: number) => new Date(T0 + ms).toISOString();

const SALE = `mutation($p: ID!, $a: SafeInt!, $s: DateTime!, $e: DateTime!) {
  scheduleSale(productId: $p, amount: $a, startsAt: $s, endsAt: $e) { productId kind currency amount regularAmount validFrom validUntil }
}`;
const CHANGE = `mutation($p: ID!, $a: SafeInt!, $f: DateTime!) {
  schedulePriceChange(productId: $p, amount: $a, validFrom: $f) { productId kind currency amount regularAmount validFrom validUntil }
}`;
const PRICE = `query($r: [_Any!]!, $country: String, $currency: String) {
  _entities(representations: $r) { ... on Product { id price(country: $country, currency: $currency) {
    current { amount } regular { amount } discountPercent lowest30Days { amount } validUntil } } }
}`;
type P = { current: { amount: number }; regular: { amount: number }; discountPercent: number | null; lowest30Days: { amount: number } | null; validUntil: string | null };

const sale = (n: number, amount: number, from: number, to: number, headers = service) =>
  gql<{ scheduleSale: Record<string, unknown> | null }>(handle.app, SALE, { p: productId(n), a: amount, s: at(from), e: at(to) }, headers);
const change = (n: number, amount: number, from: number, headers = service) =>
  gql<{ schedulePriceChange: Record<string, unknown> | null }>(handle.app, CHANGE, { p: productId(n), a: amount, f: at(from) }, headers);

/** The price of product `n` when the clock reads T0 + `when`. */
async function priceAt(n: number, when: number, vars: { country?: string; currency?: string } = {}): Promise<P | null | undefined> {
  rt.clock.set(at(when));
  try {
    const res = await gql<{ _entities: { price: P | null }[] }>(handle.app, PRICE, { r: [{ __typename: 'Product', id: productId(n) }], ...vars });
    expect(res.errors).toBeUndefined();
    return res.data?._entities[0]?.price;
  } finally {
    rt.clock.set(TEST_NOW);
  }
}

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'pricing', schema, migrationsFolder, keys });
  await seedPrices(rt, dataset);
  handle = await buildPricingSubgraph(rt);
  service = await serviceHeaders(keys, 'deal');
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

describe('service-only scheduling', () => {
  it('is refused without a service token, also for an admin, and hidden from the API schema', async () => {
    const admin = await userHeaders(keys, { id: productId(800), roles: ['admin'] });
    for (const headers of [{}, admin]) {
      expect((await sale(10, 100, H, 2 * H, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await change(10, 100, H, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const [n] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from pricing.sales`);
    expect(n?.n).toBe(0);
    const root = new URL('../../../schema/', import.meta.url);
    const supergraph = readFileSync(new URL('supergraph.graphql', root), 'utf8');
    const api = readFileSync(new URL('api.graphql', root), 'utf8');
    for (const name of ['scheduleSale', 'schedulePriceChange', 'importPrices']) {
      expect(supergraph).toMatch(new RegExp(`${name}\\(.*@inaccessible`));
      expect(api).not.toContain(name);
    }
    expect(api).not.toMatch(/\btype ScheduledPrice\b/);
  });
});

describe('sales and scheduled changes (README: price rules)', () => {
  it('a sale: announced with price.changed, active inside its window, with the 30-day low as the "was" price', async () => {
    const res = await sale(3, 299, H, 7 * D);
    expect(res.errors).toBeUndefined();
    expect(res.data?.scheduleSale).toEqual({ productId: productId(3), kind: 'SALE', currency: 'GBP', amount: 299, regularAmount: 399, validFrom: at(H), validUntil: at(7 * D) });
    const [event] = await executeRows<{ type: string; payload: unknown }>(rt.db.db, sql`select type, payload from pricing.outbox order by seq desc limit 1`);
    expect(event).toEqual({ type: 'price.changed', payload: { productId: productId(3), currency: 'GBP', amount: 299, regularAmount: 399, validFrom: at(H), validUntil: at(7 * D) } });

    expect(await priceAt(3, 0)).toEqual({ current: { amount: 399 }, regular: { amount: 399 }, discountPercent: null, lowest30Days: { amount: 399 }, validUntil: at(H) });
    expect(await priceAt(3, 2 * H)).toEqual({ current: { amount: 299 }, regular: { amount: 399 }, discountPercent: 25, lowest30Days: { amount: 399 }, validUntil: at(7 * D) });
    // Converted amounts and the discount on them: 299 → €3.47, 399 → €4.63 in Germany.
    expect(await priceAt(3, 2 * H, { country: 'DE', currency: 'EUR' })).toMatchObject({ current: { amount: 347 }, regular: { amount: 463 }, discountPercent: 25 });
    // After the sale the regular price is back, and the last 30 days include the sale price.
    expect(await priceAt(3, 8 * D)).toEqual({ current: { amount: 399 }, regular: { amount: 399 }, discountPercent: null, lowest30Days: { amount: 299 }, validUntil: null });
    // 31 days after the sale ended it is out of the window.
    expect((await priceAt(3, 38 * D))?.lowest30Days).toEqual({ amount: 399 });
  });

  it('a price raised before a sale cannot make a discount (Omnibus)', async () => {
    expect((await change(5, 799, H)).data?.schedulePriceChange).toMatchObject({ kind: 'REGULAR', amount: 799, validFrom: at(H), validUntil: null });
    expect((await sale(5, 599, 2 * D, 4 * D)).errors).toBeUndefined();
    expect(await priceAt(5, 2 * H)).toMatchObject({ current: { amount: 799 }, regular: { amount: 799 }, validUntil: at(2 * D) });
    // On sale at £5.99 — exactly what it cost two days earlier: no "was" price, no discount.
    expect(await priceAt(5, 3 * D)).toEqual({ current: { amount: 599 }, regular: { amount: 599 }, discountPercent: null, lowest30Days: { amount: 599 }, validUntil: at(4 * D) });
  });

  it('a second sale is measured against the first one', async () => {
    await sale(6, 499, 0, 2 * D);
    await sale(6, 549, 3 * D, 5 * D);
    expect(await priceAt(6, D)).toMatchObject({ current: { amount: 499 }, regular: { amount: 699 }, discountPercent: 28 });
    expect(await priceAt(6, 4 * D)).toEqual({ current: { amount: 549 }, regular: { amount: 549 }, discountPercent: null, lowest30Days: { amount: 499 }, validUntil: at(5 * D) });
  });

  it('a lower regular price in the 30 days before a sale is the reference', async () => {
    await change(7, 700, H);
    await sale(7, 650, 10 * D, 12 * D);
    expect(await priceAt(7, 11 * D)).toMatchObject({ current: { amount: 650 }, regular: { amount: 700 }, discountPercent: 7, lowest30Days: { amount: 700 } });
  });

  it('overlapping sales: the lowest active one applies, and validUntil is the next moment anything changes', async () => {
    await sale(8, 800, 0, 5 * D);
    await sale(8, 700, D, 2 * D);
    expect(await priceAt(8, H)).toMatchObject({ current: { amount: 800 }, regular: { amount: 899 }, discountPercent: 11, validUntil: at(D) });
    // The 30 days before the £7 sale began include the £8 sale.
    expect(await priceAt(8, 36 * H)).toEqual({ current: { amount: 700 }, regular: { amount: 800 }, discountPercent: 12, lowest30Days: { amount: 800 }, validUntil: at(2 * D) });
    expect(await priceAt(8, 3 * D)).toMatchObject({ current: { amount: 800 }, validUntil: at(5 * D) });
  });

  it('a scheduled change takes effect at its time; one effective now also moves the stored base price', async () => {
    await change(9, 950, 3 * D);
    expect(await priceAt(9, 0)).toMatchObject({ current: { amount: 999 }, validUntil: at(3 * D) });
    expect(await priceAt(9, 3 * D)).toMatchObject({ current: { amount: 950 }, lowest30Days: { amount: 950 }, validUntil: null });
    await change(11, 1000, 0);
    const [row] = await executeRows<{ amount: string | number }>(rt.db.db, sql`select amount from pricing.prices where product_id = ${productId(11)}`);
    expect(Number(row?.amount)).toBe(1000);
    expect(await priceAt(11, 0)).toMatchObject({ current: { amount: 1000 }, lowest30Days: { amount: 1000 } });
  });

  it('prices 24 products with sales and scheduled changes in ONE SQL statement', async () => {
    const ids = dataset.products.slice(0, 24).map((p) => p.id);
    await gql(handle.app, '{ currencies }'); // warm the rate cache
    rt.clock.set(at(36 * H));
    try {
      rt.db.stats.reset();
      const res = await gql<{ _entities: { price: P | null }[] }>(handle.app, PRICE, { r: ids.map((id) => ({ __typename: 'Product', id })), country: 'FR' });
      expect(res.errors).toBeUndefined();
      expect(rt.db.stats.statements).toBe(1);
      expect(res.data?._entities.filter((e) => e.price?.discountPercent != null).length).toBeGreaterThanOrEqual(3);
    } finally {
      rt.clock.set(TEST_NOW);
    }
  });

  const bad: [string, () => ReturnType<typeof sale> | ReturnType<typeof change>, string][] = [
    ['a sale not below the regular price', () => sale(12, 1299, H, D), 'amount'],
    ['a sale starting in the past', () => sale(12, 100, -H, D), 'startsAt'],
    ['a sale ending before it starts', () => sale(12, 100, D, H), 'endsAt'],
    ['a sale longer than 366 days', () => sale(12, 100, H, 367 * D + H), 'endsAt'],
    ['a zero sale price', () => sale(12, 0, H, D), 'amount'],
    ['a product without a price', () => sale(25, 100, H, D), 'productId'],
    ['a change in the past', () => change(12, 100, -1), 'validFrom'],
    ['a change more than a year ahead', () => change(12, 100, 367 * D), 'validFrom'],
    ['a negative price', () => change(12, -5, H), 'amount'],
  ];
  it.each(bad)('rejects %s with BAD_USER_INPUT naming the argument, writing nothing', async (_label, run, field) => {
    const before = await executeRows(rt.db.db, sql`select (select count(*) from pricing.sales)::int as s, (select count(*) from pricing.price_history)::int as h, (select count(*) from pricing.outbox)::int as o`);
    const res = await run();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe(field);
    expect(await executeRows(rt.db.db, sql`select (select count(*) from pricing.sales)::int as s, (select count(*) from pricing.price_history)::int as h, (select count(*) from pricing.outbox)::int as o`)).toEqual(before);
  });

  it('rejects a non-UUID product id', async () => {
    const res = await gql(handle.app, SALE, { p: 'P-12', a: 100, s: at(H), e: at(D) }, service);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
