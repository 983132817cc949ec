import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertAmount, decimalRatio, discountPercent } from '../src/money.ts';
import { COUNTRY_TAX, SUPPORTED_COUNTRIES } from '../src/tax.ts';

const gbp = { currency: 'GBP', rate: '1', vatPercent: '20' };
const conv = (base: number, currency: string, rate: string, vatPercent: string | null) => convertAmount(base, 2, '20', { currency, rate, vatPercent });

describe('decimalRatio', () => {
  it('reads decimal strings exactly', () => {
    expect(decimalRatio('1.17')).toEqual([117n, 100n]);
    expect(decimalRatio('25.5')).toEqual([255n, 10n]);
    expect(decimalRatio('197')).toEqual([197n, 1n]);
    expect(decimalRatio('0.000000000001')).toEqual([1n, 1_000_000_000_000n]);
    for (const bad of ['', '-1', '1e3', '1.', '.5', '1,5', ' 1']) expect(() => decimalRatio(bad)).toThrow(RangeError);
  });
});

describe('convertAmount (README: rounding)', () => {
  it('gives the base amount back for GB in GBP, for every amount', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => convertAmount(n, 2, '20', gbp) === n), { numRuns: 5000 });
  });

  it('converts £2.55 (incl. 20 % UK VAT) exactly, rounding once, half up, at each currency exponent', () => {
    // 255 / 1.2 = 212.5 pence net.
    expect(conv(255, 'EUR', '1.17', '19')).toBe(296); // 212.5 × 1.17 × 1.19 = 295.8525 → €2.96 (DE)
    expect(conv(255, 'EUR', '1.17', '25.5')).toBe(312); // × 1.255 = 312.024375 → €3.12 (FI)
    expect(conv(255, 'JPY', '197.5', '19')).toBe(499); // 2.125 × 197.5 × 1.19 = 499.428… → ¥499 (exponent 0)
    expect(conv(255, 'KWD', '0.419', '20')).toBe(1068); // 2.125 × 0.419 × 1.2 = 1.06845 → 1.068 KWD (exponent 3)
    expect(conv(255, 'USD', '1.37', null)).toBe(291); // 212.5 × 1.37 = 291.125 → $2.91, without tax (US)
    expect(conv(255, 'CHF', '1.09', '8.1')).toBe(250); // 212.5 × 1.09 × 1.081 = 250.386625 → CHF 2.50
    expect(conv(255, 'HUF', '467', '27')).toBe(126032); // 212.5 × 467 × 1.27 = 126031.625 → 1 260,32 Ft
  });

  it('rounds halves up and everything else to the nearest minor unit', () => {
    const half = (n: number, rate: string) => convertAmount(n, 2, '0', { currency: 'EUR', rate, vatPercent: null });
    expect(half(1, '0.5')).toBe(1); // 0.5 → 1
    expect(half(3, '0.5')).toBe(2); // 1.5 → 2
    expect(half(1, '0.49')).toBe(0);
    expect(half(1, '0.51')).toBe(1);
    // JPY: 2 decimals → 0 decimals divides by 100 before the single rounding.
    expect(convertAmount(150, 2, '0', { currency: 'JPY', rate: '1', vatPercent: null })).toBe(2); // 1.5 → 2
    expect(convertAmount(149, 2, '0', { currency: 'JPY', rate: '1', vatPercent: null })).toBe(1);
    // KWD: 3 decimals multiplies by 10: no rounding at all.
    expect(convertAmount(123, 2, '0', { currency: 'KWD', rate: '1', vatPercent: null })).toBe(1230);
  });

  it('is within half a minor unit of the exact value and never decreases as the base grows (property)', () => {
    const countries = SUPPORTED_COUNTRIES.map((c) => COUNTRY_TAX[c]!);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom(...countries),
        fc.constantFrom(['EUR', '1.17'], ['JPY', '197.5'], ['KWD', '0.419'], ['USD', '1.37'], ['HUF', '467']),
        (base, step, tax, [currency, rate]) => {
          const to = { currency: currency!, rate: rate!, vatPercent: tax.taxIncluded ? tax.vatPercent : null };
          const a = convertAmount(base, 2, '20', to);
          const b = convertAmount(base + step, 2, '20', to);
          if (b < a) return false;
          // |a − exact| ≤ ½, with exact = base/1.2 × rate × (1 + vat) × 10^(exp − 2), compared on integers ×2·den.
          const [rn, rd] = decimalRatio(rate!);
          const [vn, vd] = to.vatPercent === null ? [0n, 1n] : decimalRatio(to.vatPercent);
          const exp = currency === 'JPY' ? -2 : currency === 'KWD' ? 1 : 0;
          let num = BigInt(base) * 100n * rn * (100n * vd + vn);
          let den = 120n * rd * 100n * vd;
          if (exp >= 0) num *= 10n ** BigInt(exp);
          else den *= 10n ** BigInt(-exp);
          const diff = BigInt(a) * den - num;
          return 2n * (diff < 0n ? -diff : diff) <= den;
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses negative or unsafe base amounts', () => {
    expect(() => convertAmount(-1, 2, '20', gbp)).toThrow(RangeError);
    expect(() => convertAmount(1.5, 2, '20', gbp)).toThrow(RangeError);
    // A large HUF amount stays exact (GraphQL Int would overflow at 2^31): £10bn → 4,670,000,000,000 forint × 100.
    expect(convertAmount(1_000_000_000_000, 2, '20', { currency: 'HUF', rate: '467', vatPercent: '20' })).toBe(467_000_000_000_000);
    // Results beyond 2^53 − 1 are refused rather than rounded silently.
    expect(() => convertAmount(Number.MAX_SAFE_INTEGER, 2, '20', { currency: 'KWD', rate: '100', vatPercent: '20' })).toThrow(RangeError);
  });
});

describe('discountPercent', () => {
  it('is the whole-percent saving rounded down, null when not cheaper', () => {
    expect(discountPercent(299, 399)).toBe(25); // 25.06 %
    expect(discountPercent(650, 700)).toBe(7); // 7.14 %
    expect(discountPercent(999, 1000)).toBe(0); // 0.1 %
    expect(discountPercent(100, 100)).toBeNull();
    expect(discountPercent(101, 100)).toBeNull();
  });
});

describe('tax table (README: VAT)', () => {
  it('covers the EU-27, GB, CH, NO and US with exact decimal rates', () => {
    expect(SUPPORTED_COUNTRIES).toHaveLength(31);
    for (const c of SUPPORTED_COUNTRIES) expect(COUNTRY_TAX[c]!.vatPercent).toMatch(/^\d+(\.\d+)?$/);
    expect(SUPPORTED_COUNTRIES.filter((c) => COUNTRY_TAX[c]!.taxIncluded)).toHaveLength(30);
    expect(COUNTRY_TAX.US).toEqual({ vatPercent: '0', taxIncluded: false, currency: 'USD' });
    // Spot checks of standard rates (2025): a change to the table has to be deliberate.
    expect(['GB', 'DE', 'FR', 'HU', 'FI', 'LU', 'CH', 'NO', 'IE', 'EE', 'RO', 'SK'].map((c) => COUNTRY_TAX[c]!.vatPercent)).toEqual([
      '20', '19', '20', '27', '25.5', '17', '8.1', '25', '23', '24', '21', '23',
    ]);
  });
});
