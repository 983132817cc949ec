import { describe, expect, it } from 'vitest';
import { labelledSet } from '../src/dedupe/evaluate.ts';
import { LINK_THRESHOLD, linkToCatalog, linkToCatalogInWorker } from '../src/enrich/link.ts';
import { syntheticCatalog } from '../src/simulator/catalog.ts';

describe('linking on a worker thread', () => {
  const products = syntheticCatalog(400, 5);
  const catalog = products.map((p) => ({ productId: p.id, title: p.title, gtin: null }));
  const deals = labelledSet(products, { seed: 4, now: new Date('2026-11-21T12:00:00Z') }).map((o) => ({ title: o.title, gtin: null }));

  it('gives exactly the links of linking on this thread', async () => {
    const here = await linkToCatalog(deals, catalog);
    const there = await linkToCatalogInWorker(deals, catalog, LINK_THRESHOLD, false);
    expect(there).toEqual(here);
    expect(here.filter((l) => l?.match === 'title').length).toBeGreaterThan(deals.length / 2);
  }, 30_000);
});
