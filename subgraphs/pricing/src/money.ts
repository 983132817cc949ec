import { currencyExponent } from '@emporium/kit';

/** An exact non-negative decimal string ("1.17", "25.5", "197") as numerator / denominator. */
export function decimalRatio(decimal: string): [bigint, bigint] {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!m) throw new RangeError(`"${decimal}" is not a non-negative decimal.`);
  const frac = m[2] ?? '';
  return [BigInt(m[1]! + frac), 10n ** BigInt(frac.length)];
}

/** What a base amount is converted for: the target currency's rate, and the VAT to include (null: shown without tax). */
export interface Conversion {
  /** ISO 4217 code of the result. */
  currency: string;
  /** Units of `currency` per 1 unit of the base currency, exact decimal ("1" for the base currency itself). */
  rate: string;
  /** Destination VAT in percent to include, or null where prices are shown without tax. */
  vatPercent: string | null;
}

/**
 * Converts a VAT-inclusive base amount (minor units of the base currency, including `baseVatPercent`) for a
 * destination: remove the base VAT, convert at `rate`, add the destination's VAT (when prices there include it) and
 * move to the target currency's exponent — all on exact rationals, then ONE rounding, half up, to a whole minor unit
 * of the target currency (JPY 0 decimals, EUR 2, KWD 3). The base currency shown with the base VAT gives back the
 * same amount.
 */
export function convertAmount(baseMinor: number, baseExponent: number, baseVatPercent: string, to: Conversion): number {
  if (!Number.isSafeInteger(baseMinor) || baseMinor < 0) throw new RangeError(`Base amount ${baseMinor} must be a non-negative safe integer.`);
  const [bn, bd] = decimalRatio(baseVatPercent);
  const [rn, rd] = decimalRatio(to.rate);
  const [vn, vd] = to.vatPercent === null ? [0n, 1n] : decimalRatio(to.vatPercent);
  const shift = currencyExponent(to.currency) - baseExponent;
  // amount × 100/(100 + baseVat) × rate × (100 + vat)/100 × 10^shift
  let num = BigInt(baseMinor) * 100n * bd * rn * (100n * vd + vn);
  let den = (100n * bd + bn) * rd * 100n * vd;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  const rounded = (2n * num + den) / (2n * den); // half up (amounts are never negative)
  const n = Number(rounded);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Converted amount ${rounded} exceeds the safe integer range.`);
  return n;
}

/** Whole-percent saving of `current` against `regular`, rounded down (never overstated); null when not cheaper. */
export function discountPercent(current: number, regular: number): number | null {
  if (regular <= 0 || current >= regular) return null;
  return Number(((BigInt(regular) - BigInt(current)) * 100n) / BigInt(regular));
}
