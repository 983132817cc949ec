/**
 * One recommendation request over n items as typed arrays: the strategies' raw scores, the weighted ensemble, the
 * exclusions and the diversity pass. The offline evaluation and the GraphQL resolvers both build a
 * {@link RecommendInput} (from the replayed data set, or from SQL rows) and call {@link recommend}.
 */
import { combine, type StrategyScores, type Weights } from './ensemble.ts';
import type { ItemFeatures } from './features.ts';
import type { RecommendationParams } from './params.ts';
import {
  buyAgainScores,
  collaborativeScores,
  contentProfile,
  contentScores,
  crossSellScores,
  seasonalScores,
  trendingScores,
  type NeighbourLists,
} from './strategies.ts';
import { limitPerGroup, topK } from './topk.ts';

/** Everything the strategies read for one request; absent parts switch their strategy off. */
export interface RecommendInput {
  /** Number of items; every array below is indexed by item (0 … n−1) unless said otherwise. */
  n: number;
  /** The customer's purchases: item and decayed order count (buy-again), best first. */
  history?: { items: Int32Array; decayed: Float64Array } | undefined;
  /** Neighbour lists of the collaborative seeds (the best history items or the viewed product) and their weights. */
  seeds?: { lists: NeighbourLists; weights: Float64Array } | undefined;
  /** Neighbour lists of the basket items and each basket item's order count (cross-sell). */
  basket?: { lists: NeighbourLists; orders: Float64Array } | undefined;
  /** Attributes of the n items (content-based). */
  features?: ItemFeatures | undefined;
  /** Decayed order counts in the customer's country (null: unknown country) and globally, with their totals. */
  trending?: { country: Float64Array | null; countryTotal: number; global: Float64Array; globalTotal: number } | undefined;
  /** Orders per item in the same period last year. */
  seasonal?: Float64Array | undefined;
  /** Tie-break for equal scores (e.g. orders per item), higher first. */
  tieBreak?: ArrayLike<number> | undefined;
}

/** The raw scores of every strategy that has input (not normalised). */
export function strategyScores(input: RecommendInput, params: Pick<RecommendationParams, 'trendingPseudoOrders' | 'historyLimit' | 'similarityShrinkage'>): StrategyScores {
  const { n } = input;
  const out: StrategyScores = {};
  const h = input.history;
  if (h && h.items.length > 0) {
    out.BUY_AGAIN = new Float64Array(n);
    buyAgainScores(out.BUY_AGAIN, h.items, h.decayed);
    if (input.features) {
      const m = Math.min(h.items.length, params.historyLimit);
      const profile = contentProfile(input.features, h.items.subarray(0, m), h.decayed.subarray(0, m));
      out.CONTENT = new Float64Array(n);
      contentScores(out.CONTENT, input.features, profile);
    }
  }
  if (input.seeds) {
    out.COLLABORATIVE = new Float64Array(n);
    collaborativeScores(out.COLLABORATIVE, input.seeds.lists, input.seeds.weights);
  }
  if (input.basket) {
    out.CROSS_SELL = new Float64Array(n);
    crossSellScores(out.CROSS_SELL, input.basket.lists, input.basket.orders, params.similarityShrinkage);
  }
  if (input.trending) {
    const t = input.trending;
    out.TRENDING = new Float64Array(n);
    trendingScores(out.TRENDING, t.country, t.countryTotal, t.global, t.globalTotal, params.trendingPseudoOrders);
  }
  if (input.seasonal) {
    out.SEASONAL = new Float64Array(n);
    seasonalScores(out.SEASONAL, input.seasonal);
  }
  return out;
}

/** Options of {@link recommend}. */
export interface RecommendOptions {
  first: number;
  weights: Weights;
  /** Items never recommended (e.g. out of stock, already bought, the viewed product). */
  exclude?: Uint8Array | undefined;
  /** Group per item for diversity (leaf category; −1 = unlimited) and the limit per group; omit to skip diversity. */
  diversity?: { group: ArrayLike<number>; maxPerGroup: number; depth: number } | undefined;
}

/** What {@link recommend} returns: the chosen items (best first), the ensemble and the normalised strategy scores. */
export interface RecommendResult {
  items: Int32Array;
  ensemble: Float64Array;
  /** Per strategy, scores in [0, 1] (÷ max over eligible items). */
  scores: StrategyScores;
}

/** Scores, combines, excludes and diversifies: the whole served pipeline. */
export function recommend(input: RecommendInput, params: RecommendationParams, opts: RecommendOptions): RecommendResult {
  const scores = strategyScores(input, params);
  const ensemble = new Float64Array(input.n);
  combine(ensemble, scores, opts.weights, opts.exclude);
  const tie = { exclude: opts.exclude, tieBreak: input.tieBreak };
  const items = opts.diversity
    ? limitPerGroup(topK(ensemble, opts.first * opts.diversity.depth, tie), opts.diversity.group, opts.diversity.maxPerGroup, opts.first)
    : topK(ensemble, opts.first, tie);
  return { items, ensemble, scores };
}
