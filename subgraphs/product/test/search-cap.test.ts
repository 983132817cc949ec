import { executeRows } from '@emporium/kit';
import { openTestRuntime } from '@emporium/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeProducts } from '../src/catalog.ts';
import { migrationsFolder, schema, type ProductRuntime } from '../src/runtime.ts';
import { directReader } from '../src/search/cache.ts';
import { NO_FILTER, runSearch, type SearchRequest } from '../src/search/search.ts';
import { buildTsQueries } from '../src/search/text.ts';
import { seedProducts } from '../src/seed.ts';
import { searchFixture } from './search-fixtures.ts';

let rt: ProductRuntime;
beforeAll(async () => {
  rt = await openTestRuntime({ name: 'product', schema, migrationsFolder });
  await seedProducts(rt, { products: searchFixture() });
});
afterAll(async () => {
  await rt?.close();
});

const request = (word: string, extra: Partial<SearchRequest> = {}): SearchRequest => ({
  queries: buildTsQueries([{ word, prefix: false, corrections: [] }]),
  prefixText: word, correctedText: word, words: 1, countOriginal: false, filter: NO_FILTER,
  sort: 'RELEVANCE', limit: 24, after: null, facets: true, ...extra,
});

/** Products matching a word, most popular first (ground truth written independently of the search code). */
const matchesByPopularity = async (word: string) =>
  (
    await executeRows<{ product_id: string }>(
      rt.db.db,
      sql`select product_id from product.search_documents where document @@ to_tsquery('english', ${word})
          order by popularity desc, product_id desc`,
    )
  ).map((r) => r.product_id);

describe('RANK_CAP: a broad query ranks, counts and facets the most popular matches only', () => {
  it('under the cap everything is exact and identical to the uncapped search', async () => {
    const all = await matchesByPopularity('heart');
    expect(all.length).toBeGreaterThan(3);
    const page = await runSearch(directReader(rt.db.db), request('heart', { rankCap: all.length }));
    expect(page).toMatchObject({ totalCount: all.length, isExact: true });
    expect(page.facets!.isExact).toBe(true);
    expect(new Set(page.hits.map((h) => h.product.id))).toEqual(new Set(all.slice(0, 24)));
  });

  it('beyond the cap: hits come from the first rankCap matches by popularity, counts are lower bounds, pages end', async () => {
    const all = await matchesByPopularity('heart');
    const cap = 3;
    const page = await runSearch(directReader(rt.db.db), request('heart', { rankCap: cap }));
    expect(page).toMatchObject({ totalCount: cap, isExact: false, hasNextPage: false });
    expect(page.hits.map((h) => h.product.id).sort()).toEqual(all.slice(0, cap).sort());
    expect(page.facets!.isExact).toBe(false);
    // Facets count the rows the candidate scan read (cap + 1 at most).
    expect(page.facets!.availability.reduce((n, a) => n + a.count, 0)).toBe(cap + 1);
  });

  it('does not apply to other sorts, which page through every match', async () => {
    const all = await matchesByPopularity('heart');
    const page = await runSearch(directReader(rt.db.db), request('heart', { rankCap: 2, sort: 'PRICE_ASC', limit: 100 }));
    expect(page).toMatchObject({ totalCount: all.length, isExact: true });
    expect(page.hits).toHaveLength(all.length);
  });

  it('relaxes to all words but one only when no product has every word under the filters, even beyond a cut scan', async () => {
    const [decor] = await executeRows<{ id: string }>(rt.db.db, sql`select id from product.categories where name = 'Home Decor'`);
    // A popular decor product with "holder" but not "heart" (the last test of the file: the others never see it).
    await rt.db.db.transaction((tx) =>
      writeProducts(tx, [{ id: crypto.randomUUID(), sku: 'CAP-RACK', slug: 'cap-rack', title: 'Key Holder Rack', categoryId: decor!.id, createdAt: rt.clock.now(), popularity: 500 }], rt.clock.now()),
    );
    const words = [{ word: 'heart', prefix: false, corrections: [] }, { word: 'holder', prefix: false, corrections: [] }];
    const req = (rankCap: number, second = words[1]!): SearchRequest => ({
      ...request('heart'), queries: buildTsQueries([words[0]!, second]), prefixText: 'heart', correctedText: 'heart', words: 2,
      filter: { ...NO_FILTER, categoryIds: [decor!.id] }, rankCap,
    });
    const titlesOf = async (r: SearchRequest) => (await runSearch(directReader(rt.db.db), r)).hits.map((h) => h.product.title);
    // "heart holder" under Home Decor: the two most popular full matches are candles, so with rankCap 1 the full match's
    // scan is cut before the decor ones (Heart Holder Hook, Holder for Keys with Heart). They exist, so no relaxing —
    // relaxing would bring in the rack, which lacks "heart". The page is the window's decor rows: none.
    expect(await titlesOf(req(1))).toEqual([]);
    expect((await titlesOf(req(100))).sort()).toEqual(['Heart Holder Hook', 'Holder for Keys with Heart']);
    // "heart zinc" has both words only in a candle (Zinc Lantern): under the decor filter it relaxes.
    const relaxed = await titlesOf(req(100, { word: 'zinc', prefix: false, corrections: [] }));
    expect(relaxed).toContain('Christmas Heart Bunting');
    expect(relaxed).not.toContain('Zinc Lantern');
  });
});
