import { describe, expect, it } from 'vitest';
import {
  categoryFactor,
  categoryPathSlugs,
  DEAL_FEED_WEIGHTS,
  dealFactors,
  dealScore,
  discountFactor,
  hoursUntilNextActive,
  merchantAffinityFactor,
  priceRangeFactor,
  rankDeals,
  savingOf,
  timingFactor,
  type DealCandidate,
  type DealShopper,
} from '../src/engine/deal-score.ts';

const NOW = new Date('2026-11-21T12:30:00.000Z');
const h = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
const gbp = (amount: number) => ({ amount, currency: 'GBP' });

describe('deal feed factors (README "Deal feed")', () => {
  it('has the seed weights of the issue, summing to 1', () => {
    expect(DEAL_FEED_WEIGHTS).toEqual({ category: 0.15, priceRange: 0.1, merchantAffinity: 0.12, discountSensitivity: 0.1, timing: 0.08, dealQuality: 0.15, collaborative: 0.15, content: 0.15 });
    expect(Object.values(DEAL_FEED_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('category: rank-weighted preferences, ancestors count fully, the same top level half', () => {
    expect(categoryPathSlugs(['Home & Living', "Men's Candles"])).toEqual(['home-living', 'home-living-mens-candles']);
    expect(categoryPathSlugs([])).toEqual([]);
    const prefs = ['kitchen-mugs', 'home-candles', 'home-cushions'];
    expect(categoryFactor(['kitchen', 'kitchen-mugs'], prefs)).toBe(1);
    expect(categoryFactor(['home', 'home-candles'], prefs)).toBeCloseTo(2 / 3, 12);
    expect(categoryFactor(['home', 'home-cushions'], prefs)).toBeCloseTo(1 / 3, 12);
    expect(categoryFactor(['home', 'home-vases'], prefs)).toBeCloseTo(0.5 * (2 / 3), 12); // inside "home", like rank 1
    expect(categoryFactor(['home', 'home-candles', 'home-candles-tea-lights'], ['home'])).toBe(1); // an ancestor
    expect(categoryFactor(['garden', 'garden-tools'], prefs)).toBe(0);
    expect(categoryFactor([], prefs)).toBe(0);
    expect(categoryFactor(['kitchen', 'kitchen-mugs'], [])).toBe(0);
  });

  it('price range: 1 inside, price ÷ min below, max ÷ price above, 0 in another currency or without a range', () => {
    const range = { min: gbp(200), max: gbp(1000) };
    expect(priceRangeFactor(gbp(200), range)).toBe(1);
    expect(priceRangeFactor(gbp(1000), range)).toBe(1);
    expect(priceRangeFactor(gbp(50), range)).toBeCloseTo(0.25, 12);
    expect(priceRangeFactor(gbp(4000), range)).toBeCloseTo(0.25, 12);
    expect(priceRangeFactor({ amount: 500, currency: 'EUR' }, range)).toBe(0);
    expect(priceRangeFactor(gbp(500), null)).toBe(0);
  });

  it('merchant affinity: interactions with the merchant ÷ those with the most-used merchant', () => {
    const m = new Map([
      ['a', 6],
      ['b', 3],
    ]);
    expect(merchantAffinityFactor('a', m)).toBe(1);
    expect(merchantAffinityFactor('b', m)).toBe(0.5);
    expect(merchantAffinityFactor('c', m)).toBe(0);
    expect(merchantAffinityFactor('a', new Map())).toBe(0);
  });

  it('discount sensitivity: sensitivity × saving ÷ 50 %, capped at 1', () => {
    expect(savingOf(750, 1000)).toBeCloseTo(0.25, 12);
    expect(savingOf(1000, null)).toBe(0);
    expect(savingOf(1000, 900)).toBe(0);
    expect(discountFactor(0.25, 0.8)).toBeCloseTo(0.4, 12);
    expect(discountFactor(0.7, 0.8)).toBeCloseTo(0.8, 12);
    expect(discountFactor(0.7, 0)).toBe(0);
    expect(discountFactor(0.7, null)).toBe(0);
  });

  it('timing: urgency before the next active hour, decaying after it, plus freshness', () => {
    // 12:30 UTC; active at 14h and 20h → the next active hour starts in 1.5 h.
    expect(hoursUntilNextActive(NOW, [14, 20])).toBeCloseTo(1.5, 12);
    expect(hoursUntilNextActive(NOW, [12])).toBeCloseTo(23.5, 12); // the current hour is not "next"
    expect(hoursUntilNextActive(NOW, [])).toBe(24);
    const started = h(-72); // freshness 0.5
    expect(timingFactor(NOW, started, h(1), [14])).toBeCloseTo(0.5 * 1 + 0.5 * 0.5, 12); // ends before 14:00: now or never
    expect(timingFactor(NOW, started, h(1.5 + 72), [14])).toBeCloseTo(0.5 * 0.5 + 0.5 * 0.5, 12);
    expect(timingFactor(NOW, started, null, [14])).toBeCloseTo(0.25, 12); // no end: no urgency
    expect(timingFactor(NOW, NOW, null, [])).toBeCloseTo(0.5, 12);
  });

  it('score = Σ weight × factor; a deal perfect on every factor scores 1', () => {
    const ones = { category: 1, priceRange: 1, merchantAffinity: 1, discountSensitivity: 1, timing: 1, dealQuality: 1, collaborative: 1, content: 1 };
    expect(dealScore(ones)).toBeCloseTo(1, 12);
    expect(dealScore({ ...ones, category: 0, content: 0.5 })).toBeCloseTo(1 - 0.15 - 0.075, 12);
  });
});

describe('rankDeals', () => {
  const deal = (id: string, over: Partial<DealCandidate> = {}): DealCandidate => ({
    dealId: id,
    merchantId: 'm1',
    productId: null,
    categorySlugs: [],
    currency: 'GBP',
    priceAmount: 500,
    originalAmount: 1000,
    startsAt: h(-24),
    expiresAt: h(24 * 10),
    confidence: 0.5,
    ...over,
  });
  const cold: DealShopper = {
    categories: [],
    priceRange: null,
    discountSensitivity: null,
    activeHours: [],
    merchantInteractions: new Map(),
    productScores: () => ({ collaborative: 0, content: 0 }),
    hasHistory: false,
  };

  it('ranks a cold shopper by deal quality alone', () => {
    const got = rankDeals([deal('a', { confidence: 0.4 }), deal('b', { confidence: 0.9, expiresAt: null }), deal('c', { confidence: 0.6 })], cold, NOW, 10);
    expect(got.map((s) => s.deal.dealId)).toEqual(['b', 'c', 'a']);
    expect(got.map((s) => s.score)).toEqual([0.9, 0.6, 0.4]);
  });

  it('follows the weights: a category match (0.15) beats a discount match (0.10) beats quality differences', () => {
    const shopper: DealShopper = { ...cold, categories: ['home-candles'], discountSensitivity: 1 };
    const got = rankDeals(
      [
        deal('quality', { confidence: 0.9, originalAmount: null }),
        deal('discount', { confidence: 0.5, priceAmount: 500, originalAmount: 1000 }),
        deal('category', { confidence: 0.5, originalAmount: null, categorySlugs: ['home', 'home-candles'] }),
      ],
      shopper,
      NOW,
      3,
    );
    expect(got.map((s) => s.deal.dealId)).toEqual(['category', 'discount', 'quality']);
    for (const s of got) expect(s.score).toBeCloseTo(dealScore(dealFactors(s.deal, shopper, NOW)), 12);
  });

  it('leaves out deals that have ended or not started, keeps one deal per product and respects first', () => {
    const got = rankDeals(
      [
        deal('ended', { expiresAt: h(-1), confidence: 1 }),
        deal('later', { startsAt: h(1), confidence: 1 }),
        deal('p-best', { productId: 'p', confidence: 0.8 }),
        deal('p-other', { productId: 'p', confidence: 0.7 }),
        deal('q', { productId: 'q', confidence: 0.6 }),
        deal('r', { confidence: 0.1 }),
      ],
      cold,
      NOW,
      2,
    );
    expect(got.map((s) => s.deal.dealId)).toEqual(['p-best', 'q']);
    expect(rankDeals([deal('x')], cold, NOW, 0)).toEqual([]);
  });
});
