import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { executeRows, isUuid } from '@emporium/kit';
import { sql } from 'drizzle-orm';
import { leadTimes, warehouses } from './db/schema.ts';
import { UK1_LEAD_TIMES } from './lead-times.ts';
import type { InventoryRuntime } from './runtime.ts';
import { DEFAULT_WAREHOUSE } from './warehouse.ts';

/** What a bulk stock load did. */
export interface BulkStockSummary {
  lines: number;
  /** Stock rows written because they were new or their on-hand changed. */
  changed: number;
  /** Lines refused (malformed, unknown warehouse, or on-hand below the units already reserved or committed). */
  refused: number;
  reasons: string[];
}

const CHUNK = 20_000;
const INT_MAX = 2_147_483_647;

/**
 * Loads on-hand stock in bulk from a tab-separated file of `product_id, warehouse code, on_hand` — the hand-off file the
 * product subgraph's `catalog:bulk-load` writes. The default warehouse (UK-1, with its lead times) is created when
 * missing; lines are staged in a temporary table in large `unnest` chunks, then ONE statement upserts the rows whose
 * on-hand changes. Lines for unknown warehouses, and on-hand below what is already reserved or committed, are refused
 * and counted. Like the seed, a bulk load publishes no `stock.changed` events (the product bulk loader sets the search
 * projection's stock from the same file).
 */
export async function bulkLoadStock(rt: InventoryRuntime, file: string, progress: (line: string) => void = () => {}): Promise<BulkStockSummary> {
  const s: BulkStockSummary = { lines: 0, changed: 0, refused: 0, reasons: [] };
  const refuse = (reason: string) => {
    s.refused++;
    if (s.reasons.length < 20) s.reasons.push(`line ${s.lines}: ${reason}`);
  };
  const now = rt.clock.now().toISOString();
  return rt.db.db.transaction(async (tx) => {
    await tx.insert(warehouses).values(DEFAULT_WAREHOUSE).onConflictDoNothing();
    await tx.insert(leadTimes).values([...UK1_LEAD_TIMES]).onConflictDoNothing();
    await tx.execute(sql`create temp table bulk_stock (line int not null, product_id uuid not null, warehouse_code text not null, on_hand int not null) on commit drop`);
    let rows: { line: number; id: string; code: string; n: number }[] = [];
    const flush = async () => {
      if (rows.length === 0) return;
      const codes = `{${rows.map((r) => `"${r.code.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
      await tx.execute(sql`insert into bulk_stock select * from unnest(
        ${`{${rows.map((r) => r.line).join(',')}}`}::int[], ${`{${rows.map((r) => r.id).join(',')}}`}::uuid[], ${codes}::text[], ${`{${rows.map((r) => r.n).join(',')}}`}::int[])`);
      rows = [];
    };
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      s.lines++;
      if (line === '') continue;
      const [id = '', code = '', onHand = ''] = line.split('\t');
      const n = Number(onHand);
      if (!isUuid(id)) refuse(`product id "${id}" is not a UUID`);
      else if (!/^[A-Za-z0-9-]{1,32}$/.test(code)) refuse(`warehouse code "${code}" is not valid`);
      else if (!/^\d+$/.test(onHand) || n > INT_MAX) refuse(`on_hand "${onHand}" is not a whole number from 0 to ${INT_MAX}`);
      else {
        rows.push({ line: s.lines, id: id.toLowerCase(), code, n });
        if (rows.length >= CHUNK) await flush();
      }
      if (s.lines % 200_000 === 0) progress(`  ${s.lines.toLocaleString('en')} lines staged`);
    }
    await flush();
    progress(`staged ${s.lines.toLocaleString('en')} lines (${s.refused} refused); upserting`);
    // Refusals the database decides: unknown warehouses, and on-hand below reserved + committed.
    const bad = await executeRows<{ line: number; reason: string }>(
      tx,
      sql`select b.line, case when w.code is null then 'unknown warehouse ' || b.warehouse_code
                  else 'on_hand ' || b.on_hand || ' is below the ' || (s.reserved + s.committed) || ' units already reserved or committed' end as reason
          from bulk_stock b
          left join inventory.warehouses w on w.code = b.warehouse_code
          left join inventory.stock s on s.product_id = b.product_id and s.warehouse_code = b.warehouse_code
          where w.code is null or b.on_hand < coalesce(s.reserved + s.committed, 0)
          order by b.line`,
    );
    for (const b of bad) {
      s.refused++;
      if (s.reasons.length < 20) s.reasons.push(`line ${b.line}: ${b.reason}`);
    }
    const written = await executeRows<{ n: number }>(
      tx,
      sql`with src as (
            select distinct on (b.product_id, b.warehouse_code) b.product_id, b.warehouse_code, b.on_hand
            from bulk_stock b join inventory.warehouses w on w.code = b.warehouse_code
            order by b.product_id, b.warehouse_code, b.line desc
          ), changed as (
            insert into inventory.stock as t (product_id, warehouse_code, on_hand, updated_at)
            select product_id, warehouse_code, on_hand, ${now}::timestamptz from src
            on conflict (product_id, warehouse_code) do update set on_hand = excluded.on_hand, updated_at = excluded.updated_at
              where t.on_hand <> excluded.on_hand and excluded.on_hand >= t.reserved + t.committed
            returning 1
          )
          select count(*)::int as n from changed`,
    );
    s.changed = written[0]?.n ?? 0;
    if (rt.db.kind === 'postgres') await tx.execute(sql`analyze inventory.stock`);
    return s;
  });
}
