/**
 * The merchants' side of the ingestion benchmark, in its own process (bench/deals/ingest.ts starts it): the feed
 * simulator over a synthetic catalog, without the slow/failing behaviours. Prints one JSON line when it listens
 * ({ baseUrl, rows, merchants: [{ name, reputation, feedUrl }] }) and, when its stdin closes, one more with its own
 * peak RSS, then exits.
 *
 *   node --import tsx bench/deals/simulator.ts --products 32259 --seed 7 --now 2026-11-21T12:00:00.000Z
 */
import { parseArgs } from 'node:util';
import { syntheticCatalog } from '../../subgraphs/deal/src/simulator/catalog.ts';
import { DEFAULT_PROFILES } from '../../subgraphs/deal/src/simulator/generate.ts';
import { startFeedSimulator } from '../../subgraphs/deal/src/simulator/server.ts';

const { values } = parseArgs({ options: { products: { type: 'string' }, seed: { type: 'string', default: '7' }, now: { type: 'string' } } });
const seed = Number(values.seed);
const products = syntheticCatalog(Number(values.products), seed);
const profiles = DEFAULT_PROFILES.map((p) => ({ ...p, behaviour: {} }));
const sim = await startFeedSimulator({ products, profiles, seed, now: new Date(values.now!) });
const rows = sim.merchants.reduce((n, m) => n + m.rows.length, 0);
// Only the rendered feed bodies are needed from here on.
for (const m of sim.merchants) m.rows.length = 0;
process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, rows, merchants: sim.merchants.map((m) => ({ name: m.profile.name, reputation: m.profile.reputation, feedUrl: m.feedUrl })) })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  process.stdout.write(`${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  void sim.close().then(() => process.exit(0));
});
