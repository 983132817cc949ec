/**
 * The query set of the scale benchmarks, derived from a loaded catalog: the 40 most common vocabulary words (4+
 * letters), the first two words of the first 30 products (by id), and each of those 30 with one letter dropped (typos);
 * suggest prefixes are the first 60 % of each (at least 3 characters). Shared by gateway-bench.ts and profile-search.ts.
 */
import { join } from 'node:path';
import { executeRows, openDatabase } from '@emporium/kit';

/** The search page the benchmarks request: 24 hits with highlights and every facet. */
export const SEARCH_PAGE = `query($q: String, $f: ProductSearchFilter) { searchProducts(query: $q, filter: $f, first: 24) {
  totalCount isExact didYouMean pageInfo { hasNextPage endCursor }
  edges { cursor score highlights { title description } node { id sku slug title brand { name } category { name } } }
  facets { isExact categories { category { id name } count } brands { brand { id name } count } priceRanges { min max count } ratings { minRating count } availability { inStock count } }
} }`;
/** Autocomplete as a search box asks for it: 5 queries with counts and 5 products. */
export const SUGGEST = `query($p: String!) { suggest(prefix: $p, first: 5) { queries { text count } products { id title } } }`;

export interface BenchQueries {
  products: number;
  queries: string[];
  prefixes: string[];
}

export async function loadBenchQueries(databaseUrl: string): Promise<BenchQueries> {
  const db = await openDatabase({ name: 'product', url: databaseUrl, schema: {}, migrationsFolder: join(import.meta.dirname, '../../subgraphs/product/drizzle'), poolMax: 1 });
  try {
    const [{ n: products } = { n: 0 }] = await executeRows<{ n: number }>(db.db, 'select count(*)::int as n from product.search_documents');
    const words = (await executeRows<{ term: string }>(db.db, 'select term from product.search_terms where length(term) >= 4 and documents > 0 order by documents desc, term limit 40')).map((r) => r.term);
    const titles = (await executeRows<{ title: string }>(db.db, 'select title from product.search_documents order by product_id limit 30')).map((r) => r.title);
    const { queries, prefixes } = deriveQueries(words, titles);
    return { products, queries, prefixes };
  } finally {
    await db.close();
  }
}

/**
 * The benchmark queries from a catalog's most common words and some product titles: the words, the first two words of
 * each title, each of those with one letter dropped (typos); and suggest prefixes, the first 60 % of each query (at
 * least 3 characters).
 */
export function deriveQueries(words: string[], titles: string[]): { queries: string[]; prefixes: string[] } {
  const pairs = titles.map((x) => x.toLowerCase().split(/\s+/).slice(0, 2).join(' '));
  const typos = pairs.map((p) => {
    const i = Math.max(1, Math.floor(p.length / 2));
    return p.slice(0, i) + p.slice(i + 1);
  });
  const queries = [...words, ...pairs, ...typos];
  return { queries, prefixes: queries.map((q) => q.slice(0, Math.max(3, Math.ceil(q.length * 0.6)))) };
}
