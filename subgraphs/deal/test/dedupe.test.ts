import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { offerFromLine } from '../src/dedupe/cli.ts';
import { buildIndex, DEFAULT_DEDUPE, dedupe, detectGroups, forEachCandidate, MerchantGroups, similarity, type DedupeOffer } from '../src/dedupe/detect.ts';
import { labelledSet, pairMetrics } from '../src/dedupe/evaluate.ts';
import { buildTfidf, cosine, ngramFeatures, titleAttributes, tokenize } from '../src/dedupe/features.ts';
import { syntheticCatalog } from '../src/simulator/catalog.ts';

const offer = (id: string, merchant: string, title: string, price: number, extra: Partial<DedupeOffer> = {}): DedupeOffer => ({
  id,
  merchant,
  title,
  description: null,
  brand: null,
  price,
  currency: 'GBP',
  ...extra,
});

describe('text features', () => {
  it('tokenizes: lower case, no accents, stopwords, percentages or prices, joined hyphens, light plural stem', () => {
    expect(tokenize('HOT DEAL - Crème T-Light Holders, SAVE 40%! £3.99 Colour')).toEqual(['creme', 'tlight', 'holder', 'color']);
    expect(tokenize('Set of 3 glass jars')).toEqual(['set', '3', 'glass', 'jar']);
    expect(tokenize('Glass')).toEqual(['glass']);
  });

  it('builds L2-normalised TF-IDF rows whose cosine is 1 for the same text and lower for different texts', async () => {
    const docs = ['red heart holder', 'red heart holder', 'blue heart holder', 'garden gnome statue'].map((t) => ngramFeatures(tokenize(t)));
    const flat = Int32Array.from(docs.flat());
    const starts = Int32Array.from([0, ...docs.map((_, i) => docs.slice(0, i + 1).reduce((s, d) => s + d.length, 0))]);
    const m = await buildTfidf(flat, starts);
    expect(m.rows).toBe(4);
    for (let i = 0; i < 4; i++) {
      let norm = 0;
      for (let k = m.offsets[i]!; k < m.offsets[i + 1]!; k++) norm += m.weights[k]! ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
    expect(cosine(m, 0, 1)).toBeCloseTo(1, 5);
    expect(cosine(m, 0, 2)).toBeGreaterThan(0.2);
    expect(cosine(m, 0, 2)).toBeLessThan(0.9);
    expect(cosine(m, 0, 3)).toBe(0);
  });

  it('reads colours and numbers from titles', () => {
    expect(titleAttributes(tokenize('Red and pink bunting'))).toMatchObject({ colours: expect.any(Number) });
    expect(titleAttributes(tokenize('Plain bunting'))).toEqual({ colours: 0, numbers: 0 });
    expect(titleAttributes(tokenize('Set of 3 tins')).numbers).toBe(titleAttributes(tokenize('3 tins set')).numbers);
    expect(titleAttributes(tokenize('Set of 3 tins')).numbers).not.toBe(titleAttributes(tokenize('Set of 6 tins')).numbers);
  });
});

describe('similarity and clustering rules', () => {
  const offers = [
    offer('a', 'm1', 'Red Retrospot Lunch Bag', 165),
    offer('b', 'm2', 'LUNCH BAG RED RETROSPOT - 20% OFF', 150),
    offer('c', 'm3', 'Blue Retrospot Lunch Bag', 165),
    offer('d', 'm1', 'Red Retrospot Lunch Bag (new)', 165),
    offer('e', 'm4', 'Garden gnome with fishing rod', 1200),
  ];
  let index: Awaited<ReturnType<typeof buildIndex>>;
  beforeAll(async () => {
    index = await buildIndex(offers);
  });

  it('scores a reworded same product high, a colour variant and an unrelated product low', () => {
    expect(similarity(index, 0, 1)).toBeGreaterThan(DEFAULT_DEDUPE.threshold);
    expect(similarity(index, 0, 2)).toBeLessThan(DEFAULT_DEDUPE.threshold);
    expect(similarity(index, 0, 4)).toBeLessThan(0.2);
  });

  it('never groups two offers of one merchant, even through a third offer', async () => {
    const { groups } = await dedupe(offers);
    expect(groups).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    const mg = new MerchantGroups(Int32Array.from([1, 2, 1]));
    expect(mg.tryJoin(0, 1)).toBe(true);
    expect(mg.tryJoin(1, 2)).toBe(false); // 2 has merchant 1 like 0
    expect(mg.groups()).toEqual([[0, 1], [2]]);
  });

  it('penalises differing brands and does not compare prices across currencies', async () => {
    const idx = await buildIndex([
      offer('x', 'm1', 'Ceramic storage jar large', 500, { brand: 'Acme' }),
      offer('y', 'm2', 'Ceramic storage jar large', 500, { brand: 'ACME' }),
      offer('z', 'm3', 'Ceramic storage jar large', 500, { brand: 'Other Co' }),
      offer('w', 'm4', 'Ceramic storage jar large', 500, { currency: 'EUR' }),
    ]);
    expect(similarity(idx, 0, 1)).toBeCloseTo(1, 5);
    expect(similarity(idx, 0, 2)).toBeCloseTo(DEFAULT_DEDUPE.brandPenalty, 5);
    expect(similarity(idx, 0, 3)).toBeCloseTo(DEFAULT_DEDUPE.textWeight, 5);
  });
});

describe('scaling and quality on simulated feeds', () => {
  const NOW = new Date('2026-11-21T12:00:00Z');
  // 1,200 synthetic products (titles from word lists, many sharing words), offered by 7 merchants.
  const products = syntheticCatalog(1200, 3);
  const offers = labelledSet(products, { seed: 9, now: NOW });

  it('compares far fewer pairs than all pairs (MinHash-LSH candidates)', async () => {
    const index = await buildIndex(offers);
    let candidates = 0;
    await forEachCandidate(index, DEFAULT_DEDUPE, () => candidates++);
    const allPairs = (offers.length * (offers.length - 1)) / 2;
    expect(offers.length).toBeGreaterThan(2000);
    expect(candidates).toBeLessThan(allPairs / 20);
  });

  it('visits every pair that shares a band key, each once (with no oversized bucket)', async () => {
    const params = { ...DEFAULT_DEDUPE, maxBucket: Number.MAX_SAFE_INTEGER };
    const index = await buildIndex(offers, params);
    const expected = new Set<number>();
    const byKey = new Map<string, number[]>();
    for (let i = 0; i < index.n; i++) {
      for (let b = 0; b < index.bands; b++) {
        const k = `${b}:${index.bandKeys[i * index.bands + b]}`;
        for (const j of byKey.get(k) ?? []) expected.add(j * index.n + i);
        byKey.set(k, [...(byKey.get(k) ?? []), i]);
      }
    }
    const visited: number[] = [];
    await forEachCandidate(index, params, (a, b) => visited.push(Math.min(a, b) * index.n + Math.max(a, b)));
    expect(visited.length).toBe(expected.size);
    expect(new Set(visited)).toEqual(expected);
  });

  it('groups the same product across merchants with pairwise F1 ≥ 0.9 against the ground truth', async () => {
    const index = await buildIndex(offers);
    const { groups, stats } = await detectGroups(index);
    const m = pairMetrics(groups, offers.map((o) => o.label));
    expect(m.truePairs).toBeGreaterThan(1000);
    expect(m.f1).toBeGreaterThanOrEqual(0.9);
    expect(stats.groups).toBe(groups.length);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(offers.map((_, i) => i)); // every offer exactly once
    for (const g of groups) expect(new Set(g.map((i) => offers[i]!.merchant)).size).toBe(g.length);
  });
});

describe('command line', () => {
  it('reads offers, skipping unreadable lines', () => {
    expect(offerFromLine('{"id": 7, "title": "Jar", "price": "2.50"}')).toMatchObject({ id: '7', title: 'Jar', price: 2.5, merchant: '', currency: '' });
    expect(offerFromLine('{"title": "Jar"}')).toBe('no id');
    expect(offerFromLine('[1]')).toBe('not a JSON object');
    expect(offerFromLine('{')).toBe('invalid JSON');
  });

  it('writes JSON Lines groups {groupId, ids} with singletons', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedupe-'));
    const input = join(dir, 'offers.jsonl');
    writeFileSync(
      input,
      [
        { id: 'a', merchant: 'm1', title: 'Red Retrospot Lunch Bag', description: 'A lunch bag.', brand: null, price: 1.65, currency: 'GBP' },
        { id: 'b', merchant: 'm2', title: 'LUNCH BAG RED RETROSPOT', description: 'Lunch bag, red spots.', brand: null, price: 1.5, currency: 'GBP' },
        { id: 'c', merchant: 'm3', title: 'Garden gnome', description: 'A gnome.', brand: null, price: 12, currency: 'GBP' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const output = join(dir, 'groups.jsonl');
    execFileSync(process.execPath, ['--import', 'tsx', 'src/dedupe/cli.ts', input, '--out', output], { cwd: join(import.meta.dirname, '..'), stdio: 'pipe' });
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { groupId: 'a', ids: ['a', 'b'] },
      { groupId: 'c', ids: ['c'] },
    ]);
  }, 60_000);
});
