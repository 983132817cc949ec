/**
 * Duplicate-detection benchmark (README of bench/deals): time and peak memory to group N offers.
 *
 *   cd subgraphs/deal && node --max-old-space-size=3500 --import tsx ../../bench/deals/dedupe.ts --offers 100000
 *
 * Offers come from the feed simulator over a synthetic catalog (word-list titles, not the 4,070 demo products) —
 * about 2.5 merchants per product — so the ground truth is known and pairwise precision / recall are reported too.
 * Prints one JSON line of results on stdout, progress on stderr.
 */
import { parseArgs } from 'node:util';
import { buildIndex, DEFAULT_DEDUPE, detectGroups } from '../../subgraphs/deal/src/dedupe/detect.ts';
import { labelledSet, pairMetrics } from '../../subgraphs/deal/src/dedupe/evaluate.ts';
import { syntheticCatalog } from '../../subgraphs/deal/src/simulator/catalog.ts';

const { values } = parseArgs({ options: { offers: { type: 'string', default: '100000' }, seed: { type: 'string', default: '7' } } });
const target = Number(values.offers);
const seed = Number(values.seed);
const NOW = new Date('2026-11-21T12:00:00Z');
const log = (s: string) => process.stderr.write(`${s}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

let t = performance.now();
// ~2.5 accepted offers per product with the default merchant profiles.
const products = syntheticCatalog(Math.ceil(target / 2.45), seed);
let offers = labelledSet(products, { seed, now: NOW });
if (offers.length > target) offers = offers.slice(0, target);
const generateMs = performance.now() - t;
log(`generated ${offers.length} offers for ${products.length} products in ${(generateMs / 1000).toFixed(1)} s (rss ${mb(process.memoryUsage().rss)} MB)`);

t = performance.now();
const index = await buildIndex(offers, DEFAULT_DEDUPE, (done, total) => log(`  indexed ${done} / ${total} (${((performance.now() - t) / 1000).toFixed(1)} s)`));
const indexMs = performance.now() - t;
log(`index: ${(indexMs / 1000).toFixed(1)} s, ${index.tfidf.terms.length} non-zero TF-IDF weights (rss ${mb(process.memoryUsage().rss)} MB)`);
t = performance.now();
const { groups, stats } = await detectGroups(index, DEFAULT_DEDUPE);
const clusterMs = performance.now() - t;
log(`clusters: ${(clusterMs / 1000).toFixed(1)} s, ${stats.comparisons} comparisons, ${stats.largeBuckets} large buckets, ${stats.groups} groups`);
const m = pairMetrics(groups, offers.map((o) => o.label));
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(
  JSON.stringify({
    offers: offers.length,
    products: products.length,
    generateS: Number((generateMs / 1000).toFixed(1)),
    indexS: Number((indexMs / 1000).toFixed(1)),
    clusterS: Number((clusterMs / 1000).toFixed(1)),
    dedupeS: Number(((indexMs + clusterMs) / 1000).toFixed(1)),
    comparisons: stats.comparisons,
    groups: stats.groups,
    peakRssMb,
    heapUsedMb: mb(process.memoryUsage().heapUsed),
    precision: Number(m.precision.toFixed(4)),
    recall: Number(m.recall.toFixed(4)),
    f1: Number(m.f1.toFixed(4)),
  }),
);
