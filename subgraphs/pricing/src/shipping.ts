import { badInput } from '@emporium/kit';
import { EU27 } from './tax.ts';

/**
 * Shipping rates (README: shipping): per destination zone, a price per total-weight band and the order value from
 * which shipping is free. Amounts are GBP pence including UK VAT and are converted like prices (the destination's VAT,
 * the currency's exponent, one rounding). Weights are whole grams.
 */
export interface ShippingZone {
  name: string;
  countries: readonly string[];
  /** [heaviest total weight in grams, price in GBP pence], ascending. */
  bands: readonly (readonly [number, number])[];
  /** Merchandise total (GBP pence incl. VAT, converted) from which shipping costs nothing; null: never free. */
  freeFrom: number | null;
}

export const SHIPPING_ZONES: readonly ShippingZone[] = [
  { name: 'UK', countries: ['GB'], bands: [[500, 299], [2_000, 399], [10_000, 599], [30_000, 999]], freeFrom: 5_000 },
  { name: 'EU', countries: EU27, bands: [[500, 699], [2_000, 999], [10_000, 1_499], [30_000, 2_499]], freeFrom: 10_000 },
  { name: 'Switzerland and Norway', countries: ['CH', 'NO'], bands: [[500, 899], [2_000, 1_299], [10_000, 1_999], [30_000, 2_999]], freeFrom: null },
  { name: 'United States', countries: ['US'], bands: [[500, 999], [2_000, 1_499], [10_000, 2_499], [30_000, 3_999]], freeFrom: 15_000 },
];

/** Weight of one unit when the cart does not say (grams). */
export const DEFAULT_UNIT_WEIGHT_GRAMS = 500;
/** The heaviest parcel shipped (grams): the last band of every zone. */
export const MAX_PARCEL_GRAMS = 30_000;

/** The zone of a supported country. */
export function zoneOf(country: string): ShippingZone {
  const zone = SHIPPING_ZONES.find((z) => z.countries.includes(country));
  if (!zone) throw badInput(`Emporium does not ship to ${country}.`, 'country');
  return zone;
}
