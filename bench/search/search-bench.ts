/**
 * Search latency on the real demo catalog (the Online Retail products, 3,794 with the full file), measured in-process
 * against the product subgraph (Fastify inject: no gateway, no network), 8 concurrent clients by default.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/search/search-bench.ts [--requests 800] [--concurrency 8] [--max-rows N]
 *
 * Without DATABASE_URL it runs on an in-memory PGlite. On PostgreSQL it creates a scratch database and drops it after.
 * Results are printed and appended to bench/search/RESULTS.md. Not a test: nothing is asserted.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeRows, loadServiceConfig } from '@emporium/kit';
import { gql, openTestDatabase } from '@emporium/kit/testing';
import { loadRetailDataset } from '../../packages/retail-data/src/index.ts';
import { buildProductSubgraph, openProductRuntime, seedProducts } from '../../subgraphs/product/src/index.ts';
import { migrationsFolder, schema } from '../../subgraphs/product/src/runtime.ts';
import { deriveQueries } from './bench-queries.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const REQUESTS = arg('--requests', 800);
const MAX_ROWS = arg('--max-rows', 0);
const CONCURRENCY = arg('--concurrency', 8);

const SEARCH_PAGE = `query($q: String, $f: ProductSearchFilter) { searchProducts(query: $q, filter: $f, first: 24) {
  totalCount isExact didYouMean pageInfo { hasNextPage endCursor }
  edges { cursor score highlights { title description } node { id sku slug title brand { name } category { name } } }
  facets { isExact categories { category { id name } count } brands { brand { id name } count } priceRanges { min max count } ratings { minRating count } availability { inStock count } }
} }`;
const SUGGEST = `query($p: String!) { suggest(prefix: $p, first: 5) { queries { text count } products { id title } } }`;

const log = (s: string) => process.stderr.write(`${s}\n`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// A throwaway database: a scratch PostgreSQL database when DATABASE_URL is set (dropped on close), else in-memory PGlite.
const db = await openTestDatabase({ name: 'product', schema, migrationsFolder });
const rt = await openProductRuntime({ db, config: { ...loadServiceConfig('product', { LOG_LEVEL: 'warn' }), logLevel: 'warn' } });
try {
  log(`database: ${rt.db.kind}`);
  let t = performance.now();
  const data = await loadRetailDataset({ ...(MAX_ROWS ? { maxRows: MAX_ROWS } : {}), onProgress: (p) => p.phase !== 'read' && log(`  data: ${p.phase}`) });
  log(`loaded ${data.products.length} products in ${((performance.now() - t) / 1000).toFixed(1)} s; seeding…`);
  t = performance.now();
  let lastPct = -1;
  await seedProducts(rt, data, (done, total) => {
    const pctDone = Math.floor((done / total) * 10) * 10;
    if (pctDone !== lastPct) log(`  seed ${(lastPct = pctDone)}%`);
  });
  const seedSeconds = (performance.now() - t) / 1000;
  if (rt.db.kind === 'postgres') await executeRows(rt.db.db, 'analyze product.search_documents; analyze product.search_terms');

  // Queries from the catalog itself: the 40 most common vocabulary words, the first two words of the 30 best sellers,
  // and a one-letter typo (a dropped letter) of each of those 30 two-word queries.
  const words = (await executeRows<{ term: string }>(rt.db.db, 'select term from product.search_terms where length(term) >= 4 order by documents desc, term limit 40')).map((r) => r.term);
  const titles = (await executeRows<{ title: string }>(rt.db.db, 'select title from product.products order by popularity desc, id limit 30')).map((r) => r.title);
  const { queries, prefixes } = deriveQueries(words, titles);

  const { app } = await buildProductSubgraph(rt);
  async function measure(name: string, run: (i: number) => Promise<void>): Promise<{ name: string; p50: number; p95: number; p99: number; rps: number }> {
    for (let i = 0; i < 40; i++) await run(i); // warm-up
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < REQUESTS; i = next++) {
          const s = performance.now();
          await run(i);
          latencies.push(performance.now() - s);
          if (latencies.length % 200 === 0) log(`  ${name}: ${latencies.length} / ${REQUESTS}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { name, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), rps: REQUESTS / seconds };
  }
  const check = (res: { errors?: unknown }) => {
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  };
  const results = [
    await measure('search page: 24 hits + all facets (query words, pairs, typos)', async (i) => check(await gql(app, SEARCH_PAGE, { q: queries[i % queries.length] }))),
    await measure('browse page: no query, 24 hits + all facets', async (i) => check(await gql(app, SEARCH_PAGE, { f: i % 2 ? { inStockOnly: true } : {} }))),
    await measure('suggest: 5 queries with counts + 5 products', async (i) => check(await gql(app, SUGGEST, { p: prefixes[i % prefixes.length] }))),
  ];
  await app.close();

  const [count] = await executeRows<{ n: number }>(rt.db.db, 'select count(*)::int as n from product.search_documents');
  const cpu = cpus();
  const section = [
    `## ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} — ${rt.db.kind}, ${count!.n.toLocaleString('en-GB')} products`,
    '',
    `${cpu.length} cores (${cpu[0]?.model.trim()}) · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version} · in-process (no gateway) · ` +
      `${CONCURRENCY} concurrent clients · ${REQUESTS} requests per row · pool ${rt.config.dbPoolMax} · seed ${seedSeconds.toFixed(1)} s`,
    '',
    '| scenario | p50 ms | p95 ms | p99 ms | req/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.rps.toFixed(0)} |`),
    '',
  ].join('\n');
  console.log(section);
  const file = join(import.meta.dirname, 'RESULTS.md');
  if (!existsSync(file)) writeFileSync(file, '# Search benchmark results\n\nAppended by `bench/search/search-bench.ts` (see bench/search/README.md); newest last.\n\n');
  appendFileSync(file, section + '\n');
} finally {
  await rt.close();
  await db.close();
}
