import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUTOFF, loadDemoData, openSeededCatalog, type SeededCatalog } from '../../../bench/search/relevance/catalog.ts';
import { fold, judge, type JudgedProduct } from '../../../bench/search/relevance/judge.ts';
import { reciprocalRank, recallAt, summarize, worst } from '../../../bench/search/relevance/metrics.ts';
import { readQueries } from '../../../bench/search/relevance/queries.ts';
import { typoVariant } from '../../../bench/search/relevance/typos.ts';

describe('relevance metrics (bench/search/relevance)', () => {
  const rel = new Set(['a', 'b', 'c']);

  it('computes reciprocal rank within the cutoff', () => {
    expect(reciprocalRank(['a', 'x'], rel, 10)).toBe(1);
    expect(reciprocalRank(['x', 'y', 'b'], rel, 10)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['x', 'y', 'b'], rel, 2)).toBe(0);
    expect(reciprocalRank([], rel, 10)).toBe(0);
  });

  it('computes recall against min(relevant, k), counting each product once', () => {
    expect(recallAt(['a', 'x', 'c'], rel, 10)).toBeCloseTo(2 / 3);
    expect(recallAt(['a', 'a', 'x'], rel, 10)).toBeCloseTo(1 / 3);
    expect(recallAt(['a', 'b'], rel, 2)).toBe(1); // 3 relevant but only 2 fit
    expect(recallAt(['x', 'a'], rel, 1)).toBe(0);
    expect(recallAt(['a'], new Set(), 10)).toBe(0);
  });

  it('averages per group and lists the worst queries', () => {
    const scores = [
      { id: 'q1', group: 'exact', rr: 1, recall: 1 },
      { id: 'q2', group: 'exact', rr: 0.5, recall: 0.5 },
      { id: 'q3', group: 'typo', rr: 0, recall: 0 },
      { id: 'q4', group: 'typo', rr: 0, recall: 0.25 },
    ];
    const { overall, groups } = summarize(scores);
    expect(overall).toEqual({ queries: 4, mrr: 0.375, recall: 0.4375 });
    expect(groups.get('exact')).toEqual({ queries: 2, mrr: 0.75, recall: 0.75 });
    expect(groups.get('typo')).toEqual({ queries: 2, mrr: 0, recall: 0.125 });
    expect(worst(scores, 2).map((s) => s.id)).toEqual(['q3', 'q4']);
  });

  it('judges by the documented rules and makes the same typo every time', () => {
    expect(['cases', 'boxes', 'doilies', 'glass', 'christmas', 'bag'].map(fold)).toEqual(['case', 'box', 'doily', 'glass', 'christmas', 'bag']);
    const catalog: JudgedProduct[] = [
      { sku: 'A', title: 'Lunch Bag Red Retrospot', brand: 'Retrospot', categoryPath: ['Kitchen & Dining', 'Kitchen Storage'], tags: ['red', 'spots'] },
      { sku: 'B', title: 'White Hanging Heart T-Light Holder', brand: 'Emporium Essentials', categoryPath: ['Home & Living', 'Candles & Lighting'], tags: ['white'] },
      { sku: 'C', title: 'Retrospot Lunch Box', brand: 'Retrospot', categoryPath: ['Kitchen & Dining', 'Kitchen Storage'], tags: [] },
    ];
    expect(judge('partial', 'lunch bags', catalog)).toEqual(['A']);
    expect(judge('category', 'candle holder', catalog)).toEqual(['B']);
    expect(judge('brand-colour', 'red retrospot bag', catalog)).toEqual(['A']);
    expect(judge('exact', 'retrospot lunch box', catalog)).toEqual(['C']);
    expect(typoVariant('lunch bag', 'join', 'q')).toBe('lunchbag');
    expect(typoVariant('heart t-light holder', 'split', 'q')).toBe('heart t light holder');
    expect(typoVariant('heart t-light holder', 'drop', 'seed')).toBe(typoVariant('heart t-light holder', 'drop', 'seed'));
  });
});

// The hand-written typos of the committed judged set (e.g. "hart t-lite holdr", "lunchbag", "door mat", "neckless"),
// run through the real searchProducts on the demo catalog: each must have a relevant product in the top 10.
const handTypos = readQueries(readFileSync(fileURLToPath(new URL('../../../bench/search/relevance/queries.jsonl', import.meta.url)), 'utf8')).filter(
  (q) => q.op === 'hand',
);

describe('typo tolerance on the demo catalog', () => {
  let catalog: SeededCatalog;
  beforeAll(async () => {
    catalog = await openSeededCatalog(await loadDemoData());
  });
  afterAll(async () => {
    await catalog?.close();
  });

  it('has the hand-written typos to check', () => {
    expect(handTypos.map((q) => q.text)).toEqual(expect.arrayContaining(['hart t-lite holdr', 'lunchbag', 'door mat', 'neckless', 'regency cake stand 3 tier']));
  });

  it.each(handTypos.map((q) => [q.text, q] as const))('finds a relevant product for "%s" in the top 10', async (_text, q) => {
    const { skus } = await catalog.search(q.text);
    expect(reciprocalRank(skus, new Set(q.relevant), CUTOFF), `top 10: ${skus.join(', ')}`).toBeGreaterThan(0);
  });

  it('ranks the product itself first for typo\'d titles of one product', async () => {
    expect((await catalog.search('hart t-lite holdr')).skus).toContain('85123A'); // White Hanging Heart T-Light Holder
    expect((await catalog.search('regency cake stand 3 tier')).skus[0]).toBe('22423'); // Regency Cakestand 3 Tier
    expect((await catalog.search('spaceboy lunchbox')).skus[0]).toBe('22629'); // Spaceboy Lunch Box
    expect((await catalog.search('jumbo bag red retro spot')).skus[0]).toBe('85099B'); // Jumbo Bag Red Retrospot
  });
});
