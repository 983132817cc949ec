import { decimalToMinor, isCurrency as isCurrencyCode, isGtin } from '@emporium/kit';

const currencies = new Map<string, boolean>();
/** ISO 4217 check, remembered per code (the kit's check lists every currency Intl knows on each call). */
const isCurrency = (code: string): boolean => {
  let ok = currencies.get(code);
  if (ok === undefined) {
    ok = isCurrencyCode(code);
    if (currencies.size < 1000) currencies.set(code, ok);
  }
  return ok;
};

/** The trust rules every feed row must pass (README: validation). */
export const RULES = {
  /** Merchants below this reputation have every offer rejected. */
  minReputation: 0.6,
  /** A stated discount may differ from the one computed from the two prices by at most this many points. */
  maxDiscountGapPoints: 5,
  minTitleLength: 10,
  maxTextLength: 5000,
  maxIdLength: 200,
} as const;

/** Why a row is rejected. A row may have several reasons; the run report counts each. */
export const REJECT_REASONS = [
  'malformedRow',
  'missingField',
  'invalidField',
  'nonPositivePrice',
  'noSaving',
  'discountMismatch',
  'shortTitle',
  'missingDescription',
  'lowReputation',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** A feed row that passed every rule, in the units the database keeps (integer minor units, Date). */
export interface FeedOffer {
  externalId: string;
  title: string;
  description: string;
  brand: string | null;
  gtin: string | null;
  category: string;
  priceAmount: number;
  originalAmount: number;
  currency: string;
  url: string;
  couponCode: string | null;
  terms: string | null;
  expiresAt: Date | null;
  imageUrl: string | null;
  /** The discount the merchant states (a `discountPercent` field, else "N% off" / "save N%" in the texts), if any. */
  statedDiscount: number | null;
}

/** The verdict on one row. */
export interface CheckedRow {
  /** The merchant's id of the row, when it has one. */
  externalId: string | null;
  /** Present when the row passed every rule. */
  offer: FeedOffer | null;
  reasons: RejectReason[];
  /** Human-readable explanations, one per reason. */
  details: string[];
  /** A valid row whose expiresAt is not after now. */
  expired: boolean;
}

/** Field names are matched ignoring case, '_', '-' and spaces (originalPrice = original_price = "Original Price"). */
const keyOf = (k: string) => k.toLowerCase().replace(/[\s_-]+/g, '');

type Fields = Map<string, unknown>;

function text(fields: Fields, name: string): string | null | undefined {
  const v = fields.get(keyOf(name));
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined; // an object or array where text was expected
}

const DECIMAL = /^(-?)\s*(?:[£$€¥]\s*)?(\d+(?:\.\d+)?)\s*(?:[A-Za-z]{3})?$/;

/** Parses a price ("12.99", "£12.99", "12.99 GBP", 12.99) into minor units; null when it is not a decimal amount. */
export function parsePrice(value: string, currency: string): number | null {
  const m = DECIMAL.exec(value.trim());
  if (!m) return null;
  const minor = decimalToMinor(m[2]!, currency);
  return m[1] ? -minor : minor;
}

function httpUrl(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

const CLAIM = [/(\d{1,3}(?:\.\d+)?)\s*%\s*(?:off|discount|saving|reduction|cheaper)/i, /(?:save|saving|discount|reduced by|minus)\s*(?:of\s*)?(\d{1,3}(?:\.\d+)?)\s*%/i, /(?:^|\s)-\s?(\d{1,3}(?:\.\d+)?)\s*%/];

/** The discount a text states ("40% off", "Save 40%", "-40%"), or null. "Up to N%" is not a claim about this offer. */
export function statedDiscountIn(text: string): number | null {
  for (const re of CLAIM) {
    const m = re.exec(text);
    if (!m) continue;
    const before = text.slice(Math.max(0, m.index - 8), m.index).toLowerCase();
    if (/up\s*to\s*$/.test(before) || /up to/i.test(m[0])) continue;
    const n = Number(m[1]);
    if (n > 0 && n < 100) return n;
  }
  return null;
}

/** The exact saving of `price` against `original` in percent (not rounded). */
export function exactDiscount(price: number, original: number): number {
  return ((original - price) / original) * 100;
}

/**
 * Checks one row against the rules (README: validation): required fields (id, title, description, category, price,
 * originalPrice, currency, url), positive prices, a saving, a stated discount within 5 points of the computed one,
 * title ≥ 10 characters, a description, merchant reputation ≥ 0.6, well-formed currency, URLs, GTIN and dates.
 */
export function checkRow(record: Record<string, unknown>, ctx: { reputation: number; now: Date }): CheckedRow {
  const fields: Fields = new Map(Object.entries(record).map(([k, v]) => [keyOf(k), v]));
  const reasons = new Set<RejectReason>();
  const details: string[] = [];
  const reject = (reason: RejectReason, detail: string) => {
    reasons.add(reason);
    details.push(`${reason}: ${detail}`);
  };
  const get = (name: string, required: boolean): string | null => {
    const v = text(fields, name);
    if (v === undefined) {
      reject('invalidField', `${name} must be text or a number`);
      return null;
    }
    if (v === null && required) {
      if (name === 'description') reject('missingDescription', 'the description is empty');
      else reject('missingField', `${name} is missing`);
    }
    if (v !== null && v.length > (name === 'id' ? RULES.maxIdLength : RULES.maxTextLength)) {
      reject('invalidField', `${name} is longer than ${name === 'id' ? RULES.maxIdLength : RULES.maxTextLength} characters`);
      return null;
    }
    return v;
  };

  const externalId = get('id', true);
  const title = get('title', true);
  const description = get('description', true);
  const category = get('category', true);
  const priceText = get('price', true);
  const originalText = get('originalPrice', true);
  const currencyText = get('currency', true);
  const urlText = get('url', true);
  const brand = get('brand', false);
  const gtinText = get('gtin', false);
  const couponCode = get('couponCode', false);
  const terms = get('terms', false);
  const expiresText = get('expiresAt', false);
  const imageText = get('imageUrl', false);
  const discountText = get('discountPercent', false) ?? get('discount', false);

  if (title !== null && [...title].length < RULES.minTitleLength) reject('shortTitle', `title "${title}" is shorter than ${RULES.minTitleLength} characters`);
  const currency = currencyText?.toUpperCase() ?? null;
  if (currency !== null && !isCurrency(currency)) reject('invalidField', `currency "${currencyText}" is not an ISO 4217 code`);
  const money = (value: string | null, name: string): number | null => {
    if (value === null || currency === null || !isCurrency(currency)) return null;
    let amount: number | null;
    try {
      amount = parsePrice(value, currency);
    } catch {
      amount = null;
    }
    if (amount === null) reject('invalidField', `${name} "${value}" is not a decimal amount`);
    else if (amount <= 0) reject('nonPositivePrice', `${name} ${value} is not positive`);
    return amount !== null && amount > 0 ? amount : null;
  };
  const priceAmount = money(priceText, 'price');
  const originalAmount = money(originalText, 'originalPrice');
  if (priceAmount !== null && originalAmount !== null && originalAmount <= priceAmount) {
    reject('noSaving', `originalPrice ${originalText} is not above price ${priceText}`);
  }
  const url = urlText === null ? null : httpUrl(urlText);
  if (urlText !== null && url === null) reject('invalidField', `url "${urlText}" is not an http(s) URL`);
  const imageUrl = imageText === null ? null : httpUrl(imageText);
  if (imageText !== null && imageUrl === null) reject('invalidField', `imageUrl "${imageText}" is not an http(s) URL`);
  const gtin = gtinText === null ? null : gtinText.replace(/[\s-]/g, '');
  if (gtin !== null && !isGtin(gtin)) reject('invalidField', `gtin "${gtinText}" is not a GTIN with a valid check digit`);
  let expiresAt: Date | null = null;
  if (expiresText !== null) {
    expiresAt = new Date(/^\d{4}-\d{2}-\d{2}$/.test(expiresText) ? `${expiresText}T23:59:59.999Z` : expiresText);
    if (Number.isNaN(expiresAt.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(expiresText)) {
      reject('invalidField', `expiresAt "${expiresText}" is not an ISO 8601 date or date-time`);
      expiresAt = null;
    }
  }
  let statedDiscount: number | null = null;
  if (discountText !== null) {
    const m = /^(\d{1,3}(?:\.\d+)?)\s*%?$/.exec(discountText);
    if (!m || Number(m[1]) >= 100) reject('invalidField', `discountPercent "${discountText}" is not a percentage`);
    else statedDiscount = Number(m[1]);
  } else {
    statedDiscount = statedDiscountIn(`${title ?? ''} ${description ?? ''}`);
  }
  if (statedDiscount !== null && priceAmount !== null && originalAmount !== null && originalAmount > priceAmount) {
    const computed = exactDiscount(priceAmount, originalAmount);
    if (Math.abs(statedDiscount - computed) > RULES.maxDiscountGapPoints) {
      reject('discountMismatch', `states ${statedDiscount}% off, the prices give ${computed.toFixed(1)}%`);
    }
  }
  if (ctx.reputation < RULES.minReputation) reject('lowReputation', `merchant reputation ${ctx.reputation} is below ${RULES.minReputation}`);

  const list = REJECT_REASONS.filter((r) => reasons.has(r));
  if (list.length > 0) return { externalId, offer: null, reasons: list, details, expired: false };
  const offer: FeedOffer = {
    externalId: externalId!,
    title: title!,
    description: description!,
    brand,
    gtin,
    category: category!,
    priceAmount: priceAmount!,
    originalAmount: originalAmount!,
    currency: currency!,
    url: url!,
    couponCode,
    terms,
    expiresAt,
    imageUrl,
    statedDiscount,
  };
  return { externalId, offer, reasons: [], details: [], expired: expiresAt !== null && expiresAt <= ctx.now };
}
