import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, doublePrecision, index, integer, pgSchema, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the recommendation subgraph stores lives in the `recommendation` Postgres schema. */
export const recommendationSchema = pgSchema('recommendation');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Per product: the number of (counted) orders that contain it — the cosine denominator. */
export const productStats = recommendationSchema.table('product_stats', {
  productId: uuid('product_id').primaryKey(),
  orders: integer('orders').notNull(),
});

/**
 * Directed co-purchase pairs: `otherProductId` was bought in `ordersTogether` orders together with `productId`;
 * `score` = the shrunk cosine of README.md (src/engine/strategies.ts `pairSimilarity`). Both directions are stored,
 * so one product's neighbours are one index range scan.
 */
export const coPurchases = recommendationSchema.table(
  'co_purchases',
  {
    productId: uuid('product_id').notNull(),
    otherProductId: uuid('other_product_id').notNull(),
    ordersTogether: integer('orders_together').notNull(),
    score: real('score').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.otherProductId] }),
    index('co_purchases_product_score_idx').on(t.productId, t.score.desc()),
  ],
);

/**
 * The product facts content-based scoring and the stock exclusion read: attributes from `product.upserted` (or the
 * seed), the GBP price from `price.changed`, availability from `stock.changed`. Each group keeps the time of the
 * event it came from, so an older event arriving late changes nothing.
 */
export const products = recommendationSchema.table('products', {
  productId: uuid('product_id').primaryKey(),
  categoryPath: text('category_path').array().notNull().default(sql`'{}'::text[]`),
  brand: text('brand'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  attributesAt: ts('attributes_at'),
  /** Regular GBP price in pence (price band). */
  priceMinor: integer('price_minor'),
  priceAt: ts('price_at'),
  /** False only when the inventory said the product is out of stock. */
  inStock: boolean('in_stock').notNull().default(true),
  stockAt: ts('stock_at'),
});

/** A customer's purchases per product: the decayed order count (buy-again; value as of `decayed_at`) and totals. */
export const userPurchases = recommendationSchema.table(
  'user_purchases',
  {
    userId: uuid('user_id').notNull(),
    productId: uuid('product_id').notNull(),
    orders: integer('orders').notNull(),
    decayed: doublePrecision('decayed').notNull(),
    decayedAt: ts('decayed_at').notNull(),
    lastOrderedAt: ts('last_ordered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.productId] })],
);

/** A customer's most recent order (its distinct products): the cross-sell basket when the cart is empty. */
export const lastOrders = recommendationSchema.table('last_orders', {
  userId: uuid('user_id').primaryKey(),
  productIds: uuid('product_ids').array().notNull(),
  placedAt: ts('placed_at').notNull(),
});

/**
 * Decayed order counts per product and country (`country` = ISO alpha-2, or '*' for all countries), value as of
 * `at`; `trending_totals` holds the decayed number of orders per country (the denominator of a share).
 */
export const trending = recommendationSchema.table(
  'trending',
  {
    country: text('country').notNull(),
    productId: uuid('product_id').notNull(),
    value: doublePrecision('value').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.productId] })],
);
export const trendingTotals = recommendationSchema.table('trending_totals', {
  country: text('country').primaryKey(),
  value: doublePrecision('value').notNull(),
  at: ts('at').notNull(),
});

/** Orders per product per UTC day (seasonal: the same period last year). */
export const dailySales = recommendationSchema.table(
  'daily_sales',
  {
    day: date('day', { mode: 'string' }).notNull(),
    productId: uuid('product_id').notNull(),
    orders: integer('orders').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.productId] })],
);

/** Every storefront event, as received (durable log; the aggregates below are updated in the same transaction). */
export const trackedEvents = recommendationSchema.table(
  'tracked_events',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    userId: uuid('user_id'),
    sessionId: text('session_id'),
    productId: uuid('product_id'),
    query: text('query'),
    occurredAt: ts('occurred_at').notNull(),
  },
  (t) => [
    index('tracked_events_occurred_idx').on(t.occurredAt),
    check('tracked_events_shopper', sql`${t.userId} is not null or ${t.sessionId} is not null`),
  ],
);

/**
 * The first view of each product per shopper (`shopper` = 'u:<user id>' or 's:<session id>'): co-views count each
 * pair once per shopper.
 */
export const shopperViews = recommendationSchema.table(
  'shopper_views',
  {
    shopper: text('shopper').notNull(),
    productId: uuid('product_id').notNull(),
    viewedAt: ts('viewed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopper, t.productId] }), index('shopper_views_recent_idx').on(t.shopper, t.viewedAt.desc())],
);

/** Per product: the number of shoppers who viewed it (the co-view cosine denominator). */
export const productViews = recommendationSchema.table('product_views', {
  productId: uuid('product_id').primaryKey(),
  shoppers: integer('shoppers').notNull(),
});

/** Directed co-view pairs, like `co_purchases` but counted in shoppers who viewed both. */
export const coViews = recommendationSchema.table(
  'co_views',
  {
    productId: uuid('product_id').notNull(),
    otherProductId: uuid('other_product_id').notNull(),
    shoppersTogether: integer('shoppers_together').notNull(),
    score: real('score').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.otherProductId] }), index('co_views_product_score_idx').on(t.productId, t.score.desc())],
);

/** Products a shopper added to a cart since their last order (the cross-sell basket). */
export const cartAdds = recommendationSchema.table(
  'cart_adds',
  {
    shopper: text('shopper').notNull(),
    productId: uuid('product_id').notNull(),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopper, t.productId] })],
);

/**
 * The deal projection (README "Deal feed"): every deal the deal subgraph announced with `deal.upserted`, its latest
 * state (`event_at` = the time of the event applied; an older event arriving late changes nothing). Amounts are
 * integer minor units of `currency`. Live = active and starts_at ≤ now < expires_at (or no expiry).
 */
export const deals = recommendationSchema.table(
  'deals',
  {
    dealId: uuid('deal_id').primaryKey(),
    merchantId: uuid('merchant_id').notNull(),
    productId: uuid('product_id'),
    title: text('title').notNull(),
    /** The merchant's category path, levels separated by ' > '. */
    category: text('category'),
    currency: text('currency').notNull(),
    priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
    originalAmount: bigint('original_amount', { mode: 'number' }),
    startsAt: ts('starts_at').notNull(),
    expiresAt: ts('expires_at'),
    active: boolean('active').notNull(),
    suspiciousPricing: boolean('suspicious_pricing').notNull(),
    /** The deal's confidence score (0..1) when the event was written: the deal-quality factor. */
    confidence: real('confidence').notNull(),
    eventAt: ts('event_at').notNull(),
  },
  (t) => [
    index('deals_live_idx').on(t.expiresAt).where(sql`active`),
    check('deals_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('deals_price_positive', sql`${t.priceAmount} > 0`),
  ],
);

/** Deal clicks per shopper ('u:<user id>' or 's:<session id>') and merchant, from `deal.clicked` (merchant affinity). */
export const dealClicks = recommendationSchema.table(
  'deal_clicks',
  {
    shopper: text('shopper').notNull(),
    merchantId: uuid('merchant_id').notNull(),
    clicks: integer('clicks').notNull(),
    lastClickedAt: ts('last_clicked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopper, t.merchantId] })],
);

export const outbox = outboxTable(recommendationSchema);
export const inbox = inboxTable(recommendationSchema);
