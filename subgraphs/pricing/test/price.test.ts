import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, userHeaders } from '@emporium/kit/testing';
import { migrationsFolder, schema, type PricingRuntime } from '../src/runtime.ts';
import { CURRENCIES_CACHE_KEY } from '../src/currencies.ts';
import { buildPricingSubgraph } from '../src/server.ts';
import { hasPrices, seedPrices } from '../src/seed.ts';
import { dataset, productId } from './fixtures.ts';

const keys = createTestKeys();
let rt: PricingRuntime;
let jit: SubgraphHandle;
let noJit: SubgraphHandle;

type Money = { amount: number; currency: string; formatted: string };
type Price = { current: Money; regular: Money; discountPercent: number | null; taxIncluded: boolean };
type Entities = { _entities: ({ id: string; price: Price | null } | null)[] };
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id price { current { amount } } } } }`;
// Representations travel as a variable, as the gateway sends them (graphql-jit drops variables nested in _Any literals).
const PRICE = `query($r: [_Any!]!, $country: String, $currency: String) {
  _entities(representations: $r) {
    ... on Product { id price(country: $country, currency: $currency) {
      current { amount currency formatted } regular { amount currency formatted } discountPercent taxIncluded } }
  }
}`;
const priceOf = async (n: number, vars: { country?: string; currency?: string } = {}, headers: Record<string, string> = {}) => {
  const res = await gql<Entities>(jit.app, PRICE, { r: [{ __typename: 'Product', id: productId(n) }], ...vars }, headers);
  return { res, price: res.data?._entities[0]?.price };
};
const stored = async (id: string, currency = 'GBP') =>
  (await executeRows<{ amount: string | number }>(rt.db.db, sql`select amount from pricing.prices where product_id = ${id} and currency = ${currency}`)).map((r) => Number(r.amount))[0];

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
  it('stores GBP prices from unitPriceMinor and history from priceHistory at 00:00Z, idempotently', async () => {
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
    ]);
    const calls: [number, number][] = [];
    expect(await seedPrices(rt, dataset, (done, total) => calls.push([done, total]))).toEqual({ prices: 0, history: 0 });
    expect(calls.at(-1)).toEqual([24 + 25, 24 + 25]); // 24 valid prices + 25 history points
  });
});

describe('currencies', () => {
  it('lists the distinct currencies that have prices', async () => {
    const res = await gql<{ currencies: string[] }>(jit.app, '{ currencies }');
    const rows = await executeRows<{ currency: string }>(rt.db.db, sql`select distinct currency from pricing.prices order by 1`);
    expect(res.data?.currencies).toEqual(rows.map((r) => r.currency));
    expect(res.data?.currencies).toEqual(['GBP']);
  });
});

describe('Product.price', () => {
  it('defaults to GB / GBP: the stored amount, VAT included, not discounted', async () => {
    const { res, price } = await priceOf(1);
    expect(res.errors).toBeUndefined();
    const money = { amount: await stored(productId(1)), currency: 'GBP', formatted: '£2.55' };
    expect(price).toEqual({ current: money, regular: money, discountPercent: null, taxIncluded: true });
  });

  it('formats for the country given', async () => {
    const { price } = await priceOf(1, { country: 'DE', currency: 'GBP' });
    expect(price?.current.amount).toBe(255);
    expect(price?.current.formatted).toMatch(/^2,55\s£$/);
  });

  it("uses the token's country, and GBP when the token's currency has no prices yet", async () => {
    const headers = await userHeaders(keys, { id: productId(900), country: 'FR', currency: 'EUR' });
    const { res, price } = await priceOf(2, {}, headers);
    expect(res.errors).toBeUndefined();
    expect(price?.current.currency).toBe('GBP');
    expect(price?.current.amount).toBe(await stored(productId(2)));
    expect(price?.current.formatted).toMatch(/^2,99\s£GB$/); // fr-FR writes pounds as £GB
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
    [{ currency: 'USD' }, /USD.*offered currencies: GBP/],
    [{ country: 'gb' }, /country/],
    [{ country: 'GBR' }, /country/],
  ])('rejects %o with BAD_USER_INPUT', async (vars, message) => {
    const { res, price } = await priceOf(1, vars);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(price ?? null).toBeNull();
  });
});

describe('_entities batching', () => {
  const ids = dataset.products.slice(0, 24).map((p) => p.id);

  it('reads the offered currencies once per 60 s, not per request', async () => {
    await rt.cache.delete(CURRENCIES_CACHE_KEY);
    rt.db.stats.reset();
    await gql<Entities>(jit.app, ENTITIES, { r: ids.map((id) => ({ __typename: 'Product', id })) });
    expect(rt.db.stats.statements).toBe(2); // distinct currencies (then cached) + one batch of prices
  });

  for (const [label, handle] of [
    ['with graphql-jit', () => jit],
    ['without graphql-jit', () => noJit],
  ] as const) {
    it(`prices 24 products with ONE SQL statement ${label}`, async () => {
      const rows = await executeRows<{ id: string; amount: string | number }>(rt.db.db, sql`select product_id::text as id, amount from pricing.prices where currency = 'GBP'`);
      const expected = new Map(rows.map((r) => [r.id, Number(r.amount)]));
      for (let run = 0; run < 3; run++) {
        rt.db.stats.reset();
        const res = await gql<Entities>(handle().app, ENTITIES, { r: ids.map((id) => ({ __typename: 'Product', id })) });
        expect(rt.db.stats.statements).toBe(1);
        expect(res.errors).toBeUndefined();
        expect(res.data?._entities.map((e) => e?.id)).toEqual(ids);
        expect(res.data?._entities.map((e) => e?.price?.current.amount)).toEqual(ids.map((id) => expected.get(id)));
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
