/**
 * Fraud score of a checkout (0–100) from documented rules (README: fraud rules). At or above
 * {@link FRAUD_HOLD_THRESHOLD} the order is taken and paid but HELD for a review before it ships.
 */
export const FRAUD_HOLD_THRESHOLD = 60;

export interface FraudSignals {
  /** The order total converted to GBP pence (null when the rate is unknown: the amount rules then use the raw amount). */
  totalGbpPence: number;
  /** Orders the same shopper (user, session or e-mail) placed in the last 24 hours. */
  ordersLast24h: number;
  /** Checkouts of the same shopper declined by the payment provider in the last hour. */
  declinesLastHour: number;
  shippingCountry: string;
  /** The signed-in shopper's profile country, when known. */
  profileCountry: string | null;
  /** The card's issuing country. */
  cardCountry: string;
  /** True for a guest checkout (no account). */
  guest: boolean;
}

export interface FraudScore {
  score: number;
  reasons: string[];
}

/**
 * The rules, each adding points (capped at 100):
 * - amount: ≥ £1,000 +25, ≥ £2,500 +40 (instead of 25), ≥ £10,000 +60 (instead);
 * - velocity: ≥ 3 orders in 24 h +20, ≥ 6 +40 (instead); ≥ 3 declined payments in the last hour +30;
 * - country mismatch: card issued in another country than the destination +20; destination differs from the
 *   signed-in shopper's profile country +10;
 * - guest checkout +5.
 */
export function fraudScore(s: FraudSignals): FraudScore {
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string) => {
    score += points;
    reasons.push(`${reason} (+${points})`);
  };
  if (s.totalGbpPence >= 1_000_000) add(60, 'order total at least £10,000');
  else if (s.totalGbpPence >= 250_000) add(40, 'order total at least £2,500');
  else if (s.totalGbpPence >= 100_000) add(25, 'order total at least £1,000');
  if (s.ordersLast24h >= 6) add(40, `${s.ordersLast24h} orders in 24 hours`);
  else if (s.ordersLast24h >= 3) add(20, `${s.ordersLast24h} orders in 24 hours`);
  if (s.declinesLastHour >= 3) add(30, `${s.declinesLastHour} declined payments in the last hour`);
  if (s.cardCountry !== s.shippingCountry) add(20, `card issued in ${s.cardCountry}, shipping to ${s.shippingCountry}`);
  if (s.profileCountry && s.profileCountry !== s.shippingCountry) add(10, `profile country ${s.profileCountry}, shipping to ${s.shippingCountry}`);
  if (s.guest) add(5, 'guest checkout');
  return { score: Math.min(100, score), reasons };
}
