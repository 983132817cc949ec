import type { StaticFactors } from '../db/schema.ts';

/**
 * The confidence score of a deal (README: confidence): a weighted sum of five factors, each 0..1.
 *
 * | factor | weight | definition |
 * | --- | --- | --- |
 * | reputation | 0.30 | the merchant's reputation |
 * | popularity | 0.15 | 1 − exp(−(clicks + 3 × saves) / 25), live |
 * | priceCompetitiveness | 0.20 | cheapest price in the deal's duplicate group (same currency) / this price; 0.5 without a duplicate |
 * | contentQuality | 0.15 | share of: description ≥ 40 characters, brand, image, GTIN, terms, title 15–150 characters, title not all capitals |
 * | historicalPerformance | 0.20 | the merchant's share of valid rows among its current feed rows (1 for deals not from a feed), halved when the deal is flagged suspiciousPricing |
 */
export const WEIGHTS = { reputation: 0.3, popularity: 0.15, priceCompetitiveness: 0.2, contentQuality: 0.15, historicalPerformance: 0.2 } as const;

/** Clicks + 3 × saves at which popularity reaches 1 − 1/e ≈ 0.63. */
export const POPULARITY_SCALE = 25;

/** Popularity from clicks and saves (the same formula the SQL ordering uses). */
export function popularity(clicks: number, saves: number): number {
  return 1 - Math.exp(-(clicks + 3 * saves) / POPULARITY_SCALE);
}

/** The SQL expression of the live score, given the deals table alias (for ORDER BY). */
export const liveScoreSql = (t: string) => `(${t}.confidence_base + ${WEIGHTS.popularity} * (1 - exp(-(${t}.clicks + 3 * ${t}.saves) / ${POPULARITY_SCALE}.0)))`;

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** What content quality looks at. */
export interface ContentFields {
  title: string;
  description: string | null;
  brand: string | null;
  imageUrl: string | null;
  gtin: string | null;
  terms: string | null;
}

/** Share of the content checks a deal passes (see the table above). */
export function contentQuality(d: ContentFields): number {
  const letters = d.title.replace(/[^A-Za-z]/g, '');
  const checks = [
    (d.description ?? '').trim().length >= 40,
    !!d.brand,
    !!d.imageUrl,
    !!d.gtin,
    !!d.terms,
    d.title.length >= 15 && d.title.length <= 150,
    letters.length === 0 || letters !== letters.toUpperCase(),
  ];
  return checks.filter(Boolean).length / checks.length;
}

/** The stored factors and their weighted sum (the live score adds popularity). */
export function staticConfidence(input: {
  reputation: number;
  price: number;
  groupMinPrice: number | null;
  content: ContentFields;
  merchantValidShare: number;
  suspiciousPricing: boolean;
}): { factors: StaticFactors; base: number } {
  const factors: StaticFactors = {
    reputation: round(Math.min(1, Math.max(0, input.reputation))),
    priceCompetitiveness: round(input.groupMinPrice === null ? 0.5 : Math.min(1, input.groupMinPrice / input.price)),
    contentQuality: round(contentQuality(input.content)),
    historicalPerformance: round(input.merchantValidShare * (input.suspiciousPricing ? 0.5 : 1)),
  };
  const base =
    WEIGHTS.reputation * factors.reputation +
    WEIGHTS.priceCompetitiveness * factors.priceCompetitiveness +
    WEIGHTS.contentQuality * factors.contentQuality +
    WEIGHTS.historicalPerformance * factors.historicalPerformance;
  return { factors, base: round(base) };
}
