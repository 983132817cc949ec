import { sql } from 'drizzle-orm';
import { index, integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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

export const outbox = outboxTable(productSchema);
export const inbox = inboxTable(productSchema);
