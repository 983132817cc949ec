import { createHash, randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { currencyExponent, enqueueEvents, type Clock, type Database, type Logger, type Transaction } from '@emporium/kit';
import { validateEventPayload } from '@emporium/events';
import type * as schema from '../db/schema.ts';
import { cartLines, carts, catalogProducts, checkouts, orderLines, orderNumbers, orders, orderStatusHistory, outbox, type ShippingAddress } from '../db/schema.ts';
import type { Commands, PricingLine, QuoteData } from './commands.ts';
import { fraudScore, FRAUD_HOLD_THRESHOLD, type FraudScore } from './fraud.ts';
import { cardBrand, cardCountry, cardProblem, normalizeCardNumber, PaymentTimeoutError, type CardInput, type Payment, type PaymentProvider } from './payments.ts';

type Db = Database<typeof schema>;
type Tx = Transaction<typeof schema>;
type CheckoutRow = typeof checkouts.$inferSelect;

/**
 * The saga's steps, each recorded once it has completed (README: checkout saga). Before PAYMENT_STARTED a crash is
 * compensated (stock released, promo uses given back, nothing charged); from PAYMENT_STARTED on the recovery job
 * asks the provider and, when the card was charged, goes forward to the order.
 */
export type Step = 'STARTED' | 'RESERVED' | 'PROMOS_REDEEMED' | 'PAYMENT_STARTED' | 'PAID' | 'ORDER_CREATED' | 'COMPLETED' | 'COMPENSATING' | 'FAILED';
const TERMINAL: Step[] = ['COMPLETED', 'FAILED'];

/** Points where tests inject failures (a thrown error) or crashes ({@link SimulatedCrash}). */
export type FaultPoint = 'verify' | 'reserve' | 'redeem' | 'charge' | 'charged' | 'createOrder' | 'commit' | 'compensate';

/** Thrown by a fault hook to stop the saga as a process crash would: no compensation, the lease is left to expire. */
export class SimulatedCrash extends Error {
  constructor(point: FaultPoint) {
    super(`simulated crash at ${point}`);
    this.name = 'SimulatedCrash';
  }
}

/** The typed outcome of a checkout (stored with the checkout; a replay answers it again). */
export type Outcome =
  | { kind: 'SUCCESS'; orderId: string }
  | { kind: 'OUT_OF_STOCK'; message: string; items: { productId: string; requested: number; available: number }[] }
  | { kind: 'PAYMENT_DECLINED'; message: string; reason: string }
  | { kind: 'PRICE_CHANGED'; message: string }
  | { kind: 'PROMO_INVALID'; message: string; code: string; reason: string }
  | { kind: 'REJECTED'; message: string; reason: string }
  | { kind: 'IDEMPOTENCY_CONFLICT'; message: string };

/** What the later steps need, saved with the checkout before the first side effect (never card numbers). */
export interface Plan {
  lines: { productId: string; quantity: number }[];
  country: string;
  currency: string;
  address: ShippingAddress;
  email: string | null;
  userId: string | null;
  sessionId: string | null;
  quote: QuoteData;
  promoCodes: string[];
  card: { brand: string; last4: string; country: string };
  fraud: FraudScore;
}

export interface SagaDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  commands: Commands;
  payments: PaymentProvider;
  /** Called after a transaction enqueued events (wakes the outbox relay). */
  eventsEnqueued?: () => void;
  /** Test hook: called before each step; throw to fail it, or throw SimulatedCrash to "crash". */
  fault?: (point: FaultPoint, checkoutId: string) => void | Promise<void>;
  /** How long a runner owns a checkout before recovery may take over (default 30 s). */
  leaseMs?: number;
  /** Stock hold while the checkout runs (default 900 s). */
  reservationTtlSeconds?: number;
}

export interface CheckoutRequest {
  cartId: string;
  idempotencyKey: string;
  quoteToken: string;
  card: CardInput;
  userId: string | null;
  sessionId: string | null;
  profileCountry: string | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** `user:<id>` or `session:<id>`: whose idempotency keys these are. */
export function ownerKeyOf(userId: string | null, sessionId: string | null): string {
  if (userId) return `user:${userId}`;
  if (sessionId) return `session:${sessionId}`;
  throw new Error('a checkout needs a user or a session');
}

/** Σ quantity per product: two carts are "the same lines" when these maps are equal. */
function lineKey(lines: readonly { productId: string; quantity: number }[]): string {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.productId.toLowerCase(), (m.get(l.productId.toLowerCase()) ?? 0) + l.quantity);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, q]) => `${p}×${q}`).join(',');
}

/** The catalog facts pricing needs per line (category path, brand) from the order subgraph's catalog copy. */
export async function pricingLines(db: Db | Tx, lines: readonly { productId: string; quantity: number }[]): Promise<PricingLine[]> {
  const ids = [...new Set(lines.map((l) => l.productId))];
  const facts = ids.length === 0 ? [] : await db.select().from(catalogProducts).where(inArray(catalogProducts.productId, ids));
  const by = new Map(facts.map((f) => [f.productId, f]));
  return lines.map((l) => ({ productId: l.productId, quantity: l.quantity, category: by.get(l.productId)?.category ?? null, brand: by.get(l.productId)?.brand ?? null }));
}

/** Runs checkouts and recovers interrupted ones. */
export function createCheckoutSaga(deps: SagaDeps) {
  const { db, clock, commands, payments, logger } = deps;
  const leaseMs = deps.leaseMs ?? 30_000;
  const ttl = deps.reservationTtlSeconds ?? 900;
  const fault = async (point: FaultPoint, id: string) => {
    if (deps.fault) await deps.fault(point, id);
  };

  const leaseUntil = () => new Date(clock.now().getTime() + leaseMs);

  async function setStep(id: string, step: Step, extra: Partial<typeof checkouts.$inferInsert> = {}): Promise<void> {
    await db
      .update(checkouts)
      .set({ step, updatedAt: clock.now(), leaseUntil: TERMINAL.includes(step) ? null : leaseUntil(), ...extra })
      .where(eq(checkouts.id, id));
  }

  async function finish(id: string, step: 'COMPLETED' | 'FAILED', outcome: Outcome, extra: Partial<typeof checkouts.$inferInsert> = {}): Promise<Outcome> {
    await setStep(id, step, { outcome: outcome as unknown as Record<string, unknown>, ...extra });
    return outcome;
  }

  /** Gives back everything taken so far (each call idempotent), then records the failure. */
  async function compensate(row: CheckoutRow, plan: Plan | null, outcome: Outcome): Promise<Outcome> {
    await setStep(row.id, 'COMPENSATING', { outcome: outcome as unknown as Record<string, unknown> });
    await fault('compensate', row.id);
    if (plan) {
      for (const code of plan.promoCodes) await commands.releasePromoRedemption(code, row.id);
    }
    await commands.releaseReservation(row.id);
    return finish(row.id, 'FAILED', outcome);
  }

  /** Creates the order, its lines and history, the order.placed event, and empties the cart — one transaction. */
  async function createOrder(row: CheckoutRow, plan: Plan, payment: Payment): Promise<string> {
    await fault('createOrder', row.id);
    const now = clock.now();
    const held = plan.fraud.score >= FRAUD_HOLD_THRESHOLD;
    const orderId = await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.checkoutId, row.id));
      if (existing) return existing.id;
      const year = now.getUTCFullYear();
      const [seq] = await tx
        .insert(orderNumbers)
        .values({ year, last: 1 })
        .onConflictDoUpdate({ target: orderNumbers.year, set: { last: sql`${orderNumbers.last} + 1` } })
        .returning({ last: orderNumbers.last });
      const q = plan.quote;
      const [order] = await tx
        .insert(orders)
        .values({
          number: `EMP-${year}-${String(seq!.last).padStart(6, '0')}`,
          userId: plan.userId,
          sessionId: plan.sessionId,
          email: plan.email,
          country: plan.country,
          currency: q.currency,
          subtotalAmount: q.subtotal.amount,
          discountAmount: q.discount.amount,
          shippingAmount: q.shipping.amount,
          taxAmount: q.tax.amount,
          totalAmount: q.total.amount,
          promoCodes: q.promotions.map((p) => p.code),
          shippingAddress: plan.address,
          status: held ? 'HELD' : 'PAID',
          checkoutId: row.id,
          paymentProvider: payments.name,
          paymentReference: payment.id,
          paymentMethod: payment.method,
          fraudScore: plan.fraud.score,
          fraudReasons: plan.fraud.reasons,
          placedAt: now,
          updatedAt: now,
        })
        .returning({ id: orders.id });
      const id = order!.id;
      await tx.insert(orderLines).values(
        q.lines.map((l, i) => ({ orderId: id, lineNo: i + 1, productId: l.productId, quantity: l.quantity, unitAmount: l.unitPrice.amount, totalAmount: l.total.amount })),
      );
      await tx.insert(orderStatusHistory).values([
        { orderId: id, status: 'PLACED', at: now, note: null },
        held
          ? { orderId: id, status: 'HELD', at: now, note: `fraud score ${plan.fraud.score}: ${plan.fraud.reasons.join('; ')}` }
          : { orderId: id, status: 'PAID', at: now, note: `${payment.method} charged` },
      ]);
      await enqueueEvents(
        tx,
        outbox,
        [
          {
            type: 'order.placed',
            source: 'order',
            occurredAt: now,
            payload: {
              orderId: id,
              userId: plan.userId,
              sessionId: plan.sessionId,
              country: plan.country,
              currency: q.currency,
              totalAmount: q.total.amount,
              placedAt: now.toISOString(),
              lines: q.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitAmount: l.unitPrice.amount })),
            },
          },
        ],
        validateEventPayload,
      );
      // The cart is spent: its lines and codes go (the address and e-mail stay for the next order).
      await tx.delete(cartLines).where(eq(cartLines.cartId, row.cartId));
      await tx.update(carts).set({ promoCodes: [], updatedAt: now }).where(eq(carts.id, row.cartId));
      await tx.update(checkouts).set({ step: 'ORDER_CREATED', orderId: id, updatedAt: now, leaseUntil: leaseUntil() }).where(eq(checkouts.id, row.id));
      return id;
    });
    deps.eventsEnqueued?.();
    return orderId;
  }

  /** Commits the stock; a reservation that ran out meanwhile cancels and refunds the order (README: checkout saga). */
  async function commitStock(row: CheckoutRow, plan: Plan, orderId: string): Promise<Outcome> {
    await fault('commit', row.id);
    const status = await commands.commitReservation(row.id);
    if (status !== 'COMMITTED') {
      logger.error({ checkoutId: row.id, orderId, status }, 'stock reservation was no longer held at commit; cancelling the order');
      const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
      if (order?.paymentReference) await payments.refund(order.paymentReference, order.totalAmount);
      for (const code of plan.promoCodes) await commands.releasePromoRedemption(code, row.id);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx.update(orders).set({ status: 'CANCELLED', refundedAmount: sql`${orders.totalAmount}`, updatedAt: now }).where(eq(orders.id, orderId));
        await tx.insert(orderStatusHistory).values({ orderId, status: 'CANCELLED', at: now, note: 'stock hold expired before the order was confirmed; refunded' });
      });
      return finish(row.id, 'FAILED', { kind: 'REJECTED', reason: 'CHECKOUT_FAILED', message: 'Your order could not be confirmed in time and was cancelled; the payment was refunded.' });
    }
    return finish(row.id, 'COMPLETED', { kind: 'SUCCESS', orderId });
  }

  /** From PAID on: the order, then the stock commit. */
  async function goForward(row: CheckoutRow, plan: Plan, payment: Payment): Promise<Outcome> {
    const orderId = row.orderId ?? (await createOrder(row, plan, payment));
    return commitStock(row, plan, orderId);
  }

  /** The steps after the checkout row exists, with the card in memory (it is never stored). */
  async function run(row: CheckoutRow, req: CheckoutRequest): Promise<Outcome> {
    const [cart] = await db.select().from(carts).where(eq(carts.id, row.cartId));
    const lines = cart ? await db.select().from(cartLines).where(eq(cartLines.cartId, cart.id)) : [];
    if (!cart || lines.length === 0) return finish(row.id, 'FAILED', { kind: 'REJECTED', reason: 'EMPTY_CART', message: 'The cart is empty.' });
    if (!cart.shippingAddress) return finish(row.id, 'FAILED', { kind: 'REJECTED', reason: 'ADDRESS_REQUIRED', message: 'Add a shipping address before checking out.' });
    if (!req.userId && !cart.email) return finish(row.id, 'FAILED', { kind: 'REJECTED', reason: 'EMAIL_REQUIRED', message: 'Add an e-mail address for the order confirmation.' });

    // 1. The confirmed quote: still valid, and for exactly this cart.
    await fault('verify', row.id);
    const verified = await commands.verifyQuote(req.quoteToken);
    if (verified.status === 'INVALID' || !verified.quote) {
      return finish(row.id, 'FAILED', { kind: 'REJECTED', reason: 'CART_CHANGED', message: 'The confirmed price does not belong to this cart; review the cart and confirm its total again.' });
    }
    // A code that stopped applying (used up, expired) is what changed: say so rather than "price changed".
    const lapsed = verified.status !== 'VALID' ? verified.quote.rejectedPromoCodes.find((r) => cart.promoCodes.includes(r.code)) : undefined;
    if (lapsed) return finish(row.id, 'FAILED', { kind: 'PROMO_INVALID', code: lapsed.code, reason: lapsed.reason, message: lapsed.message });
    if (verified.status !== 'VALID') {
      return finish(row.id, 'FAILED', { kind: 'PRICE_CHANGED', message: verified.status === 'EXPIRED' ? 'The confirmed price has expired; confirm the current total.' : 'A price changed since you confirmed the total; confirm the new total.' });
    }
    const quote = verified.quote;
    const appliedCodes = [...quote.promotions.map((p) => p.code), ...quote.rejectedPromoCodes.map((r) => r.code)].sort();
    if (lineKey(quote.lines) !== lineKey(lines) || quote.country !== (cart.shippingAddress.country ?? '') || appliedCodes.join() !== [...cart.promoCodes].sort().join()) {
      return finish(row.id, 'FAILED', { kind: 'REJECTED', reason: 'CART_CHANGED', message: 'The cart changed after its total was confirmed; confirm the new total.' });
    }
    const rejected = quote.rejectedPromoCodes[0];
    if (rejected) return finish(row.id, 'FAILED', { kind: 'PROMO_INVALID', code: rejected.code, reason: rejected.reason, message: rejected.message });

    // A card that cannot be charged at all is refused before anything is reserved.
    const problem = cardProblem(req.card, clock.now());
    if (problem) return finish(row.id, 'FAILED', { kind: 'PAYMENT_DECLINED', reason: problem, message: declineMessage(problem) });

    // 2. Fraud rules.
    const digits = normalizeCardNumber(req.card.cardNumber);
    const card = { brand: cardBrand(digits), last4: digits.slice(-4), country: cardCountry(digits) };
    const fraud = await scoreFraud(row, cart.shippingAddress.country, quote, card.country, req.profileCountry, cart.email);
    const plan: Plan = {
      lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      country: cart.shippingAddress.country,
      currency: quote.currency,
      address: cart.shippingAddress,
      email: cart.email,
      userId: req.userId,
      sessionId: req.sessionId,
      quote,
      promoCodes: quote.promotions.map((p) => p.code),
      card,
      fraud,
    };
    await db.update(checkouts).set({ plan: plan as unknown as Record<string, unknown>, updatedAt: clock.now() }).where(eq(checkouts.id, row.id));

    // 3. Stock.
    try {
      await fault('reserve', row.id);
      const reserved = await commands.reserveStock(plan.lines, row.id, plan.country, ttl);
      if (!reserved.ok) {
        return compensate(row, plan, { kind: 'OUT_OF_STOCK', message: reserved.message, items: reserved.shortages });
      }
      await setStep(row.id, 'RESERVED');

      // 4. Promo codes.
      for (const code of plan.promoCodes) {
        await fault('redeem', row.id);
        const redeemed = await commands.redeemPromoCode(code, row.id, plan.userId);
        if (!redeemed.ok) return compensate(row, plan, { kind: 'PROMO_INVALID', code: redeemed.code, reason: redeemed.reason, message: redeemed.message });
      }
      await setStep(row.id, 'PROMOS_REDEEMED');
    } catch (err) {
      if (err instanceof SimulatedCrash) throw err;
      logger.warn({ err, checkoutId: row.id }, 'checkout step failed before payment; compensating');
      return compensate(row, plan, { kind: 'REJECTED', reason: 'CHECKOUT_FAILED', message: 'A service failed during checkout; nothing was charged. Please try again.' });
    }

    // 5. Payment: recorded as started first, so a crash from here on is resolved by asking the provider.
    await setStep(row.id, 'PAYMENT_STARTED');
    let payment: Payment | null;
    try {
      await fault('charge', row.id);
      payment = await payments.charge({ idempotencyKey: row.id, amount: quote.total.amount, currency: quote.currency, card: req.card, now: clock.now() });
      await fault('charged', row.id);
    } catch (err) {
      if (err instanceof SimulatedCrash) throw err;
      if (!(err instanceof PaymentTimeoutError)) logger.warn({ err, checkoutId: row.id }, 'payment call failed; asking the provider');
      payment = await payments.lookup(row.id);
    }
    if (!payment) return compensate(row, plan, { kind: 'PAYMENT_DECLINED', reason: 'processing_error', message: 'The payment could not be processed; nothing was charged.' });
    if (payment.status === 'DECLINED') {
      return compensate(row, plan, { kind: 'PAYMENT_DECLINED', reason: payment.declineReason ?? 'card_declined', message: declineMessage(payment.declineReason) });
    }
    await setStep(row.id, 'PAID', { paymentReference: payment.id });
    return goForward({ ...row, paymentReference: payment.id }, plan, payment);
  }

  async function scoreFraud(row: CheckoutRow, country: string, quote: QuoteData, cardCountryCode: string, profileCountry: string | null, email: string | null): Promise<FraudScore> {
    const now = clock.now();
    const dayAgo = new Date(now.getTime() - 86_400_000);
    const who: SQL[] = [];
    if (row.userId) who.push(eq(orders.userId, row.userId));
    if (row.sessionId) who.push(eq(orders.sessionId, row.sessionId));
    if (email) who.push(eq(orders.email, email));
    const [recent] = await db.select({ n: sql<number>`count(*)::int` }).from(orders).where(and(gte(orders.placedAt, dayAgo), or(...who)));
    const [declines] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(checkouts)
      .where(and(eq(checkouts.ownerKey, row.ownerKey), gte(checkouts.createdAt, new Date(now.getTime() - 3_600_000)), sql`${checkouts.outcome}->>'kind' = 'PAYMENT_DECLINED'`));
    const rate = await commands.gbpRate(quote.currency).catch(() => null);
    const totalGbpPence = rate ? Math.round(quote.total.amount / rate / 10 ** (currencyExponent(quote.currency) - 2)) : quote.total.amount;
    return fraudScore({
      totalGbpPence,
      ordersLast24h: recent?.n ?? 0,
      declinesLastHour: declines?.n ?? 0,
      shippingCountry: country,
      profileCountry,
      cardCountry: cardCountryCode,
      guest: row.userId === null,
    });
  }

  /** Continues or compensates a checkout whose runner stopped (crash, restart). */
  async function resume(row: CheckoutRow): Promise<Outcome> {
    const plan = (row.plan ?? null) as Plan | null;
    const interrupted: Outcome = { kind: 'REJECTED', reason: 'CHECKOUT_FAILED', message: 'The checkout was interrupted; nothing was charged. Please try again.' };
    switch (row.step as Step) {
      case 'STARTED':
      case 'RESERVED':
      case 'PROMOS_REDEEMED':
        return compensate(row, plan, interrupted);
      case 'COMPENSATING':
        return compensate(row, plan, (row.outcome as unknown as Outcome | null) ?? interrupted);
      case 'PAYMENT_STARTED': {
        const payment = await payments.lookup(row.id);
        if (!payment) return compensate(row, plan, interrupted);
        if (payment.status === 'DECLINED') return compensate(row, plan, { kind: 'PAYMENT_DECLINED', reason: payment.declineReason ?? 'card_declined', message: declineMessage(payment.declineReason) });
        await setStep(row.id, 'PAID', { paymentReference: payment.id });
        return goForward({ ...row, paymentReference: payment.id }, plan!, payment);
      }
      case 'PAID':
      case 'ORDER_CREATED': {
        const payment = await payments.lookup(row.id);
        if (!payment || !plan) throw new Error(`checkout ${row.id} is ${row.step} without a payment or plan`);
        return goForward(row, plan, payment);
      }
      default:
        return (row.outcome as unknown as Outcome) ?? interrupted;
    }
  }

  /** Takes over a checkout whose lease has run out (one taker wins); null when another runner holds it. */
  async function claim(id: string): Promise<CheckoutRow | null> {
    const now = clock.now();
    const [row] = await db
      .update(checkouts)
      .set({ leaseUntil: leaseUntil(), attempts: sql`${checkouts.attempts} + 1`, updatedAt: now })
      .where(and(eq(checkouts.id, id), notInArray(checkouts.step, TERMINAL), or(sql`${checkouts.leaseUntil} is null`, lt(checkouts.leaseUntil, now))))
      .returning();
    return row ?? null;
  }

  return {
    /**
     * Checks out (README: checkout saga). The first request with an (owner, idempotency key) runs the saga; replays
     * wait for it and answer the same outcome; the same key with another cart or quote is IDEMPOTENCY_CONFLICT.
     */
    async checkout(req: CheckoutRequest): Promise<{ outcome: Outcome; replayed: boolean }> {
      const ownerKey = ownerKeyOf(req.userId, req.sessionId);
      const quoteHash = sha256(req.quoteToken);
      const now = clock.now();
      const [row] = await db
        .insert(checkouts)
        .values({
          id: randomUUID(),
          ownerKey,
          idempotencyKey: req.idempotencyKey,
          cartId: req.cartId,
          userId: req.userId,
          sessionId: req.sessionId,
          quoteHash,
          step: 'STARTED',
          leaseUntil: leaseUntil(),
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [checkouts.ownerKey, checkouts.idempotencyKey] })
        .returning();
      // An unexpected failure propagates; the checkout keeps its step and the recovery job finishes or compensates it.
      if (row) return { outcome: await run(row, req), replayed: false };
      const [existing] = await db.select().from(checkouts).where(and(eq(checkouts.ownerKey, ownerKey), eq(checkouts.idempotencyKey, req.idempotencyKey)));
      if (!existing) throw new Error('checkout vanished');
      if (existing.cartId !== req.cartId || existing.quoteHash !== quoteHash) {
        return { outcome: { kind: 'IDEMPOTENCY_CONFLICT', message: 'This idempotency key was used for another cart or total; make a new key for a new checkout.' }, replayed: false };
      }
      return { outcome: await waitFor(existing.id), replayed: true };
    },

    /** Finishes or compensates checkouts whose runner stopped (lease expired); returns how many it settled. */
    async recover(limit = 50): Promise<number> {
      const due = await db
        .select({ id: checkouts.id })
        .from(checkouts)
        .where(and(notInArray(checkouts.step, TERMINAL), or(sql`${checkouts.leaseUntil} is null`, lt(checkouts.leaseUntil, clock.now()))))
        .limit(limit);
      let settled = 0;
      for (const { id } of due) {
        const row = await claim(id);
        if (!row) continue;
        try {
          await resume(row);
          settled++;
        } catch (err) {
          logger.error({ err, checkoutId: id }, 'recovering a checkout failed; retrying later');
        }
      }
      return settled;
    },
  };

  /** Polls a checkout another request runs until it ends (taking it over if its runner stopped). */
  async function waitFor(id: string): Promise<Outcome> {
    const deadline = Date.now() + 10_000;
    let delay = 25;
    for (;;) {
      const [row] = await db.select().from(checkouts).where(eq(checkouts.id, id));
      if (!row) throw new Error('checkout vanished');
      if (TERMINAL.includes(row.step as Step) && row.outcome) return row.outcome as unknown as Outcome;
      if (row.leaseUntil && row.leaseUntil.getTime() < clock.now().getTime()) {
        const mine = await claim(id);
        if (mine) return resume(mine);
      }
      if (Date.now() > deadline) return { kind: 'REJECTED', reason: 'IN_PROGRESS', message: 'This checkout is still being processed; ask again shortly with the same idempotency key.' };
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 250);
    }
  }
}
export type CheckoutSaga = ReturnType<typeof createCheckoutSaga>;

function declineMessage(reason: string | null): string {
  switch (reason) {
    case 'insufficient_funds':
      return 'The card was declined: insufficient funds. Nothing was charged.';
    case 'expired_card':
      return 'The card has expired. Nothing was charged.';
    case 'invalid_card':
    case 'invalid_cvc':
    case 'invalid_expiry':
      return 'The card details are not valid. Nothing was charged.';
    default:
      return 'The card was declined. Nothing was charged.';
  }
}
