import { sql } from 'drizzle-orm';
import { bigint, bigserial, char, check, index, integer, jsonb, pgSchema, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
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
    shippingAddress: jsonb('shipping_address').$type<ShippingAddress>(),
    email: text('email'),
    promoCodes: text('promo_codes').array().notNull().default(sql`'{}'::text[]`),
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

/** A shipping address as carts and orders keep it (validated by the cart mutations). */
export interface ShippingAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
}

/** Order statuses (README: order lifecycle). */
export const ORDER_STATUSES = ['PLACED', 'PAID', 'HELD', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED'] as const;
export type OrderStatusValue = (typeof ORDER_STATUSES)[number];

/**
 * Orders: the demo history (seeded from the invoices) and checkouts. Money in minor units of `currency` (never
 * floats): subtotal − discount + shipping = total; `tax` is the VAT contained in the total.
 */
export const orders = orderSchema.table(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** EMP-<year>-<sequence> for checkouts, the invoice number for the demo history. */
    number: text('number'),
    userId: uuid('user_id'),
    sessionId: text('session_id'),
    email: text('email'),
    customerRef: text('customer_ref'),
    country: char('country', { length: 2 }),
    currency: char('currency', { length: 3 }).notNull(),
    subtotalAmount: bigint('subtotal_amount', { mode: 'number' }).notNull().default(0),
    discountAmount: bigint('discount_amount', { mode: 'number' }).notNull().default(0),
    shippingAmount: bigint('shipping_amount', { mode: 'number' }).notNull().default(0),
    taxAmount: bigint('tax_amount', { mode: 'number' }).notNull().default(0),
    totalAmount: bigint('total_amount', { mode: 'number' }).notNull(),
    refundedAmount: bigint('refunded_amount', { mode: 'number' }).notNull().default(0),
    promoCodes: text('promo_codes').array().notNull().default(sql`'{}'::text[]`),
    shippingAddress: jsonb('shipping_address').$type<ShippingAddress>(),
    status: text('status').notNull(),
    /** The checkout (saga) that created the order; its id is also the stock reservation and promo reference. */
    checkoutId: uuid('checkout_id').unique('orders_checkout_key'),
    paymentProvider: text('payment_provider'),
    paymentReference: text('payment_reference'),
    paymentMethod: text('payment_method'),
    /** An action (cancel, refund, reject, ship) claimed and not finished yet: other actions wait (README: orders). */
    pendingAction: text('pending_action'),
    fraudScore: smallint('fraud_score'),
    fraudReasons: text('fraud_reasons').array(),
    placedAt: timestamptz('placed_at').notNull(),
    updatedAt: timestamptz('updated_at'),
  },
  (t) => [
    index('orders_user_idx').on(t.userId, t.placedAt),
    index('orders_placed_at_idx').on(t.placedAt),
    unique('orders_number_key').on(t.number),
    check('orders_status', sql`${t.status} in ('PLACED', 'PAID', 'HELD', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED')`),
    check('orders_amounts', sql`${t.totalAmount} >= 0 and ${t.refundedAmount} between 0 and ${t.totalAmount}`),
  ],
);

/** Every status an order has had (the order's `status` is the latest). */
export const orderStatusHistory = orderSchema.table(
  'order_status_history',
  {
    /** Increasing: orders changes made at the same instant (PLACED then PAID). */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    note: text('note'),
    at: timestamptz('at').notNull(),
  },
  (t) => [index('order_status_history_order_idx').on(t.orderId, t.at)],
);

/** Sequence numbers for order numbers, per year. */
export const orderNumbers = orderSchema.table('order_numbers', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * One checkout attempt (the saga's durable state), unique per owner and idempotency key. `step` records the last
 * step that completed; the recovery job finishes or compensates attempts whose lease ran out (README: checkout saga).
 */
export const checkouts = orderSchema.table(
  'checkouts',
  {
    id: uuid('id').primaryKey(),
    /** `user:<id>` or `session:<id>`: idempotency keys are per owner. */
    ownerKey: text('owner_key').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    cartId: uuid('cart_id').notNull(),
    userId: uuid('user_id'),
    sessionId: text('session_id'),
    /** sha256 of the quote token the shopper confirmed (a replay with another quote is a conflict). */
    quoteHash: text('quote_hash').notNull(),
    step: text('step').notNull(),
    /** Everything the later steps need: lines, amounts, address, e-mail, codes, card summary, fraud score. */
    plan: jsonb('plan').$type<Record<string, unknown>>(),
    /** The typed result once the checkout ended (success with an order id, or the failure). */
    outcome: jsonb('outcome').$type<Record<string, unknown>>(),
    orderId: uuid('order_id'),
    paymentReference: text('payment_reference'),
    /** Until when the runner that holds it works on it; others wait, and recovery takes over after it. */
    leaseUntil: timestamptz('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    unique('checkouts_owner_key_key').on(t.ownerKey, t.idempotencyKey),
    index('checkouts_open_idx').on(t.leaseUntil).where(sql`step not in ('COMPLETED', 'FAILED')`),
    index('checkouts_owner_created_idx').on(t.ownerKey, t.createdAt),
  ],
);

/**
 * The sandbox payment provider's ledger (a stand-in for a real provider we cannot reach; README: payments). Keyed by
 * the caller's idempotency key, so a retried charge never charges twice.
 */
export const sandboxPayments = orderSchema.table(
  'sandbox_payments',
  {
    id: text('id').primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique('sandbox_payments_idempotency_key'),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    brand: text('brand').notNull(),
    last4: char('last4', { length: 4 }).notNull(),
    status: text('status').notNull(),
    declineReason: text('decline_reason'),
    refundedAmount: bigint('refunded_amount', { mode: 'number' }).notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [check('sandbox_payments_status', sql`${t.status} in ('SUCCEEDED', 'DECLINED')`)],
);

/** Category path and brand of catalog products (from `product.upserted` and the seed), for promo-code rules. */
export const catalogProducts = orderSchema.table('catalog_products', {
  productId: uuid('product_id').primaryKey(),
  category: text('category'),
  brand: text('brand'),
  updatedAt: timestamptz('updated_at').notNull(),
});

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
    /** unit × quantity − this line's share of the promo discounts (null for the demo history: no discounts). */
    totalAmount: bigint('total_amount', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] })],
);

export const outbox = outboxTable(orderSchema);
export const inbox = inboxTable(orderSchema);
