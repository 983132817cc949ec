import { describe, expect, it } from 'vitest';
import { currencyExponent, decimalToMinor, formatMoney, isCurrency } from '../../src/money.ts';
import { SafeIntScalar } from '../../src/graphql/scalars.ts';

describe('money', () => {
  it('knows ISO 4217 exponents', () => {
    expect([currencyExponent('JPY'), currencyExponent('EUR'), currencyExponent('KWD'), currencyExponent('GBP')]).toEqual([0, 2, 3, 2]);
  });

  it('converts decimal strings to minor units exactly, rounding half away from zero', () => {
    expect(decimalToMinor('2.55', 'GBP')).toBe(255);
    expect(decimalToMinor('0.295', 'GBP')).toBe(30); // 0.295 is 0.29499999… as a float; the string is exact
    expect(decimalToMinor('0.001', 'GBP')).toBe(0);
    expect(decimalToMinor('1.2345', 'KWD')).toBe(1235);
    expect(decimalToMinor('1999.5', 'JPY')).toBe(2000);
    expect(decimalToMinor('-1.005', 'EUR')).toBe(-101);
    expect(() => decimalToMinor('1e3', 'GBP')).toThrow(RangeError);
    expect(() => decimalToMinor('99999999999999999', 'GBP')).toThrow(/not a safe integer/);
  });

  it('formats per locale with the currency exponent, keeping every digit of large amounts', () => {
    // ICU uses no-break spaces (U+00A0, U+202F) whose choice varies by Node version; compare with plain spaces.
    const fmt = (m: { amount: number; currency: string }, locale: string) => formatMoney(m, locale).replace(/[\u00a0\u202f]/g, ' ');
    expect(fmt({ amount: 255, currency: 'GBP' }, 'en-GB')).toBe('£2.55');
    expect(fmt({ amount: 1500, currency: 'JPY' }, 'ja-JP')).toBe('￥1,500');
    expect(fmt({ amount: 1235, currency: 'KWD' }, 'en-GB')).toBe('KWD 1.235');
    expect(fmt({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56 €');
    expect(fmt({ amount: 9_007_199_254_740_991, currency: 'HUF' }, 'en-GB')).toBe('HUF 90,071,992,547,409.91');
    expect(fmt({ amount: -5, currency: 'GBP' }, 'en-GB')).toBe('-£0.05');
  });

  it('recognises currencies', () => {
    expect(isCurrency('GBP')).toBe(true);
    expect(isCurrency('XXY')).toBe(false);
    expect(isCurrency('gbp')).toBe(false);
  });

  it('SafeInt carries 53-bit integers and refuses anything else', () => {
    expect(SafeIntScalar.serialize(2 ** 40)).toBe(2 ** 40);
    expect(() => SafeIntScalar.serialize(2 ** 53)).toThrow();
    expect(() => SafeIntScalar.parseValue(1.5)).toThrow(/SafeInt must be an integer/);
    expect(SafeIntScalar.parseValue(-(2 ** 53 - 1))).toBe(-(2 ** 53 - 1));
  });
});
