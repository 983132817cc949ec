/**
 * Feed ingestion benchmark (README of bench/deals): offers per second through a whole run — fetch over HTTP from the
 * simulator, read, validate, hash, store, then the enrichment pass (duplicates, product links, confidence).
 *
 *   cd subgraphs/deal && node --max-old-space-size=3500 --import tsx ../../bench/deals/ingest.ts --offers 100000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --max-old-space-size=3500 --import tsx ../../bench/deals/ingest.ts --offers 100000
 *
 * Without DATABASE_URL the database is an in-memory PGlite; with it, a scratch PostgreSQL database (dropped after).
 * The catalog is synthetic (word-list titles); the eight simulator merchants serve it with their data faults but
 * without their slow/failing behaviour, from a child process (`simulator.ts`: the merchants' side, not ours), so the
 * peak RSS reported is the ingesting process's; the simulator's is reported apart. A second run measures the
 * unchanged-rows path. One JSON line on stdout.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openTestRuntime } from '../../packages/kit/src/testing/index.ts';
import { upsertCatalog } from '../../subgraphs/deal/src/catalog.ts';
import { uuidFromName } from '../../subgraphs/deal/src/ids.ts';
import { runIngestion } from '../../subgraphs/deal/src/feeds/ingest.ts';
import { formatFeedLine, type RunReport } from '../../subgraphs/deal/src/feeds/report.ts';
import { registerFeed, registerMerchant } from '../../subgraphs/deal/src/feeds/registration.ts';
import { migrationsFolder, schema } from '../../subgraphs/deal/src/runtime.ts';
import { syntheticCatalog } from '../../subgraphs/deal/src/simulator/catalog.ts';

const { values } = parseArgs({ options: { offers: { type: 'string', default: '100000' }, seed: { type: 'string', default: '7' } } });
const target = Number(values.offers);
const log = (s: string) => process.stderr.write(`${s}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const s = (ms: number) => Number((ms / 1000).toFixed(1));

const rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
try {
  let t = performance.now();
  // The eight merchants list ≈ 3.1 rows per product in all (coverage 0.3–0.55 each).
  const productCount = Math.ceil(target / 3.1);
  const child = spawn(process.execPath, ['--max-old-space-size=3500', '--import', 'tsx', new URL('./simulator.ts', import.meta.url).pathname, '--products', String(productCount), '--seed', String(values.seed), '--now', rt.clock.now().toISOString()], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const sim = JSON.parse((await lines.next()).value as string) as { rows: number; merchants: { name: string; reputation: number; feedUrl: string }[] };
  log(`simulator (child process ${child.pid}): ${sim.rows} feed rows for ${productCount} products in ${s(performance.now() - t)} s (${rt.db.kind})`);
  for (const m of sim.merchants) {
    const merchant = await registerMerchant(rt.db.db, { name: m.name, reputation: m.reputation, allowPrivateNetwork: true, simulated: true, rateLimitPerMinute: 6000 }, rt.clock.now());
    await registerFeed(rt.db.db, { merchantId: merchant.id, url: m.feedUrl }, rt.clock.now());
  }
  const products = syntheticCatalog(productCount, Number(values.seed));
  t = performance.now();
  await upsertCatalog(rt.db.db, products.map((p) => ({ productId: uuidFromName(`product:${p.id}`), title: p.title, brand: p.brand, category: p.category, gtin: null, updatedAt: rt.clock.now() })));
  log(`catalog copy: ${products.length} titles in ${s(performance.now() - t)} s`);

  const stopSimulator = async (): Promise<number> => {
    child.stdin!.end();
    const line = (await lines.next()).value as string | undefined;
    await once(child, 'exit');
    return line ? (JSON.parse(line) as { peakRssMb: number }).peakRssMb : NaN;
  };
  const run = async (label: string): Promise<{ report: RunReport; ms: number }> => {
    const t0 = performance.now();
    const report = (await runIngestion(rt, {
      trigger: 'cli',
      settings: { timeoutMs: 600_000 },
      onProgress: (e) => {
        if (e.kind === 'feed') log(`  ${label} ${formatFeedLine(e.feed, e.done, e.total)}`);
        if (e.kind === 'enriched') log(`  ${label} enrichment: ${e.report.deals} live deals, ${e.report.groups} groups, linked ${JSON.stringify(e.report.linked)}, ${e.report.changed} changed in ${s(e.report.durationMs)} s (ms: ${JSON.stringify(e.report.phasesMs)})`);
      },
    }))!;
    return { report, ms: performance.now() - t0 };
  };
  const cpu0 = process.cpuUsage();
  const first = await run('run 1');
  const cpu1 = process.cpuUsage(cpu0);
  const second = await run('run 2');
  const enrich1 = first.report.enrichment?.durationMs ?? 0;
  console.log(
    JSON.stringify({
      database: rt.db.kind,
      offers: first.report.fetched,
      valid: first.report.valid,
      rejected: first.report.rejected,
      run1S: s(first.ms),
      run1CpuS: s((cpu1.user + cpu1.system) / 1000),
      run1OffersPerS: Math.round(first.report.fetched / (first.ms / 1000)),
      feedsPhaseS: s(first.ms - enrich1),
      feedsPhaseOffersPerS: Math.round(first.report.fetched / ((first.ms - enrich1) / 1000)),
      enrichmentS: s(enrich1),
      groups: first.report.enrichment?.groups,
      linked: first.report.enrichment?.linked,
      run2S: s(second.ms),
      run2Unchanged: second.report.unchanged,
      run2OffersPerS: Math.round(second.report.fetched / (second.ms / 1000)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      heapUsedMb: mb(process.memoryUsage().heapUsed),
      simulatorPeakRssMb: await stopSimulator(),
    }),
  );
} finally {
  await rt.close();
}
