/** The documented parameters of the strategies (README.md, EVALUATION.md); the evaluation and the subgraph share them. */
export interface RecommendationParams {
  /** Buy-again: a purchase loses half its weight every this many days. */
  buyAgainHalfLifeDays: number;
  /** Trending: an order loses half its weight every this many days. */
  trendingHalfLifeDays: number;
  /** Trending: virtual orders that pull a country's shares towards the global ones. */
  trendingPseudoOrders: number;
  /** Trending and seasonal: only the best this many products per list take part. */
  listLimit: number;
  /** Seasonal: ± days around the same day last year. */
  seasonalHalfWindowDays: number;
  /** Collaborative and cross-sell: pairs bought together in fewer orders are ignored. */
  minSupport: number;
  /**
   * Collaborative and cross-sell: pairs bought together rarely are trusted less. The stored similarity is
   * `cosine · together / (together + shrinkage)`, and cross-sell's confidence is `together / (orders + shrinkage)`.
   */
  similarityShrinkage: number;
  /** Collaborative and cross-sell: best neighbours read per seed product. */
  neighboursPerProduct: number;
  /** History products (best buy-again score first) that shape the content profile. */
  historyLimit: number;
  /** History products (best buy-again score first) whose neighbours feed collaborative filtering. */
  collaborativeSeeds: number;
  /** Basket products whose neighbours feed cross-sell. */
  basketLimit: number;
  /** Diversity: at most this many recommendations per leaf category. */
  maxPerCategory: number;
  /** Diversity looks this many times `first` deep into the ensemble ranking. */
  diversityDepth: number;
  /** Orders with more distinct products are bulk buys: they count for the customer's history only. */
  maxDistinctProducts: number;
}

export const DEFAULT_PARAMS: RecommendationParams = {
  buyAgainHalfLifeDays: 90,
  trendingHalfLifeDays: 3,
  trendingPseudoOrders: 20,
  listLimit: 200,
  seasonalHalfWindowDays: 14,
  minSupport: 3,
  similarityShrinkage: 10,
  neighboursPerProduct: 20,
  historyLimit: 200,
  collaborativeSeeds: 100,
  basketLimit: 50,
  maxPerCategory: 3,
  diversityDepth: 5,
  maxDistinctProducts: 100,
};
