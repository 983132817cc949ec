/** Price bands offered as filters where the API has no price facet (deals), in GBP minor units. */
import { formatMinor } from './format';

export interface PriceChoice {
  value: string;
  min: number | null;
  max: number | null;
}

export const PRICE_CHOICES: readonly PriceChoice[] = [
  { value: '-1000', min: null, max: 1000 },
  { value: '1000-2500', min: 1000, max: 2500 },
  { value: '2500-5000', min: 2500, max: 5000 },
  { value: '5000-10000', min: 5000, max: 10000 },
  { value: '10000-', min: 10000, max: null },
];

/** "Under £10", "£10 to £25", "£100 and over". */
export function priceChoiceLabel(p: { min: number | null; max: number | null }, currency = 'GBP'): string {
  const f = (n: number) => (formatMinor(n, currency) ?? String(n)).replace(/\.00$/, '');
  if (p.min === null && p.max !== null) return `Under ${f(p.max)}`;
  if (p.min !== null && p.max === null) return `${f(p.min)} and over`;
  return `${f(p.min ?? 0)} to ${f(p.max ?? 0)}`;
}
