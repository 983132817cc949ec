import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, index, integer, jsonb, pgSchema, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** A Postgres tsvector column (read as text; only used in SQL). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The stored confidence factors of a deal (README: confidence). */
export interface StaticFactors {
  reputation: number;
  priceCompetitiveness: number;
  contentQuality: number;
  historicalPerformance: number;
}

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
    /** Explicit allow-list: this merchant's feeds may live on private, loopback or link-local addresses. */
    allowPrivateNetwork: boolean('allow_private_network').notNull().default(false),
    /** At most this many feed requests per minute to this merchant (retries included). */
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(60),
    /** True for merchants invented by the feed simulator (tests, demo): never a real shop. */
    simulated: boolean('simulated').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('merchants_reputation_range', sql`${t.reputation} >= 0 and ${t.reputation} <= 1`),
    check('merchants_rate_limit_range', sql`${t.rateLimitPerMinute} between 1 and 6000`),
  ],
);

/** A merchant's deal feed: an HTTP(S) URL serving JSON Lines or CSV (README: feeds). */
export const feeds = dealSchema.table(
  'feeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    url: text('url').notNull(),
    /** 'auto' (from the content type, else the first byte), 'jsonl' or 'csv'. */
    format: text('format').notNull().default('auto'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastRunAt: timestamp('last_run_at', { withTimezone: true, mode: 'date' }),
    /** 'ok', 'failed' or 'refused' after the last run that fetched it. */
    lastStatus: text('last_status'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('feeds_merchant_url_idx').on(t.merchantId, t.url),
    check('feeds_format', sql`${t.format} in ('auto', 'jsonl', 'csv')`),
  ],
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
    /** The feed and the merchant's own id of the offer; null for seeded deals. */
    feedId: uuid('feed_id').references(() => feeds.id),
    externalId: text('external_id'),
    description: text('description'),
    brand: text('brand'),
    gtin: text('gtin'),
    category: text('category'),
    terms: text('terms'),
    imageUrl: text('image_url'),
    /** False once the offer left its feed or failed validation on a later run: it is then never shown. */
    active: boolean('active').notNull().default(true),
    /** The original price is above 1.3 × the 30-day time-weighted average price observed for this offer. */
    suspiciousPricing: boolean('suspicious_pricing').notNull().default(false),
    clicks: integer('clicks').notNull().default(0),
    saves: integer('saves').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The duplicate group across merchants (its smallest deal id); null when the deal has no duplicate. */
    groupId: uuid('group_id'),
    /** How `productId` was found: 'seed' (derived from the catalog), 'gtin' or 'title' (README: product links). */
    productMatch: text('product_match'),
    /**
     * The confidence factors that do not change between runs (README: confidence): reputation, priceCompetitiveness,
     * contentQuality, historicalPerformance, each 0..1; popularity is computed live from clicks and saves.
     */
    confidenceFactors: jsonb('confidence_factors').$type<StaticFactors>(),
    /** Σ weight × factor over the static factors (0..0.85): the live score adds 0.15 × popularity. */
    confidenceBase: real('confidence_base').notNull().default(0),
    /**
     * Full-text search vector of title, description, brand and category, kept by the trigger `deals_search_vector`
     * (migration 0003) on INSERT and on UPDATE OF those columns only — a generated column would be recomputed by
     * every UPDATE (enrichment, take-downs, clicks).
     */
    search: tsvector('search'),
  },
  (t) => [
    uniqueIndex('deals_merchant_external_idx').on(t.merchantId, t.externalId),
    index('deals_group_idx').on(t.groupId),
    index('deals_search_idx').using('gin', t.search),
    index('deals_product_idx').on(t.productId),
    index('deals_expires_idx').on(t.expiresAt),
    index('deals_merchant_idx').on(t.merchantId),
    check('deals_price_positive', sql`${t.priceAmount} > 0`),
    check('deals_original_positive', sql`${t.originalAmount} is null or ${t.originalAmount} > 0`),
    check('deals_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('deals_expiry_after_start', sql`${t.expiresAt} is null or ${t.expiresAt} > ${t.startsAt}`),
  ],
);

/**
 * Every row a feed has delivered, valid or not, by the merchant's own id: the content hash and status let a run skip
 * unchanged rows. `dealId` is deterministic
 * (uuidFromName('offer:<merchantId>:<externalId>')); a deals row exists once the offer was valid.
 */
export const feedOffers = dealSchema.table(
  'feed_offers',
  {
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    externalId: text('external_id').notNull(),
    dealId: uuid('deal_id').notNull(),
    feedId: uuid('feed_id')
      .notNull()
      .references(() => feeds.id),
    /** sha256 of the row as delivered (keys sorted): an unchanged row with an unchanged status is not written again. */
    contentHash: text('content_hash').notNull(),
    /** 'valid', 'rejected', 'expired' (its expiresAt has passed) or 'withdrawn' (missing from the last fetch). */
    status: text('status').notNull(),
    /** Why the row was rejected (README: validation); empty unless status is 'rejected'. */
    reasons: text('reasons').array().notNull().default(sql`'{}'::text[]`),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** When content or status last changed (unchanged rows are not written). */
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.externalId] }),
    index('feed_offers_feed_idx').on(t.feedId),
    check('feed_offers_status', sql`${t.status} in ('valid', 'rejected', 'expired', 'withdrawn')`),
  ],
);

/**
 * Prices observed for an offer, one row per change (a step function): the 30-day time-weighted average behind the
 * `suspiciousPricing` flag is computed from these change points.
 */
export const priceObservations = dealSchema.table(
  'price_observations',
  {
    dealId: uuid('deal_id').notNull(),
    observedAt: timestamp('observed_at', { withTimezone: true, mode: 'date' }).notNull(),
    priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
    originalAmount: bigint('original_amount', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.dealId, t.observedAt] })],
);

/** One ingestion run over every active feed, with its report (README: run report). At most one runs at a time. */
export const ingestRuns = dealSchema.table(
  'ingest_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Start order (several runs may share a start instant under a fixed clock). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    /** 'manual' (admin mutation), 'schedule' or 'cli'. */
    trigger: text('trigger').notNull(),
    /** 'running', then 'succeeded' (every feed fetched), 'partial' (some feeds failed), 'failed' or 'abandoned'. */
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    fetched: integer('fetched').notNull().default(0),
    valid: integer('valid').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    expired: integer('expired').notNull().default(0),
    /** The full report: totals, rejections by reason and one entry per feed. */
    report: jsonb('report'),
  },
  (t) => [
    index('ingest_runs_seq_idx').on(t.seq.desc()),
    uniqueIndex('ingest_runs_one_running_idx').on(t.status).where(sql`status = 'running'`),
  ],
);

/**
 * The deal subgraph's own copy of catalog titles, for linking offers to products: from `product.upserted` events
 * and, for the demo, from the data set. Never read from the product subgraph's tables.
 */
export const catalogProducts = dealSchema.table('catalog_products', {
  productId: uuid('product_id').primaryKey(),
  title: text('title').notNull(),
  brand: text('brand'),
  category: text('category'),
  gtin: text('gtin'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const outbox = outboxTable(dealSchema);
export const inbox = inboxTable(dealSchema);
