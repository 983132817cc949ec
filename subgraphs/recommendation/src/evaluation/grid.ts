/**
 * Choosing the HOME weights: a small grid around the seed weights is evaluated on the validation split (each
 * customer's second-to-last order), never on the test split the report's targets use.
 */
import { SEED_WEIGHTS, STRATEGIES, type Weights } from '../engine/ensemble.ts';
import type { Alternative, EvaluationResult } from './evaluate.ts';

/**
 * The grid: trending 0.15–0.8, content 0.1/0.25, seasonal 0.05/0.1, at most 2 or 3 per category; collaborative 0.3,
 * cross-sell 0.2 and buy-again 1 fixed.
 */
export function weightGrid(): Record<string, Alternative> {
  const grid: Record<string, Alternative> = {};
  for (const trending of [0.15, 0.3, 0.5, 0.8])
    for (const content of [0.1, 0.25])
      for (const seasonal of [0.05, 0.1])
        for (const maxPerCategory of [2, 3]) {
          const weights: Weights = { ...SEED_WEIGHTS, TRENDING: trending, CONTENT: content, SEASONAL: seasonal, BUY_AGAIN: 1 };
          grid[alternativeName(weights, maxPerCategory)] = { weights, maxPerCategory };
        }
  return grid;
}

/** A readable name: the weights in strategy order, then the per-category limit. */
export function alternativeName(w: Weights, maxPerCategory: number): string {
  return `${STRATEGIES.map((s) => w[s]).join(' / ')}, ≤ ${maxPerCategory} per category`;
}

/**
 * The rule: among the alternatives whose hit@10 in setting (a) reaches the customers' own top 10, the best hit@10
 * in setting (b) (ties: NDCG@10 in (b)); when none reaches it, the best sum of both hit rates.
 */
export function chooseAlternative(validation: EvaluationResult): string {
  const own = validation.a.rows.OWN_TOP?.hitRate ?? 0;
  const names = Object.keys(validation.a.alternatives);
  const a = (n: string) => validation.a.alternatives[n]!;
  const b = (n: string) => validation.b.alternatives[n]!;
  const eligible = names.filter((n) => a(n).hitRate >= own);
  const pool = eligible.length > 0 ? eligible : names;
  const key = (n: string) => (eligible.length > 0 ? b(n).hitRate : a(n).hitRate + b(n).hitRate);
  return pool.reduce((best, n) => (key(n) > key(best) || (key(n) === key(best) && b(n).ndcg > b(best).ndcg) ? n : best));
}
