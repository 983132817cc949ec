/**
 * Scenarios 2 (search page), 3 (product page) and 4 (checkout) on the real stack: all seven subgraphs on PostgreSQL
 * (seeded with the Online Retail demo data) with Redis, behind each gateway peer in turn.
 *
 *   taskset -c 1 pnpm --filter @emporium/bench stack [--scenario search|product|checkout|all] [--seconds 20] [--runs 3]
 *     [--connections 20] [--database-url postgres://postgres@127.0.0.1:5432/emporium_stack_bench]
 *     [--redis-url redis://127.0.0.1:6379] [--rows 0] [--no-append]
 *
 * The platform runs in a child process pinned to core 1 (stack-platform.ts; it seeds an empty database first — the
 * whole data set unless --rows) next to autocannon (this process); each gateway runs alone in its process on core 0,
 * on the same schema/supergraph.graphql and the same subgraphs. Setup goes through the API (stack-fixtures.ts):
 * products from the listing, users from signUp, stock through inventory's importStock. Before measuring, each
 * gateway's answers are compared with stock @apollo/gateway's: the search and product pages as in gateway.ts (ours
 * byte for byte, Hive as parsed JSON), checkout by shape and __typename (ids, numbers and tokens differ per order).
 * Every rotated input is requested once before the first peer (warm caches for all), and each peer starts on an idle
 * platform (the events earlier checkouts left are consumed first).
 * Here the subgraphs and PostgreSQL are the bottleneck, not the gateway: ratios are expected near 1.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadKeys, repoRoot } from '@emporium/kit';
import { shippedGatewayNodeOptions } from '../lib/shipped.ts';
import { firstLine, pinningAvailable, sameResponse, spawnOnCore, startGatewayRunner, stopped, tsNode, type GatewayRunner } from '../lib/gateways.ts';
import { measure, type RunResult } from '../lib/load.ts';
import { waitUntilIdle } from '../lib/idle.ts';
import { rssMiB } from '../lib/machine.ts';
import { appendResult, table } from '../lib/results.ts';
import { catalogSize, importStock, listProducts, refreshUsers, searchQueries, signUpUsers, type BenchUser } from './stack-fixtures.ts';
import { checkoutScenario, Failures, productScenario, searchScenario, shapeOf, type StackScenario, type StackScenarioName } from './stack-queries.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const scenarioArg = arg('scenario', 'all');
const names: StackScenarioName[] = scenarioArg === 'all' ? ['search', 'product', 'checkout'] : [scenarioArg as StackScenarioName];
if (!names.every((n) => ['search', 'product', 'checkout'].includes(n))) throw new Error(`--scenario must be search, product, checkout or all, got ${scenarioArg}.`);
const seconds = Number(arg('seconds', '20'));
const runs = Number(arg('runs', '3'));
const connections = Number(arg('connections', '20'));
const databaseUrl = arg('database-url', process.env.STACK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/emporium_stack_bench');
const redisUrl = arg('redis-url', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const rows = Number(arg('rows', '0'));
const warmupSeconds = Math.min(5, seconds);
/** --no-append: print the tables only (trial runs). */
const report = args.includes('--no-append') ? (title: string, _settings: unknown, body: string) => console.log(`\n## ${title}\n\n${body}\n`) : appendResult;
const log = (line: string) => console.error(line);

const runDir = join(repoRoot, 'bench', '.runs', 'stack');
const dataDir = join(runDir, 'data');
const keysDir = join(dataDir, 'keys');
const supergraphPath = join(repoRoot, 'schema', 'supergraph.graphql');
mkdirSync(dataDir, { recursive: true });
if (!pinningAvailable) log('taskset not found: processes are not pinned to cores; results are less comparable.');

/** Creates the database if it does not exist (createdb; "already exists" is fine). */
function ensureDatabase(url: string): void {
  const u = new URL(url);
  const created = spawnSync('createdb', ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), u.pathname.slice(1)], { encoding: 'utf8' });
  if (created.status !== 0 && !/already exists/.test(created.stderr)) throw new Error(`createdb failed: ${created.stderr}`);
}

ensureDatabase(databaseUrl);
log(`starting the platform on ${new URL(databaseUrl).pathname.slice(1)} (core 1; seeds an empty database first)…`);
const platform = spawnOnCore(1, 'node', tsNode(join(repoRoot, 'bench', 'scenarios', 'stack-platform.ts')), {
  STACK_DATABASE_URL: databaseUrl,
  STACK_DATA_DIR: dataDir,
  STACK_REDIS_URL: redisUrl,
  STACK_REDIS_NAMESPACE: 'stack-bench',
  STACK_SEED_ROWS: String(rows),
});
const { gatewayUrl, subgraphUrls } = JSON.parse(await firstLine(platform)) as { gatewayUrl: string; subgraphUrls: Record<string, string> };
const stopPlatform = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** The peers; checkout uses the variants that forward the Authorization header (the only deviation from defaults). */
const readPeers: GatewayRunner[] = [
  { name: 'stock @apollo/gateway', file: 'stock.ts', exact: true },
  { name: 'Hive Gateway', file: 'hive/hive.ts', exact: false },
  { name: 'Hive Gateway + router-runtime', file: 'hive/hive-router.ts', exact: false },
  { name: 'Emporium gateway', file: 'ours.ts', exact: true, env: { NODE_OPTIONS: shippedGatewayNodeOptions() } },
];
const checkoutPeers: GatewayRunner[] = [
  { name: 'stock @apollo/gateway (forwards Authorization)', file: 'stock-forward-auth.ts', exact: true },
  { name: 'Hive Gateway (forwards Authorization)', file: 'hive/hive-forward-auth.ts', exact: false },
  { name: 'Hive Gateway + router-runtime (forwards Authorization)', file: 'hive/hive-router-forward-auth.ts', exact: false },
  { name: 'Emporium gateway', file: 'ours.ts', exact: true, env: { NODE_OPTIONS: shippedGatewayNodeOptions() } },
];

interface Row extends RunResult {
  gateway: string;
  rss: number | null;
  failures: number;
}

try {
  log('setting up through the API: products, users, stock…');
  const size = await catalogSize(gatewayUrl);
  const products = await listProducts(gatewayUrl, 240);
  const buyable = products.filter((p) => p.priceMinor !== null && p.priceMinor > 0 && p.priceMinor <= 2_000).slice(0, 48).map((p) => p.id);
  if (buyable.length < 8) throw new Error(`only ${buyable.length} products priced up to £20 among the first ${products.length}`);
  const keys = loadKeys({ keysDir, generate: false });
  const stocked = await importStock(subgraphUrls.inventory!, keys.service, buyable, 10_000_000);
  const users: BenchUser[] = await signUpUsers(gatewayUrl, names.includes('checkout') ? connections * 2 + 1 : 1, 'stack');
  log(`  ${products.length} products (${buyable.length} for checkout, ${stocked} stock rows set to 10,000,000), ${users.length} users`);
  const bearer = () => `Bearer ${users[0]!.accessToken}`;
  const scenarios: Record<StackScenarioName, StackScenario> = {
    search: searchScenario(searchQueries(), bearer),
    product: productScenario(products.map((p) => p.slug), bearer),
    checkout: checkoutScenario(users, buyable),
  };

  for (const name of names) {
    const scenario = scenarios[name];
    const peers = name === 'checkout' ? checkoutPeers : readPeers;
    const rowsOut: Row[] = [];
    let reference: string[] | null = null;
    log(`\n${scenario.title}: priming the subgraphs' caches with every rotated input (through the platform's gateway)…`);
    await scenario.prime(gatewayUrl);
    for (const g of peers) {
      log(`\n${scenario.title} · ${g.name}`);
      // Earlier runs leave events (order.placed, stock.changed) the platform consumes in the background: start each
      // peer on a quiet platform, so no peer pays for another's work.
      if (platform.pid) log(`platform idle after ${(await waitUntilIdle(platform.pid)).toFixed(0)} s`);
      await refreshUsers(gatewayUrl, users);
      const { child, url } = await startGatewayRunner(g, { subgraphUrls, core: 0, supergraphPath, keysDir });
      try {
        const answers = await scenario.check(url);
        reference ??= answers;
        const same =
          scenario.compare === 'shape'
            ? isDeepStrictEqual(answers.map((a) => shapeOf(JSON.parse(a))), reference.map((a) => shapeOf(JSON.parse(a))))
            : answers.every((a, i) => sameResponse(g.exact, reference![i]!, a));
        if (!same) throw new Error(`${g.name} answered ${name} differently from stock @apollo/gateway:\n${answers.join('\n').slice(0, 2000)}`);
        log(`${answers.length} answers ${scenario.compare === 'shape' ? 'shaped' : g.exact ? 'byte-identical' : 'identical (parsed)'} like stock's; measuring ${runs} × ${seconds} s at ${connections} connections`);
        const failures = new Failures();
        const m = await measure({ url, body: '', connections, seconds, warmupSeconds, runs, autocannon: { requests: scenario.requests(failures) } }, log);
        if (failures.count) log(`  ${failures.count} wrong answers, e.g.:\n    ${failures.samples.join('\n    ')}`);
        rowsOut.push({ gateway: g.name, ...m, rss: child.pid ? rssMiB(child.pid) : null, failures: failures.count });
      } finally {
        await stopped(child);
      }
    }
    const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
    const base = rowsOut[0];
    const per = scenario.requestsPerIteration;
    report(
      `Stack on PostgreSQL, scenario ${scenario.title}`,
      {
        connections,
        seconds,
        runs,
        warmup: warmupSeconds,
        cores: pinningAvailable ? 'gateway on core 0; platform (7 subgraphs) + PostgreSQL clients + autocannon on core 1 (PostgreSQL and Redis unpinned)' : 'not pinned',
        database: `PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}, Online Retail demo data (${size.toLocaleString('en-GB')} products)`,
        'requests per iteration': per,
        'before the first peer': 'every rotated input requested once (warm subgraph caches for all peers)',
        'before each peer': 'wait until the platform uses < 10 % of a core over 2 s (events of earlier runs consumed)',
        'load average (1/5/15 min) at the end': load,
      },
      table(
        ['gateway', 'req/s (median)', `${name === 'checkout' ? 'checkouts' : 'pages'}/s`, 'vs stock', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs stock', 'p99 vs stock', 'RSS MiB', 'KB/response', 'wrong answers', 'errors'],
        rowsOut.map((r) => [
          r.gateway,
          r.rps.toFixed(0),
          (r.rps / per).toFixed(1),
          base ? `${(r.rps / base.rps).toFixed(2)}×` : '',
          r.p50, r.p95, r.p99,
          base ? `${(r.p50 / base.p50).toFixed(2)}×` : '',
          base ? `${(r.p99 / base.p99).toFixed(2)}×` : '',
          r.rss ?? 'n/a',
          (r.bytesPerResponse / 1024).toFixed(1),
          r.failures,
          r.errors + r.non2xx,
        ]),
      ) +
        '\n\nThe subgraphs and PostgreSQL on one core are the bottleneck here, not the gateway. Latencies are per HTTP request' +
        (per > 1 ? ` (a ${name === 'checkout' ? 'checkout' : 'page view'} is ${per} requests in a row: ${name === 'checkout' ? 'AddCartLine, CartDetails, Checkout' : 'ProductPage, ProductExtras'}).` : '.') +
        ' "wrong answers" counts answers that were not the expected result over warm-up and runs (must be 0).',
    );
  }
} finally {
  await stopPlatform(platform);
}
