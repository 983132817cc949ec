/**
 * Recommendation latency at the subgraph (not a test: run it on a quiet machine).
 *
 *   npx tsx bench/recommendations/latency.ts [--rows N] [--products 300] [--users 200]
 *   DATABASE_URL=postgres://… REDIS_URL=redis://… npx tsx bench/recommendations/latency.ts   # PostgreSQL and Redis
 *
 * (from the repository root).
 * Seeds a throwaway database (in-memory PGlite, or a scratch database on DATABASE_URL) from the Online Retail data,
 * starts the subgraph on a local port and sends real HTTP requests one at a time:
 * - product page: `_entities` for one product with `recommendations(first: 10)` and `similar(first: 10)`, first for
 *   products never asked before (cold: neighbours read from SQL) and then again (warm: from rt.cache);
 * - home page: `User.recommendations(context: HOME, first: 10)` for customers with a history (signed-in tokens);
 * - deal feed: `User.dealFeed(first: 20)` for the same customers, with the preferences the user subgraph derives for
 *   them (sent in the representation, as the gateway does for @requires) over the demo deals: the deal subgraph's
 *   seed runs on its own throwaway database and its outbox (`deal.upserted`) is published to this subgraph's bus.
 * Prints p50/p95/p99 per scenario and appends the table to bench/recommendations/RESULTS.md.
 */
import { appendFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createMemoryBus, createMemoryCache, executeRows, type EventEnvelope, createRedisCache, fixedClock, loadServiceConfig, openServiceRuntime, signAccessToken, createLogger } from '@emporium/kit';
import { createTestKeys, openTestDatabase, openTestRuntime, serviceHeaders } from '@emporium/kit/testing';
import { loadRetailDataset } from '../../packages/retail-data/src/index.ts';
import { migrationsFolder as dealMigrations, schema as dealSchema } from '../../subgraphs/deal/src/runtime.ts';
import { seedDeals } from '../../subgraphs/deal/src/seed.ts';
import { migrationsFolder, schema } from '../../subgraphs/recommendation/src/runtime.ts';
import { buildRecommendationSubgraph } from '../../subgraphs/recommendation/src/server.ts';
import { seedRecommendations } from '../../subgraphs/recommendation/src/seed.ts';
import { derivePreferences } from '../../subgraphs/user/src/seed.ts';

const args = process.argv.slice(2);
const num = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) {
    process.stderr.write(`${name} must be a positive integer.\n`);
    process.exit(2);
  }
  return v;
};
const rows = args.includes('--rows') ? num('--rows', 0) : undefined;
const productCount = num('--products', 300);
const userCount = num('--users', 200);
const log = (s: string) => process.stderr.write(s + '\n');
const NOW = '2026-11-21T12:00:00.000Z';

// Deterministic sampling (mulberry32).
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const sample = <T>(xs: readonly T[], n: number) => {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
};

const keys = createTestKeys();
const clock = fixedClock(NOW);
const db = await openTestDatabase({ name: 'recommendation', schema, migrationsFolder });
const redisUrl = process.env.REDIS_URL;
const cache = redisUrl ? await createRedisCache({ url: redisUrl, namespace: `emporium:bench-recs-${process.pid}`, logger: createLogger('bench', 'warn') }) : createMemoryCache();
const bus = createMemoryBus();
const rt = await openServiceRuntime({
  name: 'recommendation',
  schema,
  migrationsFolder,
  config: { ...loadServiceConfig('recommendation', {}), logLevel: 'warn' },
  logger: createLogger('recommendation', 'warn'),
  db,
  shared: { cache, bus, keys, clock },
});

log(`reading the Online Retail data set${rows ? ` (first ${rows.toLocaleString('en-GB')} rows)` : ''}…`);
const data = await loadRetailDataset({ now: new Date(NOW), ...(rows ? { maxRows: rows } : {}) });
log('seeding the recommendation subgraph…');
let lastPct = -1;
const t0 = Date.now();
const report = await seedRecommendations(rt, data, (done, total) => {
  const pct = Math.floor((100 * done) / Math.max(1, total) / 10) * 10;
  if (pct !== lastPct) log(`  ${(lastPct = pct)}% (${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} rows)`);
});
const seedSeconds = (Date.now() - t0) / 1000;
log(`  seeded ${report.rows.toLocaleString('en-GB')} rows in ${seedSeconds.toFixed(1)} s`);

const sub = await buildRecommendationSubgraph(rt);
await sub.start(); // consumes the deal events below
log('seeding the demo deals (deal subgraph, its own throwaway database) and publishing its outbox…');
const dealRt = await openTestRuntime({ name: 'deal', schema: dealSchema, migrationsFolder: dealMigrations, keys });
dealRt.clock.set(NOW);
const dealReport = await seedDeals(dealRt, data);
const outboxRows = await executeRows<{ id: string; type: string; source: string; payload: unknown; occurred_at: Date | string }>(
  dealRt.db.db,
  `select id, type, source, payload, occurred_at from deal.outbox order by seq`,
);
const events: EventEnvelope[] = outboxRows.map((r) => ({ id: r.id, type: r.type, source: r.source, payload: r.payload, occurredAt: new Date(r.occurred_at).toISOString() }));
await bus.publish(events);
await bus.whenIdle();
await dealRt.close();
log(`  ${dealReport.deals} deals (${dealReport.live} live), ${events.length} deal.upserted events applied`);
const url = await sub.app.listen({ port: 0, host: '127.0.0.1' });
const gateway = await serviceHeaders(keys, 'gateway');

async function timed(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  rt.db.stats.reset();
  const start = process.hrtime.bigint();
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { errors?: unknown[] };
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (body.errors) throw new Error(`request failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return { ms, statements: rt.db.stats.statements };
}

const PRODUCT_PAGE = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id
  recommendations(first: 10) { score product { id } reasons { strategy score weight detail } }
  similar(first: 10) { score product { id } reasons { strategy score weight detail } } } } }`;
const DEAL_FEED = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id
  dealFeed(first: 20) { score deal { id } factors { category priceRange merchantAffinity discountSensitivity timing dealQuality collaborative content } } } } }`;
const HOME = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id
  recommendations(context: HOME, first: 10) { score product { id } reasons { strategy score weight detail } } } } }`;

const results: { scenario: string; n: number; p50: number; p95: number; p99: number; max: number; mean: number; statements: number }[] = [];
async function run(scenario: string, calls: (() => Promise<{ ms: number; statements: number }>)[]) {
  const times: number[] = [];
  let statements = 0;
  for (const [k, call] of calls.entries()) {
    const r = await call();
    times.push(r.ms);
    statements += r.statements;
    if ((k + 1) % 100 === 0 || k + 1 === calls.length) log(`  ${scenario}: ${k + 1} / ${calls.length}`);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  results.push({ scenario, n: times.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: times.at(-1)!, mean: times.reduce((a, b) => a + b, 0) / times.length, statements: statements / times.length });
}

const productIds = sample(data.products.map((p) => p.id), productCount);
const customers = [...new Set(data.invoices.filter((i) => i.userId).map((i) => i.userId!))];
const users = sample(customers, userCount);
// Warm-up: the catalogue snapshot, JIT, connections (one product and one user outside the samples' effects).
await timed(HOME, { r: [{ __typename: 'User', id: customers[0] }] }, { authorization: `Bearer ${await signAccessToken(keys.access, { userId: customers[0]!, roles: ['customer'], country: 'GB' })}` });
await timed(PRODUCT_PAGE, { r: [{ __typename: 'Product', id: data.products[0]!.id }] }, gateway);

const page = (id: string) => () => timed(PRODUCT_PAGE, { r: [{ __typename: 'Product', id }] }, gateway);
await run('product page, cold (neighbours from SQL)', productIds.map(page));
await run('product page, warm (neighbours from rt.cache)', productIds.map(page));
const tokens = await Promise.all(users.map((id) => signAccessToken(keys.access, { userId: id, roles: ['customer'], country: 'GB' })));
await run('home page (User.recommendations HOME)', users.map((id, k) => () => timed(HOME, { r: [{ __typename: 'User', id }] }, { authorization: `Bearer ${tokens[k]}` })));
const prefs = derivePreferences(data);
const dealRep = (id: string) => {
  const p = prefs.get(id);
  const money = (amount: number) => ({ amount, currency: 'GBP' });
  const preferences = p ? { categories: p.categories, priceRange: { min: money(p.priceMin), max: money(p.priceMax) }, discountSensitivity: p.discountSensitivity, activeHours: p.activeHours } : null;
  return [{ __typename: 'User', id, preferences, savedDeals: { edges: [] } }];
};
await run('deal feed (User.dealFeed, 20 deals)', users.map((id, k) => () => timed(DEAL_FEED, { r: dealRep(id) }, { authorization: `Bearer ${tokens[k]}` })));

const storage = `${db.kind === 'pglite' ? 'PGlite (in-memory)' : 'PostgreSQL'}, cache ${redisUrl ? 'Redis' : 'in-process LRU'}`;
const cpu = cpus();
const table = [
  `### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} — ${storage}`,
  '',
  `Command: \`${['npx tsx bench/recommendations/latency.ts', ...args].join(' ')}\`${process.env.DATABASE_URL ? ' with DATABASE_URL' : ''}${redisUrl ? ' and REDIS_URL' : ''}; ` +
    `${data.invoices.length.toLocaleString('en-GB')} orders, ${data.products.length.toLocaleString('en-GB')} products, ${dealReport.live} live deals, seed ${seedSeconds.toFixed(1)} s; ` +
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at the end ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
  '',
  '| scenario | requests | p50 ms | p95 ms | p99 ms | max ms | mean ms | SQL statements / request |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.scenario} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.mean.toFixed(1)} | ${r.statements.toFixed(2)} |`),
  '',
].join('\n');
process.stdout.write(table + '\n');
appendFileSync(new URL('./RESULTS.md', import.meta.url), table + '\n');
log('appended to bench/recommendations/RESULTS.md');
await sub.stop();
await rt.close();
await cache.close();
await db.close();
