/**
 * The personal deal score (README "Deal feed"): eight factors, each in [0, 1], weighted by {@link DEAL_FEED_WEIGHTS}
 * (the seed weights of the issue; they sum to 1, so the score is in [0, 1]). Pure functions: the subgraph feeds them
 * from the deal projection, the user's preferences (via @requires), clicks and saves, and the strategies' scores.
 */

/** The factors of a deal's feed score (GraphQL `DealFeedFactors`). */
export interface DealFeedFactors {
  category: number;
  priceRange: number;
  merchantAffinity: number;
  discountSensitivity: number;
  timing: number;
  dealQuality: number;
  collaborative: number;
  content: number;
}
export type DealFactorName = keyof DealFeedFactors;

/** Seed weights of the deal score (issue 7); Σ = 1. */
export const DEAL_FEED_WEIGHTS: Readonly<DealFeedFactors> = {
  category: 0.15,
  priceRange: 0.1,
  merchantAffinity: 0.12,
  discountSensitivity: 0.1,
  timing: 0.08,
  dealQuality: 0.15,
  collaborative: 0.15,
  content: 0.15,
};

/** The parameters of the factors (README "Deal feed"). */
export const DEAL_FEED_PARAMS = {
  /** A saving of this fraction (50 %) or more gives a discount-sensitive shopper the full discount factor. */
  fullSaving: 0.5,
  /** Urgency halves for every this many hours a deal lasts beyond the shopper's next active hour. */
  urgencyHalfLifeHours: 72,
  /** Freshness halves for every this many hours since the deal started. */
  freshnessHalfLifeHours: 72,
  /** A saved deal counts as this many clicks at its merchant (as in the deal subgraph's popularity). */
  saveWeight: 3,
  /** A preference only matching the deal's top-level category counts this much. */
  topLevelShare: 0.5,
} as const;

const HOUR_MS = 3_600_000;
const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** URL slug as the product subgraph makes them: ASCII lower case, apostrophes removed, other characters collapsed to '-'. */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The `Category.slug` of every level of a category path, top first: the product subgraph slugs a category's whole
 * path joined by spaces (['Home & Living', 'Candles'] → ['home-living', 'home-living-candles']).
 */
export function categoryPathSlugs(path: readonly string[]): string[] {
  const levels = path.map((p) => p.trim()).filter((p) => p !== '');
  return levels.map((_, i) => slugify(levels.slice(0, i + 1).join(' '))).filter((s) => s !== '');
}

/**
 * Category: the user's preferred category slugs, most preferred first; preference r (0-based) of n weighs 1 − r/n.
 * A preference equal to the deal's category or one of its ancestors (`pathSlugs`, top first) counts fully; one
 * inside the deal's top-level category (its slug starts with the top-level slug and '-') counts
 * {@link DEAL_FEED_PARAMS}.topLevelShare. The best preference wins; 0 without either.
 */
export function categoryFactor(pathSlugs: readonly string[], preferred: readonly string[]): number {
  if (pathSlugs.length === 0 || preferred.length === 0) return 0;
  const top = pathSlugs[0]!;
  let best = 0;
  preferred.forEach((p, r) => {
    const w = 1 - r / preferred.length;
    const pref = p.toLowerCase();
    if (pathSlugs.includes(pref)) best = Math.max(best, w);
    else if (pref.startsWith(`${top}-`)) best = Math.max(best, DEAL_FEED_PARAMS.topLevelShare * w);
  });
  return best;
}

/** An amount of money (integer minor units). */
export interface MoneyAmount {
  amount: number;
  currency: string;
}

/** Price range: 1 inside [min, max]; price ÷ min below; max ÷ price above; 0 without a range or in another currency. */
export function priceRangeFactor(price: MoneyAmount, range: { min: MoneyAmount; max: MoneyAmount } | null | undefined): number {
  if (!range || range.min.currency !== price.currency || range.max.currency !== price.currency || price.amount <= 0) return 0;
  const lo = Math.min(range.min.amount, range.max.amount);
  const hi = Math.max(range.min.amount, range.max.amount);
  if (price.amount < lo) return clamp01(price.amount / lo);
  if (price.amount > hi) return clamp01(hi / price.amount);
  return 1;
}

/**
 * Merchant affinity: the user's interactions with the deal's merchant (clicks + 3 × saved deals) ÷ those with their
 * most-used merchant; 0 without interactions.
 */
export function merchantAffinityFactor(merchantId: string, interactions: ReadonlyMap<string, number>): number {
  let max = 0;
  for (const v of interactions.values()) max = Math.max(max, v);
  return max > 0 ? clamp01((interactions.get(merchantId) ?? 0) / max) : 0;
}

/** The saving as a fraction of the original price (0 without an original price or without a saving). */
export const savingOf = (priceAmount: number, originalAmount: number | null): number =>
  originalAmount && originalAmount > priceAmount ? (originalAmount - priceAmount) / originalAmount : 0;

/** Discount sensitivity: sensitivity (0..1, null = unknown = 0) × min(1, saving ÷ 50 %). */
export function discountFactor(saving: number, sensitivity: number | null | undefined): number {
  return clamp01(sensitivity ?? 0) * clamp01(saving / DEAL_FEED_PARAMS.fullSaving);
}

/**
 * Hours from `now` until the start of the shopper's next active hour after the current one (UTC hours 0–23); 24
 * when no active hours are known (shoppers are assumed back daily).
 */
export function hoursUntilNextActive(now: Date, activeHours: readonly number[]): number {
  const hours = new Set(activeHours.filter((h) => Number.isInteger(h) && h >= 0 && h <= 23));
  const current = now.getUTCHours();
  const intoHour = (now.getTime() % HOUR_MS) / HOUR_MS;
  if (hours.size === 0) return 24;
  for (let k = 1; k <= 24; k++) if (hours.has((current + k) % 24)) return k - intoHour;
  return 24;
}

/**
 * Timing: ½ urgency + ½ freshness. Urgency is 1 when the deal ends before the shopper's next active hour (now or
 * never), else 2^(−(hours left − hours to that hour) / 72); 0 for a deal without an end. Freshness is
 * 2^(−hours since the start / 72).
 */
export function timingFactor(now: Date, startsAt: Date, expiresAt: Date | null, activeHours: readonly number[]): number {
  const next = hoursUntilNextActive(now, activeHours);
  let urgency = 0;
  if (expiresAt) {
    const left = (expiresAt.getTime() - now.getTime()) / HOUR_MS;
    urgency = left <= next ? 1 : 2 ** (-(left - next) / DEAL_FEED_PARAMS.urgencyHalfLifeHours);
  }
  const age = Math.max(0, (now.getTime() - startsAt.getTime()) / HOUR_MS);
  const freshness = 2 ** (-age / DEAL_FEED_PARAMS.freshnessHalfLifeHours);
  return clamp01(0.5 * urgency + 0.5 * freshness);
}

/** The weighted sum Σ weight × factor (in [0, 1] for factors in [0, 1]). */
export function dealScore(f: DealFeedFactors, weights: Readonly<DealFeedFactors> = DEAL_FEED_WEIGHTS): number {
  let s = 0;
  for (const k of Object.keys(weights) as DealFactorName[]) s += weights[k] * f[k];
  return s;
}

/** A live deal as the feed scores it. */
export interface DealCandidate {
  dealId: string;
  merchantId: string;
  productId: string | null;
  /** `Category.slug` of each level of the deal's category path, top first (empty when unknown). */
  categorySlugs: readonly string[];
  currency: string;
  priceAmount: number;
  originalAmount: number | null;
  startsAt: Date;
  expiresAt: Date | null;
  /** Confidence score from the deal subgraph, 0..1. */
  confidence: number;
}

/** What the feed knows about the shopper. */
export interface DealShopper {
  categories: readonly string[];
  priceRange: { min: MoneyAmount; max: MoneyAmount } | null;
  discountSensitivity: number | null;
  activeHours: readonly number[];
  /** Clicks + 3 × saves per merchant. */
  merchantInteractions: ReadonlyMap<string, number>;
  /** Collaborative and content scores of a product for the shopper, each in [0, 1] (0 for unknown products). */
  productScores: (productId: string) => { collaborative: number; content: number };
  /** True when the shopper has a purchase history (collaborative and content have signal). */
  hasHistory: boolean;
}

/** True when nothing personal is known: such shoppers get a feed ranked by deal quality alone. */
export function isColdShopper(s: DealShopper): boolean {
  return s.categories.length === 0 && !s.priceRange && !(s.discountSensitivity && s.discountSensitivity > 0) && s.merchantInteractions.size === 0 && !s.hasHistory;
}

/** All eight factors of one deal for one shopper at `now`. */
export function dealFactors(d: DealCandidate, s: DealShopper, now: Date): DealFeedFactors {
  const product = d.productId ? s.productScores(d.productId) : { collaborative: 0, content: 0 };
  return {
    category: categoryFactor(d.categorySlugs, s.categories),
    priceRange: priceRangeFactor({ amount: d.priceAmount, currency: d.currency }, s.priceRange),
    merchantAffinity: merchantAffinityFactor(d.merchantId, s.merchantInteractions),
    discountSensitivity: discountFactor(savingOf(d.priceAmount, d.originalAmount), s.discountSensitivity),
    timing: timingFactor(now, d.startsAt, d.expiresAt, s.activeHours),
    dealQuality: clamp01(d.confidence),
    collaborative: clamp01(product.collaborative),
    content: clamp01(product.content),
  };
}

/** One scored deal of the feed. */
export interface ScoredDeal {
  deal: DealCandidate;
  score: number;
  factors: DealFeedFactors;
}

/**
 * The feed: live deals (startsAt ≤ now < expiresAt) scored by {@link dealScore} (cold shoppers: by deal quality
 * alone), best first; ties by quality, then deal id. One deal per product (its best); unlinked deals each count.
 */
export function rankDeals(candidates: readonly DealCandidate[], shopper: DealShopper, now: Date, first: number, weights: Readonly<DealFeedFactors> = DEAL_FEED_WEIGHTS): ScoredDeal[] {
  if (first <= 0) return [];
  const cold = isColdShopper(shopper);
  const t = now.getTime();
  const scored: ScoredDeal[] = [];
  for (const d of candidates) {
    if (d.startsAt.getTime() > t || (d.expiresAt && d.expiresAt.getTime() <= t)) continue;
    const factors = dealFactors(d, shopper, now);
    scored.push({ deal: d, factors, score: cold ? factors.dealQuality : dealScore(factors, weights) });
  }
  scored.sort((a, b) => b.score - a.score || b.factors.dealQuality - a.factors.dealQuality || (a.deal.dealId < b.deal.dealId ? -1 : a.deal.dealId > b.deal.dealId ? 1 : 0));
  const seen = new Set<string>();
  const out: ScoredDeal[] = [];
  for (const s of scored) {
    if (s.deal.productId) {
      if (seen.has(s.deal.productId)) continue;
      seen.add(s.deal.productId);
    }
    out.push(s);
    if (out.length >= first) break;
  }
  return out;
}
