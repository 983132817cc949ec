import { sql } from 'drizzle-orm';
import { char, check, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the user subgraph stores lives in the `user` Postgres schema. */
export const userSchema = pgSchema('user');

/**
 * Accounts. `customerRef` is the demo data's CustomerID; `email` is stored normalised (trimmed, lower-case — the
 * CHECK enforces it) and is unique among the accounts that have one (the demo customers have none).
 */
export const users = userSchema.table(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerRef: text('customer_ref').unique(),
    email: text('email').unique(),
    displayName: text('display_name').notNull(),
    country: char('country', { length: 2 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('users_email_normalised', sql`${t.email} = lower(btrim(${t.email}))`)],
);

export const outbox = outboxTable(userSchema);
export const inbox = inboxTable(userSchema);
