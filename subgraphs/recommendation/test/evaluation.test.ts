import { describe, expect, it } from 'vitest';
import { aggregateCoPurchases } from '../src/co-purchase.ts';
import { CONTEXT_WEIGHTS, SEED_WEIGHTS } from '../src/engine/ensemble.ts';
import { DEFAULT_PARAMS } from '../src/engine/params.ts';
import { evaluate, type EvaluationData, type EvaluationResult, type MetricRow } from '../src/evaluation/evaluate.ts';
import { chooseAlternative, weightGrid } from '../src/evaluation/grid.ts';
import { hitAt, ndcgAt } from '../src/evaluation/metrics.ts';
import { ReplayModel } from '../src/evaluation/replay.ts';
import { evaluationDataFromRetail } from '../src/evaluation/retail.ts';
import { worldInvoices, worldProducts } from './world.ts';

describe('metrics', () => {
  it('hit@k and NDCG@k with binary relevance', () => {
    expect(hitAt([5, 6, 7], new Set([7]), 3)).toBe(1);
    expect(hitAt([5, 6, 7], new Set([7]), 2)).toBe(0);
    expect(ndcgAt([5, 6, 7], new Set([5]), 3)).toBe(1);
    expect(ndcgAt([5, 6, 7], new Set([6]), 3)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcgAt([5, 6, 7], new Set([6, 9]), 3)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgAt([5], new Set(), 3)).toBe(0);
  });
});

/**
 * Six products in one category. Customer 0: day 1 [0, 1], last day 5 [2]. Customer 1: days 2, 3, 4 [0, 2]. A guest
 * buys 3 on days 0 and 0.5; customer 2 buys 4 once, on day 6 — after every prediction.
 */
const tiny: EvaluationData = {
  products: Array.from({ length: 6 }, () => ({ categoryPath: ['Home', 'Candles'], brand: null, tags: [], priceMinor: 100 })),
  countries: 1,
  orders: [
    { customer: -1, country: 0, day: 0, items: Int32Array.from([3]) },
    { customer: -1, country: 0, day: 0.5, items: Int32Array.from([3]) },
    { customer: 0, country: 0, day: 1, items: Int32Array.from([0, 1]) },
    { customer: 1, country: 0, day: 2, items: Int32Array.from([0, 2]) },
    { customer: 1, country: 0, day: 3, items: Int32Array.from([0, 2]) },
    { customer: 1, country: 0, day: 4, items: Int32Array.from([0, 2]) },
    { customer: 0, country: 0, day: 5, items: Int32Array.from([2]) },
    { customer: 2, country: 0, day: 6, items: Int32Array.from([4]) },
  ],
};

describe('evaluate', () => {
  it('predicts each last order from what happened before it, in both settings', () => {
    const r = evaluate(tiny, { params: { ...DEFAULT_PARAMS, minSupport: 1 } });
    expect(r).toMatchObject({ holdout: 'last', customersEvaluated: 2, products: 6, orders: 8 });
    expect(r.a).toMatchObject({ customers: 2, relevantItems: 3 });
    // Customer 1 bought nothing new in the last order: only customer 0 counts in (b).
    expect(r.b).toMatchObject({ customers: 1, relevantItems: 1 });
    // Popularity before day 4: 0×3, 2×2, 3×2, 1×1 → [0, 2, 3, 1] hits both of {0, 2} (NDCG 1); before day 5:
    // [0, 2, 3, 1] again → 2 at rank 2; in (b) customer 0's 0 and 1 are excluded → 2 first.
    const pop = r.a.rows.POPULARITY!;
    expect(pop.hitRate).toBe(1);
    expect(pop.ndcg).toBeCloseTo((1 + 1 / Math.log2(3)) / 2, 12);
    expect(pop.distinctItems).toBe(4); // product 4 is only bought after every prediction
    expect(r.b.rows.POPULARITY).toMatchObject({ hitRate: 1, ndcg: 1 });
    // Own top 10: customer 1 → [0, 2] (both right); customer 0 → [0, 1] (2 is new to them).
    expect(r.a.rows.OWN_TOP).toMatchObject({ hitRate: 0.5, ndcg: 0.5 });
    expect(r.b.rows.OWN_TOP).toBeUndefined();
    expect(r.b.rows.BUY_AGAIN).toBeUndefined();
    // Collaborative: customer 0's products 0 and 1; 0 was bought with 2 twice before day 5 → 2 is recommended.
    expect(r.b.rows.COLLABORATIVE?.hitRate).toBe(1);
    for (const row of [...Object.values(r.a.rows), ...Object.values(r.b.rows)] as MetricRow[]) {
      expect(row.coverage).toBeCloseTo(row.distinctItems / 6, 12);
      expect(row.distinctItems).toBeLessThanOrEqual(4); // never 4 (sold after every prediction) nor 5 (never sold)
    }
  });

  it('validation holds out the second-to-last order of customers with three or more', () => {
    const r = evaluate(tiny, { holdout: 'penultimate', params: { ...DEFAULT_PARAMS, minSupport: 1 } });
    expect(r).toMatchObject({ holdout: 'penultimate', customersEvaluated: 1 });
    expect(r.a).toMatchObject({ customers: 1, relevantItems: 2 });
    expect(r.b.customers).toBe(0);
  });

  it('evaluates alternative weight tables in the same pass', () => {
    const onlyTrending = { ...SEED_WEIGHTS, COLLABORATIVE: 0, CONTENT: 0, CROSS_SELL: 0, SEASONAL: 0, TRENDING: 1, BUY_AGAIN: 0 };
    const r = evaluate(tiny, { params: { ...DEFAULT_PARAMS, minSupport: 1 }, alternatives: { trending: { weights: onlyTrending } } });
    expect(r.a.alternatives.trending).toEqual(r.a.rows.TRENDING);
  });
});

describe('chooseAlternative', () => {
  const row = (hitRate: number, ndcg = 0): MetricRow => ({ hitRate, ndcg, coverage: 0, distinctItems: 0 });
  const result = (own: number, alts: Record<string, [number, number, number]>) =>
    ({
      a: { rows: { OWN_TOP: row(own) }, alternatives: Object.fromEntries(Object.entries(alts).map(([k, [a]]) => [k, row(a)])) },
      b: { rows: {}, alternatives: Object.fromEntries(Object.entries(alts).map(([k, [, b, nd]]) => [k, row(b, nd)])) },
    }) as unknown as EvaluationResult;

  it('takes the best (b) hit rate among the entries that reach the own top 10 in (a), ties by (b) NDCG', () => {
    expect(chooseAlternative(result(0.7, { x: [0.69, 0.5, 0], y: [0.71, 0.4, 0], z: [0.72, 0.4, 0.1] }))).toBe('z');
    expect(chooseAlternative(result(0.9, { x: [0.69, 0.5, 0], y: [0.71, 0.4, 0] }))).toBe('x'); // none reaches: best sum
  });

  it('has 32 documented entries, one of them the served HOME weights', () => {
    const grid = weightGrid();
    expect(Object.keys(grid)).toHaveLength(32);
    const served = Object.values(grid).filter(
      (g) => JSON.stringify(g.weights) === JSON.stringify(CONTEXT_WEIGHTS.HOME) && g.maxPerCategory === DEFAULT_PARAMS.maxPerCategory,
    );
    expect(served).toHaveLength(1);
  });
});

describe('the replay keeps what the seed stores', () => {
  it('has the same co-purchase neighbours and scores as the seed aggregation', () => {
    const data = evaluationDataFromRetail({ products: worldProducts(), invoices: worldInvoices() });
    const model = new ReplayModel(data.products.length, data.countries, DEFAULT_PARAMS);
    for (const o of data.orders) model.apply(o);
    const ids = worldProducts().map((p) => p.id);
    const seeded = aggregateCoPurchases(worldInvoices()).pairs;
    expect(seeded.length).toBeGreaterThan(0);
    const replayed = ids.flatMap((id, i) => model.neighbours(i).map((nb) => ({ productId: id, otherProductId: ids[nb.item]!, ordersTogether: nb.together, score: nb.score })));
    expect(replayed).toEqual(seeded);
  });
});
