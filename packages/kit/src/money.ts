/**
 * Money is an integer amount of a currency's minor units plus its ISO 4217 code — never a float.
 * Amounts must stay within Number.MAX_SAFE_INTEGER (2^53 − 1), which the SafeInt scalar enforces on the wire.
 */
export interface Money {
  amount: number;
  currency: string;
}

/** ISO 4217 minor-unit exponents that differ from 2 (everything else listed in `currencies` uses 2). */
const exponents: Record<string, number> = {
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

/** True for a three-letter code that Intl knows as a currency. */
export function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('currency').includes(code);
  } catch {
    return true;
  }
}

/** The number of minor-unit digits of an ISO 4217 currency (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(currency: string): number {
  return exponents[currency] ?? 2;
}

/** Asserts an amount is a safe integer; money arithmetic never leaves that range silently. */
export function assertSafeAmount(amount: number): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Money amount ${amount} is not a safe integer.`);
  return amount;
}

/**
 * Converts a decimal string (e.g. "2.55" from a CSV) to minor units exactly, rounding half away from zero at the
 * currency's exponent, without passing through binary floating point.
 */
export function decimalToMinor(decimal: string, currency: string): number {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) throw new RangeError(`"${decimal}" is not a decimal amount.`);
  const [, sign, whole = '0', frac = ''] = m;
  const exp = currencyExponent(currency);
  const kept = frac.slice(0, exp).padEnd(exp, '0');
  const roundUp = (frac[exp] ?? '0') >= '5';
  let minor = BigInt(whole) * 10n ** BigInt(exp) + BigInt(kept || '0');
  if (roundUp) minor += 1n;
  const n = Number(sign ? -minor : minor);
  return assertSafeAmount(n);
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats money for a locale (e.g. "£2.55", "2,55 €"), using the currency's own exponent. */
export function formatMoney(money: Money, locale = 'en-GB'): string {
  const key = `${locale}|${money.currency}`;
  let f = formatters.get(key);
  if (!f) {
    const exp = currencyExponent(money.currency);
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    formatters.set(key, f);
  }
  const exp = currencyExponent(money.currency);
  // Format from an exact decimal string so large amounts keep every digit.
  const abs = Math.abs(money.amount).toString().padStart(exp + 1, '0');
  const decimal = exp === 0 ? abs : `${abs.slice(0, -exp)}.${abs.slice(-exp)}`;
  return f.format(`${money.amount < 0 ? '-' : ''}${decimal}` as unknown as number);
}

/** A locale to format prices for a shopper's country (language of the country's largest market). */
export function localeForCountry(country: string | null | undefined): string {
  const map: Record<string, string> = {
    GB: 'en-GB', IE: 'en-IE', US: 'en-US', DE: 'de-DE', AT: 'de-AT', CH: 'de-CH', FR: 'fr-FR', BE: 'fr-BE',
    NL: 'nl-NL', ES: 'es-ES', PT: 'pt-PT', IT: 'it-IT', SE: 'sv-SE', NO: 'nb-NO', DK: 'da-DK', FI: 'fi-FI',
    PL: 'pl-PL', CZ: 'cs-CZ', HU: 'hu-HU', JP: 'ja-JP', AU: 'en-AU', CA: 'en-CA', GR: 'el-GR',
  };
  return (country && map[country]) || 'en-GB';
}
