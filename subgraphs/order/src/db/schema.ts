import { sql } from 'drizzle-orm';
import { bigint, char, check, index, integer, pgSchema, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the order subgraph stores lives in the `order` Postgres schema. */
export const orderSchema = pgSchema('order');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Carts, owned by a signed-in user (`userId`) or, while it has none, by an anonymous session (`sessionId`). */
export const carts = orderSchema.table(
  'carts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id'),
    sessionId: text('session_id'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    index('carts_user_idx').on(t.userId),
    index('carts_session_idx').on(t.sessionId),
    check('carts_owner', sql`${t.userId} is not null or ${t.sessionId} is not null`),
  ],
);

/** Maximum units of one product on one cart line. */
export const MAX_LINE_QUANTITY = 99;

/** One product on a cart; adding the same product again raises its quantity (1–99). */
export const cartLines = orderSchema.table(
  'cart_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    addedAt: timestamptz('added_at').notNull(),
  },
  (t) => [
    unique('cart_lines_cart_product_key').on(t.cartId, t.productId),
    check('cart_lines_quantity', sql`${t.quantity} between 1 and ${sql.raw(String(MAX_LINE_QUANTITY))}`),
  ],
);

/** Placed orders. Money: `totalAmount` in minor units of `currency` (never floats). */
export const orders = orderSchema.table(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id'),
    customerRef: text('customer_ref'),
    country: char('country', { length: 2 }),
    currency: char('currency', { length: 3 }).notNull(),
    totalAmount: bigint('total_amount', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    placedAt: timestamptz('placed_at').notNull(),
  },
  (t) => [index('orders_user_idx').on(t.userId), index('orders_placed_at_idx').on(t.placedAt)],
);

/** The lines of an order, numbered from 1; `unitAmount` in minor units of the order's currency. */
export const orderLines = orderSchema.table(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitAmount: bigint('unit_amount', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] })],
);

export const outbox = outboxTable(orderSchema);
export const inbox = inboxTable(orderSchema);
