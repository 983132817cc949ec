import { desc, sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, integer, numeric, pgSchema, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit/tables';

/** Everything the product subgraph stores lives in the `product` Postgres schema. */
export const productSchema = pgSchema('product');

/** The category tree: `path` holds the names from the root down, `parentId` links a child to its parent. */
export const categories = productSchema.table(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    path: text('path').array().notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
);

/** Brands and product ranges. */
export const brands = productSchema.table('brands', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
});

/** The catalog. `derivedFields` names the fields that come from documented rules, not from source data. */
export const products = productSchema.table(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sku: text('sku').notNull().unique(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    description: text('description'),
    categoryId: uuid('category_id').references(() => categories.id),
    brandId: uuid('brand_id').references(() => brands.id),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** Image URLs in display order (imported; the demo data has none). */
    images: text('images').array().notNull().default(sql`'{}'::text[]`),
    /** GTIN-8/12/13/14 with a valid check digit (imported; synthetic for the demo data); null when unknown. */
    gtin: text('gtin'),
    derivedFields: text('derived_fields').array().notNull().default(sql`'{}'::text[]`),
    /** Merchandising rank for the FEATURED order (higher first); the demo seed uses the number of real orders. */
    popularity: integer('popularity').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('products_catalog_order_idx').on(t.createdAt.desc(), t.id.desc()),
    index('products_featured_order_idx').on(t.popularity.desc(), t.id.desc()),
    index('products_category_idx').on(t.categoryId),
    index('products_brand_idx').on(t.brandId),
  ],
);

/** A Postgres `tsvector` (written by SQL only: the projection refresh computes it). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The search projection: one row per product with everything search filters, sorts and facets on, so that a search is
 * one indexed statement. Text fields are copied from the catalog in the transaction that writes the product; price
 * (GBP), stock and discount arrive from the pricing and inventory subgraphs' events; rating from reviews (same
 * transaction). See README "Search".
 */
export const searchDocuments = productSchema.table(
  'search_documents',
  {
    productId: uuid('product_id')
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    brandId: uuid('brand_id'),
    categoryId: uuid('category_id'),
    /** The product's category and all its ancestors (the category filter matches descendants with `&&`). */
    categoryIds: uuid('category_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Distinct lower-case unaccented words of title, brand, category names and tags: feeds `search_terms`. */
    terms: text('terms').array().notNull().default(sql`'{}'::text[]`),
    /** Weighted: title A, brand B, category names C, description and tags D. */
    document: tsvector('document').notNull(),
    popularity: integer('popularity').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Current GBP price in pence; null until pricing publishes one (or the seed sets it). */
    priceAmount: bigint('price_amount', { mode: 'number' }),
    regularAmount: bigint('regular_amount', { mode: 'number' }),
    /** Whole percent of current below regular, rounded down; 0 when not discounted. */
    discountPercent: integer('discount_percent').notNull().default(0),
    /** occurredAt of the price event applied last (older events are ignored); null for seeded prices. */
    priceAsOf: timestamp('price_as_of', { withTimezone: true, mode: 'date' }),
    inStock: boolean('in_stock').notNull().default(false),
    quantity: integer('quantity').notNull().default(0),
    stockAsOf: timestamp('stock_as_of', { withTimezone: true, mode: 'date' }),
    ratingCount: integer('rating_count').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    /** rating_sum / rating_count rounded to 2 decimals; 0 without reviews. */
    ratingAverage: numeric('rating_average', { precision: 3, scale: 2 }).notNull().default('0'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('search_documents_document_idx').using('gin', t.document),
    index('search_documents_category_ids_idx').using('gin', t.categoryIds),
    index('search_documents_brand_idx').on(t.brandId),
    index('search_documents_popularity_idx').on(desc(t.popularity), desc(t.productId)),
    index('search_documents_newest_idx').on(desc(t.createdAt), desc(t.productId)),
    index('search_documents_price_asc_idx').on(sql`coalesce(${t.priceAmount}, 9007199254740991)`, t.productId),
    index('search_documents_price_desc_idx').on(sql`coalesce(${t.priceAmount}, -1) desc`, desc(t.productId)),
    index('search_documents_discount_idx').on(desc(t.discountPercent), desc(t.productId)),
    index('search_documents_rating_idx').on(desc(t.ratingAverage), desc(t.ratingCount), desc(t.productId)),
  ],
);

/**
 * The vocabulary typo correction and autocomplete work on: every word of `search_documents.terms` with the number of
 * products containing it (kept exact by statement-level triggers, see drizzle/0004). `skeleton` is a consonant key
 * (product.search_skeleton) that makes "lite" meet "light" and "hart" meet "heart".
 */
export const searchTerms = productSchema.table(
  'search_terms',
  {
    term: text('term').primaryKey(),
    documents: integer('documents').notNull().default(0),
    skeleton: text('skeleton')
      .notNull()
      .generatedAlwaysAs(sql`product.search_skeleton(term)`),
  },
  (t) => [
    index('search_terms_trgm_idx').using('gist', t.term.op('gist_trgm_ops')),
    index('search_terms_prefix_idx').on(t.term.op('text_pattern_ops')),
    index('search_terms_skeleton_idx').on(t.skeleton),
  ],
);

/**
 * Pairs of vocabulary words (a < b) with the number of products whose `terms` contain both, kept exact by the same kind
 * of statement-level triggers as `search_terms` (drizzle/0009). Autocomplete reads a two-word candidate's count here:
 * every vocabulary word is in the product's document, so a pair found in SUGGESTION_COUNT_CAP+ products is capped
 * without a scan (README "Autocomplete").
 */
export const searchTermPairs = productSchema.table(
  'search_term_pairs',
  {
    a: text('a').notNull(),
    b: text('b').notNull(),
    documents: integer('documents').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.a, t.b] })],
);

/**
 * Price changes of the search projection that take effect later: a `price.changed` whose `validFrom` is in the future
 * (a scheduled price or a sale that has not started), and the return to the regular price when a sale's `validUntil`
 * passes. A sweeper applies due rows (see README "Scheduled prices").
 */
export const searchPriceSchedule = productSchema.table(
  'search_price_schedule',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    regularAmount: bigint('regular_amount', { mode: 'number' }).notNull(),
    /** occurredAt of the event it came from (the same as-of rule as immediate changes). */
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('search_price_schedule_at_idx').on(t.at)],
);

/**
 * 16 stripes of one counter (the generation is their sum), bumped at the commit of every transaction that changed
 * what search statements read (the projection, its vocabulary, products, categories, brands; deferred row triggers on
 * the writer's backend's stripe, see drizzle/0008). The search
 * result cache (src/search/cache.ts) keys its entries by it, so a cached answer is never older than the data a new
 * statement would see.
 */
export const searchGeneration = productSchema.table('search_generation', {
  id: smallint('id').primaryKey(),
  n: bigint('n', { mode: 'number' }).notNull().default(0),
});

/** Shopper reviews: one per user and product. */
export const reviews = productSchema.table(
  'reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    rating: smallint('rating').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reviews_product_user_idx').on(t.productId, t.userId),
    index('reviews_product_order_idx').on(t.productId, desc(t.createdAt), desc(t.id)),
  ],
);

export const outbox = outboxTable(productSchema);
export const inbox = inboxTable(productSchema);
