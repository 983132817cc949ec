import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { executeRows, isUuid } from '@emporium/kit';
import { sql } from 'drizzle-orm';
import type { PricingRuntime } from './runtime.ts';
import { BASE_CURRENCY } from './tax.ts';

/** What a bulk price load did. */
export interface BulkPriceSummary {
  /** Lines read. */
  lines: number;
  /** Prices written because they were new or changed (each with a history row valid from now). */
  changed: number;
  /** Lines refused (not `uuid<TAB>positive integer<TAB>GBP`), with the first few reasons. */
  refused: number;
  reasons: string[];
}

const CHUNK = 20_000;

/**
 * Loads base prices in bulk from a tab-separated file of `product_id, amount (minor units), currency` — the hand-off
 * file the product subgraph's `catalog:bulk-load` writes. Lines are staged in a temporary table (COPY-sized chunks of
 * arrays through `unnest`), then ONE statement upserts the prices whose amount changes and appends a history row valid
 * from now for each. Like the seed, a bulk load publishes no `price.changed` events (the product bulk loader sets the
 * search projection's prices from the same file). Currency must be GBP, the base currency.
 */
export async function bulkLoadPrices(rt: PricingRuntime, file: string, progress: (line: string) => void = () => {}): Promise<BulkPriceSummary> {
  const s: BulkPriceSummary = { lines: 0, changed: 0, refused: 0, reasons: [] };
  const refuse = (reason: string) => {
    s.refused++;
    if (s.reasons.length < 20) s.reasons.push(`line ${s.lines}: ${reason}`);
  };
  const now = rt.clock.now().toISOString();
  return rt.db.db.transaction(async (tx) => {
    await tx.execute(sql`create temp table bulk_prices (product_id uuid not null, amount bigint not null) on commit drop`);
    let ids: string[] = [];
    let amounts: number[] = [];
    const flush = async () => {
      if (ids.length === 0) return;
      await tx.execute(sql`insert into bulk_prices select * from unnest(${`{${ids.join(',')}}`}::uuid[], ${`{${amounts.join(',')}}`}::bigint[])`);
      ids = [];
      amounts = [];
    };
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of lines) {
      s.lines++;
      if (line === '') continue;
      const [id = '', amount = '', currency = ''] = line.split('\t');
      const n = Number(amount);
      if (!isUuid(id)) refuse(`product id "${id}" is not a UUID`);
      else if (!/^\d+$/.test(amount) || !Number.isSafeInteger(n) || n <= 0) refuse(`amount "${amount}" is not a positive whole number of minor units`);
      else if (currency !== BASE_CURRENCY) refuse(`currency must be ${BASE_CURRENCY}, got "${currency}"`);
      else {
        ids.push(id.toLowerCase());
        amounts.push(n);
        if (ids.length >= CHUNK) await flush();
      }
      if (s.lines % 200_000 === 0) progress(`  ${s.lines.toLocaleString('en')} lines staged`);
    }
    await flush();
    progress(`staged ${s.lines.toLocaleString('en')} lines (${s.refused} refused); upserting`);
    const rows = await executeRows<{ n: number }>(
      tx,
      sql`with src as (
            select distinct on (product_id) product_id, amount from bulk_prices order by product_id
          ), changed as (
            insert into pricing.prices as p (product_id, currency, amount, updated_at)
            select product_id, ${BASE_CURRENCY}, amount, ${now}::timestamptz from src
            on conflict (product_id, currency) do update set amount = excluded.amount, updated_at = excluded.updated_at
              where p.amount <> excluded.amount
            returning product_id, currency, amount
          ), history as (
            insert into pricing.price_history (product_id, currency, amount, valid_from)
            select product_id, currency, amount, ${now}::timestamptz from changed
            on conflict (product_id, currency, valid_from) do update set amount = excluded.amount
            returning 1
          )
          select count(*)::int as n from history`,
    );
    s.changed = rows[0]?.n ?? 0;
    if (rt.db.kind === 'postgres') {
      await tx.execute(sql`analyze pricing.prices`);
      await tx.execute(sql`analyze pricing.price_history`);
    }
    return s;
  });
}
