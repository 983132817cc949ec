import type { DeliveryEstimateModel } from './models.ts';

const DAY_MS = 86_400_000;

/** The UTC calendar date `days` after `now`'s UTC date, as YYYY-MM-DD. */
export function addDays(now: Date, days: number): string {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight + days * DAY_MS).toISOString().slice(0, 10);
}

/** A delivery window of `minDays`..`maxDays` calendar days from today (UTC); weekends and holidays are not skipped. */
export function deliveryEstimate(now: Date, minDays: number, maxDays: number): DeliveryEstimateModel {
  return { from: addDays(now, minDays), to: addDays(now, maxDays), minDays, maxDays };
}
