import { sql } from 'drizzle-orm';
import { bigint, char, check, index, pgSchema, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the pricing subgraph stores lives in the `pricing` Postgres schema. */
export const pricingSchema = pgSchema('pricing');

/** The current base price of a product in a currency: integer minor units (pence for GBP), VAT included. */
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

/** Every price a product has had in a currency, from `valid_from` until the next row's `valid_from`. */
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

export const outbox = outboxTable(pricingSchema);
export const inbox = inboxTable(pricingSchema);
