/**
 * Stock reservations per second at 50 concurrent clients, with the oversell check, measured in-process against the
 * inventory subgraph (Fastify inject with a service token: no gateway, no network).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/reservations/reservations-bench.ts [--requests 4000] [--pool 5] [--clients 50]
 *
 * It creates a scratch database on that server and drops it afterwards (never the shared tables). Without
 * DATABASE_URL it runs on an in-memory PGlite (one connection: a smoke run, not a measurement). Two scenarios:
 * - hot: every request reserves 1 unit of the SAME product (stock = half the requests): maximal row contention;
 * - spread: 1–3 lines of 1–2 units over 200 products with 60 units each (stock runs out for some).
 * After each scenario it checks from the tables that nothing was oversold: for every stock row reserved = Σ HELD
 * reservation lines, and on_hand − reserved − committed ≥ 0. Results are printed and appended to
 * bench/reservations/RESULTS.md. Not a test: nothing is asserted, but a non-zero oversell is reported loudly.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createLogger, createMemoryBus, createMemoryCache, executeRows, fixedClock, loadServiceConfig, openServiceRuntime } from '@emporium/kit';
import { createTestKeys, gql, openTestDatabase, serviceHeaders } from '@emporium/kit/testing';
import { buildInventorySubgraph, seedStock } from '../../subgraphs/inventory/src/index.ts';
import { migrationsFolder, schema } from '../../subgraphs/inventory/src/runtime.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`${name} must be a whole number ≥ 1.\n`);
    process.exit(2);
  }
  return v;
};
const REQUESTS = arg('--requests', 4000);
const POOL = arg('--pool', 5);
const CLIENTS = arg('--clients', 50);
const RESULTS = new URL('./RESULTS.md', import.meta.url);

const RESERVE = `mutation($lines: [ReservationLineInput!]!, $ref: String!) {
  reserveStock(lines: $lines, reference: $ref, ttlSeconds: 600) { __typename }
}`;

const pid = (n: number) => `50000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** A small deterministic PRNG (mulberry32), so every run asks for the same carts. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const loadAtStart = loadavg()[0]!.toFixed(1);
process.stderr.write(`reservations bench on ${kind}: ${REQUESTS} requests per scenario, ${CLIENTS} clients, pool ${POOL}\n`);
const keys = createTestKeys();
const db = await openTestDatabase({ name: 'inventory', schema, migrationsFolder, poolMax: POOL });
const rt = await openServiceRuntime({
  name: 'inventory',
  schema,
  migrationsFolder,
  config: { ...loadServiceConfig('inventory', {}), logLevel: 'silent' },
  logger: createLogger('inventory', 'silent'),
  db,
  shared: { cache: createMemoryCache(), bus: createMemoryBus(), keys, clock: fixedClock(new Date()) },
});
const handle = await buildInventorySubgraph(rt);
const headers = await serviceHeaders(keys, 'order');

type Row = { scenario: string; requests: number; reserved: number; short: number; errors: number; seconds: number; p50: number; p95: number; p99: number; oversold: number; invariant: boolean };

async function scenario(name: string, stock: { id: string; units: number }[], cart: (i: number) => { productId: string; quantity: number }[]): Promise<Row> {
  await seedStock(rt, {
    // seedStock reads only the id and quantityOnHand of each product (and creates UK-1 with its lead times).
    products: stock.map((s) => ({ id: s.id, quantityOnHand: s.units })) as unknown as Parameters<typeof seedStock>[1]['products'],
  });
  const latencies: number[] = [];
  let next = 0;
  let reserved = 0;
  let short = 0;
  let errors = 0;
  let lastPct = -1;
  const started = performance.now();
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= REQUESTS) return;
      const t = performance.now();
      const res = await gql<{ reserveStock: { __typename: string } }>(handle.app, RESERVE, { lines: cart(i), ref: `${name}-${i}` }, headers);
      latencies.push(performance.now() - t);
      const type = res.data?.reserveStock?.__typename;
      if (type === 'Reservation') reserved++;
      else if (type === 'InsufficientStock') short++;
      else errors++;
      const pct = Math.floor(((reserved + short + errors) / REQUESTS) * 10) * 10;
      if (pct !== lastPct && pct % 20 === 0) {
        lastPct = pct;
        process.stderr.write(`  ${name}: ${pct}% (${reserved + short + errors} / ${REQUESTS})\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  // The ids are this script's own UUID literals (no input reaches the SQL text).
  const ids = stock.map((s) => `'${s.id}'::uuid`).join(', ');
  const [check] = await executeRows<{ oversold: number; bad: number }>(
    rt.db.db,
    `select coalesce(sum(greatest(s.reserved + s.committed - s.on_hand, 0)), 0)::int as oversold,
      count(*) filter (where s.reserved <> coalesce((select sum(l.quantity) from inventory.reservation_lines l
        join inventory.reservations r on r.id = l.reservation_id
        where r.status = 'HELD' and l.product_id = s.product_id and l.warehouse_code = s.warehouse_code), 0))::int as bad
    from inventory.stock s where s.product_id in (${ids})`,
  );
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { scenario: name, requests: REQUESTS, reserved, short, errors, seconds, p50: q(0.5), p95: q(0.95), p99: q(0.99), oversold: Number(check?.oversold ?? 0), invariant: Number(check?.bad ?? 1) === 0 };
}

const rows: Row[] = [];
try {
  const hot = pid(1);
  rows.push(await scenario('hot', [{ id: hot, units: Math.floor(REQUESTS / 2) }], () => [{ productId: hot, quantity: 1 }]));
  const spread = Array.from({ length: 200 }, (_, i) => ({ id: pid(1000 + i), units: 60 }));
  const rand = rng(42);
  const carts = Array.from({ length: REQUESTS }, () => {
    const n = 1 + Math.floor(rand() * 3);
    const picked = new Set<number>();
    while (picked.size < n) picked.add(Math.floor(rand() * spread.length));
    return [...picked].map((k) => ({ productId: spread[k]!.id, quantity: 1 + Math.floor(rand() * 2) }));
  });
  rows.push(await scenario('spread', spread, (i) => carts[i]!));
} finally {
  await handle.stop();
  await rt.close();
  await db.close();
}

const cpu = cpus()[0]?.model.trim() ?? 'unknown';
const header = `## ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} — ${kind}, ${CLIENTS} concurrent clients, pool ${POOL}\n\n` +
  `${cpus().length} cores (${cpu}) · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version} · in-process (no gateway) · ${REQUESTS} requests per scenario · load average ${loadAtStart} at start, ${loadavg()[0]!.toFixed(1)} at end\n\n` +
  '| scenario | reserved | insufficient | errors | reservations/s | requests/s | p50 ms | p95 ms | p99 ms | oversold units | invariant |\n' +
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n';
const table = rows
  .map((r) => `| ${r.scenario} | ${r.reserved} | ${r.short} | ${r.errors} | ${(r.reserved / r.seconds).toFixed(0)} | ${(r.requests / r.seconds).toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.oversold} | ${r.invariant ? 'holds' : 'BROKEN'} |`)
  .join('\n');
const section = `${header}${table}\n\n`;
process.stdout.write(section);
if (!existsSync(RESULTS)) writeFileSync(RESULTS, '# Reservation benchmark results\n\nAppended by `bench/reservations/reservations-bench.ts` (command and scenarios in its header comment); newest last.\n\n');
appendFileSync(RESULTS, section);
if (rows.some((r) => r.oversold > 0 || !r.invariant || r.errors > 0)) {
  process.stderr.write('OVERSOLD, BROKEN INVARIANT OR ERRORS: see the table above.\n');
  process.exit(1);
}
