import { executeRows } from '@emporium/kit';
import { openTestRuntime } from '@emporium/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder, schema, type ProductRuntime } from '../src/runtime.ts';
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
    const page = await runSearch(rt.db.db, request('heart', { rankCap: all.length }));
    expect(page).toMatchObject({ totalCount: all.length, isExact: true });
    expect(page.facets!.isExact).toBe(true);
    expect(new Set(page.hits.map((h) => h.product.id))).toEqual(new Set(all.slice(0, 24)));
  });

  it('beyond the cap: hits come from the first rankCap matches by popularity, counts are lower bounds, pages end', async () => {
    const all = await matchesByPopularity('heart');
    const cap = 3;
    const page = await runSearch(rt.db.db, request('heart', { rankCap: cap }));
    expect(page).toMatchObject({ totalCount: cap, isExact: false, hasNextPage: false });
    expect(page.hits.map((h) => h.product.id).sort()).toEqual(all.slice(0, cap).sort());
    expect(page.facets!.isExact).toBe(false);
    // Facets count the rows the candidate scan read (cap + 1 at most).
    expect(page.facets!.availability.reduce((n, a) => n + a.count, 0)).toBe(cap + 1);
  });

  it('does not apply to other sorts, which page through every match', async () => {
    const all = await matchesByPopularity('heart');
    const page = await runSearch(rt.db.db, request('heart', { rankCap: 2, sort: 'PRICE_ASC', limit: 100 }));
    expect(page).toMatchObject({ totalCount: all.length, isExact: true });
    expect(page.hits).toHaveLength(all.length);
  });
});
