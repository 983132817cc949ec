/**
 * Serving: builds the engine's typed-array input from SQL rows (and cached lists) in the catalogue's index space,
 * runs the same pipeline as the offline evaluation (engine/recommend.ts) and turns the result into GraphQL models.
 */
import { toDays } from './engine/decay.ts';
import { CONTEXT_WEIGHTS, STRATEGIES, type RecommendationContextName, type StrategyName, type Weights } from './engine/ensemble.ts';
import { DEFAULT_PARAMS, type RecommendationParams } from './engine/params.ts';
import { recommend, type RecommendInput } from './engine/recommend.ts';
import { contentProfile, contentScores, neighbourLists, normaliseMax, seasonalWindow } from './engine/strategies.ts';
import { topK } from './engine/topk.ts';
import type { Catalogue } from './catalogue.ts';
import { readSeasonal, readShopper, readTrending, type KindedNeighbourRow, type TrendingRows } from './db/queries.ts';
import type { RecommendationModel, StrategyScoreModel } from './models.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** A co-view counts this much relative to a co-purchase in collaborative similarity: `max(purchase, 0.5 · view)`. */
export const CO_VIEW_WEIGHT = 0.5;
/** Product.similar: content similarity and co-views, equally weighted. */
export const SIMILAR_WEIGHTS = { CONTENT: 0.5, COLLABORATIVE: 0.5 } as const;
/** How long cached trending lists (per country) and seasonal lists (per day) are reused. */
export const TRENDING_TTL_S = 300;
export const SEASONAL_TTL_S = 3_600;

/** Reads the stored neighbour lists of some products (the request's DataLoader). */
export type Neighbours = (productIds: readonly string[]) => Promise<KindedNeighbourRow[][]>;

/** The decayed trending lists of a country (cached in rt.cache for {@link TRENDING_TTL_S}). */
export async function trendingLists(rt: RecommendationRuntime, country: string | null, params = DEFAULT_PARAMS): Promise<TrendingRows> {
  const key = `trending:v1:${country ?? '*'}`;
  const cached = await rt.cache.get<TrendingRows>(key);
  if (cached) return cached;
  const rows = await readTrending(rt.db.db, country, rt.clock.now(), params);
  await rt.cache.set(key, rows, TRENDING_TTL_S);
  return rows;
}

/** Orders per product in the same period last year, around today (cached per UTC day). */
export async function seasonalList(rt: RecommendationRuntime, params = DEFAULT_PARAMS): Promise<{ productId: string; orders: number }[]> {
  const today = Math.floor(toDays(rt.clock.now()));
  const [from, to] = seasonalWindow(today, params.seasonalHalfWindowDays);
  const day = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
  const key = `seasonal:v1:${day(today)}`;
  const cached = await rt.cache.get<{ productId: string; orders: number }[]>(key);
  if (cached) return cached;
  const rows = await readSeasonal(rt.db.db, day(from), day(to), params.listLimit);
  await rt.cache.set(key, rows, SEASONAL_TTL_S);
  return rows;
}

/** Dense per-item values from `{ productId, value }` rows (unknown products are skipped). */
function dense(cat: Catalogue, rows: readonly { productId: string; value: number }[]): Float64Array {
  const out = new Float64Array(cat.ids.length);
  for (const r of rows) {
    const i = cat.index.get(r.productId);
    if (i !== undefined) out[i] = r.value;
  }
  return out;
}

/** Neighbour lists per seed: co-purchases, and (when `withViews`) co-views at {@link CO_VIEW_WEIGHT}, merged by max. */
export function listsOf(cat: Catalogue, perSeed: readonly KindedNeighbourRow[][], withViews: boolean) {
  return neighbourLists(
    perSeed.map((rows) => {
      const best = new Map<number, { item: number; score: number; together: number }>();
      for (const r of rows) {
        if (r.kind === 'v' && !withViews) continue;
        const item = cat.index.get(r.otherProductId);
        if (item === undefined) continue;
        const score = r.kind === 'v' ? CO_VIEW_WEIGHT * r.score : r.score;
        const together = r.kind === 'p' ? r.together : 0;
        const prev = best.get(item);
        if (!prev) best.set(item, { item, score, together });
        else best.set(item, { item, score: Math.max(prev.score, score), together: Math.max(prev.together, together) });
      }
      return [...best.values()];
    }),
  );
}

/** Shows a number of orders. */
const times = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export interface PersonalArgs {
  context: RecommendationContextName;
  productId: string | null;
  first: number;
  /** The basket, when the caller knows it (a cart's lines); else the tracked cart additions, else the last order. */
  basket?: readonly string[];
}

/** The user id of a shopper without an account (matches no purchase history). */
export const NO_USER = '00000000-0000-0000-0000-000000000000';

/**
 * A user's recommendations (README "User.recommendations"): history, basket (tracked cart additions, else the last
 * order), the product shown, trending in their country and seasonal lists feed the strategies; the context's weights
 * combine them; out-of-stock products, the product shown and (CART) the basket are excluded; at most
 * `maxPerCategory` per leaf category.
 */
export async function personalRecommendations(
  rt: RecommendationRuntime,
  cat: Catalogue,
  neighbours: Neighbours,
  user: { id: string; country: string | null; sessionId: string | null },
  args: PersonalArgs,
  opts: { params?: RecommendationParams; weights?: Partial<Record<RecommendationContextName, Weights>> } = {},
): Promise<RecommendationModel[]> {
  const params = opts.params ?? DEFAULT_PARAMS;
  const weights = opts.weights?.[args.context] ?? CONTEXT_WEIGHTS[args.context];
  if (args.first === 0) return [];
  const shoppers = [...(user.id !== NO_USER ? [`u:${user.id}`] : []), ...(user.sessionId ? [`s:${user.sessionId}`] : [])];
  const [shopper, trend, seasonal] = await Promise.all([
    readShopper(rt.db.db, user.id, shoppers, rt.clock.now(), params),
    trendingLists(rt, user.country, params),
    seasonalList(rt, params),
  ]);
  const n = cat.ids.length;
  const known = <T extends { productId: string }>(rows: readonly T[]) => rows.filter((r) => cat.index.has(r.productId));
  const history = known(shopper.history);
  const basketIds = (args.basket ?? (shopper.cart.length > 0 ? shopper.cart : shopper.lastOrder)).filter((id) => cat.index.has(id)).slice(0, params.basketLimit);
  const shown = args.productId && cat.index.has(args.productId) ? args.productId : null;
  // Nothing personal to start from (a new user, no cart, no product shown): trending in their country.
  if (history.length === 0 && basketIds.length === 0 && !shown) return trendingFrom(cat, trend, args.first, params);

  // Collaborative seeds: the product shown (weight 1) and the best history products (weights scaled to at most 0.5
  // when a product is shown, else to at most 1).
  const seedRows = history.slice(0, params.collaborativeSeeds);
  const maxDecayed = seedRows[0]?.decayed ?? 0;
  const scale = maxDecayed > 0 ? (shown ? 0.5 : 1) / maxDecayed : 0;
  const seedIds = [...(shown ? [shown] : []), ...seedRows.map((r) => r.productId).filter((id) => id !== shown)];
  const seedWeights = Float64Array.from(seedIds, (id) => (id === shown ? 1 : (seedRows.find((r) => r.productId === id)?.decayed ?? 0) * scale));
  const lists = await neighbours([...new Set([...seedIds, ...basketIds])]);
  const byId = new Map<string, KindedNeighbourRow[]>();
  [...new Set([...seedIds, ...basketIds])].forEach((id, k) => byId.set(id, lists[k] ?? []));

  const input: RecommendInput = {
    n,
    history: {
      items: Int32Array.from(history, (r) => cat.index.get(r.productId)!),
      decayed: Float64Array.from(history, (r) => r.decayed),
    },
    seeds: seedIds.length > 0 ? { lists: listsOf(cat, seedIds.map((id) => byId.get(id) ?? []), true), weights: seedWeights } : undefined,
    basket:
      basketIds.length > 0
        ? { lists: listsOf(cat, basketIds.map((id) => byId.get(id) ?? []), false), orders: Float64Array.from(basketIds, (id) => cat.orders[cat.index.get(id)!]!) }
        : undefined,
    features: cat.features,
    trending: {
      country: trend.country ? dense(cat, trend.countryItems) : null,
      countryTotal: trend.countryTotal,
      global: dense(cat, trend.globalItems),
      globalTotal: trend.globalTotal,
    },
    seasonal: dense(cat, seasonal.map((s) => ({ productId: s.productId, value: s.orders }))),
    tieBreak: cat.orders,
  };
  const exclude = Uint8Array.from(cat.outOfStock);
  if (shown) exclude[cat.index.get(shown)!] = 1;
  if (args.context === 'CART') for (const id of basketIds) exclude[cat.index.get(id)!] = 1;
  const result = recommend(input, params, {
    first: args.first,
    weights,
    exclude,
    diversity: { group: cat.features.leaf, maxPerGroup: params.maxPerCategory, depth: params.diversityDepth },
  });

  const historyOrders = new Map(history.map((r) => [r.productId, r.orders]));
  const seasonalOrders = new Map(seasonal.map((s) => [s.productId, s.orders]));
  const topLeaf = (() => {
    const h = input.history!;
    return h.items.length > 0 ? cat.leafName[h.items[0]!] : '';
  })();
  const detail = (s: StrategyName, id: string, item: number): string | null => {
    switch (s) {
      case 'BUY_AGAIN':
        return `you ordered it ${times(historyOrders.get(id) ?? 0, 'time', 'times')}`;
      case 'COLLABORATIVE':
        return shown ? 'bought or viewed with the product shown' : 'bought or viewed with products you ordered';
      case 'CROSS_SELL':
        return args.basket !== undefined || shopper.cart.length > 0 ? 'bought together with products in your cart' : 'bought together with your last order';
      case 'CONTENT':
        return cat.leafName[item] ? `like your ${topLeaf === cat.leafName[item] ? 'favourite ' : ''}${cat.leafName[item]}` : 'like what you bought';
      case 'TRENDING':
        return trend.country ? `trending in ${trend.country}` : 'trending';
      case 'SEASONAL':
        return `ordered ${times(seasonalOrders.get(id) ?? 0, 'time', 'times')} around this date last year`;
    }
  };
  return [...result.items].map((item) => {
    const id = cat.ids[item]!;
    const reasons: StrategyScoreModel[] = [];
    for (const s of STRATEGIES) {
      const score = result.scores[s]?.[item] ?? 0;
      if (score > 0 && weights[s] > 0) reasons.push({ strategy: s, score, weight: weights[s], detail: detail(s, id, item) });
    }
    return { productId: null, otherProductId: id, score: result.ensemble[item]!, reasons };
  });
}

/**
 * Product.similar for one product: content similarity to it (its category, brand, tags, price band as a one-product
 * profile) and its co-view neighbours, each ÷ its maximum, weighted by {@link SIMILAR_WEIGHTS}; in stock only, the
 * product itself excluded; ties: more orders first.
 */
export function similarTo(cat: Catalogue, productId: string, rows: readonly KindedNeighbourRow[], first: number): RecommendationModel[] {
  const i = cat.index.get(productId);
  if (i === undefined || first <= 0) return [];
  const n = cat.ids.length;
  const content = new Float64Array(n);
  contentScores(content, cat.features, contentProfile(cat.features, [i], [1]));
  const views = new Float64Array(n);
  for (const r of rows) {
    const j = r.kind === 'v' ? cat.index.get(r.otherProductId) : undefined;
    if (j !== undefined) views[j] = Math.max(views[j]!, r.score);
  }
  const exclude = Uint8Array.from(cat.outOfStock);
  exclude[i] = 1;
  normaliseMax(content, exclude);
  normaliseMax(views, exclude);
  const total = SIMILAR_WEIGHTS.CONTENT + SIMILAR_WEIGHTS.COLLABORATIVE;
  const score = new Float64Array(n);
  for (let j = 0; j < n; j++) score[j] = (SIMILAR_WEIGHTS.CONTENT * content[j]! + SIMILAR_WEIGHTS.COLLABORATIVE * views[j]!) / total;
  return [...topK(score, first, { exclude, tieBreak: cat.orders })].map((j) => {
    const reasons: StrategyScoreModel[] = [];
    if (content[j]! > 0) reasons.push({ strategy: 'CONTENT', score: content[j]!, weight: SIMILAR_WEIGHTS.CONTENT, detail: cat.leafName[j] ? `also in ${cat.leafName[j]}` : null });
    if (views[j]! > 0) reasons.push({ strategy: 'COLLABORATIVE', score: views[j]!, weight: SIMILAR_WEIGHTS.COLLABORATIVE, detail: 'viewed by the same shoppers' });
    return { productId, otherProductId: cat.ids[j]!, score: score[j]!, reasons };
  });
}

/** trendingProducts: the trending strategy alone (in stock only), with its share of recent orders as evidence. */
export function trendingFrom(cat: Catalogue, trend: TrendingRows, first: number, params = DEFAULT_PARAMS): RecommendationModel[] {
  const n = cat.ids.length;
  const input: RecommendInput = {
    n,
    trending: {
      country: trend.country ? dense(cat, trend.countryItems) : null,
      countryTotal: trend.countryTotal,
      global: dense(cat, trend.globalItems),
      globalTotal: trend.globalTotal,
    },
    tieBreak: cat.orders,
  };
  const w = { ...Object.fromEntries(STRATEGIES.map((s) => [s, 0])), TRENDING: 1 } as Weights;
  const result = recommend(input, params, { first, weights: w, exclude: cat.outOfStock });
  return [...result.items].map((j) => ({
    productId: null,
    otherProductId: cat.ids[j]!,
    score: result.ensemble[j]!,
    reasons: [{ strategy: 'TRENDING' as const, score: result.scores.TRENDING![j]!, weight: 1, detail: trend.country ? `trending in ${trend.country}` : 'trending' }],
  }));
}

