import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the inventory subgraph stores lives in the `inventory` Postgres schema. */
export const inventorySchema = pgSchema('inventory');

/** Warehouses that hold stock; `country` is ISO 3166-1 alpha-2. */
export const warehouses = inventorySchema.table(
  'warehouses',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    country: text('country').notNull(),
  },
  (t) => [check('warehouses_country_iso2', sql`${t.country} ~ '^[A-Z]{2}$'`)],
);

/**
 * Units of a product in a warehouse. `reserved` (held by carts/checkouts) and `committed` (sold, not yet shipped)
 * are parts of `onHand`; the constraints keep every count non-negative and the held units within what is on hand.
 */
export const stock = inventorySchema.table(
  'stock',
  {
    productId: uuid('product_id').notNull(),
    warehouseCode: text('warehouse_code')
      .notNull()
      .references(() => warehouses.code),
    onHand: integer('on_hand').notNull(),
    reserved: integer('reserved').notNull().default(0),
    committed: integer('committed').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.warehouseCode] }),
    index('stock_warehouse_idx').on(t.warehouseCode),
    check('stock_on_hand_nonneg', sql`${t.onHand} >= 0`),
    check('stock_reserved_nonneg', sql`${t.reserved} >= 0`),
    check('stock_committed_nonneg', sql`${t.committed} >= 0`),
    check('stock_held_within_on_hand', sql`${t.reserved} + ${t.committed} <= ${t.onHand}`),
  ],
);

export const outbox = outboxTable(inventorySchema);
export const inbox = inboxTable(inventorySchema);
