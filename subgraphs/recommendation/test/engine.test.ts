import { describe, expect, it } from 'vitest';
import { HOUSE_BRAND } from '@emporium/retail-data';
import { bumpCounter, decayFactor, decayedValue } from '../src/engine/decay.ts';
import { CONTEXT_WEIGHTS, STRATEGIES, combine, contextWeightsFrom, normaliseScores, validateWeights, type Weights } from '../src/engine/ensemble.ts';
import { GENERIC_BRANDS, encodeFeatures, priceBand } from '../src/engine/features.ts';
import { DEFAULT_PARAMS } from '../src/engine/params.ts';
import { recommend } from '../src/engine/recommend.ts';
import {
  collaborativeScores,
  contentProfile,
  contentScores,
  crossSellScores,
  neighbourLists,
  pairSimilarity,
  seasonalWindow,
  trendingScores,
} from '../src/engine/strategies.ts';
import { limitPerGroup, topK } from '../src/engine/topk.ts';

const zeroWeights = () => Object.fromEntries(STRATEGIES.map((s) => [s, 0])) as Weights;

describe('decay', () => {
  it('halves every half-life and never grows', () => {
    expect(decayFactor(7, 7)).toBe(0.5);
    expect(decayFactor(14, 7)).toBe(0.25);
    expect(decayFactor(-3, 7)).toBe(1);
    expect(decayFactor(1000, Number.POSITIVE_INFINITY)).toBe(1);
    expect(decayedValue({ value: 8, at: 10 }, 31, 7)).toBe(1);
  });

  it('gives Σ 2^(−age/h) whatever the order the events are applied in', () => {
    const days = [3, 10, 1, 10, 25];
    const expected = days.reduce((s, t) => s + 2 ** (-(30 - t) / 7), 0);
    for (const order of [days, [...days].reverse(), [10, 25, 1, 3, 10]]) {
      const c = order.reduce((acc, t) => bumpCounter(acc, t, 7), { value: 0, at: 0 });
      expect(c.at).toBe(25);
      expect(decayedValue(c, 30, 7)).toBeCloseTo(expected, 12);
    }
  });
});

describe('topK and diversity', () => {
  it('orders by score, then tie-break, then index; skips excluded and zero scores', () => {
    const scores = [0.5, 0.9, 0.5, 0, 0.9, 0.7];
    expect([...topK(scores, 3)]).toEqual([1, 4, 5]);
    expect([...topK(scores, 10)]).toEqual([1, 4, 5, 0, 2]);
    expect([...topK(scores, 3, { tieBreak: [0, 1, 5, 0, 2, 0] })]).toEqual([4, 1, 5]);
    expect([...topK(scores, 3, { exclude: [0, 1, 0, 0, 0, 0] })]).toEqual([4, 5, 0]);
    expect([...topK(scores, 0)]).toEqual([]);
  });

  it('keeps at most k per group in rank order and fills from the skipped ones only when needed', () => {
    const group = [1, 1, 1, 2, 1, -1];
    expect([...limitPerGroup([0, 1, 2, 3, 4, 5], group, 2, 4)]).toEqual([0, 1, 3, 5]);
    expect([...limitPerGroup([0, 1, 2, 4], group, 2, 3)]).toEqual([0, 1, 2]); // relaxed: only group 1 left
    expect([...limitPerGroup([5, 0, 1, 2], group, 1, 3)]).toEqual([5, 0, 1]);
  });
});

describe('strategies', () => {
  it('shrinks the cosine of rarely seen pairs', () => {
    expect(pairSimilarity(3, 3, 3, 10)).toBeCloseTo(3 / 13, 12);
    expect(pairSimilarity(30, 40, 90, 10)).toBeCloseTo((30 / 60) * (30 / 40), 12);
    expect(pairSimilarity(3, 3, 3, 0)).toBe(1);
    expect(pairSimilarity(0, 3, 3, 10)).toBe(0);
  });

  const lists = neighbourLists([
    [
      { item: 2, score: 0.5, together: 4 },
      { item: 3, score: 0.2, together: 2 },
    ],
    [{ item: 2, score: 0.25, together: 5 }],
  ]);

  it('collaborative: Σ seed weight · similarity', () => {
    const out = new Float64Array(5);
    collaborativeScores(out, lists, [2, 1]);
    expect([...out]).toEqual([0, 0, 2 * 0.5 + 0.25, 2 * 0.2, 0]);
  });

  it('cross-sell: 1 − Π (1 − together / (orders + shrinkage))', () => {
    const out = new Float64Array(5);
    crossSellScores(out, lists, [8, 10], 2);
    expect(out[2]).toBeCloseTo(1 - (1 - 4 / 10) * (1 - 5 / 12), 12);
    expect(out[3]).toBeCloseTo(2 / 10, 12);
    expect(out[0]).toBe(0);
  });

  it('content: weighted matches of category, top category, brand, tags and price band', () => {
    const f = encodeFeatures([
      { categoryPath: ['Home', 'Candles'], brand: 'Regency', tags: ['red', 'glass'], priceMinor: 300 },
      { categoryPath: ['Home', 'Candles'], brand: 'Regency', tags: ['red'], priceMinor: 320 },
      { categoryPath: ['Home', 'Cushions'], brand: HOUSE_BRAND, tags: ['blue'], priceMinor: 3000 },
      { categoryPath: ['Kitchen', 'Mugs'], brand: null, tags: [], priceMinor: null },
    ]);
    expect(f.brand[2]).toBe(-1); // the house brand carries no taste
    const out = new Float64Array(4);
    contentScores(out, f, contentProfile(f, [0], [1]));
    // Item 1: same leaf .35 + top .15 + brand .2 + tags mean(1) .2 + band .1 = 1.
    expect(out[1]).toBeCloseTo(1, 12);
    // Item 0 (the seed) has tags red and glass, both in the profile.
    expect(out[0]).toBeCloseTo(1, 12);
    // Item 2: top category only; its tag and band are not in the profile.
    expect(out[2]).toBeCloseTo(0.15, 12);
    expect(out[3]).toBe(0);
  });

  it('knows the demo data house brand and the documented price bands', () => {
    expect(GENERIC_BRANDS).toContain(HOUSE_BRAND);
    expect([99, 100, 249, 250, 999, 2_499, 2_500, null].map(priceBand)).toEqual([0, 1, 1, 2, 3, 4, 5, -1]);
  });

  it('trending: the country share shrunk towards the global share', () => {
    const out = new Float64Array(2);
    trendingScores(out, [3, 0], 10, [5, 15], 40, 20);
    expect(out[0]).toBeCloseTo((3 + 20 * (5 / 40)) / 30, 12);
    expect(out[1]).toBeCloseTo((0 + 20 * (15 / 40)) / 30, 12);
    trendingScores(out, null, 0, [5, 15], 40, 20);
    expect(out[1]).toBeCloseTo(15 / 40, 12);
  });

  it('seasonal: the same days last year', () => {
    expect(seasonalWindow(1000, 14)).toEqual([1000 - 365 - 14, 1000 - 365 + 14]);
  });
});

describe('ensemble', () => {
  it('normalises each strategy over the eligible items, then weights and divides by the weight sum', () => {
    const scores = { COLLABORATIVE: Float64Array.from([4, 2, 8, 0]), TRENDING: Float64Array.from([1, 3, 0, 0]) };
    const out = new Float64Array(4);
    const w = { ...zeroWeights(), COLLABORATIVE: 0.3, TRENDING: 0.1, CONTENT: 0.6 };
    combine(out, scores, w, [0, 0, 1, 0]);
    // Collaborative ÷ 4 (item 2 is excluded), trending ÷ 3; the content weight counts in the denominator.
    expect([...out].map((x) => +x.toFixed(12))).toEqual([+(0.3 * 1 + 0.1 / 3).toFixed(12), +(0.3 * 0.5 + 0.1 * 1).toFixed(12), 0, 0]);
  });

  it('can normalise by rank instead', () => {
    const scores = { COLLABORATIVE: Float64Array.from([4, 2, 8, 0]) };
    normaliseScores(scores, undefined, { rank: { c: 2, depth: 2 } });
    expect([...scores.COLLABORATIVE]).toEqual([2 / 3, 0, 1, 0]);
  });

  it('validates weight tables with a sentence naming the weight', () => {
    expect(() => validateWeights({ TRENDING: -1 }, 'HOME')).toThrow('HOME.TRENDING must be a finite number ≥ 0, got -1.');
    expect(() => validateWeights({}, 'HOME')).toThrow('HOME must give at least one strategy a weight above 0.');
    expect(validateWeights(CONTEXT_WEIGHTS.CART)).toEqual(CONTEXT_WEIGHTS.CART);
  });

  it('reads per-context overrides from RECOMMENDATION_WEIGHTS, refusing bad values with a sentence', () => {
    expect(contextWeightsFrom(undefined)).toBe(CONTEXT_WEIGHTS);
    const w = contextWeightsFrom('{"CART":{"CROSS_SELL":0.9}}');
    expect(w.CART).toEqual({ ...CONTEXT_WEIGHTS.CART, CROSS_SELL: 0.9 });
    expect(w.HOME).toEqual(CONTEXT_WEIGHTS.HOME);
    expect(() => contextWeightsFrom('{')).toThrow('RECOMMENDATION_WEIGHTS must be a JSON object');
    expect(() => contextWeightsFrom('{"BASKET":{}}')).toThrow('RECOMMENDATION_WEIGHTS: unknown context "BASKET"');
    expect(() => contextWeightsFrom('{"HOME":{"POPULAR":1}}')).toThrow('RECOMMENDATION_WEIGHTS.HOME: unknown strategy "POPULAR"');
    expect(() => contextWeightsFrom('{"HOME":{"TRENDING":-2}}')).toThrow('RECOMMENDATION_WEIGHTS.HOME.TRENDING must be a finite number ≥ 0, got -2.');
  });

  it('recommend: scores, excludes, and keeps at most maxPerGroup per category', () => {
    const n = 6;
    const result = recommend(
      { n, trending: { country: null, countryTotal: 0, global: Float64Array.from([6, 5, 4, 3, 2, 1]), globalTotal: 10 } },
      DEFAULT_PARAMS,
      {
        first: 3,
        weights: { ...zeroWeights(), TRENDING: 1 },
        exclude: Uint8Array.from([1, 0, 0, 0, 0, 0]),
        diversity: { group: [0, 0, 0, 0, 1, 2], maxPerGroup: 2, depth: 5 },
      },
    );
    expect([...result.items]).toEqual([1, 2, 4]);
    expect(result.ensemble[1]).toBe(1);
    expect(result.scores.TRENDING![4]).toBeCloseTo(2 / 5, 12);
  });
});
