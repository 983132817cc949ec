import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeRows } from '@emporium/kit';
import { openTestRuntime } from '@emporium/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkLoadCatalog } from '../src/bulk/load.ts';
import { migrationsFolder, schema, type ProductRuntime } from '../src/runtime.ts';

let rt: ProductRuntime;
const dir = mkdtempSync(join(tmpdir(), 'emporium-bulk-'));
beforeAll(async () => {
  rt = await openTestRuntime({ name: 'product', schema, migrationsFolder });
});
afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

const line = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ sku: `B${i}`, title: `Bulk Lantern ${i}`, brand: i % 2 ? 'Lumen' : 'Glow Co', category: 'Home & Living > Lighting', price: `${i}.50`, stock: i % 3, tags: ['bulk'], ...extra });

async function load(lines: string[]) {
  const file = join(dir, `catalog-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return bulkLoadCatalog(rt, { source: file, format: 'jsonl', outDir: dir, progress: () => {} });
}

describe.runIf(process.env.DATABASE_URL)('bulk load (PostgreSQL)', () => {
  it('loads products, the projection with price and stock, and writes the hand-off files; bad lines are refused', async () => {
    const s = await load([line(1), line(2), '{"sku": "B3", "title": "Broken price", "price": "x"}', line(4), 'not json']);
    expect(s).toMatchObject({ lines: 5, loaded: 3, failed: 2, prices: 3, stock: 3 });
    expect(s.failures.map((f) => f.line)).toEqual([3, 5]);
    const docs = await executeRows<{ sku: string; price_amount: string; quantity: number; in_stock: boolean; terms: string[] }>(
      rt.db.db,
      sql`select sku, price_amount, quantity, in_stock, terms from product.search_documents order by sku`,
    );
    expect(docs.map((d) => [d.sku, Number(d.price_amount), d.quantity, d.in_stock])).toEqual([
      ['B1', 150, 1, true],
      ['B2', 250, 2, true],
      ['B4', 450, 1, true],
    ]);
    expect(docs[0]!.terms).toContain('lantern');
    const vocab = await executeRows<{ documents: number }>(rt.db.db, sql`select documents from product.search_terms where term = 'lantern'`);
    expect(vocab[0]!.documents).toBe(3);
    const prices = readFileSync(s.pricesFile, 'utf8').trim().split('\n').map((l) => l.split('\t').slice(1));
    expect(prices.sort()).toEqual([['150', 'GBP'], ['250', 'GBP'], ['450', 'GBP']]);
    const stock = readFileSync(s.stockFile, 'utf8').trim().split('\n').map((l) => l.split('\t').slice(1));
    expect(stock.sort()).toEqual([['UK-1', '1'], ['UK-1', '1'], ['UK-1', '2']]);
  });

  it('is idempotent by sku, keeps ids, and leaves every index in place; bumps the search cache generation', async () => {
    const generation = async () => Number((await executeRows<{ n: string }>(rt.db.db, sql`select coalesce(sum(n), 0)::bigint as n from product.search_generation`))[0]!.n);
    const before = await executeRows<{ id: string }>(rt.db.db, sql`select id from product.products where sku = 'B1'`);
    const g = await generation();
    const indexes = async () => (await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from pg_indexes where schemaname = 'product'`))[0]!.n;
    const n = await indexes();
    await load([line(1, { title: 'Bulk Lantern One' }), line(2)]);
    const rows = await executeRows<{ id: string; title: string }>(rt.db.db, sql`select id, title from product.products where sku like 'B%' order by sku`);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ id: before[0]!.id, title: 'Bulk Lantern One' });
    expect(await indexes()).toBe(n);
    // The vocabulary and word-pair UPDATE triggers, disabled for the price and stock statement, are enabled again.
    const disabled = await executeRows<{ tgname: string }>(
      rt.db.db,
      sql`select tgname from pg_trigger where tgrelid = 'product.search_documents'::regclass and not tgisinternal and tgenabled = 'D'`,
    );
    expect(disabled).toEqual([]);
    const [triggers] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from pg_trigger where tgrelid = 'product.search_documents'::regclass and tgname in ('search_terms_update', 'search_term_pairs_update')`);
    expect(triggers?.n).toBe(2);
    // Cached search answers from before the load are not used after it (search-cache.test.ts).
    expect(await generation()).toBeGreaterThan(g);
  });
});

describe.runIf(!process.env.DATABASE_URL)('bulk load (PGlite)', () => {
  it('is refused with a pointer to catalog:import', async () => {
    await expect(load([line(1)])).rejects.toThrow(/needs PostgreSQL.*catalog:import/);
  });
});
