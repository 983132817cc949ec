/**
 * The recommendation strategies as pure functions over typed arrays. Every function scores n candidate items into
 * `out` (a Float64Array of length n; item indexes are dense: the whole catalogue in the evaluation, the candidates of
 * one request in the subgraph). Scores are raw; {@link normaliseMax} brings each strategy to [0, 1] before the
 * ensemble. The same functions run in the offline evaluation and behind the GraphQL fields.
 */
import type { ItemFeatures } from './features.ts';
import { PRICE_BANDS } from './features.ts';

/**
 * Neighbour lists of some seed items in CSR form: seed s's neighbours are entries `offsets[s] … offsets[s+1]`, each
 * with the neighbour's item index, its cosine similarity to the seed and the orders the two were bought together in.
 */
export interface NeighbourLists {
  offsets: Int32Array;
  item: Int32Array;
  score: Float64Array;
  together: Float64Array;
}

/**
 * The similarity of two products from their order counts: cosine `together / sqrt(orders(a) · orders(b))`, shrunk
 * by `together / (together + shrinkage)` so that pairs seen in few orders count less; in [0, 1].
 */
export function pairSimilarity(together: number, ordersA: number, ordersB: number, shrinkage: number): number {
  if (!(together > 0) || !(ordersA > 0) || !(ordersB > 0)) return 0;
  return Math.min(1, together / Math.sqrt(ordersA * ordersB)) * (together / (together + Math.max(0, shrinkage)));
}

/** Builds {@link NeighbourLists} from per-seed arrays of `{ item, score, together }`. */
export function neighbourLists(perSeed: readonly (readonly { item: number; score: number; together: number }[])[]): NeighbourLists {
  const total = perSeed.reduce((n, l) => n + l.length, 0);
  const offsets = new Int32Array(perSeed.length + 1);
  const item = new Int32Array(total);
  const score = new Float64Array(total);
  const together = new Float64Array(total);
  let e = 0;
  perSeed.forEach((list, s) => {
    for (const nb of list) {
      item[e] = nb.item;
      score[e] = nb.score;
      together[e] = nb.together;
      e++;
    }
    offsets[s + 1] = e;
  });
  return { offsets, item, score, together };
}

/** Divides by the maximum over the items not excluded (excluded items become 0); returns that maximum. */
export function normaliseMax(scores: Float64Array, exclude?: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (exclude && exclude[i]) scores[i] = 0;
    else if (scores[i]! > max) max = scores[i]!;
  }
  if (max > 0 && max !== 1) for (let i = 0; i < scores.length; i++) scores[i]! /= max;
  return max;
}

/**
 * Buy-again: the customer's decayed purchase count per product, `Σ 2^(−age/halfLife)` over their orders containing
 * it (frequency and recency in one number; the decay is applied by the caller, see decay.ts).
 */
export function buyAgainScores(out: Float64Array, items: ArrayLike<number>, decayedOrders: ArrayLike<number>): void {
  for (let k = 0; k < items.length; k++) out[items[k]!]! += decayedOrders[k]!;
}

/**
 * Item-item collaborative filtering: `Σ_s weight(s) · sim(s, j)` over the seed items s (the customer's history,
 * weighted by their buy-again score) and their neighbours j (cosine similarity, minimum support applied upstream).
 */
export function collaborativeScores(out: Float64Array, lists: NeighbourLists, seedWeights: ArrayLike<number>): void {
  const seeds = lists.offsets.length - 1;
  for (let s = 0; s < seeds; s++) {
    const w = seedWeights[s]!;
    if (!(w > 0)) continue;
    for (let e = lists.offsets[s]!; e < lists.offsets[s + 1]!; e++) out[lists.item[e]!]! += w * lists.score[e]!;
  }
}

/**
 * Cross-sell (bought together with the basket): with `conf(s → j) = together(s, j) / orders(s)`, the score is the
 * chance that at least one basket item pulls j in, `1 − Π_s (1 − conf(s → j))`, in [0, 1]. With `shrinkage` the
 * confidence is `together / (orders(s) + shrinkage)`, so a rarely bought seed cannot claim certainty.
 */
export function crossSellScores(out: Float64Array, lists: NeighbourLists, seedOrders: ArrayLike<number>, shrinkage = 0): void {
  const seeds = lists.offsets.length - 1;
  const touched: number[] = [];
  const logMiss = new Map<number, number>();
  for (let s = 0; s < seeds; s++) {
    const orders = seedOrders[s]!;
    if (!(orders > 0)) continue;
    for (let e = lists.offsets[s]!; e < lists.offsets[s + 1]!; e++) {
      const j = lists.item[e]!;
      const conf = Math.min(1, lists.together[e]! / (orders + Math.max(0, shrinkage)));
      const prev = logMiss.get(j);
      if (prev === undefined) touched.push(j);
      logMiss.set(j, (prev ?? 0) + Math.log1p(-conf));
    }
  }
  for (const j of touched) out[j] = Math.max(out[j]!, 1 - Math.exp(logMiss.get(j)!));
}

/** Weights of the content features; they sum to 1, so a content score is in [0, 1]. */
export const CONTENT_FEATURE_WEIGHTS = { leaf: 0.35, top: 0.15, brand: 0.2, tags: 0.2, band: 0.1 } as const;

/** A customer's taste: per feature value the weighted share of their history, each divided by its maximum. */
export interface ContentProfile {
  leaf: Float64Array;
  top: Float64Array;
  brand: Float64Array;
  tag: Float64Array;
  band: Float64Array;
}

/** Builds a {@link ContentProfile} from seed items (the customer's history) and their weights. */
export function contentProfile(f: ItemFeatures, seeds: ArrayLike<number>, weights: ArrayLike<number>): ContentProfile {
  const p: ContentProfile = {
    leaf: new Float64Array(f.dims.leaf),
    top: new Float64Array(f.dims.top),
    brand: new Float64Array(f.dims.brand),
    tag: new Float64Array(f.dims.tag),
    band: new Float64Array(PRICE_BANDS),
  };
  for (let k = 0; k < seeds.length; k++) {
    const i = seeds[k]!;
    const w = weights[k]!;
    if (!(w > 0)) continue;
    if (f.leaf[i]! >= 0) p.leaf[f.leaf[i]!]! += w;
    if (f.top[i]! >= 0) p.top[f.top[i]!]! += w;
    if (f.brand[i]! >= 0) p.brand[f.brand[i]!]! += w;
    if (f.band[i]! >= 0) p.band[f.band[i]!]! += w;
    for (let t = f.tagOffsets[i]!; t < f.tagOffsets[i + 1]!; t++) p.tag[f.tags[t]!]! += w;
  }
  for (const v of [p.leaf, p.top, p.brand, p.tag, p.band]) normaliseMax(v);
  return p;
}

/**
 * Content-based: how well each item's category, top category, brand, tags (mean over its tags) and price band match
 * the profile, weighted by {@link CONTENT_FEATURE_WEIGHTS}; in [0, 1].
 */
export function contentScores(out: Float64Array, f: ItemFeatures, p: ContentProfile): void {
  const W = CONTENT_FEATURE_WEIGHTS;
  for (let i = 0; i < f.n; i++) {
    let s = 0;
    if (f.leaf[i]! >= 0) s += W.leaf * p.leaf[f.leaf[i]!]!;
    if (f.top[i]! >= 0) s += W.top * p.top[f.top[i]!]!;
    if (f.brand[i]! >= 0) s += W.brand * p.brand[f.brand[i]!]!;
    if (f.band[i]! >= 0) s += W.band * p.band[f.band[i]!]!;
    const t0 = f.tagOffsets[i]!;
    const t1 = f.tagOffsets[i + 1]!;
    if (t1 > t0) {
      let sum = 0;
      for (let t = t0; t < t1; t++) sum += p.tag[f.tags[t]!]!;
      s += (W.tags * sum) / (t1 - t0);
    }
    out[i] = s;
  }
}

/**
 * Trending: the share of recent orders (time-decayed counts) in the customer's country that contain each item,
 * shrunk towards the global share with `pseudoOrders` virtual orders:
 * `(country(j) + m · global(j) / globalTotal) / (countryTotal + m)`. Countries with few orders follow the global trend.
 * `country` may be null (unknown country: the global share alone).
 */
export function trendingScores(
  out: Float64Array,
  country: ArrayLike<number> | null,
  countryTotal: number,
  global: ArrayLike<number>,
  globalTotal: number,
  pseudoOrders: number,
): void {
  const m = pseudoOrders;
  const denom = (country ? countryTotal : 0) + m;
  for (let j = 0; j < out.length; j++) {
    const share = globalTotal > 0 ? global[j]! / globalTotal : 0;
    out[j] = ((country ? country[j]! : 0) + m * share) / denom;
  }
}

/** The day window of "the same period last year" around day `now`: [now − 365 − half, now − 365 + half]. */
export function seasonalWindow(now: number, halfWindowDays: number): [from: number, to: number] {
  return [now - 365 - halfWindowDays, now - 365 + halfWindowDays];
}

/** Seasonal: orders containing each item in the same period last year (counted by the caller over the window). */
export function seasonalScores(out: Float64Array, windowOrders: ArrayLike<number>): void {
  for (let j = 0; j < out.length; j++) out[j] = windowOrders[j]!;
}
