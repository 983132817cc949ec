import { randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { inArray, and, eq, sql } from 'drizzle-orm';
import { badInput, localeForCountry, requireService, type Identity } from '@emporium/kit';
import type { CartLineInput } from './__generated__/resolvers-types.ts';
import { priceCart, validateCartLines, type CartLine, type PricedCart } from './cart.ts';
import type { Context } from './context.ts';
import { promoCodes, promoRedemptions } from './db/schema.ts';
import type { MoneyModel, PromoRejectionModel } from './models.ts';
import { decimalRatio } from './money.ts';
import { lineEligible, normalizeCode } from './promo.ts';
import { MAX_PARCEL_GRAMS, zoneOf } from './shipping.ts';

/** How long a quote can be charged (seconds), unless a price in it changes earlier. */
export const QUOTE_TTL_SECONDS = 900;
/** Most promo codes one quote takes. */
export const MAX_QUOTE_CODES = 10;

type PromoRow = typeof promoCodes.$inferSelect;

/** A priced line as the quote computation needs it. */
export interface QuoteCartLine {
  productId: string;
  quantity: number;
  unit: number;
  lineTotal: number;
  category: string | null;
  brand: string | null;
  weightGrams: number;
}

/** The cart facts a quote is computed from (amounts in minor units of `currency`). */
export interface QuoteCart {
  country: string;
  currency: string;
  taxIncluded: boolean;
  vatPercent: string;
  lines: QuoteCartLine[];
  /** Converts a GBP pence amount incl. UK VAT to the cart currency the way prices are converted. */
  convert: (baseMinor: number) => number;
}

/** The computed amounts of a quote (minor units of the cart currency). */
export interface QuoteAmounts {
  lines: { productId: string; quantity: number; unit: number; lineTotal: number; discount: number; total: number; tax: number }[];
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  applied: { code: string; description: string; discount: number }[];
  rejected: PromoRejectionModel[];
}

/** VAT contained in a tax-inclusive amount: amount × v / (100 + v), rounded half up; 0 where tax is excluded. */
export function containedTax(amount: number, vatPercent: string, taxIncluded: boolean): number {
  if (!taxIncluded || amount === 0) return 0;
  const [vn, vd] = decimalRatio(vatPercent);
  const num = BigInt(amount) * vn;
  const den = 100n * vd + vn;
  return Number((2n * num + den) / (2n * den));
}

/**
 * Splits `amount` over `weights` in proportion (largest remainder): every share is floor(amount × w / Σw), and the
 * units left over go to the largest fractional parts (ties: the earlier line). The shares add up to `amount` exactly
 * and none exceeds its weight when amount ≤ Σw.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, w) => a + w, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const A = BigInt(amount);
  const T = BigInt(total);
  const shares = weights.map((w) => (A * BigInt(w)) / T);
  const rema = weights.map((w, i) => ({ i, r: (A * BigInt(w)) % T }));
  let left = Number(A - shares.reduce((a, s) => a + s, 0n));
  rema.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of rema) {
    if (left === 0) break;
    shares[i]! += 1n;
    left -= 1;
  }
  return shares.map(Number);
}

const reject = (code: string, reason: PromoRejectionModel['reason'], message: string): PromoRejectionModel => ({ code, reason, message });

/**
 * Computes a quote (README: quote) from a priced cart and the promo codes that passed the lookup checks, in the
 * order given:
 * 1. with more than one code, non-stackable codes are rejected (NOT_APPLICABLE);
 * 2. each remaining code applies to what is left of its eligible lines after the codes before it: PERCENT =
 *    floor(left × p / 100), FIXED = min(converted amount, left); the cart subtotal must reach its converted minimum
 *    spend (MIN_SPEND_NOT_MET); no eligible value left → NOT_APPLICABLE; the discount is split over its lines in
 *    proportion to what is left of them (largest remainder), so no line goes below zero;
 * 3. shipping: over 30 kg → BAD_USER_INPUT; free when the discounted merchandise total reaches the zone's converted
 *    threshold, else the converted price of the lightest weight band that holds the parcel;
 * 4. tax = the VAT contained in each line total and in shipping (rounded per line), 0 where prices exclude tax;
 * 5. total = Σ line totals + shipping — integers throughout, so the parts always add up exactly.
 */
export function computeQuote(cart: QuoteCart, promos: readonly PromoRow[]): QuoteAmounts {
  const lineTotals = cart.lines.map((l) => l.lineTotal);
  const subtotal = lineTotals.reduce((a, v) => a + v, 0);
  const left = [...lineTotals];
  const discounts = cart.lines.map(() => 0);
  const applied: QuoteAmounts['applied'] = [];
  const rejected: PromoRejectionModel[] = [];
  for (const row of promos) {
    if (promos.length > 1 && !row.stackable) {
      rejected.push(reject(row.code, 'NOT_APPLICABLE', `Code ${row.code} cannot be combined with other codes.`));
      continue;
    }
    const eligible = cart.lines.map((l, i) => (lineEligible(row, l) ? i : -1)).filter((i) => i >= 0);
    const base = eligible.reduce((a, i) => a + left[i]!, 0);
    if (base === 0) {
      rejected.push(reject(row.code, 'NOT_APPLICABLE', `Code ${row.code} does not apply to anything left in this cart.`));
      continue;
    }
    const minSpend = cart.convert(row.minSpend);
    if (subtotal < minSpend) {
      rejected.push(reject(row.code, 'MIN_SPEND_NOT_MET', `Code ${row.code} needs a cart of at least ${minSpend} ${cart.currency} minor units; this one is ${subtotal}.`));
      continue;
    }
    const d = row.kind === 'PERCENT' ? Number((BigInt(base) * BigInt(row.percentOff!)) / 100n) : Math.min(cart.convert(row.amountOff!), base);
    const shares = allocate(d, eligible.map((i) => left[i]!));
    eligible.forEach((i, k) => {
      left[i]! -= shares[k]!;
      discounts[i]! += shares[k]!;
    });
    applied.push({ code: row.code, description: row.description, discount: d });
  }
  const merchandise = left.reduce((a, v) => a + v, 0);
  const zone = zoneOf(cart.country);
  const weight = cart.lines.reduce((a, l) => a + l.weightGrams * l.quantity, 0);
  const band = zone.bands.find(([max]) => weight <= max);
  if (!band) throw badInput(`The parcel weighs ${weight} g; the heaviest Emporium ships is ${MAX_PARCEL_GRAMS} g.`, 'lines');
  const shipping = zone.freeFrom !== null && merchandise >= cart.convert(zone.freeFrom) ? 0 : cart.convert(band[1]);
  const lines = cart.lines.map((l, i) => ({
    productId: l.productId,
    quantity: l.quantity,
    unit: l.unit,
    lineTotal: l.lineTotal,
    discount: discounts[i]!,
    total: left[i]!,
    tax: containedTax(left[i]!, cart.vatPercent, cart.taxIncluded),
  }));
  const tax = lines.reduce((a, l) => a + l.tax, 0) + containedTax(shipping, cart.vatPercent, cart.taxIncluded);
  const total = merchandise + shipping;
  if (!Number.isSafeInteger(total)) throw badInput('The quote total exceeds the largest amount Emporium handles.', 'lines');
  return { lines, subtotal, discount: subtotal - merchandise, shipping, tax, total, applied, rejected };
}

/** What a quote token carries: the inputs (to re-quote) and the amounts that were promised. */
export interface QuoteClaims {
  v: 1;
  id: string;
  iat: number;
  exp: number;
  country: string;
  currency: string;
  userId: string | null;
  codes: string[];
  lines: { p: string; q: number; c: string | null; b: string | null; w: number; t: number }[];
  shipping: number;
  discount: number;
  total: number;
}

const b64 = (buf: Buffer) => buf.toString('base64url');

/** Signs claims with the service key (Ed25519 via node:crypto): `q1.<base64url JSON>.<base64url signature>`. */
export function signQuote(claims: QuoteClaims, privateKey: KeyObject): string {
  const body = b64(Buffer.from(JSON.stringify(claims)));
  return `q1.${body}.${b64(sign(null, Buffer.from(`q1.${body}`), privateKey))}`;
}

/** The claims of a well-formed token whose signature verifies with `publicKey`, else null. */
export function readQuoteToken(token: string, publicKey: KeyObject): QuoteClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'q1' || token.length > 100_000) return null;
  try {
    if (!verify(null, Buffer.from(`q1.${parts[1]}`), publicKey, Buffer.from(parts[2]!, 'base64url'))) return null;
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as QuoteClaims;
    return claims.v === 1 ? claims : null;
  } catch {
    return null;
  }
}

/** The quote as the API shows it. */
export interface QuoteModel {
  id: string;
  country: string;
  currency: string;
  taxIncluded: boolean;
  taxRate: string;
  lines: { productId: string; quantity: number; unitPrice: MoneyModel; lineTotal: MoneyModel; discount: MoneyModel; total: MoneyModel; tax: MoneyModel }[];
  subtotal: MoneyModel;
  discount: MoneyModel;
  shipping: MoneyModel;
  tax: MoneyModel;
  total: MoneyModel;
  promotions: { code: string; description: string; discount: MoneyModel }[];
  rejectedPromoCodes: PromoRejectionModel[];
  createdAt: Date;
  expiresAt: Date;
  token: string;
}

/**
 * The promo codes of a quote after the lookup checks (unknown, window, total and per-user limits): the rows to apply
 * in the order given, and the rejections. Two statements at most (codes, then per-user counts when any code has a
 * per-user limit and a user is known).
 */
async function lookUpCodes(ctx: Context, codes: readonly string[], userId: string | null, now: Date) {
  const rows = codes.length > 0 ? await ctx.rt.db.db.select().from(promoCodes).where(inArray(promoCodes.code, [...codes])) : [];
  const limited = rows.filter((r) => r.maxUsesPerUser !== null).map((r) => r.code);
  const used = new Map<string, number>();
  if (userId && limited.length > 0) {
    const counts = await ctx.rt.db.db
      .select({ code: promoRedemptions.code, n: sql<number>`count(*)::int` })
      .from(promoRedemptions)
      .where(and(inArray(promoRedemptions.code, limited), eq(promoRedemptions.userId, userId)))
      .groupBy(promoRedemptions.code);
    for (const c of counts) used.set(c.code, Number(c.n));
  }
  const ok: PromoRow[] = [];
  const rejected: PromoRejectionModel[] = [];
  for (const code of codes) {
    const row = rows.find((r) => r.code === code);
    if (!row) rejected.push(reject(code, 'UNKNOWN_CODE', `There is no promo code ${code}.`));
    else if (row.endsAt && row.endsAt.getTime() <= now.getTime()) rejected.push(reject(code, 'EXPIRED', `Code ${code} expired on ${row.endsAt.toISOString()}.`));
    else if (row.startsAt.getTime() > now.getTime()) rejected.push(reject(code, 'NOT_APPLICABLE', `Code ${code} can be used from ${row.startsAt.toISOString()}.`));
    else if (row.maxUses !== null && row.uses >= row.maxUses) rejected.push(reject(code, 'USAGE_LIMIT_REACHED', `Code ${code} has been used up.`));
    else if (row.maxUsesPerUser !== null && !userId) rejected.push(reject(code, 'NOT_APPLICABLE', `Code ${code} is limited per shopper: sign in to use it.`));
    else if (row.maxUsesPerUser !== null && (used.get(code) ?? 0) >= row.maxUsesPerUser) rejected.push(reject(code, 'USAGE_LIMIT_REACHED', `You have already used code ${code}.`));
    else ok.push(row);
  }
  return { ok, rejected };
}

/** The validated inputs of a quote. */
interface QuoteInput {
  lines: CartLine[];
  country?: string | null;
  currency?: string | null;
  codes: string[];
}

function validateQuoteInput(args: { lines: readonly CartLineInput[]; country?: string | null; currency?: string | null; promoCodes?: readonly string[] | null }): QuoteInput {
  const lines = validateCartLines(args.lines);
  const raw = args.promoCodes ?? [];
  if (raw.some((c) => c.length > 64)) throw badInput('A promo code is at most 64 characters.', 'promoCodes');
  const codes = [...new Set(raw.map(normalizeCode))];
  if (codes.length > MAX_QUOTE_CODES) throw badInput(`At most ${MAX_QUOTE_CODES} promo codes per quote, got ${codes.length}.`, 'promoCodes');
  return { lines, country: args.country, currency: args.currency, codes };
}

/** Builds and signs a quote for `identity` at the request's instant. */
async function buildQuote(ctx: Context, input: QuoteInput, identity: Identity): Promise<QuoteModel> {
  const now = ctx.loaders.now;
  const priced: PricedCart = await priceCart(ctx.loaders, identity, input.lines, { country: input.country, currency: input.currency });
  const userId = identity.user?.id ?? null;
  const { ok, rejected } = await lookUpCodes(ctx, input.codes, userId, now);
  const amounts = computeQuote(priced, ok);
  const locale = localeForCountry(priced.country);
  const money = (amount: number): MoneyModel => ({ amount, currency: priced.currency, locale });
  // A quote lasts 15 minutes, or until the first price in it may change (a sale ending, a scheduled change).
  const changes = priced.lines.map((l) => l.changesAt?.getTime() ?? Infinity);
  const expiresAt = new Date(Math.min(now.getTime() + QUOTE_TTL_SECONDS * 1000, ...changes));
  const claims: QuoteClaims = {
    v: 1,
    id: randomUUID(),
    iat: now.getTime(),
    exp: expiresAt.getTime(),
    country: priced.country,
    currency: priced.currency,
    userId,
    codes: input.codes,
    lines: input.lines.map((l, i) => ({ p: l.productId, q: l.quantity, c: l.category, b: l.brand, w: l.weightGrams, t: amounts.lines[i]!.total })),
    shipping: amounts.shipping,
    discount: amounts.discount,
    total: amounts.total,
  };
  const key = ctx.rt.keys.service.privateKey;
  if (!key) throw new Error('This process has no service signing key; it cannot sign quotes.');
  return {
    id: claims.id,
    country: priced.country,
    currency: priced.currency,
    taxIncluded: priced.taxIncluded,
    taxRate: priced.vatPercent,
    lines: amounts.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: money(l.unit),
      lineTotal: money(l.lineTotal),
      discount: money(l.discount),
      total: money(l.total),
      tax: money(l.tax),
    })),
    subtotal: money(amounts.subtotal),
    discount: money(amounts.discount),
    shipping: money(amounts.shipping),
    tax: money(amounts.tax),
    total: money(amounts.total),
    promotions: amounts.applied.map((a) => ({ code: a.code, description: a.description, discount: money(a.discount) })),
    rejectedPromoCodes: [...rejected, ...amounts.rejected],
    createdAt: now,
    expiresAt,
    token: signQuote(claims, key),
  };
}

/** `quote(lines, country, currency, promoCodes)` for the caller. */
export function quote(ctx: Context, args: { lines: readonly CartLineInput[]; country?: string | null; currency?: string | null; promoCodes?: readonly string[] | null }): Promise<QuoteModel> {
  return buildQuote(ctx, validateQuoteInput(args), ctx.identity);
}

/** The outcome of checking a quote token before charging it. */
export interface QuoteVerificationModel {
  status: 'VALID' | 'EXPIRED' | 'PRICE_CHANGED' | 'INVALID';
  message: string;
  quote: QuoteModel | null;
}

/**
 * `verifyQuote(token)` (service token only): INVALID when the signature does not verify with the service key;
 * otherwise the same cart is quoted again now for the same shopper, country, currency and codes — EXPIRED after
 * `exp`, PRICE_CHANGED when any line total, the discount, shipping or the total differ, else VALID. Except for
 * INVALID, `quote` is the fresh quote (with its own token) to show or charge.
 */
export async function verifyQuote(ctx: Context, token: string): Promise<QuoteVerificationModel> {
  requireService(ctx.identity);
  const claims = readQuoteToken(token, ctx.rt.keys.service.publicKey);
  if (!claims) return { status: 'INVALID', message: 'The quote token is malformed or its signature does not verify.', quote: null };
  const identity: Identity = { user: claims.userId ? { id: claims.userId, roles: [], country: null, currency: null } : null, service: ctx.identity.service, sessionId: null, clientIp: null };
  const input: QuoteInput = {
    lines: claims.lines.map((l) => ({ productId: l.p, quantity: l.q, category: l.c, brand: l.b, weightGrams: l.w })),
    country: claims.country,
    currency: claims.currency,
    codes: claims.codes,
  };
  const fresh = await buildQuote(ctx, input, identity);
  if (ctx.loaders.now.getTime() >= claims.exp) {
    return { status: 'EXPIRED', message: `The quote expired at ${new Date(claims.exp).toISOString()}; here is a fresh one.`, quote: fresh };
  }
  const same =
    fresh.total.amount === claims.total &&
    fresh.shipping.amount === claims.shipping &&
    fresh.discount.amount === claims.discount &&
    fresh.lines.every((l, i) => l.total.amount === claims.lines[i]?.t);
  if (!same) return { status: 'PRICE_CHANGED', message: `Prices changed since the quote: it was ${claims.total}, it is ${fresh.total.amount} now (${claims.currency} minor units).`, quote: fresh };
  return { status: 'VALID', message: 'The quote still holds.', quote: fresh };
}
