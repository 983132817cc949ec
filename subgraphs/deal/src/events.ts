/**
 * What the deal subgraph publishes (through its outbox, in the transaction of the change; README "Events"):
 * `deal.upserted` with a deal's current facts whenever ingestion, the enrichment pass or the seed changes it, and
 * `deal.clicked` for every counted click.
 */
import { inArray, sql } from 'drizzle-orm';
import { enqueueEvents, type Database, type Transaction } from '@emporium/kit';
import { EventTypes, validateEventPayload, type DealClickedPayload, type DealUpsertedPayload } from '@emporium/events';
import type * as schema from './db/schema.ts';
import { deals, outbox } from './db/schema.ts';
import { POPULARITY_SCALE, WEIGHTS } from './enrich/confidence.ts';

type AnyDb = Database<typeof schema> | Transaction<typeof schema>;

/** Deals per SELECT + INSERT when publishing many. */
const CHUNK = 1000;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Enqueues one `deal.upserted` per deal id with the state `tx` sees (so call it after the change, in the same
 * transaction). The confidence is the live score at that moment (stored factors + popularity). Two statements per
 * 1,000 deals; unknown ids are skipped. Returns how many events were enqueued.
 */
export async function enqueueDealsUpserted(tx: AnyDb, dealIds: readonly string[], now: Date): Promise<number> {
  const ids = [...new Set(dealIds)].sort();
  let n = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await tx
      .select({
        id: deals.id,
        merchantId: deals.merchantId,
        productId: deals.productId,
        title: deals.title,
        category: deals.category,
        currency: deals.currency,
        priceAmount: deals.priceAmount,
        originalAmount: deals.originalAmount,
        startsAt: deals.startsAt,
        expiresAt: deals.expiresAt,
        active: deals.active,
        suspiciousPricing: deals.suspiciousPricing,
        confidence: sql<number>`${deals.confidenceBase} + ${WEIGHTS.popularity}::float8 * (1 - exp(-(${deals.clicks} + 3 * ${deals.saves}) / ${POPULARITY_SCALE}::float8))`,
      })
      .from(deals)
      .where(inArray(deals.id, chunk))
      .orderBy(deals.id);
    await enqueueEvents<DealUpsertedPayload>(
      tx,
      outbox,
      rows.map((r) => ({
        type: EventTypes.DealUpserted,
        source: 'deal',
        occurredAt: now,
        payload: {
          dealId: r.id,
          merchantId: r.merchantId,
          productId: r.productId,
          title: r.title,
          category: r.category,
          currency: r.currency,
          priceAmount: r.priceAmount,
          originalAmount: r.originalAmount,
          startsAt: r.startsAt.toISOString(),
          expiresAt: r.expiresAt?.toISOString() ?? null,
          active: r.active,
          suspiciousPricing: r.suspiciousPricing,
          confidence: clamp01(Math.round(Number(r.confidence) * 10_000) / 10_000),
        },
      })),
      validateEventPayload,
    );
    n += rows.length;
  }
  return n;
}

/** Enqueues a `deal.clicked` (in the transaction that counted the click). */
export async function enqueueDealClicked(tx: AnyDb, payload: DealClickedPayload, now: Date): Promise<void> {
  await enqueueEvents<DealClickedPayload>(tx, outbox, [{ type: EventTypes.DealClicked, source: 'deal', occurredAt: now, payload }], validateEventPayload);
}
