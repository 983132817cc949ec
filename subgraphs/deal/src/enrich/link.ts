import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildIndex, DEFAULT_DEDUPE, forEachCandidate, similarity, type DedupeOffer, type DedupeParams } from '../dedupe/detect.ts';

/**
 * Linking offers to catalog products (README: product links): by GTIN when the catalog copy or an already linked
 * deal has the same GTIN, else by title similarity — TF-IDF cosine of the titles (unigrams + bigrams, the colour and
 * number variant penalty of the duplicate detector) against the deal subgraph's own copy of catalog titles, with
 * MinHash-LSH candidates; the best catalog title at or above {@link LINK_THRESHOLD} wins. The threshold was chosen on
 * simulated offers against the real catalog titles (bench/deals/dedupe-quality.md, "Linking to catalog products").
 */
export const LINK_THRESHOLD = 0.6;

const LINK_PARAMS: DedupeParams = { ...DEFAULT_DEDUPE, textWeight: 1, priceWeight: 0, threshold: LINK_THRESHOLD };

/** A catalog product as the deal subgraph knows it. */
export interface CatalogEntry {
  productId: string;
  title: string;
  gtin: string | null;
}

/** A link found for a deal. */
export interface ProductLink {
  productId: string;
  match: 'gtin' | 'title';
  /** Title similarity (1 for GTIN links). */
  score: number;
}

/**
 * Links each deal to at most one catalog product: the catalog entry with the deal's GTIN, else the most similar title
 * at or above `threshold`. (The enrichment pass then lends GTINs of linked deals to unlinked ones.)
 */
export async function linkToCatalog(
  deals: readonly { title: string; gtin: string | null }[],
  catalog: readonly CatalogEntry[],
  threshold = LINK_THRESHOLD,
): Promise<(ProductLink | null)[]> {
  const out: (ProductLink | null)[] = deals.map(() => null);
  const owners = new Map<string, string>();
  for (const c of catalog) if (c.gtin) owners.set(c.gtin, c.productId);
  const pending: number[] = [];
  deals.forEach((d, i) => {
    const owner = d.gtin ? owners.get(d.gtin) : undefined;
    if (owner) out[i] = { productId: owner, match: 'gtin', score: 1 };
    else pending.push(i);
  });
  if (pending.length === 0 || catalog.length === 0) return out;
  const items: DedupeOffer[] = [
    ...pending.map((i) => ({ id: `d${i}`, merchant: 'deal', title: deals[i]!.title, description: null, brand: null, price: 0, currency: '' })),
    ...catalog.map((c) => ({ id: c.productId, merchant: 'catalog', title: c.title, description: null, brand: null, price: 0, currency: '' })),
  ];
  const index = await buildIndex(items, LINK_PARAMS);
  const d = pending.length;
  const best = new Float64Array(d).fill(-1);
  const bestAt = new Int32Array(d).fill(-1);
  await forEachCandidate(index, LINK_PARAMS, (a, b) => {
    const [deal, cat] = a < d && b >= d ? [a, b] : b < d && a >= d ? [b, a] : [-1, -1];
    if (deal < 0) return;
    const s = similarity(index, deal, cat, LINK_PARAMS);
    if (s > best[deal]! || (s === best[deal] && cat < bestAt[deal]!)) {
      best[deal] = s;
      bestAt[deal] = cat;
    }
  });
  for (let k = 0; k < d; k++) {
    if (best[k]! >= threshold) out[pending[k]!] = { productId: catalog[bestAt[k]! - d]!.productId, match: 'title', score: best[k]! };
  }
  return out;
}

/** Deals from which the enrichment pass links on a worker thread, beside duplicate detection on the main thread. */
export const WORKER_MIN_DEALS = 20_000;

/** tsx's module API, when this code runs from TypeScript sources (the worker must load `link-worker.ts` too). */
function tsxLoader(entry: URL): string | null {
  if (!entry.pathname.endsWith('.ts')) return null;
  try {
    // Its ES module build (require.resolve finds the CommonJS one, whose tsImport cannot load ES modules).
    const api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    return existsSync(api) ? pathToFileURL(api).href : null;
  } catch {
    return null;
  }
}

/**
 * {@link linkToCatalog} on a worker thread, so that the enrichment pass links and detects duplicates at once on two
 * cores. Same result; if the worker cannot run (or fails), links on this thread instead — unless `fallback` is
 * false (tests), then the promise rejects.
 */
export function linkToCatalogInWorker(
  deals: readonly { title: string; gtin: string | null }[],
  catalog: readonly CatalogEntry[],
  threshold = LINK_THRESHOLD,
  fallback = true,
): Promise<(ProductLink | null)[]> {
  const entry = new URL('./link-worker' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
  const loader = tsxLoader(entry);
  if (entry.pathname.endsWith('.ts') && loader === null) {
    return fallback ? linkToCatalog(deals, catalog, threshold) : Promise.reject(new Error('tsx is needed to run link-worker.ts'));
  }
  const bootstrap = `const { workerData } = require('node:worker_threads');
    const entry = workerData.entry;
    void (workerData.loader ? import(workerData.loader).then((api) => api.tsImport(entry, entry)) : import(entry));`;
  return new Promise<(ProductLink | null)[]>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(bootstrap, { eval: true, workerData: { entry: entry.href, loader, deals, catalog, threshold } });
    const inline = (err?: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (fallback) resolve(linkToCatalog(deals, catalog, threshold));
      else reject(err instanceof Error ? err : new Error('the link worker exited without a result'));
    };
    worker.once('message', (links: (ProductLink | null)[]) => {
      settled = true;
      void worker.terminate();
      resolve(links);
    });
    worker.once('error', inline);
    worker.once('exit', () => inline());
  });
}
