import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  doublePrecision,
  index,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the user subgraph stores lives in the `user` Postgres schema. */
export const userSchema = pgSchema('user');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Accounts. `customerRef` is the demo data's CustomerID; `email` is stored normalised (NFKC, trimmed, lower-case — the
 * CHECK enforces the trim/lower part) and is unique among the accounts that have one (the demo customers have none).
 * `passwordHash` is a PHC string `$scrypt$ln=…,r=…,p=…$salt$hash` (null: no password sign-in). A deleted account keeps
 * its row as a tombstone (id, "Deleted user", `deletedAt`) with every personal field erased.
 */
export const users = userSchema.table(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerRef: text('customer_ref').unique(),
    email: text('email').unique(),
    displayName: text('display_name').notNull(),
    country: char('country', { length: 2 }),
    currency: char('currency', { length: 3 }),
    language: text('language'),
    roles: text('roles').array().notNull().default(sql`'{customer}'::text[]`),
    passwordHash: text('password_hash'),
    passwordChangedAt: ts('password_changed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    check('users_email_normalised', sql`${t.email} = lower(btrim(${t.email}))`),
    check('users_roles_known', sql`${t.roles} <@ array['customer','merchant','admin','partner']::text[]`),
  ],
);

/**
 * A signed-in session = one refresh-token family. Revoking it (sign-out, password change, reuse of a spent refresh
 * token) ends every refresh token of the family. `expiresAt` is the absolute end, whatever the refreshes.
 */
export const sessions = userSchema.table(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
    lastRefreshedAt: ts('last_refreshed_at'),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Refresh tokens, stored as the hex SHA-256 of the token. `usedAt` is set when the token is rotated (spent). */
export const refreshTokens = userSchema.table(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

/** Password-reset tokens (hex SHA-256 of the emailed token): short-lived, single use. */
export const passwordResetTokens = userSchema.table(
  'password_reset_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('password_reset_tokens_user_idx').on(t.userId)],
);

/** The sandbox mailer's outbox: messages that would have been sent. */
export const mailOutbox = userSchema.table(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order (ties of `createdAt` under a fixed clock). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    kind: text('kind').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('mail_outbox_recipient_idx').on(t.recipient, t.seq)],
);

/** Postal addresses; at most one default per user (partial unique index). */
export const addresses = userSchema.table(
  'addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label'),
    recipientName: text('recipient_name').notNull(),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    region: text('region'),
    postalCode: text('postal_code'),
    country: char('country', { length: 2 }).notNull(),
    phone: text('phone'),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('addresses_user_idx').on(t.userId),
    uniqueIndex('addresses_one_default_idx').on(t.userId).where(sql`is_default`),
  ],
);

/** Shopping preferences: seeded from the demo orders (`source` 'seed') or edited by the user ('user'). */
export const preferences = userSchema.table(
  'preferences',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    priceMin: bigint('price_min', { mode: 'number' }),
    priceMax: bigint('price_max', { mode: 'number' }),
    priceCurrency: char('price_currency', { length: 3 }),
    discountSensitivity: doublePrecision('discount_sensitivity'),
    activeHours: smallint('active_hours').array().notNull().default(sql`'{}'::smallint[]`),
    source: text('source').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    check('preferences_price_range', sql`(${t.priceMin} is null and ${t.priceMax} is null and ${t.priceCurrency} is null) or (${t.priceMin} >= 0 and ${t.priceMax} >= ${t.priceMin} and ${t.priceCurrency} is not null)`),
    check('preferences_discount_sensitivity', sql`${t.discountSensitivity} between 0 and 1`),
    check('preferences_source', sql`${t.source} in ('seed', 'user')`),
  ],
);

/** Wishlisted products (ids of the product subgraph's products). */
export const wishlistItems = userSchema.table(
  'wishlist_items',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.productId] }), index('wishlist_items_user_added_idx').on(t.userId, t.addedAt)],
);

/** Saved deals (ids of the deal subgraph's deals) with an optional target price in minor units. */
export const savedDeals = userSchema.table(
  'saved_deals',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    dealId: uuid('deal_id').notNull(),
    targetAmount: bigint('target_amount', { mode: 'number' }),
    targetCurrency: char('target_currency', { length: 3 }),
    savedAt: ts('saved_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.dealId] }),
    index('saved_deals_user_saved_idx').on(t.userId, t.savedAt),
    check('saved_deals_target', sql`(${t.targetAmount} is null and ${t.targetCurrency} is null) or (${t.targetAmount} > 0 and ${t.targetCurrency} is not null)`),
  ],
);

/** Partner API keys: only the hex SHA-256 of the key is stored, plus a short prefix to recognise it. */
export const apiKeys = userSchema.table(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull().unique(),
    keyHash: text('key_hash').notNull().unique(),
    scopes: text('scopes').array().notNull(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    lastUsedAt: ts('last_used_at'),
    /** The gateway lets this key run only registered (safelisted) partner operations. */
    registeredOperationsOnly: boolean('registered_operations_only').notNull().default(false),
  },
  (t) => [index('api_keys_created_idx').on(t.createdAt, t.id)],
);

export const outbox = outboxTable(userSchema);
export const inbox = inboxTable(userSchema);
