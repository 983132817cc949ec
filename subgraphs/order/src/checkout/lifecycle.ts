import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { conflict, type Clock, type Database } from '@emporium/kit';
import type * as schema from '../db/schema.ts';
import { orders, orderStatusHistory, type OrderStatusValue } from '../db/schema.ts';
import type { Commands } from './commands.ts';
import type { PaymentProvider } from './payments.ts';

type Db = Database<typeof schema>;
type OrderRow = typeof orders.$inferSelect;

export interface LifecycleDeps {
  db: Db;
  clock: Clock;
  commands: Commands;
  payments: PaymentProvider;
}

/** Statuses from which the owner may cancel (before shipping). */
export const CANCELLABLE: OrderStatusValue[] = ['PLACED', 'PAID', 'HELD'];

type Action = 'cancel' | 'refund' | 'approve' | 'reject' | 'ship';

/**
 * Claims an order for an action: a conditional UPDATE sets `pending_action` when the order is in one of `from` and no
 * other action holds it (or this same action was interrupted earlier), so a cancellation, a refund, a review and a
 * shipment of one order never overlap. No transaction stays open while other services are called (PGlite has one
 * connection). Returns the order when claimed, else null with the order as it is.
 */
async function claim(deps: LifecycleDeps, id: string, action: Action, from: OrderStatusValue[]): Promise<{ order: OrderRow; claimed: boolean }> {
  const [row] = await deps.db
    .update(orders)
    .set({ pendingAction: action, updatedAt: deps.clock.now() })
    .where(and(eq(orders.id, id), inArray(orders.status, from), or(isNull(orders.pendingAction), eq(orders.pendingAction, action))))
    .returning();
  if (row) return { order: row, claimed: true };
  const [current] = await deps.db.select().from(orders).where(eq(orders.id, id));
  if (!current) throw conflict(`Order ${id} is gone.`);
  return { order: current, claimed: false };
}

/** Finishes a claimed action: the new status, a history entry and the claim released — one transaction. */
async function settle(deps: LifecycleDeps, id: string, action: Action, to: OrderStatusValue, note: string, set: Partial<OrderRow> = {}): Promise<OrderRow> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(orders)
      .set({ ...set, status: to, pendingAction: null, updatedAt: now })
      .where(and(eq(orders.id, id), eq(orders.pendingAction, action)))
      .returning();
    if (!row) throw conflict(`Order ${id} changed meanwhile; try again.`);
    await tx.insert(orderStatusHistory).values({ orderId: id, status: to, note, at: now });
    return row;
  });
}

/** Gives back what an order took (each call idempotent): stock unless shipped, promo uses, the payment. */
async function undoOrder(deps: LifecycleDeps, order: OrderRow, opts: { returnStock: boolean }): Promise<void> {
  const ref = order.checkoutId;
  if (ref && opts.returnStock) await deps.commands.returnReservation(ref);
  if (ref) for (const code of order.promoCodes) await deps.commands.releasePromoRedemption(code, ref);
  if (order.paymentReference) await deps.payments.refund(order.paymentReference, order.totalAmount);
}

const label = (o: OrderRow) => o.number ?? o.id;

/**
 * Cancels an order before shipping: stock given back (the reservation returned), promo uses given back, the payment
 * refunded in full, status CANCELLED. `cancelled: false` when it is not cancellable (historic orders, shipped …); an
 * order cancelled already is answered as it is. Interrupted half-way, asking again completes it.
 */
export async function cancelOrder(deps: LifecycleDeps, id: string, note: string): Promise<{ order: OrderRow; cancelled: boolean }> {
  const { order, claimed } = await claim(deps, id, 'cancel', CANCELLABLE);
  if (!claimed) return { order, cancelled: order.status === 'CANCELLED' };
  if (!order.checkoutId) {
    await deps.db.update(orders).set({ pendingAction: null }).where(eq(orders.id, id));
    return { order: { ...order, pendingAction: null }, cancelled: false };
  }
  await undoOrder(deps, order, { returnStock: true });
  return { order: await settle(deps, id, 'cancel', 'CANCELLED', note, { refundedAmount: order.totalAmount }), cancelled: true };
}

/** Refunds an order in full; stock comes back unless it has shipped. CONFLICT for orders that cannot be refunded. */
export async function refundOrder(deps: LifecycleDeps, id: string): Promise<OrderRow> {
  const { order, claimed } = await claim(deps, id, 'refund', ['PAID', 'HELD', 'SHIPPED', 'DELIVERED']);
  if (!claimed) {
    if (order.status === 'REFUNDED') return order;
    throw conflict(`Order ${label(order)} cannot be refunded now: it is ${order.status}${order.pendingAction ? ` (${order.pendingAction} in progress)` : ''}.`);
  }
  if (!order.paymentReference) {
    await deps.db.update(orders).set({ pendingAction: null }).where(eq(orders.id, id));
    throw conflict(`Order ${label(order)} was not paid through a payment provider and cannot be refunded here.`);
  }
  const shipped = order.status === 'SHIPPED' || order.status === 'DELIVERED';
  await undoOrder(deps, order, { returnStock: !shipped });
  return settle(deps, id, 'refund', 'REFUNDED', shipped ? 'refunded after shipping' : 'refunded; stock returned', { refundedAmount: order.totalAmount });
}

/** Admin review of a HELD order: approve → PAID; reject → cancelled and refunded. */
export async function reviewOrder(deps: LifecycleDeps, id: string, approve: boolean, reviewer: string): Promise<OrderRow> {
  const action: Action = approve ? 'approve' : 'reject';
  const { order, claimed } = await claim(deps, id, action, ['HELD']);
  if (!claimed) throw conflict(`Only HELD orders are reviewed; ${label(order)} is ${order.status}.`);
  if (approve) return settle(deps, id, action, 'PAID', `approved in review by ${reviewer}`);
  await undoOrder(deps, order, { returnStock: true });
  return settle(deps, id, action, 'CANCELLED', `rejected in review by ${reviewer}; refunded`, { refundedAmount: order.totalAmount });
}

/** Ships a PAID order: its reserved units leave the warehouse; status SHIPPED. */
export async function shipOrder(deps: LifecycleDeps, id: string): Promise<OrderRow> {
  const { order, claimed } = await claim(deps, id, 'ship', ['PAID']);
  if (!claimed) {
    if (order.status === 'SHIPPED') return order;
    throw conflict(`Only PAID orders ship; ${label(order)} is ${order.status}${order.pendingAction ? ` (${order.pendingAction} in progress)` : ''}.`);
  }
  if (order.checkoutId) await deps.commands.shipReservation(order.checkoutId);
  return settle(deps, id, 'ship', 'SHIPPED', 'handed to the carrier');
}
