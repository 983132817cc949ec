import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { migrationsFolder, schema, type PricingRuntime } from '../src/runtime.ts';
import { FX_CACHE_KEY, readFxFile, DEMO_FX_FILE } from '../src/fx.ts';
import { buildPricingSubgraph } from '../src/server.ts';
import { hasPrices, seedPrices } from '../src/seed.ts';
import { dataset, productId } from './fixtures.ts';

const keys = createTestKeys();
let rt: PricingRuntime;
let jit: SubgraphHandle;
let noJit: SubgraphHandle;

type Money = { amount: number; currency: string; formatted: string };
type Price = {
  current: Money;
  regular: Money;
  discountPercent: number | null;
  taxIncluded: boolean;
  lowest30Days: Money | null;
  taxRate: string;
  validUntil: string | null;
  exchangeRateAsOf: string | null;
};
type Entities = { _entities: ({ id: string; price: Price | null } | null)[] };
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id price { current { amount } } } } }`;
// Representations travel as a variable, as the gateway sends them (graphql-jit drops variables nested in _Any literals).
const PRICE = `query($r: [_Any!]!, $country: String, $currency: String) {
  _entities(representations: $r) {
    ... on Product { id price(country: $country, currency: $currency) {
      current { amount currency formatted } regular { amount currency formatted } discountPercent taxIncluded
      lowest30Days { amount currency formatted } taxRate validUntil exchangeRateAsOf } }
  }
}`;
const priceOf = async (n: number, vars: { country?: string; currency?: string } = {}, headers: Record<string, string> = {}) => {
  const res = await gql<Entities>(jit.app, PRICE, { r: [{ __typename: 'Product', id: productId(n) }], ...vars }, headers);
  return { res, price: res.data?._entities[0]?.price };
};
const stored = async (id: string, currency = 'GBP') =>
  (await executeRows<{ amount: string | number }>(rt.db.db, sql`select amount from pricing.prices where product_id = ${id} and currency = ${currency}`)).map((r) => Number(r.amount))[0];
const AS_OF = '2025-06-30T00:00:00.000Z';

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'pricing', schema, migrationsFolder, keys });
  await seedPrices(rt, dataset);
  jit = await buildPricingSubgraph(rt);
  noJit = await buildPricingSubgraph(rt, { jit: false });
}, 60_000);

afterAll(async () => {
  await jit?.stop();
  await noJit?.stop();
  await rt?.close();
});

describe('seed', () => {
  it('stores GBP prices, the history before now plus the base price from now, and the demo rates — idempotently', async () => {
    expect(await hasPrices(rt)).toBe(true);
    expect(await stored(productId(1))).toBe(255);
    expect(await stored(productId(25))).toBeUndefined();
    const history = await executeRows<{ amount: string | number; valid_from: Date | string }>(
      rt.db.db,
      sql`select amount, valid_from from pricing.price_history where product_id = ${productId(1)} order by valid_from`,
    );
    expect(history.map((h) => [Number(h.amount), new Date(h.valid_from).toISOString()])).toEqual([
      [295, '2026-10-01T00:00:00.000Z'],
      [255, '2026-11-02T00:00:00.000Z'],
      [255, TEST_NOW],
    ]);
    const [fx] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from pricing.fx_rates`);
    expect(fx?.n).toBe(Object.keys(readFxFile(DEMO_FX_FILE).rates).length);
    const calls: [number, number][] = [];
    expect(await seedPrices(rt, dataset, (done, total) => calls.push([done, total]))).toEqual({ prices: 0, history: 0, fxRates: 0 });
    expect(calls.at(-1)).toEqual([24 + 25 + 24, 24 + 25 + 24]); // 24 prices + 25 history points + 24 "from now" rows
  });
});

describe('currencies, exchange rates and tax rates', () => {
  it('offers GBP plus every currency with a rate — at least 25, JPY and KWD among them', async () => {
    const res = await gql<{ currencies: string[] }>(jit.app, '{ currencies }');
    const rows = await executeRows<{ currency: string }>(rt.db.db, sql`select currency from pricing.fx_rates`);
    expect(res.data?.currencies).toEqual(['GBP', ...rows.map((r) => r.currency)].sort());
    expect(res.data?.currencies.length).toBeGreaterThanOrEqual(25);
    expect(res.data?.currencies).toEqual(expect.arrayContaining(['EUR', 'USD', 'JPY', 'KWD', 'CHF', 'NOK', 'HUF']));
  });

  it('exposes the rates with their as-of time and the demo-rates note', async () => {
    const res = await gql<{ exchangeRates: { base: string; asOf: string; source: string; rates: { currency: string; rate: string }[] } }>(
      jit.app,
      '{ exchangeRates { base asOf source rates { currency rate } } }',
    );
    expect(res.errors).toBeUndefined();
    const file = readFxFile(DEMO_FX_FILE);
    expect(res.data?.exchangeRates).toMatchObject({ base: 'GBP', asOf: AS_OF });
    expect(res.data?.exchangeRates.source).toMatch(/DEMO RATES/);
    expect(Object.fromEntries(res.data!.exchangeRates.rates.map((r) => [r.currency, r.rate]))).toEqual(file.rates);
  });

  it('lists the 31 countries with their VAT rate and default currency', async () => {
    const res = await gql<{ taxRates: { country: string; rate: string; taxIncluded: boolean; currency: string }[] }>(jit.app, '{ taxRates { country rate taxIncluded currency } }');
    expect(res.data?.taxRates).toHaveLength(31);
    expect(res.data?.taxRates).toContainEqual({ country: 'DE', rate: '19', taxIncluded: true, currency: 'EUR' });
    expect(res.data?.taxRates).toContainEqual({ country: 'US', rate: '0', taxIncluded: false, currency: 'USD' });
  });
});

describe('Product.price', () => {
  it('defaults to GB / GBP: the stored amount, VAT included, not discounted, 30-day low from the history', async () => {
    const { res, price } = await priceOf(1);
    expect(res.errors).toBeUndefined();
    const money = { amount: await stored(productId(1)), currency: 'GBP', formatted: '£2.55' };
    // Product 1 cost £2.95 until 2 November and £2.55 since: the low of the last 30 days is £2.55.
    expect(price).toEqual({
      current: money,
      regular: money,
      discountPercent: null,
      taxIncluded: true,
      lowest30Days: money,
      taxRate: '20',
      validUntil: null,
      exchangeRateAsOf: null,
    });
  });

  it('converts with the rate and the country VAT, rounding once per amount at the currency exponent', async () => {
    const de = (await priceOf(1, { country: 'DE', currency: 'EUR' })).price;
    expect(de).toMatchObject({ current: { amount: 296, currency: 'EUR' }, taxIncluded: true, taxRate: '19', exchangeRateAsOf: AS_OF });
    expect(de?.current.formatted).toMatch(/^2,96\s€$/);
    const jp = (await priceOf(1, { country: 'DE', currency: 'JPY' })).price;
    expect(jp?.current).toMatchObject({ amount: 499, currency: 'JPY' });
    expect(jp?.current.formatted).toMatch(/^499\s¥$/);
    const kw = (await priceOf(1, { country: 'GB', currency: 'KWD' })).price;
    expect(kw?.current.amount).toBe(1068);
    expect(kw?.current.formatted).toMatch(/1\.068/);
    const us = (await priceOf(1, { country: 'US', currency: 'USD' })).price;
    expect(us).toMatchObject({ current: { amount: 291, currency: 'USD', formatted: '$2.91' }, taxIncluded: false, taxRate: '0' });
    // GBP in Germany: UK VAT out, German VAT in.
    expect((await priceOf(1, { country: 'DE', currency: 'GBP' })).price?.current.amount).toBe(253); // 212.5 × 1.19 = 252.875
  });

  it('defaults the currency to the country’s own, and follows the token’s country and currency', async () => {
    expect((await priceOf(2, { country: 'SE' })).price?.current.currency).toBe('SEK');
    expect((await priceOf(2, { country: 'FI' })).price?.current.currency).toBe('EUR');
    const headers = await userHeaders(keys, { id: productId(900), country: 'FR', currency: 'EUR' });
    const { res, price } = await priceOf(2, {}, headers);
    expect(res.errors).toBeUndefined();
    expect(price?.current).toMatchObject({ currency: 'EUR', amount: 350 }); // 299 / 1.2 × 1.17 × 1.2 = 349.83
    expect(price?.current.formatted).toMatch(/^3,50\s€$/);
    // A profile country Emporium does not sell to falls back to GB (not an input error).
    const jp = await priceOf(2, {}, await userHeaders(keys, { id: productId(901), country: 'JP' }));
    expect(jp.res.errors).toBeUndefined();
    expect(jp.price?.current).toMatchObject({ currency: 'GBP', amount: 299 });
  });

  it('is null for a product without a price, and the reference is null for a non-UUID id', async () => {
    expect((await priceOf(25)).price).toBeNull();
    const res = await gql<Entities>(jit.app, ENTITIES, { r: [{ __typename: 'Product', id: 'P-1' }] });
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([null]);
  });

  it.each([
    [{ currency: 'XYZ' }, /^Unknown currency XYZ/],
    [{ currency: 'gbp' }, /^Unknown currency gbp/],
    [{ currency: 'BGN' }, /BGN.*offered currencies: AED, AUD/],
    [{ country: 'gb' }, /country/],
    [{ country: 'GBR' }, /country/],
    [{ country: 'JP' }, /does not sell to JP; supported countries: AT, BE/],
  ])('rejects %o with BAD_USER_INPUT', async (vars, message) => {
    const { res, price } = await priceOf(1, vars);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(price ?? null).toBeNull();
  });
});

describe('_entities batching', () => {
  const ids = dataset.products.slice(0, 24).map((p) => p.id);

  it('reads the exchange rates once per 60 s, not per request', async () => {
    await rt.cache.delete(FX_CACHE_KEY);
    rt.db.stats.reset();
    await gql<Entities>(jit.app, ENTITIES, { r: ids.map((id) => ({ __typename: 'Product', id })) });
    expect(rt.db.stats.statements).toBe(2); // the rate table (then cached) + one batch of prices
    rt.db.stats.reset();
    await gql<Entities>(jit.app, ENTITIES, { r: ids.map((id) => ({ __typename: 'Product', id })) });
    expect(rt.db.stats.statements).toBe(1);
  });

  for (const [label, handle] of [
    ['with graphql-jit', () => jit],
    ['without graphql-jit', () => noJit],
  ] as const) {
    it(`prices 24 products in every field with ONE SQL statement ${label}`, async () => {
      const rows = await executeRows<{ id: string; amount: string | number }>(rt.db.db, sql`select product_id::text as id, amount from pricing.prices where currency = 'GBP'`);
      const expected = new Map(rows.map((r) => [r.id, Number(r.amount)]));
      for (const vars of [{}, { country: 'DE', currency: 'EUR' }]) {
        rt.db.stats.reset();
        const res = await gql<Entities>(handle().app, PRICE, { r: ids.map((id) => ({ __typename: 'Product', id })), ...vars });
        expect(rt.db.stats.statements).toBe(1);
        expect(res.errors).toBeUndefined();
        expect(res.data?._entities.map((e) => e?.id)).toEqual(ids);
        if (!('country' in vars)) expect(res.data?._entities.map((e) => e?.price?.current.amount)).toEqual(ids.map((id) => expected.get(id)));
        else expect(res.data?._entities.every((e) => e?.price?.current.currency === 'EUR')).toBe(true);
      }
    });
  }
});

describe('identity', () => {
  it('rejects a forged service token with 401 UNAUTHENTICATED', async () => {
    const res = await gql(jit.app, '{ currencies }', {}, await serviceHeaders(createTestKeys(), 'product'));
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
