/**
 * Times single searches against a loaded database in-process (product subgraph only, Fastify inject), for profiling:
 *
 *   DATABASE_URL=postgres://…/emporium_bench_1m npx tsx bench/search/profile-search.ts "heart holder" "" "hea"
 *
 * Each argument is a query ("" = browse without a query); arguments ending in "~" run as suggest prefixes. Prints the
 * wall time of each (twice: cold, then warm) and the statements run. Pair with EXPLAIN ANALYZE (see README.md).
 */
import { loadServiceConfig } from '@emporium/kit';
import { gql } from '@emporium/kit/testing';
import { buildProductSubgraph, openProductRuntime } from '../../subgraphs/product/src/index.ts';

const SEARCH_PAGE = `query($q: String) { searchProducts(query: $q, first: 24) {
  totalCount isExact didYouMean edges { score highlights { title description } node { id title brand { name } category { name } } }
  facets { isExact categories { category { id name } count } brands { brand { id name } count } priceRanges { min max count } ratings { minRating count } availability { inStock count } }
} }`;
const SUGGEST = `query($p: String!) { suggest(prefix: $p, first: 5) { queries { text count } products { id title } } }`;

const rt = await openProductRuntime({ config: { ...loadServiceConfig('product'), logLevel: 'warn' } });
const { app } = await buildProductSubgraph(rt);
try {
  for (const arg of process.argv.slice(2)) {
    for (const round of ['cold', 'warm']) {
      rt.db.stats.reset();
      const started = performance.now();
      const res = arg.endsWith('~') ? await gql(app, SUGGEST, { p: arg.slice(0, -1) }) : await gql(app, SEARCH_PAGE, { q: arg === '' ? null : arg });
      const ms = performance.now() - started;
      const data = res.data as { searchProducts?: { totalCount: number; isExact: boolean } } | null;
      console.log(`${JSON.stringify(arg)} ${round}: ${ms.toFixed(1)} ms, ${rt.db.stats.statements} statements${data?.searchProducts ? `, total ${data.searchProducts.totalCount}${data.searchProducts.isExact ? '' : '+'}` : ''}${res.errors ? ` ERRORS ${JSON.stringify(res.errors)}` : ''}`);
    }
  }
} finally {
  await app.close();
  await rt.close();
}
