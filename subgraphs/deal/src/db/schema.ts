import { sql } from 'drizzle-orm';
import { bigint, check, index, pgSchema, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the deal subgraph stores lives in the `deal` Postgres schema. */
export const dealSchema = pgSchema('deal');

/** Merchants whose offers are aggregated; `reputation` is trust from 0 to 1. */
export const merchants = dealSchema.table(
  'merchants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    reputation: real('reputation').notNull(),
    websiteUrl: text('website_url'),
  },
  (t) => [check('merchants_reputation_range', sql`${t.reputation} >= 0 and ${t.reputation} <= 1`)],
);

/**
 * A merchant's offer: price and the merchant's usual price in integer minor units of `currency`. Live while
 * `starts_at <= now < expires_at` (or no expiry). The discount is always computed from the two amounts.
 */
export const deals = dealSchema.table(
  'deals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    productId: uuid('product_id'),
    title: text('title').notNull(),
    url: text('url').notNull(),
    priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
    originalAmount: bigint('original_amount', { mode: 'number' }),
    currency: text('currency').notNull(),
    couponCode: text('coupon_code'),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('deals_product_idx').on(t.productId),
    index('deals_expires_idx').on(t.expiresAt),
    index('deals_merchant_idx').on(t.merchantId),
    check('deals_price_positive', sql`${t.priceAmount} > 0`),
    check('deals_original_positive', sql`${t.originalAmount} is null or ${t.originalAmount} > 0`),
    check('deals_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('deals_expiry_after_start', sql`${t.expiresAt} is null or ${t.expiresAt} > ${t.startsAt}`),
  ],
);

export const outbox = outboxTable(dealSchema);
export const inbox = inboxTable(dealSchema);
