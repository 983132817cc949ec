/**
 * Search latency at catalog scale through the real gateway on PostgreSQL (issue 3's measurement): the search page
 * (24 hits + every facet, highlights, did-you-mean), the same page without a query (browse), and autocomplete, with
 * `--concurrency` clients (default 8) over keep-alive HTTP.
 *
 *   npx tsx bench/search/gateway-bench.ts --database-url postgres://postgres@127.0.0.1:5432/emporium_bench_1m \
 *     [--requests 800] [--concurrency 8] [--label "1M SKUs"]
 *
 * The database must already hold a catalog (pnpm catalog:generate + pnpm catalog:bulk-load, see README.md). The
 * platform (7 subgraphs + gateway) runs in a child process started by this script, so the load generator does not share
 * its event loop. Queries come from the loaded catalog: the 40 most common vocabulary words, the first two words of 30
 * products, and each of those 30 with one letter dropped; suggest prefixes are the first 60 % of each. The 1-minute load
 * average before and after each scenario is recorded (the machine may be shared). Results are printed and appended to
 * bench/search/RESULTS.md. Not a test: nothing is asserted.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { machineInfo } from '../lib/machine.ts';
import { loadBenchQueries, SEARCH_PAGE, SUGGEST } from './bench-queries.ts';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const DATABASE_URL = opt('--database-url') ?? process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('--database-url (or DATABASE_URL) is required: a PostgreSQL database with a bulk-loaded catalog.');
const REQUESTS = Number(opt('--requests') ?? 800);
const CONCURRENCY = Number(opt('--concurrency') ?? 8);
const WARMUP = Number(opt('--warmup') ?? 40);

const log = (s: string) => process.stderr.write(`${s}\n`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// Queries from the loaded catalog.
const { products, queries, prefixes } = await loadBenchQueries(DATABASE_URL);
log(`${products.toLocaleString('en')} products; ${queries.length} queries`);

// The platform in a child process.
const dataDir = mkdtempSync(join(tmpdir(), 'emporium-search-bench-'));
const tsx = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
// The embedded platform keeps the gateway's default 2 s subgraph timeout: slower answers count as errors (a column).
const child = spawn(tsx, [join(import.meta.dirname, 'serve-platform.ts'), DATABASE_URL, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const gatewayUrl = await new Promise<string>((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
  createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { gatewayUrl: string }).gatewayUrl));
});
log(`platform up: ${gatewayUrl}`);

let errors = 0;
async function post(query: string, variables: Record<string, unknown>) {
  const res = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors && errors++ < 3) log(`error: ${JSON.stringify(body.errors).slice(0, 300)}`);
}

interface Row { name: string; p50: number; p95: number; p99: number; rps: number; load: string; errors: number }
async function measure(name: string, run: (i: number) => Promise<void>): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await run(i + 7);
  errors = 0;
  const before = loadavg()[0]!;
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
  return { name, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), rps: REQUESTS / seconds, load: `${before.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`, errors };
}

try {
  const results = [
    await measure('search page: 24 hits + all facets (query words, pairs, typos)', (i) => post(SEARCH_PAGE, { q: queries[i % queries.length] })),
    await measure('browse page: no query, 24 hits + all facets', (i) => post(SEARCH_PAGE, { f: i % 2 ? { inStockOnly: true } : {} })),
    await measure('autocomplete: suggest 5 queries with counts + 5 products', (i) => post(SUGGEST, { p: prefixes[i % prefixes.length] })),
  ];
  const m = machineInfo();
  const command = `npx tsx bench/search/gateway-bench.ts ${args.join(' ')}`;
  const section = [
    `## ${m.date} — PostgreSQL through the gateway, ${products.toLocaleString('en-GB')} products${opt('--label') ? ` (${opt('--label')})` : ''}`,
    '',
    `commit ${m.commit} · ${m.cores} cores (${m.cpu}) · ${m.memoryGiB} GiB · Node ${m.node} · ${CONCURRENCY} concurrent clients · ` +
      `${REQUESTS} requests per row after ${WARMUP} warm-up · platform in a child process (7 subgraphs + gateway)`,
    '',
    `\`${command}\``,
    '',
    '| scenario | p50 ms | p95 ms | p99 ms | req/s | errors | load avg (1 min) before → after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map((r) => `| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.rps.toFixed(0)} | ${r.errors} | ${r.load} |`),
    '',
  ].join('\n');
  console.log(section);
  appendFileSync(join(import.meta.dirname, 'RESULTS.md'), `${section}\n`);
} finally {
  child.kill('SIGTERM');
  const exited = new Promise((r) => child.once('exit', r));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  rmSync(dataDir, { recursive: true, force: true });
}
