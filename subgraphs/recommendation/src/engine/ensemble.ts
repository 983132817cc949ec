/**
 * The weighted ensemble: every strategy's scores are brought to [0, 1] (divided by their maximum over the eligible
 * items), weighted per context, summed and divided by the sum of the weights, so the ensemble score is in [0, 1].
 */
import { normaliseMax } from './strategies.ts';
import { topK } from './topk.ts';

/** The strategies, in the order of the GraphQL enum `RecommendationStrategy`. */
export const STRATEGIES = ['COLLABORATIVE', 'CONTENT', 'TRENDING', 'CROSS_SELL', 'SEASONAL', 'BUY_AGAIN'] as const;
export type StrategyName = (typeof STRATEGIES)[number];
/** Where a recommendation is shown (GraphQL enum `RecommendationContext`). */
export const CONTEXTS = ['HOME', 'PRODUCT', 'CART', 'SEARCH'] as const;
export type RecommendationContextName = (typeof CONTEXTS)[number];

export type Weights = Record<StrategyName, number>;

/** The seed weights of the issue (buy-again is weighted per context). */
export const SEED_WEIGHTS: Omit<Weights, 'BUY_AGAIN'> = { COLLABORATIVE: 0.3, CONTENT: 0.25, TRENDING: 0.15, CROSS_SELL: 0.2, SEASONAL: 0.1 };

/**
 * Weights per context. HOME was chosen on the evaluation's validation split (EVALUATION.md, "Choosing the HOME
 * weights": trending 0.8 and seasonal 0.05 instead of 0.15 and 0.1; buy-again 1.0 — wholesale-like customers mostly
 * re-order). PRODUCT, CART and SEARCH keep the seed weights (no offline data for those contexts) with buy-again 0.1
 * (the shopper is exploring), 0.3 (reminders next to the basket) and 0.1.
 */
export const CONTEXT_WEIGHTS: Record<RecommendationContextName, Weights> = {
  HOME: { COLLABORATIVE: 0.3, CONTENT: 0.25, TRENDING: 0.8, CROSS_SELL: 0.2, SEASONAL: 0.05, BUY_AGAIN: 1.0 },
  PRODUCT: { ...SEED_WEIGHTS, BUY_AGAIN: 0.1 },
  CART: { ...SEED_WEIGHTS, BUY_AGAIN: 0.3 },
  SEARCH: { ...SEED_WEIGHTS, BUY_AGAIN: 0.1 },
};

/** Checks a weights table: every weight finite and ≥ 0, at least one > 0. Throws a sentence naming the problem. */
export function validateWeights(w: Partial<Weights>, where = 'weights'): Weights {
  const out = {} as Weights;
  let sum = 0;
  for (const s of STRATEGIES) {
    const v = w[s] ?? 0;
    if (!Number.isFinite(v) || v < 0) throw new Error(`${where}.${s} must be a finite number ≥ 0, got ${String(w[s])}.`);
    out[s] = v;
    sum += v;
  }
  if (!(sum > 0)) throw new Error(`${where} must give at least one strategy a weight above 0.`);
  return out;
}

/** Raw per-strategy scores over the same n items (a strategy that did not run is absent). */
export type StrategyScores = Partial<Record<StrategyName, Float64Array>>;

/** How strategy scores are made comparable: ÷ their maximum, or by rank (`c / (c + rank)` over the best `depth`). */
export type Normalisation = 'max' | { rank: { c: number; depth: number } };

/** Normalises each strategy's scores in place: excluded items → 0, then ÷ the maximum (a strategy without signal stays 0). */
export function normaliseScores(scores: StrategyScores, exclude?: ArrayLike<number>, mode: Normalisation = 'max'): void {
  for (const s of STRATEGIES) {
    const v = scores[s];
    if (!v) continue;
    if (mode === 'max') normaliseMax(v, exclude);
    else {
      const ranked = topK(v, mode.rank.depth, { exclude });
      v.fill(0);
      ranked.forEach((item, r) => (v[item] = mode.rank.c / (mode.rank.c + r)));
    }
  }
}

/** The ensemble of normalised scores: `Σ w_s · score_s / Σ w_s` (the sum over the whole weights table), excluded items 0. */
export function weightedSum(out: Float64Array, normalised: StrategyScores, weights: Weights, exclude?: ArrayLike<number>): void {
  out.fill(0);
  let total = 0;
  for (const s of STRATEGIES) total += weights[s];
  if (!(total > 0)) return;
  for (const s of STRATEGIES) {
    const v = normalised[s];
    const w = weights[s] / total;
    if (!v || w === 0) continue;
    for (let j = 0; j < out.length; j++) out[j]! += w * v[j]!;
  }
  if (exclude) for (let j = 0; j < out.length; j++) if (exclude[j]) out[j] = 0;
}

/** {@link normaliseScores} (in place) then {@link weightedSum} into `out`. */
export function combine(out: Float64Array, scores: StrategyScores, weights: Weights, exclude?: ArrayLike<number>): void {
  normaliseScores(scores, exclude);
  weightedSum(out, scores, weights, exclude);
}

/** The environment variable that overrides context weights, e.g. `{"HOME":{"TRENDING":0.5}}` (README). */
export const WEIGHTS_ENV = 'RECOMMENDATION_WEIGHTS';

/**
 * The weights per context: {@link CONTEXT_WEIGHTS}, with the contexts and strategies named in `json` (the value of
 * {@link WEIGHTS_ENV}) replaced. Throws one sentence naming the variable and the problem.
 */
export function contextWeightsFrom(json: string | undefined): Record<RecommendationContextName, Weights> {
  if (json === undefined || json.trim() === '') return CONTEXT_WEIGHTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`${WEIGHTS_ENV} must be a JSON object such as {"HOME":{"TRENDING":0.5}}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${WEIGHTS_ENV} must be a JSON object such as {"HOME":{"TRENDING":0.5}}.`);
  const out = { ...CONTEXT_WEIGHTS };
  for (const [context, weights] of Object.entries(parsed)) {
    if (!(CONTEXTS as readonly string[]).includes(context)) throw new Error(`${WEIGHTS_ENV}: unknown context ${JSON.stringify(context)}; use ${CONTEXTS.join(', ')}.`);
    if (typeof weights !== 'object' || weights === null) throw new Error(`${WEIGHTS_ENV}.${context} must be an object of strategy weights.`);
    for (const key of Object.keys(weights)) {
      if (!(STRATEGIES as readonly string[]).includes(key)) throw new Error(`${WEIGHTS_ENV}.${context}: unknown strategy ${JSON.stringify(key)}; use ${STRATEGIES.join(', ')}.`);
    }
    const ctx = context as RecommendationContextName;
    out[ctx] = validateWeights({ ...CONTEXT_WEIGHTS[ctx], ...(weights as Partial<Weights>) }, `${WEIGHTS_ENV}.${context}`);
  }
  return out;
}
