import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { badInput, conflict, isUuid, localeForCountry, requireService, type Database, type Transaction } from '@emporium/kit';
import type { MutationRedeemPromoCodeArgs, PromoCartInput, PromoCodeInput } from './__generated__/resolvers-types.ts';
import { priceCart, validateCartLines, type PricedCart } from './cart.ts';
import type { Context } from './context.ts';
import type * as schema from './db/schema.ts';
import { promoCodes, promoRedemptions } from './db/schema.ts';
import type { MoneyModel, PromoCodeModel, PromoDiscountModel, PromoRedemptionModel, PromoRejectionModel } from './models.ts';

const CODE = /^[A-Z0-9_-]{3,32}$/;
const MAX_LIST = 50;
const MAX_REFERENCE = 200;

type PromoRow = typeof promoCodes.$inferSelect;

/** The code as stored: trimmed and upper-cased. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

function toModel(row: PromoRow): PromoCodeModel {
  return { ...row, kind: row.kind as PromoCodeModel['kind'] };
}

/** A category path matches a restriction when it equals it or lies below it ("A > B" is below "A"). */
function categoryMatches(path: string | null, restriction: string): boolean {
  if (!path) return false;
  const norm = (s: string) => s.split('>').map((p) => p.trim().toLowerCase()).join(' > ');
  const p = norm(path);
  const r = norm(restriction);
  return p === r || p.startsWith(`${r} > `);
}

/** Whether a cart line is one the code applies to: it must match every restriction the code has. */
export function lineEligible(row: Pick<PromoRow, 'categories' | 'brands'>, line: { category: string | null; brand: string | null }): boolean {
  const byCategory = row.categories.length === 0 || row.categories.some((c) => categoryMatches(line.category, c));
  const byBrand = row.brands.length === 0 || (line.brand !== null && row.brands.some((b) => b.toLowerCase() === line.brand!.toLowerCase()));
  return byCategory && byBrand;
}

const reject = (code: string, reason: PromoRejectionModel['reason'], message: string): PromoRejectionModel => ({ code, reason, message });

/** Window and total-limit checks shared by validation and redemption (the per-user limit needs a count). */
function stateRejection(row: PromoRow, now: Date): PromoRejectionModel | null {
  if (row.endsAt && row.endsAt.getTime() <= now.getTime()) return reject(row.code, 'EXPIRED', `Code ${row.code} expired on ${row.endsAt.toISOString()}.`);
  if (row.startsAt.getTime() > now.getTime()) return reject(row.code, 'NOT_APPLICABLE', `Code ${row.code} can be used from ${row.startsAt.toISOString()}.`);
  if (row.maxUses !== null && row.uses >= row.maxUses) return reject(row.code, 'USAGE_LIMIT_REACHED', `Code ${row.code} has been used up.`);
  return null;
}

/**
 * The discount of a code on a priced cart (the code is known, active and within its limits): the eligible lines'
 * total, then PERCENT = floor(eligible × percentOff / 100) or FIXED = the converted amount, at most the eligible
 * total. Rejections: no eligible line (NOT_APPLICABLE), cart total below the converted minimum spend
 * (MIN_SPEND_NOT_MET).
 */
export function discountFor(row: PromoRow, cart: PricedCart): PromoDiscountModel | PromoRejectionModel {
  const money = (amount: number): MoneyModel => ({ amount, currency: cart.currency, locale: localeForCountry(cart.country) });
  const eligible = cart.lines.filter((l) => lineEligible(row, l)).reduce((a, l) => a + l.lineTotal, 0);
  if (eligible === 0) return reject(row.code, 'NOT_APPLICABLE', `Code ${row.code} does not apply to anything in this cart.`);
  const minSpend = cart.convert(row.minSpend);
  if (cart.subtotal < minSpend) {
    return reject(row.code, 'MIN_SPEND_NOT_MET', `Code ${row.code} needs a cart of at least ${minSpend} ${cart.currency} minor units; this one is ${cart.subtotal}.`);
  }
  const discount =
    row.kind === 'PERCENT'
      ? Number((BigInt(eligible) * BigInt(row.percentOff!)) / 100n)
      : Math.min(cart.convert(row.amountOff!), eligible);
  return { code: row.code, description: row.description, discount: money(discount), subtotal: money(cart.subtotal), eligibleSubtotal: money(eligible), stackable: row.stackable };
}

/** Redemptions of `code` by `userId` (one statement). */
async function usesBy(db: Database<typeof schema> | Transaction<typeof schema>, code: string, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(promoRedemptions)
    .where(and(eq(promoRedemptions.code, code), eq(promoRedemptions.userId, userId)));
  return Number(r?.n ?? 0);
}

/**
 * `validatePromoCode(code, cart)`: the discount or a typed reason, checked in this order — UNKNOWN_CODE, EXPIRED
 * (or NOT_APPLICABLE before it starts), USAGE_LIMIT_REACHED (total, and per signed-in shopper), stacking
 * (NOT_APPLICABLE: a non-stackable code with any other code, or any code with a non-stackable one), eligibility
 * (NOT_APPLICABLE), MIN_SPEND_NOT_MET. Bad cart input is BAD_USER_INPUT.
 */
export async function validatePromoCode(ctx: Context, rawCode: string, cart: PromoCartInput): Promise<PromoDiscountModel | PromoRejectionModel> {
  if (rawCode.length > 64) throw badInput('code must be at most 64 characters.', 'code');
  const lines = validateCartLines(cart.lines, 'cart.');
  const others = [...new Set((cart.promoCodes ?? []).map(normalizeCode))];
  if (others.length > MAX_LIST) throw badInput(`At most ${MAX_LIST} other promo codes.`, 'cart.promoCodes');
  const code = normalizeCode(rawCode);
  const now = ctx.loaders.now;
  const wanted = [...new Set([code, ...others])].filter((c) => CODE.test(c));
  const rows = wanted.length > 0 ? await ctx.rt.db.db.select().from(promoCodes).where(inArray(promoCodes.code, wanted)) : [];
  const row = rows.find((r) => r.code === code);
  if (!row) return reject(code, 'UNKNOWN_CODE', `There is no promo code ${code}.`);
  const state = stateRejection(row, now);
  if (state) return state;
  const user = ctx.identity.user;
  if (row.maxUsesPerUser !== null && user && (await usesBy(ctx.rt.db.db, row.code, user.id)) >= row.maxUsesPerUser) {
    return reject(code, 'USAGE_LIMIT_REACHED', `You have already used code ${code} ${row.maxUsesPerUser === 1 ? 'once' : `${row.maxUsesPerUser} times`}.`);
  }
  const combined = others.filter((c) => c !== code);
  if (combined.length > 0) {
    if (!row.stackable) return reject(code, 'NOT_APPLICABLE', `Code ${code} cannot be combined with other codes.`);
    const blocker = rows.find((r) => r.code !== code && combined.includes(r.code) && !r.stackable);
    if (blocker) return reject(code, 'NOT_APPLICABLE', `Code ${blocker.code} cannot be combined with other codes.`);
  }
  const priced = await priceCart(ctx.loaders, ctx.identity, lines, { country: cart.country, currency: cart.currency });
  return discountFor(row, priced);
}

/** `createPromoCode` (service token only): checks the input and stores the code; an existing code is CONFLICT. */
export async function createPromoCode(ctx: Context, input: PromoCodeInput): Promise<PromoCodeModel> {
  requireService(ctx.identity);
  const code = normalizeCode(input.code);
  if (!CODE.test(code)) throw badInput(`code must be 3–32 characters A–Z, 0–9, _ or -, got "${input.code}".`, 'input.code');
  const description = input.description.trim();
  if (description === '' || description.length > 200) throw badInput('description must be 1–200 characters.', 'input.description');
  const positiveInt = (v: number | null | undefined, field: string, max = 2_147_483_647) => {
    if (v == null) return null;
    if (!Number.isInteger(v) || v < 1 || v > max) throw badInput(`${field} must be a whole number from 1 to ${max}, got ${v}.`, `input.${field}`);
    return v;
  };
  const percentOff = positiveInt(input.percentOff, 'percentOff', 100);
  const amountOff = input.amountOff == null ? null : input.amountOff;
  if (amountOff !== null && (!Number.isSafeInteger(amountOff) || amountOff < 1)) throw badInput(`amountOff must be a positive whole number of pence, got ${amountOff}.`, 'input.amountOff');
  if (input.kind === 'PERCENT' && (percentOff === null || amountOff !== null)) throw badInput('A PERCENT code needs percentOff (1–100) and no amountOff.', 'input.percentOff');
  if (input.kind === 'FIXED' && (amountOff === null || percentOff !== null)) throw badInput('A FIXED code needs amountOff and no percentOff.', 'input.amountOff');
  const minSpend = input.minSpend ?? 0;
  if (!Number.isSafeInteger(minSpend) || minSpend < 0) throw badInput(`minSpend must be a whole number of pence ≥ 0, got ${minSpend}.`, 'input.minSpend');
  const now = ctx.rt.clock.now();
  const startsAt = input.startsAt == null ? now : new Date(input.startsAt);
  const endsAt = input.endsAt == null ? null : new Date(input.endsAt);
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw badInput('endsAt must be after startsAt.', 'input.endsAt');
  const list = (v: readonly string[] | null | undefined, field: string) => {
    const items = [...new Set((v ?? []).map((s) => s.trim()).filter((s) => s !== ''))];
    if (items.length > MAX_LIST || items.some((s) => s.length > 200)) throw badInput(`${field}: at most ${MAX_LIST} entries of 1–200 characters.`, `input.${field}`);
    return items;
  };
  const row = {
    code,
    description,
    kind: input.kind,
    percentOff,
    amountOff,
    minSpend,
    startsAt,
    endsAt,
    maxUses: positiveInt(input.maxUses, 'maxUses'),
    maxUsesPerUser: positiveInt(input.maxUsesPerUser, 'maxUsesPerUser'),
    categories: list(input.categories, 'categories'),
    brands: list(input.brands, 'brands'),
    stackable: input.stackable ?? false,
    createdAt: now,
  };
  const inserted = await ctx.rt.db.db.insert(promoCodes).values(row).onConflictDoNothing().returning();
  if (!inserted[0]) throw conflict(`Promo code ${code} already exists.`);
  return toModel(inserted[0]);
}

/**
 * `redeemPromoCode` (service token only): records one use for `reference` in ONE transaction that first locks the
 * code's row (`SELECT … FOR UPDATE`), so redemptions of one code run one at a time: an existing redemption with the
 * same reference is answered as it is; otherwise the window, the per-user limit (a code with one needs `userId`) and
 * the total limit are checked, `uses` is raised by a conditional UPDATE (`uses < max_uses`) and the redemption
 * inserted. Failures are typed PromoRejection results.
 */
export async function redeemPromoCode(ctx: Context, args: MutationRedeemPromoCodeArgs): Promise<PromoRedemptionModel | PromoRejectionModel> {
  requireService(ctx.identity);
  const code = normalizeCode(args.code);
  const reference = args.reference.trim();
  if (reference === '' || reference.length > MAX_REFERENCE) throw badInput(`reference must be 1–${MAX_REFERENCE} characters.`, 'reference');
  if (args.userId != null && !isUuid(args.userId)) throw badInput(`userId must be a UUID, got "${args.userId}".`, 'userId');
  const userId = args.userId?.toLowerCase() ?? null;
  if (!CODE.test(code)) return reject(code, 'UNKNOWN_CODE', `There is no promo code ${code}.`);
  const now = ctx.rt.clock.now();
  return ctx.rt.db.db.transaction(async (tx) => {
    const [row] = await tx.select().from(promoCodes).where(eq(promoCodes.code, code)).for('update');
    if (!row) return reject(code, 'UNKNOWN_CODE', `There is no promo code ${code}.`);
    const [done] = await tx.select().from(promoRedemptions).where(and(eq(promoRedemptions.code, code), eq(promoRedemptions.reference, reference)));
    if (done) return { code, reference, userId: done.userId, redeemedAt: done.redeemedAt, uses: row.uses };
    const state = stateRejection(row, now);
    if (state) return state;
    if (row.maxUsesPerUser !== null) {
      if (!userId) return reject(code, 'NOT_APPLICABLE', `Code ${code} is limited per shopper: redeem it for a signed-in user.`);
      if ((await usesBy(tx, code, userId)) >= row.maxUsesPerUser) return reject(code, 'USAGE_LIMIT_REACHED', `User ${userId} has already used code ${code}.`);
    }
    const [raised] = await tx
      .update(promoCodes)
      .set({ uses: sql`${promoCodes.uses} + 1` })
      .where(and(eq(promoCodes.code, code), sql`(${promoCodes.maxUses} is null or ${promoCodes.uses} < ${promoCodes.maxUses})`))
      .returning({ uses: promoCodes.uses });
    if (!raised) return reject(code, 'USAGE_LIMIT_REACHED', `Code ${code} has been used up.`);
    await tx.insert(promoRedemptions).values({ id: randomUUID(), code, reference, userId, redeemedAt: now });
    return { code, reference, userId, redeemedAt: now, uses: raised.uses };
  });
}

/**
 * `releasePromoRedemption` (service token only): undoes the use recorded for `reference` (a checkout that failed after
 * redeeming): deletes the redemption and lowers `uses`, in one transaction that locks the code's row like a
 * redemption does. Idempotent: true when a use was given back, false when there was none (never redeemed, or released
 * already).
 */
export async function releasePromoRedemption(ctx: Context, args: { code: string; reference: string }): Promise<boolean> {
  requireService(ctx.identity);
  const code = normalizeCode(args.code);
  const reference = args.reference.trim();
  if (reference === '' || reference.length > MAX_REFERENCE) throw badInput(`reference must be 1–${MAX_REFERENCE} characters.`, 'reference');
  if (!CODE.test(code)) return false;
  return ctx.rt.db.db.transaction(async (tx) => {
    const [row] = await tx.select({ code: promoCodes.code }).from(promoCodes).where(eq(promoCodes.code, code)).for('update');
    if (!row) return false;
    const gone = await tx
      .delete(promoRedemptions)
      .where(and(eq(promoRedemptions.code, code), eq(promoRedemptions.reference, reference)))
      .returning({ id: promoRedemptions.id });
    if (gone.length === 0) return false;
    await tx.update(promoCodes).set({ uses: sql`greatest(${promoCodes.uses} - 1, 0)` }).where(eq(promoCodes.code, code));
    return true;
  });
}
