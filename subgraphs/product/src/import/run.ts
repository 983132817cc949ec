import { AppError, ErrorCode, type ServiceClient } from '@emporium/kit';
import { LineError, parseCatalogRecord, type CatalogLine } from './line.ts';
import { readCatalog, type CatalogFormat } from './read.ts';
import { MAX_IMPORT_PRODUCTS } from './write.ts';

/** A refused line: its 1-based line number in the file, the SKU when known, and why. */
export interface LineFailure {
  line: number;
  sku: string | null;
  reason: string;
}

/** What an import did. */
export interface ImportSummary {
  /** Records read (data lines; blank lines and the CSV header are not counted). */
  lines: number;
  /** Lines whose product was written (created + updated). */
  imported: number;
  created: number;
  updated: number;
  /** Prices and stock rows pricing and inventory reported as changed (re-importing the same values changes none). */
  pricesChanged: number;
  stockChanged: number;
  /** Lines refused (validation, or a subgraph refusing the product, its price or its stock). */
  failed: number;
  failures: LineFailure[];
}

export interface ImportOptions {
  source: string | NodeJS.ReadableStream;
  format: CatalogFormat;
  /** Calls the product, pricing and inventory subgraphs with this service's token. */
  client: Pick<ServiceClient, 'request'>;
  /** Lines per batch (1–500, default 500): one importProducts, one importPrices and one importStock call each. */
  batchSize?: number;
  /** Validate only: read and check every line, write nothing. */
  dryRun?: boolean;
  /** Called with each refused line as it happens. */
  onFailure?: (f: LineFailure) => void;
  /** Called after each batch with the running totals. */
  onProgress?: (s: ImportSummary) => void;
}

const IMPORT_PRODUCTS = /* GraphQL */ `mutation ImportProducts($items: [CatalogImportItem!]!) {
  importProducts(items: $items) { created updated products { sku id } }
}`;
const IMPORT_PRICES = /* GraphQL */ `mutation ImportPrices($items: [PriceImportItem!]!) { importPrices(items: $items) { updated } }`;
const IMPORT_STOCK = /* GraphQL */ `mutation ImportStock($items: [StockImportItem!]!) { importStock(items: $items) { updated } }`;

type Numbered = { line: number; value: CatalogLine };

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** Whether an error is about the items sent (retrying them one by one finds the culprit) rather than the transport. */
const isInputError = (err: unknown) => err instanceof AppError && err.code === ErrorCode.BAD_USER_INPUT;

/**
 * Imports a catalog file: every line is validated (bad lines are reported with their line number and skipped; the
 * others still load), then sent in batches to the product subgraph (`importProducts`: upsert by sku with categories,
 * brands and the search projection), and the batch's prices and stock to pricing (`importPrices`) and inventory
 * (`importStock`) — each subgraph writes its own tables and publishes its own events. When a subgraph refuses a batch
 * as bad input, its lines are retried one by one so the refusal lands on the right line. Idempotent: re-importing a
 * file updates products in place and changes no price or stock that is already equal. Any other failure (a subgraph
 * unreachable, a refused service token) stops the import with that error; the batches before it stay written.
 */
export async function importCatalogFile(opts: ImportOptions): Promise<ImportSummary> {
  const size = Math.min(MAX_IMPORT_PRODUCTS, Math.max(1, opts.batchSize ?? MAX_IMPORT_PRODUCTS));
  const s: ImportSummary = { lines: 0, imported: 0, created: 0, updated: 0, pricesChanged: 0, stockChanged: 0, failed: 0, failures: [] };
  const fail = (line: number, sku: string | null, reason: string) => {
    const f = { line, sku, reason };
    s.failed++;
    s.failures.push(f);
    opts.onFailure?.(f);
  };

  /** Sends a group through one subgraph call; on bad input, line by line. Returns the lines that went through. */
  async function each<T>(group: Numbered[], what: string, send: (g: Numbered[]) => Promise<T>, done: (g: Numbered[], r: T) => void) {
    const ok: Numbered[] = [];
    if (group.length === 0) return ok; // e.g. a batch without prices: no call to pricing
    try {
      done(group, await send(group));
      return group;
    } catch (err) {
      // Anything but bad input (unreachable subgraph, refused token …) stops the import: re-running it is safe.
      if (!isInputError(err)) throw err;
      if (group.length === 1) {
        fail(group[0]!.line, group[0]!.value.sku, `${what}: ${reasonOf(err)}`);
        return ok;
      }
    }
    for (const l of group) ok.push(...(await each([l], what, send, done)));
    return ok;
  }

  async function flush(batch: Numbered[]) {
    if (batch.length === 0) return;
    const ids = new Map<string, string>();
    const written = await each(
      batch,
      'product',
      (g) =>
        opts.client.request<{ importProducts: { created: number; updated: number; products: { sku: string; id: string }[] } }>('product', IMPORT_PRODUCTS, {
          items: g.map(({ value: v }) => ({ sku: v.sku, title: v.title, description: v.description, brand: v.brand, category: v.categoryPath, images: v.images, tags: v.tags, gtin: v.gtin })),
        }),
      (_g, r) => {
        s.created += r.importProducts.created;
        s.updated += r.importProducts.updated;
        for (const p of r.importProducts.products) ids.set(p.sku, p.id);
      },
    );
    const priced = written.filter((l) => l.value.price !== null);
    const pricedOk = await each(
      priced,
      'price',
      (g) => opts.client.request<{ importPrices: { updated: number } }>('pricing', IMPORT_PRICES, { items: g.map((l) => ({ productId: ids.get(l.value.sku), amount: l.value.price, currency: l.value.currency })) }),
      (_g, r) => (s.pricesChanged += r.importPrices.updated),
    );
    const stocked = written.filter((l) => l.value.stock !== null);
    const stockedOk = await each(
      stocked,
      'stock',
      (g) => opts.client.request<{ importStock: { updated: number } }>('inventory', IMPORT_STOCK, { items: g.map((l) => ({ productId: ids.get(l.value.sku), quantityOnHand: l.value.stock })) }),
      (_g, r) => (s.stockChanged += r.importStock.updated),
    );
    // A line counts as imported when its product and everything it carried (price, stock) went through.
    const bad = new Set([...priced.filter((l) => !pricedOk.includes(l)), ...stocked.filter((l) => !stockedOk.includes(l))]);
    s.imported += written.filter((l) => !bad.has(l)).length;
  }

  let batch: Numbered[] = [];
  const inBatch = new Set<string>();
  for await (const raw of readCatalog(opts.source, opts.format)) {
    s.lines++;
    if ('error' in raw) {
      fail(raw.line, null, raw.error);
      continue;
    }
    let value: CatalogLine;
    try {
      value = parseCatalogRecord(raw.record);
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      const sku = typeof raw.record.sku === 'string' && raw.record.sku.trim() !== '' ? raw.record.sku.trim().toUpperCase() : null;
      fail(raw.line, sku, err.message);
      continue;
    }
    if (opts.dryRun) {
      s.imported++;
      continue;
    }
    // A SKU repeated in the file: the earlier line is written first, the later one wins (it updates the product).
    if (inBatch.has(value.sku) || batch.length >= size) {
      await flush(batch);
      opts.onProgress?.(s);
      batch = [];
      inBatch.clear();
    }
    batch.push({ line: raw.line, value });
    inBatch.add(value.sku);
  }
  await flush(batch);
  opts.onProgress?.(s);
  return s;
}
