import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { convertAmount } from '../src/money.ts';
import { allocate, computeQuote, containedTax, type QuoteAmounts, type QuoteCart } from '../src/quote.ts';
import { migrationsFolder, schema, type PricingRuntime } from '../src/runtime.ts';
import { buildPricingSubgraph } from '../src/server.ts';
import { seedPrices } from '../src/seed.ts';
import { COUNTRY_TAX, SUPPORTED_COUNTRIES } from '../src/tax.ts';
import { dataset, productId } from './fixtures.ts';

const keys = createTestKeys();
let rt: PricingRuntime & { clock: { set(d: Date | string): void; advance(ms: number): void } };
let handle: SubgraphHandle;
let service: Record<string, string>;
const T0 = Date.parse(TEST_NOW);

/** The invariants every quote keeps: integers, non-negative, and the parts add up to the total exactly. */
function expectConsistent(q: QuoteAmounts, vatPercent: string, taxIncluded: boolean) {
  const all = [q.subtotal, q.discount, q.shipping, q.tax, q.total, ...q.lines.flatMap((l) => [l.unit, l.lineTotal, l.discount, l.total, l.tax])];
  expect(all.every((n) => Number.isSafeInteger(n) && n >= 0)).toBe(true);
  for (const l of q.lines) {
    expect(l.lineTotal).toBe(l.unit * l.quantity);
    expect(l.total).toBe(l.lineTotal - l.discount);
  }
  const sum = (f: (l: QuoteAmounts['lines'][number]) => number) => q.lines.reduce((a, l) => a + f(l), 0);
  expect(sum((l) => l.lineTotal)).toBe(q.subtotal);
  expect(sum((l) => l.discount)).toBe(q.discount);
  expect(q.applied.reduce((a, p) => a + p.discount, 0)).toBe(q.discount);
  expect(sum((l) => l.total) + q.shipping).toBe(q.total);
  expect(q.subtotal - q.discount + q.shipping).toBe(q.total);
  expect(q.tax).toBe(sum((l) => l.tax) + containedTax(q.shipping, vatPercent, taxIncluded));
  expect(q.tax).toBeLessThanOrEqual(q.total);
}

describe('allocate', () => {
  it('splits exactly, in proportion, never above a weight (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, f) => {
        const total = weights.reduce((a, w) => a + w, 0);
        const amount = Math.floor(total * f);
        const shares = allocate(amount, weights);
        return shares.reduce((a, s) => a + s, 0) === (total === 0 ? 0 : amount) && shares.every((s, i) => s >= 0 && s <= weights[i]!);
      }),
      { numRuns: 3000 },
    );
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(100, [50, 30, 20])).toEqual([50, 30, 20]);
  });
});

describe('computeQuote (property: the lines always add up to the total)', () => {
  const promo = fc.record({
    kind: fc.constantFrom('PERCENT', 'FIXED'),
    percentOff: fc.integer({ min: 1, max: 100 }),
    amountOff: fc.integer({ min: 1, max: 50_000 }),
    minSpend: fc.constantFrom(0, 0, 1_000, 100_000),
    categories: fc.constantFrom([], ['A'], ['B > x']),
    brands: fc.constantFrom([], ['Z']),
    stackable: fc.boolean(),
  });
  const cartLine = fc.record({
    unit: fc.integer({ min: 1, max: 5_000_000 }),
    quantity: fc.integer({ min: 1, max: 30 }),
    category: fc.constantFrom('A', 'A > y', 'B > x', 'C', null),
    brand: fc.constantFrom('Z', 'Y', null),
    weightGrams: fc.integer({ min: 1, max: 50 }),
  });

  it('over 5,000 random carts, countries, currencies and promo combinations', () => {
    fc.assert(
      fc.property(
        fc.array(cartLine, { minLength: 1, maxLength: 20 }),
        fc.constantFrom(...SUPPORTED_COUNTRIES),
        fc.constantFrom(['GBP', '1'], ['EUR', '1.17'], ['JPY', '197.5'], ['KWD', '0.419'], ['HUF', '467']),
        fc.array(promo, { maxLength: 4 }),
        (lines, country, [currency, rate], promos) => {
          const tax = COUNTRY_TAX[country]!;
          const cart: QuoteCart = {
            country,
            currency: currency!,
            taxIncluded: tax.taxIncluded,
            vatPercent: tax.taxIncluded ? tax.vatPercent : '0',
            convert: (b) => convertAmount(b, 2, '20', { currency: currency!, rate: rate!, vatPercent: tax.taxIncluded ? tax.vatPercent : null }),
            lines: lines.map((l, i) => ({ ...l, productId: productId(i + 1), lineTotal: l.unit * l.quantity })),
          };
          const rows = promos.map((p, i) => ({
            code: `P${i}`,
            description: `promo ${i}`,
            kind: p.kind,
            percentOff: p.kind === 'PERCENT' ? p.percentOff : null,
            amountOff: p.kind === 'FIXED' ? p.amountOff : null,
            minSpend: p.minSpend,
            startsAt: new Date(0),
            endsAt: null,
            maxUses: null,
            maxUsesPerUser: null,
            uses: 0,
            categories: [...p.categories],
            brands: [...p.brands],
            stackable: p.stackable,
            createdAt: new Date(0),
          }));
          const q = computeQuote(cart, rows);
          expectConsistent(q, cart.vatPercent, cart.taxIncluded);
          expect(q.applied.length + q.rejected.length).toBe(rows.length);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

const QUOTE = `query($lines: [CartLineInput!]!, $country: String, $currency: String, $codes: [String!]) {
  quote(lines: $lines, country: $country, currency: $currency, promoCodes: $codes) {
    id country currency taxIncluded taxRate createdAt expiresAt token
    lines { productId quantity unitPrice { amount } lineTotal { amount } discount { amount } total { amount } tax { amount } }
    subtotal { amount currency formatted } discount { amount } shipping { amount } tax { amount } total { amount formatted }
    promotions { code discount { amount } }
    rejectedPromoCodes { code reason }
  }
}`;
const VERIFY = `query($t: String!) { verifyQuote(token: $t) { status message quote { total { amount } token } } }`;
type M = { amount: number };
type Q = {
  id: string; country: string; currency: string; taxIncluded: boolean; taxRate: string; createdAt: string; expiresAt: string; token: string;
  lines: { productId: string; quantity: number; unitPrice: M; lineTotal: M; discount: M; total: M; tax: M }[];
  subtotal: M & { currency: string; formatted: string }; discount: M; shipping: M; tax: M; total: M & { formatted: string };
  promotions: { code: string; discount: M }[];
  rejectedPromoCodes: { code: string; reason: string }[];
};
type Line = { productId: string; quantity: number; category?: string; brand?: string; weightGrams?: number };
const quote = (lines: Line[], extra: { country?: string; currency?: string; codes?: string[] } = {}, headers: Record<string, string> = {}) =>
  gql<{ quote: Q }>(handle.app, QUOTE, { lines, ...extra }, headers);
const verify = (t: string, headers = service) => gql<{ verifyQuote: { status: string; message: string; quote: { total: M; token: string } | null } }>(handle.app, VERIFY, { t }, headers);
const asAmounts = (q: Q): QuoteAmounts => ({
  lines: q.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unit: l.unitPrice.amount, lineTotal: l.lineTotal.amount, discount: l.discount.amount, total: l.total.amount, tax: l.tax.amount })),
  subtotal: q.subtotal.amount,
  discount: q.discount.amount,
  shipping: q.shipping.amount,
  tax: q.tax.amount,
  total: q.total.amount,
  applied: q.promotions.map((p) => ({ code: p.code, description: '', discount: p.discount.amount })),
  rejected: [],
});

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'pricing', schema, migrationsFolder, keys });
  await seedPrices(rt, dataset);
  handle = await buildPricingSubgraph(rt);
  service = await serviceHeaders(keys, 'order');
  const create = `mutation($i: PromoCodeInput!) { createPromoCode(input: $i) { code } }`;
  for (const i of [
    { code: 'TEN', description: '10 % off', kind: 'PERCENT', percentOff: 10, stackable: true },
    { code: 'FIVER', description: '£5 off', kind: 'FIXED', amountOff: 500, stackable: true },
    { code: 'SOLO', description: '20 % off, alone', kind: 'PERCENT', percentOff: 20 },
    { code: 'HOME', description: '£1 off Home', kind: 'FIXED', amountOff: 100, categories: ['Home'], stackable: true },
  ]) {
    expect((await gql(handle.app, create, { i }, service)).errors).toBeUndefined();
  }
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

describe('quote', () => {
  it('prices a GB cart exactly: discounts split over lines, shipping by weight band, VAT contained', async () => {
    // £2.99 × 3 + £4.99 × 2 = 1895; TEN: 189 (10 % rounded down), then FIVER: 500 → 1206; 2.5 kg → £5.99 shipping.
    const res = await quote([{ productId: productId(2), quantity: 3 }, { productId: productId(4), quantity: 2 }], { codes: ['ten', 'FIVER'] });
    expect(res.errors).toBeUndefined();
    const q = res.data!.quote;
    expect(q).toMatchObject({ country: 'GB', currency: 'GBP', taxIncluded: true, taxRate: '20', createdAt: TEST_NOW, expiresAt: new Date(T0 + 900_000).toISOString() });
    expect(q.subtotal).toEqual({ amount: 1895, currency: 'GBP', formatted: '£18.95' });
    expect(q.promotions).toEqual([{ code: 'TEN', discount: { amount: 189 } }, { code: 'FIVER', discount: { amount: 500 } }]);
    expect(q.discount.amount).toBe(689);
    expect(q.shipping.amount).toBe(599);
    expect(q.total).toEqual({ amount: 1895 - 689 + 599, formatted: '£18.05' });
    // Line shares: TEN 189 over 897/998 → 89/100 (largest remainder), FIVER 500 over 808/898 → 237/263.
    expect(q.lines.map((l) => [l.discount.amount, l.total.amount])).toEqual([[326, 571], [363, 635]]);
    // VAT contained: 571/6 = 95.17 → 95, 635/6 = 105.83 → 106, shipping 599/6 = 99.83 → 100.
    expect(q.lines.map((l) => l.tax.amount)).toEqual([95, 106]);
    expect(q.tax.amount).toBe(95 + 106 + 100);
    expectConsistent(asAmounts(q), '20', true);
  });

  it('ships free from the zone threshold, and excludes tax in the US', async () => {
    const free = (await quote([{ productId: productId(10), quantity: 5 }])).data!.quote; // £10.99 × 5 ≥ £50
    expect(free.shipping.amount).toBe(0);
    const us = (await quote([{ productId: productId(2), quantity: 1 }], { country: 'US' })).data!.quote;
    // $2.99: 299 / 1.2 × 1.37 = 341.36 → 341; 500 g → $9.99 band: 999 / 1.2 × 1.37 = 1140.5 → 1141.
    expect(us).toMatchObject({ currency: 'USD', taxIncluded: false, taxRate: '0', total: { amount: 341 + 1141 }, tax: { amount: 0 } });
  });

  it('rejects codes it cannot apply and says why, still quoting the rest', async () => {
    const q = (await quote([{ productId: productId(2), quantity: 1, category: 'Garden' }], { codes: ['SOLO', 'HOME', 'NOPE', 'TEN'] })).data!.quote;
    expect(q.rejectedPromoCodes).toEqual([
      { code: 'NOPE', reason: 'UNKNOWN_CODE' },
      { code: 'SOLO', reason: 'NOT_APPLICABLE' }, // not stackable, and there are other codes
      { code: 'HOME', reason: 'NOT_APPLICABLE' }, // no Home line
    ]);
    expect(q.promotions).toEqual([{ code: 'TEN', discount: { amount: 29 } }]);
  });

  it('keeps the parts adding up exactly for 150 random carts through the API', async () => {
    const countries = ['GB', 'DE', 'FR', 'US', 'CH', 'SE', 'HU', 'FI'];
    const currencies = [undefined, 'GBP', 'EUR', 'JPY', 'KWD'];
    const codeSets = [[], ['TEN'], ['FIVER', 'TEN'], ['SOLO'], ['HOME', 'FIVER'], ['SOLO', 'TEN']];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 12, maxLength: 12 }),
        fc.constantFrom(...countries),
        fc.constantFrom(...currencies),
        fc.constantFrom(...codeSets),
        async (products, qtys, country, currency, codes) => {
          const lines = products.map((n, i) => ({ productId: productId(n), quantity: qtys[i]!, category: n % 2 ? 'Home > Decor' : 'Garden', weightGrams: 100 }));
          const res = await quote(lines, { country, ...(currency ? { currency } : {}), codes });
          expect(res.errors).toBeUndefined();
          const q = res.data!.quote;
          expectConsistent(asAmounts(q), q.taxRate, q.taxIncluded);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('costs at most three statements: prices, codes and per-shopper counts (rates cached)', async () => {
    await quote([{ productId: productId(2), quantity: 1 }]);
    rt.db.stats.reset();
    await quote(Array.from({ length: 20 }, (_, i) => ({ productId: productId(i + 1), quantity: 1 })), { codes: ['TEN'] });
    expect(rt.db.stats.statements).toBe(2);
  });

  const bad: [string, Line[], Record<string, unknown>, string][] = [
    ['a zero quantity', [{ productId: productId(2), quantity: 0 }], {}, 'lines.0.quantity'],
    ['a negative quantity', [{ productId: productId(2), quantity: -3 }], {}, 'lines.0.quantity'],
    ['more than 100 lines', Array.from({ length: 101 }, (_, i) => ({ productId: productId(300 + i), quantity: 1 })), {}, 'lines'],
    ['an unknown currency', [{ productId: productId(2), quantity: 1 }], { currency: 'ABC' }, 'currency'],
    ['a currency without a rate', [{ productId: productId(2), quantity: 1 }], { currency: 'BGN' }, 'currency'],
    ['an unknown country', [{ productId: productId(2), quantity: 1 }], { country: 'XX' }, 'country'],
    ['eleven promo codes', [{ productId: productId(2), quantity: 1 }], { codes: Array.from({ length: 11 }, (_, i) => `C${i}X`) }, 'promoCodes'],
    ['a parcel over 30 kg', [{ productId: productId(2), quantity: 31, weightGrams: 1000 }], {}, 'lines'],
    ['a product without a price', [{ productId: productId(25), quantity: 1 }], {}, 'lines.0.productId'],
  ];
  it.each(bad)('rejects %s with BAD_USER_INPUT naming the argument', async (_label, lines, extra, field) => {
    const res = await quote(lines, extra);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe(field);
    expect(res.errors?.[0]?.message).not.toMatch(/select|insert|\.ts:/i);
  });
});

describe('the signed quote and its verification', () => {
  const cart = [{ productId: productId(12), quantity: 2 }, { productId: productId(13), quantity: 1 }];

  it('is VALID while prices hold; PRICE_CHANGED with a fresh quote when a price moved', async () => {
    const q = (await quote(cart, { country: 'DE', codes: ['TEN'] })).data!.quote;
    const ok = await verify(q.token);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.verifyQuote).toMatchObject({ status: 'VALID', quote: { total: { amount: q.total.amount } } });
    const imported = await gql(handle.app, `mutation { importPrices(items: [{ productId: "${productId(13)}", amount: 1450, currency: "GBP" }]) { updated } }`, {}, await serviceHeaders(keys, 'product'));
    expect(imported.errors).toBeUndefined();
    const moved = await verify(q.token);
    expect(moved.data?.verifyQuote.status).toBe('PRICE_CHANGED');
    const fresh = moved.data?.verifyQuote.quote;
    expect(fresh?.total.amount).not.toBe(q.total.amount);
    expect((await verify(fresh!.token)).data?.verifyQuote.status).toBe('VALID');
  });

  it('is EXPIRED after 15 minutes, and expires early when a sale in it ends', async () => {
    const q = (await quote(cart)).data!.quote;
    rt.clock.advance(15 * 60_000);
    try {
      expect((await verify(q.token)).data?.verifyQuote.status).toBe('EXPIRED');
    } finally {
      rt.clock.set(TEST_NOW);
    }
    const sale = `mutation { scheduleSale(productId: "${productId(14)}", amount: 999, startsAt: "${TEST_NOW}", endsAt: "${new Date(T0 + 5 * 60_000).toISOString()}") { amount } }`;
    expect((await gql(handle.app, sale, {}, service)).errors).toBeUndefined();
    const short = (await quote([{ productId: productId(14), quantity: 1 }])).data!.quote;
    expect(short.expiresAt).toBe(new Date(T0 + 5 * 60_000).toISOString());
    expect(short.lines[0]?.unitPrice.amount).toBe(999);
  });

  it('is INVALID when tampered with or signed with another key', async () => {
    const q = (await quote(cart)).data!.quote;
    const [v, body, sig] = q.token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const cheaper = Buffer.from(JSON.stringify({ ...claims, total: 1 })).toString('base64url');
    expect((await verify(`${v}.${cheaper}.${sig}`)).data?.verifyQuote).toEqual({ status: 'INVALID', message: expect.any(String), quote: null });
    expect((await verify('not-a-token')).data?.verifyQuote.status).toBe('INVALID');
    const other = await openTestRuntime({ name: 'pricing', schema, migrationsFolder });
    try {
      await seedPrices(other, dataset);
      const foreign = await buildPricingSubgraph(other);
      const fq = (await gql<{ quote: Q }>(foreign.app, QUOTE, { lines: cart })).data!.quote;
      expect((await verify(fq.token)).data?.verifyQuote.status).toBe('INVALID');
      await foreign.stop();
    } finally {
      await other.close();
    }
  }, 60_000);

  it('verification is service-only and hidden from the API; quoting is public', async () => {
    const q = (await quote(cart)).data!.quote;
    expect((await verify(q.token, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await verify(q.token, await userHeaders(keys, { id: productId(900), roles: ['admin'] }))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const api = readFileSync(new URL('../../../schema/api.graphql', import.meta.url), 'utf8');
    expect(api).not.toContain('verifyQuote');
    expect(api).not.toMatch(/\b(type QuoteVerification|enum QuoteStatus)\b/);
    expect(api).toMatch(/quote\(.*\): Quote!/);
  });
});
