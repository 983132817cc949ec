/**
 * What the deal subgraph publishes (through its outbox, in the transaction of the change; README "Events"):
 * `deal.upserted` with a deal's current facts whenever ingestion, the enrichment pass or the seed changes it, and
 * `deal.clicked` for every counted click.
 */
import { sql } from 'drizzle-orm';
import { enqueueEvents, executeRows, type Database, type Transaction } from '@emporium/kit';
import { EventTypes, validateEventPayload, type DealClickedPayload } from '@emporium/events';
import type * as schema from './db/schema.ts';
import { deals, outbox } from './db/schema.ts';
import { POPULARITY_SCALE, WEIGHTS } from './enrich/confidence.ts';

type AnyDb = Database<typeof schema> | Transaction<typeof schema>;

/** Deals per INSERT … SELECT when publishing many. */
const CHUNK = 10_000;

/** RFC 3339 in UTC with milliseconds, as `Date.toISOString()` writes it. */
const isoSql = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Enqueues one `deal.upserted` per deal id with the state `tx` sees (so call it after the change, in the same
 * transaction). The confidence is the live score at that moment (stored factors + popularity), rounded to 4 places
 * and clamped to 0..1. The payloads are built by the database (one INSERT … SELECT per 10,000 deals, in id order), so
 * publishing a million deals moves no rows through the process; their shape is the `deal.upserted` contract, which
 * the tests check every payload against. Unknown ids are skipped. Returns how many events were enqueued.
 */
export async function enqueueDealsUpserted(tx: AnyDb, dealIds: readonly string[], now: Date): Promise<number> {
  const ids = [...new Set(dealIds)].sort();
  const at = now.toISOString();
  const confidence = `least(1, greatest(0, round((d.confidence_base + ${WEIGHTS.popularity}::float8 * (1 - exp(-(d.clicks + 3 * d.saves) / ${POPULARITY_SCALE}::float8)))::numeric, 4)))::float8`;
  let n = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = `{${ids.slice(i, i + CHUNK).join(',')}}`;
    const [row] = await executeRows<{ n: number }>(
      tx,
      sql`with added as (
        insert into ${outbox} (id, type, source, payload, occurred_at)
        select gen_random_uuid(), ${EventTypes.DealUpserted}::text, 'deal', jsonb_build_object(
          'dealId', d.id, 'merchantId', d.merchant_id, 'productId', d.product_id, 'title', d.title, 'category', d.category,
          'currency', d.currency, 'priceAmount', d.price_amount, 'originalAmount', d.original_amount,
          'startsAt', ${sql.raw(isoSql('d.starts_at'))}, 'expiresAt', ${sql.raw(isoSql('d.expires_at'))},
          'active', d.active, 'suspiciousPricing', d.suspicious_pricing, 'confidence', ${sql.raw(confidence)}),
          ${at}::timestamptz
        from ${deals} d where d.id = any(${chunk}::uuid[]) order by d.id
        returning 1)
      select count(*)::int as n from added`,
    );
    n += Number(row?.n ?? 0);
  }
  return n;
}

/** Enqueues a `deal.clicked` (in the transaction that counted the click). */
export async function enqueueDealClicked(tx: AnyDb, payload: DealClickedPayload, now: Date): Promise<void> {
  await enqueueEvents<DealClickedPayload>(tx, outbox, [{ type: EventTypes.DealClicked, source: 'deal', occurredAt: now, payload }], validateEventPayload);
}
