/**
 * SQL statements per request for scenario 1 (the deep entity query) at a page of 24 and of 96 products, per subgraph,
 * counted by each subgraph's db handle (`stats.statements`) — the number must not grow with the page size.
 *
 *   pnpm --filter @emporium/bench gateway:sql [--rows 60000]
 *
 * Starts the real platform (PGlite in memory, or PostgreSQL when DATABASE_URL is set: a scratch database, dropped
 * afterwards), sends one uncounted warm-up request (a page of 8: process-wide caches such as exchange and tax rates
 * fill once), then the query through our gateway twice per page size: the page's first request and a repeat (which
 * per-entity caches may answer). Appends the table to bench/RESULTS.md.
 */
import { fixedClock, signAccessToken } from '@emporium/kit';
import { createScratchDatabase, createTestKeys } from '@emporium/kit/testing';
import { startPlatform } from '@emporium/platform';
import { appendResult, table } from '../lib/results.ts';
import { gatewayScenarios } from './queries.ts';

const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 60_000;
const log = (line: string) => console.error(line);

const keys = createTestKeys();
const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
log(`starting the platform (${scratch ? 'PostgreSQL' : 'PGlite'}, first ${rows.toLocaleString('en-GB')} rows)…`);
const platform = await startPlatform({
  ports: 'ephemeral',
  dataDir: 'memory',
  ...(scratch ? { databaseUrl: scratch.url } : {}),
  seed: { maxRows: rows },
  keys,
  clock: fixedClock(new Date()),
  logLevel: 'error',
  progress: log,
});
const token = await signAccessToken(keys.access, { userId: '00000000-0000-4000-8000-000000000001', roles: ['customer'] });
const deep = gatewayScenarios.deep;
const subgraphs = Object.keys(platform.runtimes);

/** Statements each subgraph issued for one request of the deep query with a page of `first` products. */
async function statements(first: number): Promise<Record<string, number>> {
  for (const rt of Object.values(platform.runtimes)) rt.db.stats.reset();
  const query = deep.query.replace('products(first: 40)', `products(first: ${first})`);
  if (query === deep.query) throw new Error('the deep query no longer asks products(first: 40)');
  const res = await fetch(platform.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: { products: { edges: unknown[] } }; errors?: unknown[] };
  if (body.errors || body.data?.products.edges.length !== first) throw new Error(`the deep query with first: ${first} failed: ${JSON.stringify(body.errors ?? body.data)}`);
  return Object.fromEntries(Object.entries(platform.runtimes).map(([name, rt]) => [name, rt.db.stats.statements]));
}

try {
  const results: [string, Record<string, number>][] = [['warm-up: 8 products, first request of the process', await statements(8)]];
  for (const first of [24, 96]) {
    results.push([`${first} products, first request`, await statements(first)]);
    results.push([`${first} products, repeated`, await statements(first)]);
  }
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  appendResult(
    'SQL statements per request, scenario 1 (deep entity query) at 24 and 96 products',
    { rows, database: scratch ? 'PostgreSQL' : 'PGlite (in memory)', query: 'bench/scenarios/queries.ts deep, products(first: 24 | 96)' },
    table(['request', ...subgraphs, 'total'], results.map(([label, r]) => [label, ...subgraphs.map((s) => r[s] ?? 0), total(r)])),
  );
  const cold = results.filter(([l]) => /^\d+ products, first request$/.test(l)).map(([, r]) => JSON.stringify(r));
  if (cold[0] !== cold[1]) log('warning: the statement count differs between 24 and 96 products (see the table).');
} finally {
  await platform.stop();
  await scratch?.drop();
}
