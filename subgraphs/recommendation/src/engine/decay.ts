/**
 * Time decay shared by the evaluation and the subgraph. Times are in days (fractional) since the Unix epoch, so the
 * SQL side can compute the same numbers from `extract(epoch from …) / 86400`.
 */

/** Milliseconds per day. */
export const DAY_MS = 86_400_000;

/** A Date (or epoch milliseconds) as fractional days since the epoch. */
export function toDays(at: Date | number): number {
  return (typeof at === 'number' ? at : at.getTime()) / DAY_MS;
}

/** `2^(-age / halfLife)`; 1 for ages ≤ 0 and for an infinite (or non-positive) half-life. */
export function decayFactor(ageDays: number, halfLifeDays: number): number {
  if (!(halfLifeDays > 0) || halfLifeDays === Number.POSITIVE_INFINITY || ageDays <= 0) return 1;
  return Math.pow(2, -ageDays / halfLifeDays);
}

/** A counter whose units lose half their weight every half-life: `value` is as of day `at`. */
export interface DecayedCounter {
  value: number;
  at: number;
}

/** The counter's value as of `now` (never grows when `now` is before `at`). */
export function decayedValue(c: DecayedCounter, now: number, halfLifeDays: number): number {
  return c.value * decayFactor(now - c.at, halfLifeDays);
}

/**
 * Adds `amount` that happened on day `t`: the counter moves to `max(at, t)`. An event older than the counter (late
 * delivery) is added with its own decay, so the order of application does not change the result:
 * Σ amount·2^(−(now − t)/h) whatever the order.
 */
export function bumpCounter(c: DecayedCounter, t: number, halfLifeDays: number, amount = 1): DecayedCounter {
  if (t >= c.at) return { value: c.value * decayFactor(t - c.at, halfLifeDays) + amount, at: t };
  return { value: c.value + amount * decayFactor(c.at - t, halfLifeDays), at: c.at };
}
