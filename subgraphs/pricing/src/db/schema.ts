import { sql } from 'drizzle-orm';
import { bigint, boolean, char, check, index, integer, pgSchema, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the pricing subgraph stores lives in the `pricing` Postgres schema. */
export const pricingSchema = pgSchema('pricing');

/**
 * The base price of a product as last set directly (import or seed): integer minor units, VAT included. Base prices
 * are kept in GBP; other currencies are converted with `fx_rates`. The regular price in effect at a time is the
 * latest `price_history` row up to that time (README: price rules).
 */
export const prices = pricingSchema.table(
  'prices',
  {
    productId: uuid('product_id').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.currency] }),
    index('prices_currency_idx').on(t.currency),
    check('prices_amount_positive', sql`${t.amount} > 0`),
    check('prices_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/**
 * The regular-price timeline of a product in a currency: each row applies from `valid_from` until the next row's.
 * Rows in the future are scheduled price changes.
 */
export const priceHistory = pricingSchema.table(
  'price_history',
  {
    productId: uuid('product_id').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.currency, t.validFrom] }),
    check('price_history_amount_positive', sql`${t.amount} > 0`),
  ],
);

/**
 * Sale prices with a validity window [starts_at, ends_at): while one is active the selling price is the lower of the
 * regular price and the lowest active sale.
 */
export const sales = pricingSchema.table(
  'sales',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('sales_product_window_idx').on(t.productId, t.currency, t.startsAt),
    check('sales_amount_positive', sql`${t.amount} > 0`),
    check('sales_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * Exchange rates from the base currency (GBP): `rate` units of `currency` per 1 GBP, an exact decimal string. The
 * table is replaced as a whole by a load (`src/fx.ts`); every row carries the set's as-of time and source note.
 */
export const fxRates = pricingSchema.table(
  'fx_rates',
  {
    currency: char('currency', { length: 3 }).primaryKey(),
    rate: text('rate').notNull(),
    asOf: timestamp('as_of', { withTimezone: true, mode: 'date' }).notNull(),
    source: text('source').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    check('fx_rates_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('fx_rates_rate_decimal', sql`${t.rate} ~ '^[0-9]{1,12}([.][0-9]{1,12})?$' and ${t.rate} !~ '^0+([.]0+)?$'`),
  ],
);

/**
 * Promo codes (README: promo codes). Amounts (`amount_off`, `min_spend`) are GBP pence including VAT, converted like
 * prices. `uses` counts redemptions; the CHECK keeps it within `max_uses`, and redemptions raise it with a
 * conditional UPDATE. Empty `categories`/`brands` arrays mean no restriction.
 */
export const promoCodes = pricingSchema.table(
  'promo_codes',
  {
    code: text('code').primaryKey(),
    description: text('description').notNull(),
    kind: text('kind').notNull(),
    percentOff: integer('percent_off'),
    amountOff: bigint('amount_off', { mode: 'number' }),
    minSpend: bigint('min_spend', { mode: 'number' }).notNull().default(0),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }),
    maxUses: integer('max_uses'),
    maxUsesPerUser: integer('max_uses_per_user'),
    uses: integer('uses').notNull().default(0),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    brands: text('brands').array().notNull().default(sql`'{}'::text[]`),
    stackable: boolean('stackable').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    check('promo_codes_code', sql`${t.code} ~ '^[A-Z0-9_-]{3,32}$'`),
    check('promo_codes_kind', sql`(${t.kind} = 'PERCENT' and ${t.percentOff} between 1 and 100 and ${t.amountOff} is null)
      or (${t.kind} = 'FIXED' and ${t.amountOff} > 0 and ${t.percentOff} is null)`),
    check('promo_codes_min_spend', sql`${t.minSpend} >= 0`),
    check('promo_codes_window', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check('promo_codes_limits', sql`(${t.maxUses} is null or ${t.maxUses} > 0) and (${t.maxUsesPerUser} is null or ${t.maxUsesPerUser} > 0)`),
    check('promo_codes_uses', sql`${t.uses} >= 0 and (${t.maxUses} is null or ${t.uses} <= ${t.maxUses})`),
  ],
);

/** One use of a promo code, by the caller's reference (an order id): unique per code, so a retry records nothing. */
export const promoRedemptions = pricingSchema.table(
  'promo_redemptions',
  {
    id: uuid('id').primaryKey(),
    code: text('code')
      .notNull()
      .references(() => promoCodes.code),
    reference: text('reference').notNull(),
    userId: uuid('user_id'),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [unique('promo_redemptions_code_reference_key').on(t.code, t.reference), index('promo_redemptions_code_user_idx').on(t.code, t.userId)],
);

export const outbox = outboxTable(pricingSchema);
export const inbox = inboxTable(pricingSchema);
