import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRuntime } from '@emporium/kit/testing';
import { fraudScore, FRAUD_HOLD_THRESHOLD } from '../src/checkout/fraud.ts';
import { cardProblem, createSandboxPaymentProvider, luhnValid, PaymentTimeoutError, type PaymentProvider } from '../src/checkout/payments.ts';
import { migrationsFolder, schema, type OrderRuntime } from '../src/runtime.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const card = (cardNumber: string, expiryMonth = 12, expiryYear = 2030) => ({ cardNumber, expiryMonth, expiryYear, cvc: '123' });

describe('card checks', () => {
  it('accepts Luhn-valid numbers only', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('4000000000000002')).toBe(true);
    expect(luhnValid('42424242')).toBe(false);
    expect(luhnValid('4242x24242424242')).toBe(false);
  });
  it('refuses expired cards, bad expiry and bad CVC before any charge', () => {
    expect(cardProblem(card('4242 4242 4242 4242'), NOW)).toBeNull();
    expect(cardProblem(card('4242 4242 4242 4242', 11, 2026), NOW)).toBeNull(); // valid through November
    expect(cardProblem(card('4242 4242 4242 4242', 10, 2026), NOW)).toBe('expired_card');
    expect(cardProblem(card('4242 4242 4242 4242', 13, 2030), NOW)).toBe('invalid_expiry');
    expect(cardProblem({ ...card('4242 4242 4242 4242'), cvc: '12' }, NOW)).toBe('invalid_cvc');
    expect(cardProblem(card('1234 5678 9012 3456'), NOW)).toBe('invalid_card');
  });
});

describe('fraud rules', () => {
  const base = { totalGbpPence: 5_000, ordersLast24h: 0, declinesLastHour: 0, shippingCountry: 'GB', profileCountry: 'GB', cardCountry: 'GB', guest: false };
  it('scores an ordinary order 0 and lists no reasons', () => {
    expect(fraudScore(base)).toEqual({ score: 0, reasons: [] });
  });
  it('adds the documented points per rule', () => {
    expect(fraudScore({ ...base, totalGbpPence: 100_000 }).score).toBe(25);
    expect(fraudScore({ ...base, totalGbpPence: 250_000 }).score).toBe(40);
    expect(fraudScore({ ...base, totalGbpPence: 1_000_000 }).score).toBe(60);
    expect(fraudScore({ ...base, ordersLast24h: 3 }).score).toBe(20);
    expect(fraudScore({ ...base, ordersLast24h: 6 }).score).toBe(40);
    expect(fraudScore({ ...base, declinesLastHour: 3 }).score).toBe(30);
    expect(fraudScore({ ...base, cardCountry: 'US' }).score).toBe(20);
    expect(fraudScore({ ...base, shippingCountry: 'DE', cardCountry: 'DE' }).score).toBe(10);
    expect(fraudScore({ ...base, guest: true, profileCountry: null }).score).toBe(5);
  });
  it('holds a large foreign guest order and caps at 100', () => {
    const risky = fraudScore({ ...base, totalGbpPence: 300_000, cardCountry: 'US', shippingCountry: 'DE', profileCountry: null, guest: true });
    expect(risky.score).toBe(65);
    expect(risky.score).toBeGreaterThanOrEqual(FRAUD_HOLD_THRESHOLD);
    expect(risky.reasons).toHaveLength(3);
    expect(fraudScore({ ...base, totalGbpPence: 2_000_000, ordersLast24h: 9, declinesLastHour: 5, cardCountry: 'US', shippingCountry: 'FR', guest: true }).score).toBe(100);
  });
});

describe('the sandbox payment provider', () => {
  let rt: OrderRuntime;
  let provider: PaymentProvider;
  beforeAll(async () => {
    rt = await openTestRuntime({ name: 'order', schema, migrationsFolder });
    provider = createSandboxPaymentProvider(rt.db.db);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('charges once per idempotency key', async () => {
    const first = await provider.charge({ idempotencyKey: 'k-1', amount: 1234, currency: 'GBP', card: card('4242 4242 4242 4242'), now: NOW });
    expect(first).toMatchObject({ status: 'SUCCEEDED', amount: 1234, currency: 'GBP', method: 'VISA •••• 4242', refundedAmount: 0 });
    // A retry — even with another amount — answers the first charge.
    const again = await provider.charge({ idempotencyKey: 'k-1', amount: 9999, currency: 'GBP', card: card('4242 4242 4242 4242'), now: NOW });
    expect(again).toEqual(first);
  });

  it('declines the decline test cards with their reason', async () => {
    const declined = await provider.charge({ idempotencyKey: 'k-2', amount: 100, currency: 'GBP', card: card('4000 0000 0000 0002'), now: NOW });
    expect(declined).toMatchObject({ status: 'DECLINED', declineReason: 'card_declined' });
    const funds = await provider.charge({ idempotencyKey: 'k-3', amount: 100, currency: 'GBP', card: card('4000000000009995'), now: NOW });
    expect(funds).toMatchObject({ status: 'DECLINED', declineReason: 'insufficient_funds' });
  });

  it('loses the answer for the timeout card, and lookup finds the one charge', async () => {
    await expect(provider.charge({ idempotencyKey: 'k-4', amount: 500, currency: 'EUR', card: card('4000 0000 0000 0119'), now: NOW })).rejects.toBeInstanceOf(PaymentTimeoutError);
    expect(await provider.lookup('k-4')).toMatchObject({ status: 'SUCCEEDED', amount: 500, currency: 'EUR' });
    expect(await provider.lookup('never-charged')).toBeNull();
  });

  it('refunds idempotently up to the charged amount', async () => {
    const p = await provider.charge({ idempotencyKey: 'k-5', amount: 1000, currency: 'GBP', card: card('4242424242424242'), now: NOW });
    expect((await provider.refund(p.id, 400)).refundedAmount).toBe(400);
    expect((await provider.refund(p.id, 400)).refundedAmount).toBe(400);
    expect((await provider.refund(p.id, 5000)).refundedAmount).toBe(1000);
    const declined = await provider.lookup('k-2');
    await expect(provider.refund(declined!.id, 100)).rejects.toThrow(/no successful sandbox payment/);
  });
});
