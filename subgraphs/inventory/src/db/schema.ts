import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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

/**
 * How long a parcel from a warehouse takes to reach a destination country, in calendar days (`min_days`..`max_days`).
 * `country` is ISO 3166-1 alpha-2, or `*` for every country without its own row. A warehouse without a row for a
 * country (and without `*`) does not ship there. The demo table is in `src/lead-times.ts` (README: lead times).
 */
export const leadTimes = inventorySchema.table(
  'lead_times',
  {
    warehouseCode: text('warehouse_code')
      .notNull()
      .references(() => warehouses.code),
    country: text('country').notNull(),
    minDays: integer('min_days').notNull(),
    maxDays: integer('max_days').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.warehouseCode, t.country] }),
    check('lead_times_country', sql`${t.country} ~ '^([A-Z]{2}|[*])$'`),
    check('lead_times_days', sql`${t.minDays} >= 0 and ${t.maxDays} >= ${t.minDays} and ${t.maxDays} <= 365`),
  ],
);

/**
 * A hold on stock for a checkout, identified by the caller's `reference` (unique: reserving the same reference again
 * answers the existing reservation). HELD → COMMITTED (sold), RELEASED (given back) or EXPIRED (the sweeper gave it
 * back after `expires_at`); COMMITTED → RETURNED (the order was cancelled before shipping: the units are for sale
 * again) or SHIPPED (the units left the warehouse: on hand and committed drop). Only HELD reservations count in
 * `stock.reserved`, only COMMITTED ones in `stock.committed`.
 */
export const reservations = inventorySchema.table(
  'reservations',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull().unique('reservations_reference_key'),
    status: text('status').notNull().default('HELD'),
    country: text('country'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** When the reservation left HELD (committed, released or expired). */
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    /** When a COMMITTED reservation was returned or shipped. */
    settledAt: timestamp('settled_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('reservations_status', sql`${t.status} in ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED', 'RETURNED', 'SHIPPED')`),
    check('reservations_closed', sql`(${t.status} = 'HELD') = (${t.closedAt} is null)`),
    check('reservations_expiry_after_creation', sql`${t.expiresAt} > ${t.createdAt}`),
    // The sweeper's scan: held reservations by expiry.
    index('reservations_held_expiry_idx').on(t.expiresAt).where(sql`status = 'HELD'`),
  ],
);

/** The units a reservation holds: one row per product, served from one warehouse. */
export const reservationLines = inventorySchema.table(
  'reservation_lines',
  {
    reservationId: uuid('reservation_id')
      .notNull()
      .references(() => reservations.id),
    productId: uuid('product_id').notNull(),
    warehouseCode: text('warehouse_code').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reservationId, t.productId] }),
    foreignKey({ columns: [t.productId, t.warehouseCode], foreignColumns: [stock.productId, stock.warehouseCode], name: 'reservation_lines_stock_fk' }),
    check('reservation_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const outbox = outboxTable(inventorySchema);
export const inbox = inboxTable(inventorySchema);
