import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { ConfigError, copyLine, textArrayLiteral, type RawClient } from '@emporium/kit';
import { categoryPathSlug, LineError, parseCatalogRecord, productSlug } from '../import/line.ts';
import { readCatalog, type CatalogFormat } from '../import/read.ts';
import type { LineFailure } from '../import/run.ts';
import { ensureBrands, ensureCategories } from '../import/write.ts';
import type { ProductRuntime } from '../runtime.ts';
import { refreshSearchDocuments } from '../search/projection.ts';
import { slugify } from '../slug.ts';

/** What a bulk load did and where it left the prices and stock for pricing and inventory. */
export interface BulkLoadSummary {
  lines: number;
  loaded: number;
  failed: number;
  failures: LineFailure[];
  /** Tab-separated `product_id, amount (pence), currency` and `product_id, warehouse, on_hand` for the other subgraphs. */
  pricesFile: string;
  stockFile: string;
  prices: number;
  stock: number;
  /** Seconds per phase. */
  timings: Record<string, number>;
}

const STAGING = /* SQL */ `create temp table catalog_staging (
  line int not null, sku text not null, slug text not null, title text not null, description text,
  brand_id uuid, category_id uuid, price bigint, currency text, stock int, images text[] not null, tags text[] not null
) on commit preserve rows`;

/** The projection's popularity-order index: the bulk load clusters the table on it. */
const POPULARITY_INDEX = 'search_documents_popularity_idx';

/** Chunk of products per projection statement (progress between them). */
const DOC_CHUNK = 50_000;

/**
 * Loads a large catalog file into the product tables on PostgreSQL in bulk: lines are validated as by the importer
 * (refused lines reported, the rest loaded) and streamed with COPY into a temporary table; categories and brands are
 * created as first seen; then, with the secondary indexes of `products` and `search_documents` dropped, ONE upsert by
 * sku writes the products, the search projection is built in 50,000-row statements (vocabulary kept by its
 * statement triggers), price and stock are set on the projection from the file (a bulk load publishes no events, like
 * the seed), the projection is rewritten compactly in popularity order (CLUSTER), and the indexes are built once,
 * followed by VACUUM and ANALYZE. The prices and stock are written to two TSV files
 * that pricing's and inventory's own bulk commands load into their tables — this subgraph never writes theirs.
 */
export async function bulkLoadCatalog(
  rt: ProductRuntime,
  opts: { source: string; format: CatalogFormat; outDir: string; progress: (line: string) => void; onFailure?: (f: LineFailure) => void },
): Promise<BulkLoadSummary> {
  if (rt.db.raw.kind !== 'postgres') throw new ConfigError('The bulk loader needs PostgreSQL (DATABASE_URL); on PGlite use pnpm catalog:import.');
  const sql = rt.db.raw.client;
  const conn = await sql.reserve();
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  const phase = (name: string) => {
    timings[name] = (Date.now() - t0) / 1000;
    opts.progress(`${name}: ${timings[name]!.toFixed(1)} s`);
    t0 = Date.now();
  };
  // Indexes dropped for the load; rebuilt at the end, or in `finally` if the load fails half-way.
  let dropped: { name: string; def: string }[] = [];
  const s: BulkLoadSummary = { lines: 0, loaded: 0, failed: 0, failures: [], pricesFile: `${opts.outDir}/prices.tsv`, stockFile: `${opts.outDir}/stock.tsv`, prices: 0, stock: 0, timings };
  try {
    await conn.unsafe(`set maintenance_work_mem = '512MB'`);
    await conn.unsafe(`set work_mem = '64MB'`);
    await conn.unsafe('drop table if exists catalog_staging');
    await conn.unsafe(STAGING);

    // 1. Validate and COPY into the staging table; categories and brands are created the first time they are seen.
    const categoryIds = new Map<string, string>();
    const brandIds = new Map<string, string>();
    const copy = await conn.unsafe('copy catalog_staging from stdin').writable();
    let buffer = '';
    const flush = async () => {
      if (buffer !== '' && !copy.write(buffer)) await once(copy, 'drain');
      buffer = '';
    };
    for await (const raw of readCatalog(opts.source, opts.format)) {
      s.lines++;
      const fail = (sku: string | null, reason: string) => {
        s.failed++;
        const f = { line: raw.line, sku, reason };
        if (s.failures.length < 10_000) s.failures.push(f);
        opts.onFailure?.(f);
      };
      if ('error' in raw) {
        fail(null, raw.error);
        continue;
      }
      let line;
      try {
        line = parseCatalogRecord(raw.record);
      } catch (err) {
        if (!(err instanceof LineError)) throw err;
        fail(typeof raw.record.sku === 'string' ? raw.record.sku.toUpperCase() : null, err.message);
        continue;
      }
      const catSlug = line.categoryPath.length > 0 ? categoryPathSlug(line.categoryPath) : null;
      if (catSlug && !categoryIds.has(catSlug)) for (const [k, v] of await ensureCategories(rt.db.db, [line.categoryPath])) categoryIds.set(k, v);
      const brandSlug = line.brand ? slugify(line.brand) : '';
      if (brandSlug && !brandIds.has(brandSlug)) for (const [k, v] of await ensureBrands(rt.db.db, [line.brand!])) brandIds.set(k, v);
      buffer += copyLine([
        raw.line, line.sku, productSlug(line.sku, line.title), line.title, line.description,
        brandSlug ? (brandIds.get(brandSlug) ?? null) : null, catSlug ? (categoryIds.get(catSlug) ?? null) : null,
        line.price, line.currency, line.stock, textArrayLiteral(line.images), textArrayLiteral(line.tags),
      ]);
      s.loaded++;
      if (s.loaded % 2000 === 0) await flush();
      if (s.lines % 100_000 === 0) opts.progress(`  ${s.lines.toLocaleString('en')} lines read, ${s.failed} refused`);
    }
    await flush();
    copy.end();
    await once(copy, 'finish');
    phase(`read and COPY ${s.lines.toLocaleString('en')} lines (${categoryIds.size} categories, ${brandIds.size} brands)`);

    // 2. One row per sku (the last line wins), then drop the secondary indexes the big writes would maintain row by row.
    await conn.unsafe(`create temp table catalog_rows as select distinct on (sku) * from catalog_staging order by sku, line desc`);
    await conn.unsafe('drop table catalog_staging');
    await conn.unsafe('create index on catalog_rows (sku)');
    await conn.unsafe('analyze catalog_rows');
    const indexes = await conn<{ name: string; def: string }[]>`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      join pg_class c on c.relname = i.indexname join pg_index x on x.indexrelid = c.oid
      where i.schemaname = 'product' and i.tablename in ('products', 'search_documents') and not x.indisunique and not x.indisprimary`;
    dropped = [...indexes];
    for (const ix of indexes) await conn.unsafe(`drop index product."${ix.name}"`);
    phase(`deduplicated, ${indexes.length} secondary indexes dropped`);

    // 3. Products: one upsert by sku; updated products keep id, created_at and popularity.
    const [maxLine] = await conn<{ n: number }[]>`select coalesce(max(line), 0)::int as n from catalog_rows`;
    await conn`
      insert into product.products as p (sku, slug, title, description, category_id, brand_id, tags, images, derived_fields, created_at, updated_at)
      select sku, slug, title, description, category_id, brand_id, tags, images, '{}', now() - make_interval(secs => ${maxLine!.n} - line), now()
      from catalog_rows
      on conflict (sku) do update set slug = excluded.slug, title = excluded.title, description = excluded.description,
        category_id = excluded.category_id, brand_id = excluded.brand_id, tags = excluded.tags, images = excluded.images,
        derived_fields = excluded.derived_fields, updated_at = excluded.updated_at`;
    await conn.unsafe(`create temp table catalog_ids as select p.id, r.price, r.currency, r.stock, row_number() over (order by p.id) as n
      from catalog_rows r join product.products p using (sku)`);
    await conn.unsafe('create index on catalog_ids (n)');
    phase('products upserted');

    // 4. The search projection in chunks (the same statement as a catalog write), then price and stock from the file.
    const [{ total } = { total: 0 }] = await conn<{ total: number }[]>`select count(*)::int as total from catalog_ids`;
    const now = rt.clock.now();
    for (let from = 1; from <= total; from += DOC_CHUNK) {
      const ids = (await conn<{ id: string }[]>`select id from catalog_ids where n >= ${from} and n < ${from + DOC_CHUNK}`).map((r) => r.id);
      await rt.db.db.transaction((tx) => refreshSearchDocuments(tx, ids, now));
      opts.progress(`  search projection ${Math.min(total, from + DOC_CHUNK - 1).toLocaleString('en')} / ${total.toLocaleString('en')}`);
    }
    // Price and stock leave `terms` alone: the vocabulary's and word pairs' UPDATE triggers would only join two
    // transition tables of every row to find that (GBs of temporary files at 5M). Disabled for this one statement, in
    // its transaction (DDL is transactional: a failure leaves them enabled).
    await conn.unsafe('begin');
    try {
      await conn.unsafe('alter table product.search_documents disable trigger search_terms_update, disable trigger search_term_pairs_update');
      await conn.unsafe(`update product.search_documents d set
        price_amount = case when d.price_as_of is null then c.price else d.price_amount end,
        regular_amount = case when d.price_as_of is null then c.price else d.regular_amount end,
        discount_percent = case when d.price_as_of is null then 0 else d.discount_percent end,
        quantity = case when d.stock_as_of is null then coalesce(c.stock, d.quantity) else d.quantity end,
        in_stock = case when d.stock_as_of is null then coalesce(c.stock, d.quantity) > 0 else d.in_stock end
      from catalog_ids c where d.product_id = c.id`);
      // The search generation's deferred triggers (drizzle/0008) fire now: ALTER TABLE refuses pending trigger events.
      await conn.unsafe('set constraints all immediate');
      await conn.unsafe('alter table product.search_documents enable trigger search_terms_update, enable trigger search_term_pairs_update');
      await conn.unsafe('commit');
    } catch (err) {
      await conn.unsafe('rollback').catch(() => {});
      throw err;
    }
    phase('search projection built');

    // 5. The update above left a dead copy of every projection row (the table twice its size, and a sequential scan
    //    wading through a dead half before reaching live rows): rewrite it compactly, in popularity order (the order
    //    the capped relevance scan and browsing read it in), then one index build per remaining index, VACUUM (the
    //    visibility map, for index-only scans) and fresh statistics.
    const order = dropped.find((ix) => ix.name === POPULARITY_INDEX);
    if (order) {
      await conn.unsafe(order.def);
      dropped = dropped.filter((ix) => ix !== order);
    }
    await conn.unsafe(`cluster product.search_documents using ${POPULARITY_INDEX}`);
    opts.progress('  search projection rewritten in popularity order');
    while (dropped.length > 0) {
      const ix = dropped[0]!;
      await conn.unsafe(ix.def);
      dropped.shift();
      opts.progress(`  index ${ix.name} built`);
    }
    await conn.unsafe('analyze product.products');
    await conn.unsafe('vacuum (analyze) product.search_documents');
    await conn.unsafe('analyze product.search_terms');
    phase(`${indexes.length} indexes built, analyzed`);

    // 6. Hand-off files for pricing and inventory.
    s.prices = await writeTsv(conn`select id, price, currency from catalog_ids where price is not null order by n`, s.pricesFile);
    s.stock = await writeTsv(conn`select id, 'UK-1' as warehouse, stock from catalog_ids where stock is not null order by n`, s.stockFile);
    phase('hand-off files written');
    await conn.unsafe('drop table if exists catalog_rows; drop table if exists catalog_ids');
    return s;
  } finally {
    // A failed load leaves the rows it wrote (re-running is idempotent) but never a table without its indexes.
    for (const ix of dropped) await conn.unsafe(ix.def.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')).catch(() => {});
    conn.release();
  }
}

type Reserved = Awaited<ReturnType<Extract<RawClient, { kind: 'postgres' }>['client']['reserve']>>;

/** Streams a query's rows (uuid, text-ish, text-ish) into a tab-separated file through a cursor; returns the row count. */
async function writeTsv(query: ReturnType<Reserved>, file: string): Promise<number> {
  const out = createWriteStream(file);
  let rows = 0;
  for await (const batch of query.cursor(20_000) as AsyncIterable<Record<string, unknown>[]>) {
    const text = batch.map((r) => `${Object.values(r).map((v) => String(v)).join('\t')}\n`).join('');
    rows += batch.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}
