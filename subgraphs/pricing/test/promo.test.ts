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
let rt: PricingRuntime;
let handle: SubgraphHandle;
let service: Record<string, string>;

const T0 = Date.parse(TEST_NOW);
const D = 86_400_000;
const USER_A = '40000000-0000-4000-8000-00000000000a';
const USER_B = '40000000-0000-4000-8000-00000000000b';

const CREATE = `mutation($i: PromoCodeInput!) { createPromoCode(input: $i) { code kind percentOff amountOff minSpend uses stackable categories brands } }`;
const VALIDATE = `query($code: String!, $cart: PromoCartInput!) {
  validatePromoCode(code: $code, cart: $cart) {
    __typename
    ... on PromoDiscount { code description stackable discount { amount currency formatted } subtotal { amount } eligibleSubtotal { amount } }
    ... on PromoRejection { code reason message }
  }
}`;
const REDEEM = `mutation($code: String!, $ref: String!, $user: ID) {
  redeemPromoCode(code: $code, reference: $ref, userId: $user) {
    __typename
    ... on PromoRedemption { code reference userId uses }
    ... on PromoRejection { reason message }
  }
}`;

type Line = { productId: string; quantity: number; category?: string; brand?: string };
type Validation =
  | { __typename: 'PromoDiscount'; code: string; stackable: boolean; discount: { amount: number; currency: string; formatted: string }; subtotal: { amount: number }; eligibleSubtotal: { amount: number } }
  | { __typename: 'PromoRejection'; code: string; reason: string; message: string };

const line = (n: number, quantity: number, category = 'Home & Living > Candles & Lighting', brand = 'Emporium Essentials'): Line => ({ productId: productId(n), quantity, category, brand });
const validate = async (code: string, lines: Line[], extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  const res = await gql<{ validatePromoCode: Validation }>(handle.app, VALIDATE, { code, cart: { lines, ...extra } }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.validatePromoCode;
};
const redeem = (code: string, ref: string, user?: string, headers = service) =>
  gql<{ redeemPromoCode: { __typename: string; uses?: number; reason?: string; userId?: string | null } }>(handle.app, REDEEM, { code, ref, user }, headers);
const create = (i: Record<string, unknown>, headers = service) => gql<{ createPromoCode: Record<string, unknown> }>(handle.app, CREATE, { i }, headers);

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'pricing', schema, migrationsFolder, keys });
  await seedPrices(rt, dataset);
  handle = await buildPricingSubgraph(rt);
  service = await serviceHeaders(keys, 'order');
  const codes = [
    { code: 'save10', description: '10 % off from £10', kind: 'PERCENT', percentOff: 10, minSpend: 1000 },
    { code: 'FIVEOFF', description: '£5 off', kind: 'FIXED', amountOff: 500, stackable: true },
    { code: 'EXTRA5', description: '5 % extra', kind: 'PERCENT', percentOff: 5, stackable: true },
    { code: 'KITCHEN20', description: '20 % off kitchen', kind: 'PERCENT', percentOff: 20, categories: ['Kitchen & Dining'] },
    { code: 'REGENCY3', description: '£3 off Regency', kind: 'FIXED', amountOff: 300, brands: ['Regency'] },
    { code: 'BIG', description: '£1,000 off', kind: 'FIXED', amountOff: 100_000 },
    { code: 'OLD', description: 'over', kind: 'PERCENT', percentOff: 10, startsAt: new Date(T0 - 10 * D).toISOString(), endsAt: new Date(T0 - D).toISOString() },
    { code: 'SOON', description: 'not yet', kind: 'PERCENT', percentOff: 10, startsAt: new Date(T0 + D).toISOString() },
    { code: 'ONCE', description: 'once per shopper', kind: 'PERCENT', percentOff: 15, maxUsesPerUser: 1 },
  ];
  for (const c of codes) {
    const res = await create(c);
    expect(res.errors).toBeUndefined();
  }
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

describe('service-only promo operations', () => {
  it('refuse callers without a service token and are hidden from the API schema; validation is public', async () => {
    const admin = await userHeaders(keys, { id: USER_A, roles: ['admin'] });
    for (const headers of [{}, admin]) {
      expect((await create({ code: 'NOPE', description: 'x', kind: 'PERCENT', percentOff: 5 }, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await redeem('FIVEOFF', 'order-x', undefined, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const api = readFileSync(new URL('../../../schema/api.graphql', import.meta.url), 'utf8');
    for (const name of ['createPromoCode', 'redeemPromoCode', 'PromoCodeInput', 'PromoRedemption ']) expect(api).not.toContain(name);
    expect(api).toContain('validatePromoCode(');
  });

  it('createPromoCode stores upper-case codes and refuses duplicates and inconsistent input', async () => {
    const [row] = await executeRows<{ code: string; percent_off: number; min_spend: string | number }>(rt.db.db, sql`select code, percent_off, min_spend from pricing.promo_codes where code = 'SAVE10'`);
    expect({ ...row, min_spend: Number(row?.min_spend) }).toEqual({ code: 'SAVE10', percent_off: 10, min_spend: 1000 });
    expect((await create({ code: 'Save10', description: 'again', kind: 'PERCENT', percentOff: 5 })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    for (const bad of [
      { code: 'a b', description: 'x', kind: 'PERCENT', percentOff: 5 },
      { code: 'NOPCT', description: 'x', kind: 'PERCENT' },
      { code: 'BOTH', description: 'x', kind: 'FIXED', amountOff: 100, percentOff: 5 },
      { code: 'TOOMUCH', description: 'x', kind: 'PERCENT', percentOff: 101 },
      { code: 'BACKWARDS', description: 'x', kind: 'PERCENT', percentOff: 5, startsAt: TEST_NOW, endsAt: new Date(T0 - 1).toISOString() },
    ]) {
      expect((await create(bad)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('validatePromoCode', () => {
  it('answers UNKNOWN_CODE for a code that does not exist (any spelling)', async () => {
    expect(await validate('NOSUCH', [line(2, 1)])).toMatchObject({ __typename: 'PromoRejection', reason: 'UNKNOWN_CODE' });
    expect(await validate('??', [line(2, 1)])).toMatchObject({ reason: 'UNKNOWN_CODE' });
  });

  it('percent off from a minimum spend: MIN_SPEND_NOT_MET below it, the rounded-down discount above', async () => {
    // £2.99 × 2 + £3.99 = £9.97 < £10.
    expect(await validate('save10', [line(2, 2), line(3, 1)])).toMatchObject({ reason: 'MIN_SPEND_NOT_MET', code: 'SAVE10' });
    // + £4.99 = £14.96 → 10 % = 149.6 → 149.
    expect(await validate(' Save10 ', [line(2, 2), line(3, 1), line(4, 1)])).toEqual({
      __typename: 'PromoDiscount',
      code: 'SAVE10',
      description: '10 % off from £10',
      stackable: false,
      discount: { amount: 149, currency: 'GBP', formatted: '£1.49' },
      subtotal: { amount: 1496 },
      eligibleSubtotal: { amount: 1496 },
    });
  });

  it('works in the cart currency at the converted prices', async () => {
    // Germany in EUR: £2.99 → €3.47 and £4.99 → €5.79 each (299 / 1.2 × 1.17 × 1.19 = 346.9); 3 × 347 + 2 × 579 = 2199.
    const v = await validate('SAVE10', [line(2, 3), line(4, 2)], { country: 'DE' });
    expect(v).toMatchObject({ __typename: 'PromoDiscount', subtotal: { amount: 2199 }, discount: { amount: 219, currency: 'EUR' } });
    // The £5 fixed amount is converted like a price: 500 / 1.2 × 1.17 × 1.19 = 580.125 → €5.80.
    expect(await validate('FIVEOFF', [line(2, 3)], { country: 'DE', currency: 'EUR' })).toMatchObject({ discount: { amount: 580 } });
  });

  it('restricts by category path (sub-categories included) and by brand (any case)', async () => {
    const cart = [line(2, 2, 'Kitchen & Dining > Tableware'), line(3, 1), line(5, 1, 'Kitchen & Dining Extras')];
    // Only product 2 is below "Kitchen & Dining" (not "Kitchen & Dining Extras"): 598 × 20 % = 119.6 → 119.
    expect(await validate('KITCHEN20', cart)).toMatchObject({ discount: { amount: 119 }, eligibleSubtotal: { amount: 598 }, subtotal: { amount: 598 + 399 + 599 } });
    expect(await validate('KITCHEN20', [line(3, 1)])).toMatchObject({ reason: 'NOT_APPLICABLE' });
    expect(await validate('REGENCY3', [line(6, 1, 'x', 'regency'), line(7, 1)])).toMatchObject({ discount: { amount: 300 }, eligibleSubtotal: { amount: 699 } });
    expect(await validate('REGENCY3', [line(7, 1)])).toMatchObject({ reason: 'NOT_APPLICABLE' });
  });

  it('never takes more than the eligible lines are worth', async () => {
    expect(await validate('BIG', [line(2, 1)])).toMatchObject({ discount: { amount: 299 }, eligibleSubtotal: { amount: 299 } });
  });

  it('stacking: stackable codes combine; a non-stackable code combines with nothing', async () => {
    expect(await validate('FIVEOFF', [line(9, 2)], { promoCodes: ['extra5'] })).toMatchObject({ __typename: 'PromoDiscount', stackable: true });
    expect(await validate('SAVE10', [line(9, 2)], { promoCodes: ['FIVEOFF'] })).toMatchObject({ reason: 'NOT_APPLICABLE', message: expect.stringMatching(/SAVE10 cannot be combined/) });
    expect(await validate('FIVEOFF', [line(9, 2)], { promoCodes: ['SAVE10'] })).toMatchObject({ reason: 'NOT_APPLICABLE', message: expect.stringMatching(/SAVE10 cannot be combined/) });
    // The code itself in the list is not "another" code.
    expect(await validate('SAVE10', [line(9, 2)], { promoCodes: ['save10'] })).toMatchObject({ __typename: 'PromoDiscount' });
  });

  it('EXPIRED after its window, NOT_APPLICABLE before it', async () => {
    expect(await validate('OLD', [line(9, 2)])).toMatchObject({ reason: 'EXPIRED' });
    expect(await validate('SOON', [line(9, 2)])).toMatchObject({ reason: 'NOT_APPLICABLE' });
  });

  it('per-shopper limit: USAGE_LIMIT_REACHED for a shopper who used it, a discount for another', async () => {
    const r = await redeem('ONCE', 'order-once-1', USER_A);
    expect(r.data?.redeemPromoCode).toMatchObject({ __typename: 'PromoRedemption', uses: 1, userId: USER_A });
    expect(await validate('ONCE', [line(9, 1)], {}, await userHeaders(keys, { id: USER_A }))).toMatchObject({ reason: 'USAGE_LIMIT_REACHED' });
    expect(await validate('ONCE', [line(9, 1)], {}, await userHeaders(keys, { id: USER_B }))).toMatchObject({ __typename: 'PromoDiscount' });
  });

  const bad: [string, Line[], Record<string, unknown>, string][] = [
    ['a zero quantity', [{ productId: productId(2), quantity: 0 }], {}, 'cart.lines.0.quantity'],
    ['a negative quantity', [{ productId: productId(2), quantity: -1 }], {}, 'cart.lines.0.quantity'],
    ['more than 100 lines', Array.from({ length: 101 }, (_, i) => ({ productId: productId(200 + i), quantity: 1 })), {}, 'cart.lines'],
    ['no lines', [], {}, 'cart.lines'],
    ['an unknown currency', [line(2, 1)], { currency: 'XYZ' }, 'currency'],
    ['a country Emporium does not sell to', [line(2, 1)], { country: 'JP' }, 'country'],
    ['a product without a price', [line(25, 1)], {}, 'lines.0.productId'],
  ];
  it.each(bad)('rejects %s with BAD_USER_INPUT', async (_label, lines, extra, field) => {
    const res = await gql(handle.app, VALIDATE, { code: 'FIVEOFF', cart: { lines, ...extra } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe(field);
  });
});

describe('redeemPromoCode', () => {
  it('records a use once per reference and answers typed rejections', async () => {
    const first = await redeem('FIVEOFF', 'order-1');
    expect(first.data?.redeemPromoCode).toMatchObject({ __typename: 'PromoRedemption', uses: 1 });
    expect((await redeem('fiveoff', 'order-1')).data?.redeemPromoCode).toMatchObject({ __typename: 'PromoRedemption', uses: 1 });
    expect((await redeem('NOSUCH', 'order-2')).data?.redeemPromoCode).toMatchObject({ __typename: 'PromoRejection', reason: 'UNKNOWN_CODE' });
    expect((await redeem('OLD', 'order-2')).data?.redeemPromoCode).toMatchObject({ reason: 'EXPIRED' });
    expect((await redeem('ONCE', 'order-2')).data?.redeemPromoCode).toMatchObject({ reason: 'NOT_APPLICABLE' });
    expect((await redeem('ONCE', 'order-3', USER_A)).data?.redeemPromoCode).toMatchObject({ reason: 'USAGE_LIMIT_REACHED' });
    expect((await redeem('FIVEOFF', 'order-4', 'not-a-uuid')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('holds the total limit under concurrency: 40 redemptions of a 10-use code → exactly 10', async () => {
    await create({ code: 'LIMITED10', description: 'ten uses', kind: 'PERCENT', percentOff: 10, maxUses: 10 });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => redeem('LIMITED10', `rush-${i}`, i % 2 ? USER_A : USER_B)));
    expect(results.filter((r) => r.errors !== undefined)).toEqual([]);
    const kinds = results.map((r) => r.data?.redeemPromoCode.__typename);
    expect(kinds.filter((k) => k === 'PromoRedemption')).toHaveLength(10);
    expect(results.filter((r) => r.data?.redeemPromoCode.reason === 'USAGE_LIMIT_REACHED')).toHaveLength(30);
    const [row] = await executeRows<{ uses: number; n: number }>(
      rt.db.db,
      sql`select uses, (select count(*)::int from pricing.promo_redemptions where code = 'LIMITED10') as n from pricing.promo_codes where code = 'LIMITED10'`,
    );
    expect(row).toEqual({ uses: 10, n: 10 });
    expect(await validate('LIMITED10', [line(9, 1)])).toMatchObject({ reason: 'USAGE_LIMIT_REACHED' });
  });

  it('holds the per-shopper limit under concurrency: 12 redemptions by one shopper of a twice-per-shopper code → 2', async () => {
    await create({ code: 'TWICE', description: 'twice each', kind: 'PERCENT', percentOff: 10, maxUsesPerUser: 2 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => redeem('TWICE', `twice-${i}`, USER_B)));
    expect(results.filter((r) => r.data?.redeemPromoCode.__typename === 'PromoRedemption')).toHaveLength(2);
    expect(results.filter((r) => r.data?.redeemPromoCode.reason === 'USAGE_LIMIT_REACHED')).toHaveLength(10);
    const [n] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from pricing.promo_redemptions where code = 'TWICE' and user_id = ${USER_B}`);
    expect(n?.n).toBe(2);
  });
});

describe('releasePromoRedemption', () => {
  const RELEASE = `mutation($code: String!, $ref: String!) { releasePromoRedemption(code: $code, reference: $ref) }`;
  const release = (code: string, ref: string, headers = service) => gql<{ releasePromoRedemption: boolean }>(handle.app, RELEASE, { code, ref }, headers);

  it('gives a use back once, so a used-up code can be used again; unknown uses are a no-op', async () => {
    await create({ code: 'ONLYONE', description: 'one use', kind: 'PERCENT', percentOff: 10, maxUses: 1 });
    expect((await redeem('ONLYONE', 'checkout-1')).data?.redeemPromoCode).toMatchObject({ __typename: 'PromoRedemption', uses: 1 });
    expect((await redeem('ONLYONE', 'checkout-2')).data?.redeemPromoCode).toMatchObject({ reason: 'USAGE_LIMIT_REACHED' });
    expect((await release('onlyone', 'checkout-1')).data?.releasePromoRedemption).toBe(true);
    expect((await release('ONLYONE', 'checkout-1')).data?.releasePromoRedemption).toBe(false);
    expect((await release('ONLYONE', 'never-redeemed')).data?.releasePromoRedemption).toBe(false);
    expect((await release('NOSUCHCODE', 'checkout-1')).data?.releasePromoRedemption).toBe(false);
    expect((await redeem('ONLYONE', 'checkout-2')).data?.redeemPromoCode).toMatchObject({ __typename: 'PromoRedemption', uses: 1 });
    const [row] = await executeRows<{ uses: number }>(rt.db.db, sql`select uses from pricing.promo_codes where code = 'ONLYONE'`);
    expect(row?.uses).toBe(1);
  });

  it('is for services only', async () => {
    const admin = await userHeaders(keys, { id: USER_A, roles: ['admin'] });
    expect((await release('ONLYONE', 'checkout-2', admin)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('shippingRates', () => {
  type Rates = { shippingRates: { country: string; freeFrom: { amount: number; currency: string } | null; bands: { maxWeightGrams: number; price: { amount: number; formatted: string } }[] } };
  const Q = `query($c: String!, $cur: String) { shippingRates(country: $c, currency: $cur) { country freeFrom { amount currency } bands { maxWeightGrams price { amount formatted } } } }`;

  it('lists the zone bands and the free-shipping threshold, converted like prices', async () => {
    const gb = await gql<Rates>(handle.app, Q, { c: 'GB' });
    expect(gb.data?.shippingRates).toEqual({
      country: 'GB',
      freeFrom: { amount: 5000, currency: 'GBP' },
      bands: [
        { maxWeightGrams: 500, price: { amount: 299, formatted: '£2.99' } },
        { maxWeightGrams: 2000, price: { amount: 399, formatted: '£3.99' } },
        { maxWeightGrams: 10000, price: { amount: 599, formatted: '£5.99' } },
        { maxWeightGrams: 30000, price: { amount: 999, formatted: '£9.99' } },
      ],
    });
    const de = await gql<Rates>(handle.app, Q, { c: 'DE' });
    // £6.99 → 699 / 1.2 × 1.17 × 1.19 = 811.01 → €8.11; free from £100 → €116.03.
    expect(de.data?.shippingRates.bands[0]?.price.amount).toBe(811);
    expect(de.data?.shippingRates.freeFrom).toEqual({ amount: 11603, currency: 'EUR' });
    const ch = await gql<Rates>(handle.app, Q, { c: 'CH', cur: 'GBP' });
    expect(ch.data?.shippingRates.freeFrom).toBeNull();
    const us = await gql<Rates>(handle.app, Q, { c: 'US' });
    expect(us.data?.shippingRates.bands[0]?.price.amount).toBe(1141); // 999 / 1.2 × 1.37, no tax
  });

  it('rejects a country Emporium does not ship to', async () => {
    expect((await gql<Rates>(handle.app, Q, { c: 'JP' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
