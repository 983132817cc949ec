import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import type * as schema from '../db/schema.ts';
import { sandboxPayments } from '../db/schema.ts';

/** Card details as the shopper typed them (never stored: only brand and last four digits are kept). */
export interface CardInput {
  cardNumber: string;
  expiryMonth: number;
  expiryYear: number;
  cvc: string;
}

/** A charge as the provider records it. */
export interface Payment {
  id: string;
  status: 'SUCCEEDED' | 'DECLINED';
  amount: number;
  currency: string;
  /** e.g. "VISA •••• 4242". */
  method: string;
  declineReason: string | null;
  refundedAmount: number;
}

/** The provider did not answer in time: the charge may or may not have happened — ask with {@link PaymentProvider.lookup}. */
export class PaymentTimeoutError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`The payment provider did not answer for ${idempotencyKey}.`);
    this.name = 'PaymentTimeoutError';
  }
}

/**
 * What checkout needs from a payment provider. Every call is idempotent per `idempotencyKey` (the checkout id): a
 * retried charge returns the first charge's outcome and never charges again.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Charges the card; resolves SUCCEEDED or DECLINED; throws PaymentTimeoutError when the outcome is unknown. */
  charge(req: { idempotencyKey: string; amount: number; currency: string; card: CardInput; now: Date }): Promise<Payment>;
  /** The charge made under this key, or null when none was made. */
  lookup(idempotencyKey: string): Promise<Payment | null>;
  /**
   * Makes the refunded total `totalRefunded` (at most the charged amount). Idempotent: asking again for a total that is
   * already refunded changes nothing.
   */
  refund(paymentId: string, totalRefunded: number): Promise<Payment>;
}

/** Sandbox test cards (README: payments). Any other number that passes the Luhn check succeeds, as a GB Visa. */
export const SANDBOX_CARDS = {
  '4242424242424242': { outcome: 'succeed', country: 'GB' },
  '4000000000000002': { outcome: 'card_declined', country: 'GB' },
  '4000000000009995': { outcome: 'insufficient_funds', country: 'GB' },
  '4000000000000119': { outcome: 'timeout', country: 'GB' },
  '4000000000000077': { outcome: 'succeed', country: 'US' },
  '4000002500000003': { outcome: 'succeed', country: 'FR' },
} as const satisfies Record<string, { outcome: string; country: string }>;

/** Digits only ("4242 4242 4242 4242" → "4242424242424242"). */
export function normalizeCardNumber(n: string): string {
  return n.replace(/[\s-]/g, '');
}

/** The Luhn checksum every real card number passes. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card brand from the number's prefix. */
export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return 'VISA';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'MASTERCARD';
  if (/^3[47]/.test(digits)) return 'AMEX';
  return 'CARD';
}

/** The issuing country of a sandbox card (fraud rules compare it with the destination); GB when not a listed card. */
export function cardCountry(cardNumber: string): string {
  const digits = normalizeCardNumber(cardNumber);
  return (SANDBOX_CARDS as Record<string, { country: string }>)[digits]?.country ?? 'GB';
}

/** Why a card is refused before any charge (invalid number, expired), or null. */
export function cardProblem(card: CardInput, now: Date): string | null {
  const digits = normalizeCardNumber(card.cardNumber);
  if (!luhnValid(digits)) return 'invalid_card';
  if (!/^\d{3,4}$/.test(card.cvc)) return 'invalid_cvc';
  const { expiryMonth: m, expiryYear: y } = card;
  if (!Number.isInteger(m) || m < 1 || m > 12 || !Number.isInteger(y)) return 'invalid_expiry';
  const year = y < 100 ? 2000 + y : y;
  // Valid through the end of the expiry month (UTC).
  if (Date.UTC(year, m, 1) <= now.getTime()) return 'expired_card';
  return null;
}

type Db = Database<typeof schema>;
type Row = typeof sandboxPayments.$inferSelect;

const toPayment = (r: Row): Payment => ({
  id: r.id,
  status: r.status as Payment['status'],
  amount: r.amount,
  currency: r.currency,
  method: `${r.brand} •••• ${r.last4}`,
  declineReason: r.declineReason,
  refundedAmount: r.refundedAmount,
});

/**
 * The sandbox payment provider: a stand-in for a real card processor (which we cannot reach here) that behaves like
 * one — idempotent charges keyed by the caller's key, declines and timeouts on test cards, refunds — and keeps its
 * ledger in its own table. Card 4000 0000 0000 0119 charges the card but "loses" the answer (PaymentTimeoutError), so
 * the caller must resolve it with `lookup`.
 */
export function createSandboxPaymentProvider(db: Db): PaymentProvider {
  return {
    name: 'sandbox',
    async charge({ idempotencyKey, amount, currency, card, now }) {
      const digits = normalizeCardNumber(card.cardNumber);
      const listed = (SANDBOX_CARDS as Record<string, { outcome: string }>)[digits];
      const problem = cardProblem(card, now);
      const declineReason = problem ?? (listed && listed.outcome !== 'succeed' && listed.outcome !== 'timeout' ? listed.outcome : null);
      const row = {
        id: `pay_${randomBytes(12).toString('base64url')}`,
        idempotencyKey,
        amount,
        currency,
        brand: cardBrand(digits),
        last4: digits.slice(-4).padStart(4, '0'),
        status: declineReason ? 'DECLINED' : 'SUCCEEDED',
        declineReason,
        refundedAmount: 0,
        createdAt: now,
      };
      await db.insert(sandboxPayments).values(row).onConflictDoNothing({ target: sandboxPayments.idempotencyKey });
      const [stored] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.idempotencyKey, idempotencyKey));
      if (!stored) throw new Error(`sandbox payment ${idempotencyKey} vanished`);
      if (listed?.outcome === 'timeout') throw new PaymentTimeoutError(idempotencyKey);
      return toPayment(stored);
    },
    async lookup(idempotencyKey) {
      const [row] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.idempotencyKey, idempotencyKey));
      return row ? toPayment(row) : null;
    },
    async refund(paymentId, totalRefunded) {
      const [row] = await db
        .update(sandboxPayments)
        .set({ refundedAmount: sql`greatest(${sandboxPayments.refundedAmount}, least(${sandboxPayments.amount}, ${totalRefunded}))` })
        .where(and(eq(sandboxPayments.id, paymentId), eq(sandboxPayments.status, 'SUCCEEDED')))
        .returning();
      if (!row) throw new Error(`no successful sandbox payment ${paymentId}`);
      return toPayment(row);
    },
  };
}
