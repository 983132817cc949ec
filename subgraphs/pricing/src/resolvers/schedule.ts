import { randomUUID } from 'node:crypto';
import { badInput, enqueueEvent, isUuid, requireService } from '@emporium/kit';
import { validateEventPayload } from '@emporium/events';
import { sql } from 'drizzle-orm';
import type { MutationSchedulePriceChangeArgs, MutationScheduleSaleArgs } from '../__generated__/resolvers-types.ts';
import type { Context } from '../context.ts';
import { lockPrices, regularAt } from '../db/queries.ts';
import { outbox, priceHistory, prices, sales } from '../db/schema.ts';
import type { ScheduledPriceModel } from '../models.ts';
import { BASE_CURRENCY } from '../tax.ts';

/** How far ahead a price change or sale may be scheduled, and the longest sale. */
export const MAX_SCHEDULE_DAYS = 366;
const DAY_MS = 86_400_000;

function productArg(productId: string): string {
  if (!isUuid(productId)) throw badInput(`productId must be a UUID, got "${productId}".`, 'productId');
  return productId.toLowerCase();
}

function amountArg(amount: number): number {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw badInput(`amount must be a positive whole number of pence, got ${amount}.`, 'amount');
  return amount;
}

function instantArg(value: Date | string, field: string, now: Date): Date {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw badInput(`${field} must be an RFC 3339 date-time.`, field);
  if (d.getTime() < now.getTime()) throw badInput(`${field} must not be in the past (history is not rewritten), got ${d.toISOString()}.`, field);
  if (d.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * DAY_MS) throw badInput(`${field} must be within ${MAX_SCHEDULE_DAYS} days from now.`, field);
  return d;
}

/**
 * Schedules a regular price change (service token only): in ONE transaction it locks the product's base price (it
 * must have one), writes the history row valid from `validFrom` (replacing one at the same instant), moves the stored
 * base price when the change is effective now, and enqueues `price.changed`.
 */
export async function schedulePriceChange(ctx: Context, args: MutationSchedulePriceChangeArgs): Promise<ScheduledPriceModel> {
  requireService(ctx.identity);
  const now = ctx.rt.clock.now();
  const productId = productArg(args.productId);
  const amount = amountArg(args.amount);
  const validFrom = instantArg(args.validFrom, 'validFrom', now);
  await ctx.rt.db.db.transaction(async (tx) => {
    const [base] = await lockPrices(tx, [{ productId, currency: BASE_CURRENCY }]);
    if (!base) throw badInput(`Product ${productId} has no price yet; import one with importPrices first.`, 'productId');
    await tx
      .insert(priceHistory)
      .values({ productId, currency: BASE_CURRENCY, amount, validFrom })
      .onConflictDoUpdate({ target: [priceHistory.productId, priceHistory.currency, priceHistory.validFrom], set: { amount: sql`excluded.amount` } });
    if (validFrom.getTime() === now.getTime()) {
      await tx.update(prices).set({ amount, updatedAt: now }).where(sql`${prices.productId} = ${productId} and ${prices.currency} = ${BASE_CURRENCY}`);
    }
    await enqueueEvent(
      tx,
      outbox,
      {
        type: 'price.changed',
        source: 'pricing',
        occurredAt: now,
        payload: { productId, currency: BASE_CURRENCY, amount, regularAmount: amount, validFrom: validFrom.toISOString(), validUntil: null },
      },
      validateEventPayload,
    );
  });
  ctx.eventsEnqueued();
  return { productId, kind: 'REGULAR', currency: BASE_CURRENCY, amount, regularAmount: amount, validFrom, validUntil: null };
}

/**
 * Puts a product on sale (service token only) for [startsAt, endsAt): the window starts now or later, lasts at most
 * 366 days, and the sale price must be below the regular price in effect at its start. In ONE transaction it records
 * the sale and enqueues `price.changed` with the sale price, the regular price and the window.
 */
export async function scheduleSale(ctx: Context, args: MutationScheduleSaleArgs): Promise<ScheduledPriceModel> {
  requireService(ctx.identity);
  const now = ctx.rt.clock.now();
  const productId = productArg(args.productId);
  const amount = amountArg(args.amount);
  const startsAt = instantArg(args.startsAt, 'startsAt', now);
  const endsAt = args.endsAt instanceof Date ? args.endsAt : new Date(args.endsAt);
  if (Number.isNaN(endsAt.getTime()) || endsAt.getTime() <= startsAt.getTime()) throw badInput('endsAt must be after startsAt.', 'endsAt');
  if (endsAt.getTime() - startsAt.getTime() > MAX_SCHEDULE_DAYS * DAY_MS) throw badInput(`A sale lasts at most ${MAX_SCHEDULE_DAYS} days.`, 'endsAt');
  const regularAmount = await ctx.rt.db.db.transaction(async (tx) => {
    const [base] = await lockPrices(tx, [{ productId, currency: BASE_CURRENCY }]);
    if (!base) throw badInput(`Product ${productId} has no price yet; import one with importPrices first.`, 'productId');
    const regular = (await regularAt(tx, productId, BASE_CURRENCY, startsAt)) ?? base.amount;
    if (amount >= regular) {
      throw badInput(`A sale price must be below the regular price (${regular} pence at ${startsAt.toISOString()}), got ${amount}.`, 'amount');
    }
    await tx.insert(sales).values({ id: randomUUID(), productId, currency: BASE_CURRENCY, amount, startsAt, endsAt, createdAt: now });
    await enqueueEvent(
      tx,
      outbox,
      {
        type: 'price.changed',
        source: 'pricing',
        occurredAt: now,
        payload: { productId, currency: BASE_CURRENCY, amount, regularAmount: regular, validFrom: startsAt.toISOString(), validUntil: endsAt.toISOString() },
      },
      validateEventPayload,
    );
    return regular;
  });
  ctx.eventsEnqueued();
  return { productId, kind: 'SALE', currency: BASE_CURRENCY, amount, regularAmount, validFrom: startsAt, validUntil: endsAt };
}
