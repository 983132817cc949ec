/**
 * Times searches against a loaded database in-process (product subgraph only, Fastify inject, one at a time — no
 * gateway, no concurrency), for profiling:
 *
 *   DATABASE_URL=postgres://…/emporium_bench_1m npx tsx bench/search/profile-search.ts "heart holder" "" "hea~"
 *   DATABASE_URL=postgres://…/emporium_bench_1m npx tsx bench/search/profile-search.ts --bench-set
 *
 * Each argument is a query ("" = browse without a query); arguments ending in "~" run as suggest prefixes. Prints the
 * wall time of each (twice: cold, then warm) and the statements run. `--bench-set` runs gateway-bench.ts's query set
 * instead (search page, browse, suggest; after 10 warm-up requests each) and prints p50/p95 per scenario with the
 * slowest requests. Pair with EXPLAIN ANALYZE (see README.md). Searches go through the product subgraph's result cache
 * (a repeated input is answered from it): set PRODUCT_SEARCH_CACHE_ENTRIES=0 to time the statements every time.
 */
import { loadServiceConfig } from '@emporium/kit';
import { gql } from '@emporium/kit/testing';
import { buildProductSubgraph, openProductRuntime } from '../../subgraphs/product/src/index.ts';
import { loadBenchQueries, SEARCH_PAGE, SUGGEST } from './bench-queries.ts';

const config = { ...loadServiceConfig('product'), logLevel: 'warn' as const };
const rt = await openProductRuntime({ config });
const { app } = await buildProductSubgraph(rt);
const search = (q: string | null, f?: Record<string, unknown>) => gql(app, SEARCH_PAGE, { q, f });
const suggest = (p: string) => gql(app, SUGGEST, { p });

async function scenario(name: string, inputs: string[], run: (x: string) => Promise<{ errors?: unknown }>) {
  for (const x of inputs.slice(0, 10)) await run(x);
  const times: { ms: number; input: string }[] = [];
  for (const input of inputs) {
    const started = performance.now();
    const res = await run(input);
    if (res.errors) console.log(`${JSON.stringify(input)} ERRORS ${JSON.stringify(res.errors)}`);
    times.push({ ms: performance.now() - started, input });
  }
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
  const slowest = times.sort((a, b) => b.ms - a.ms).slice(0, 10).map((t) => `${JSON.stringify(t.input)} ${t.ms.toFixed(0)}`);
  console.log(`${name}: p50 ${pct(50)} ms, p95 ${pct(95)} ms (${inputs.length} requests); slowest: ${slowest.join(', ')}`);
}

try {
  if (process.argv.includes('--bench-set')) {
    if (!config.databaseUrl) throw new Error('--bench-set needs DATABASE_URL (a bulk-loaded catalog).');
    const { products, queries, prefixes } = await loadBenchQueries(config.databaseUrl);
    console.log(`${products.toLocaleString('en')} products; ${queries.length} queries`);
    await scenario('search page', queries, (q) => search(q));
    await scenario('browse page', ['', 'in stock', '', 'in stock', '', 'in stock', '', 'in stock', '', 'in stock'], (x) => search(null, x ? { inStockOnly: true } : {}));
    await scenario('suggest', prefixes, suggest);
  } else {
    for (const arg of process.argv.slice(2)) {
      for (const round of ['cold', 'warm']) {
        rt.db.stats.reset();
        const started = performance.now();
        const res = arg.endsWith('~') ? await suggest(arg.slice(0, -1)) : await search(arg === '' ? null : arg);
        const ms = performance.now() - started;
        const data = res.data as { searchProducts?: { totalCount: number; isExact: boolean } } | null;
        console.log(`${JSON.stringify(arg)} ${round}: ${ms.toFixed(1)} ms, ${rt.db.stats.statements} statements${data?.searchProducts ? `, total ${data.searchProducts.totalCount}${data.searchProducts.isExact ? '' : '+'}` : ''}${res.errors ? ` ERRORS ${JSON.stringify(res.errors)}` : ''}`);
      }
    }
  }
} finally {
  await app.close();
  await rt.close();
}
