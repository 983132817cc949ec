/**
 * The product subgraph seeded with the real demo catalog, in-process, for the relevance evaluation: a throwaway
 * database (in-memory PGlite, or a scratch PostgreSQL database when DATABASE_URL is set) with the Online Retail products
 * loaded through the product subgraph's own seed, and `searchProducts` called through its GraphQL endpoint (Fastify
 * inject: the real resolver, parser, vocabulary lookup and SQL — no gateway, no network).
 */
import { executeRows } from '@emporium/kit';
import { gql, openTestRuntime, TEST_NOW } from '@emporium/kit/testing';
import { loadRetailDataset, type RetailDataset } from '../../../packages/retail-data/src/index.ts';
import { buildProductSubgraph, seedProducts } from '../../../subgraphs/product/src/index.ts';
import { migrationsFolder, schema } from '../../../subgraphs/product/src/runtime.ts';

/** How many hits the evaluation asks for (the @10 of MRR@10 and recall@10). */
export const CUTOFF = 10;

const SEARCH = /* GraphQL */ `
  query Relevance($query: String!, $first: Int!) {
    searchProducts(query: $query, first: $first) { totalCount didYouMean edges { node { sku title } } }
  }
`;

/** What one query returned: the SKUs of the top hits in order, their titles, the total and "did you mean". */
export interface SearchOutcome {
  skus: string[];
  titles: string[];
  totalCount: number;
  didYouMean: string | null;
}

/** A seeded catalog to search. */
export interface SeededCatalog {
  kind: string;
  products: number;
  search(query: string): Promise<SearchOutcome>;
  close(): Promise<void>;
}

/** Loads the Online Retail data set (the demo catalog); `now` is fixed so runs are reproducible. */
export function loadDemoData(log: (s: string) => void = () => {}): Promise<RetailDataset> {
  return loadRetailDataset({ now: new Date(TEST_NOW), onProgress: (p) => p.phase !== 'read' && log(`  data: ${p.phase}`) });
}

/** Opens a throwaway product subgraph and seeds it with `data` the way `pnpm seed` does (popularity = orders). */
export async function openSeededCatalog(data: Pick<RetailDataset, 'products' | 'invoices'>, log: (s: string) => void = () => {}): Promise<SeededCatalog> {
  const rt = await openTestRuntime({ name: 'product', schema, migrationsFolder });
  try {
    let lastPct = -1;
    await seedProducts(rt, data, (done, total) => {
      const pct = Math.floor((done / total) * 10) * 10;
      if (pct !== lastPct) log(`  seed ${(lastPct = pct)}%`);
    });
    if (rt.db.kind === 'postgres') await executeRows(rt.db.db, 'analyze product.search_documents; analyze product.search_terms');
    const { app } = await buildProductSubgraph(rt);
    return {
      kind: rt.db.kind,
      products: data.products.length,
      async search(query) {
        const res = await gql<{ searchProducts: { totalCount: number; didYouMean: string | null; edges: { node: { sku: string; title: string } }[] } }>(app, SEARCH, { query, first: CUTOFF });
        if (res.errors || !res.data) throw new Error(`searchProducts(${JSON.stringify(query)}) failed: ${JSON.stringify(res.errors)}`);
        const r = res.data.searchProducts;
        return { skus: r.edges.map((e) => e.node.sku), titles: r.edges.map((e) => e.node.title), totalCount: r.totalCount, didYouMean: r.didYouMean };
      },
      async close() {
        await app.close();
        await rt.close();
      },
    };
  } catch (err) {
    await rt.close();
    throw err;
  }
}
