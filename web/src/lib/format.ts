/** Display helpers shared by the pages. Money stays in integer minor units until the very last step. */

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat('en-GB');

/** 21 Nov 2026 (UTC), or null for a missing or unreadable date. */
export function formatDate(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : dateFormat.format(at);
}

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "1 item" / "3 items". */
export function itemsLabel(n: number): string {
  return n === 1 ? '1 item' : `${formatCount(n)} items`;
}

/**
 * Formats integer minor units of an ISO 4217 currency (e.g. 1275 GBP → £12.75), with the currency's own number of
 * decimals as Intl knows it (JPY 0, KWD 3). Returns null for a malformed currency code or a non-integer amount.
 */
export function formatMinor(amount: number, currency: string, locale = 'en-GB'): string | null {
  if (!Number.isSafeInteger(amount)) return null;
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    return null;
  }
  const exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** exponent);
}

/**
 * Sum of `unit × quantity` over lines in minor units, when every line has a price in one and the same currency;
 * null otherwise (a missing price, or mixed currencies, make a total meaningless).
 */
export function sumLines(lines: readonly { unit: { amount: number; currency: string } | null; quantity: number }[]): { amount: number; currency: string } | null {
  let currency: string | null = null;
  let amount = 0;
  for (const line of lines) {
    if (!line.unit) return null;
    if (currency !== null && line.unit.currency !== currency) return null;
    currency = line.unit.currency;
    amount += line.unit.amount * line.quantity;
  }
  if (currency === null || !Number.isSafeInteger(amount)) return null;
  return { amount, currency };
}

/**
 * Where a deal's link should go: storefront paths stay in the site, http(s) URLs open the merchant's page, and
 * anything else (javascript:, data:, malformed) is not linked at all.
 */
export function dealLink(url: string): { kind: 'internal'; href: string } | { kind: 'external'; href: string; host: string } | null {
  const trimmed = url.trim();
  if (trimmed.startsWith('/') && !trimmed.startsWith('//') && !trimmed.includes('\\')) return { kind: 'internal', href: trimmed };
  try {
    const parsed = new URL(trimmed);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return { kind: 'external', href: parsed.toString(), host: parsed.host };
  } catch {
    // not a URL
  }
  return null;
}
