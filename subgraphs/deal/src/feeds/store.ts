import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import type * as schema from '../db/schema.ts';
import { deals, feedOffers, priceObservations } from '../db/schema.ts';
import { enqueueDealsUpserted } from '../events.ts';
import { uuidFromName } from '../ids.ts';
import { emptyCounts, type IngestCounts } from './report.ts';
import type { CheckedRow, FeedOffer } from './validate.ts';

type Db = Database<typeof schema>;

/** The suspicious-pricing rule (README: validation). */
export const PRICE_HISTORY = {
  /** Flag when originalPrice > factor × the time-weighted average observed price … */
  factor: 1.3,
  /** … over the last this-many days … */
  windowDays: 30,
  /** … once the offer has been observed for at least this long (a brand-new offer has no history to compare). */
  minHistoryMs: 86_400_000,
} as const;

const CHUNK = 500;
const ID_CHUNK = 5000;

/** The deal id of a merchant's offer: stable across runs and feeds of the merchant. */
export const offerDealId = (merchantId: string, externalId: string) => uuidFromName(`offer:${merchantId}:${externalId}`);

/** sha256 of a row as delivered, keys sorted, so that key order does not matter. */
export function contentHash(record: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(record).sort().map((k) => [k, record[k]]));
  return createHash('sha256').update(canonical).digest('base64url');
}

/** A row of a feed after reading and checking. */
export interface ProcessedRow {
  line: number;
  /** Why the row could not be read at all (then `checked` is null). */
  unreadable: string | null;
  checked: CheckedRow | null;
  hash: string;
}

interface Existing {
  externalId: string;
  feedId: string;
  hash: string;
  status: string;
  reasons: string[];
  dealActive: boolean | null;
  priceAmount: number | null;
  originalAmount: number | null;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

function chunkRuns<T>(items: readonly T[], size: number, fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  return chunks(items, size).reduce<Promise<void>>((p, c) => p.then(() => fn(c).then(() => undefined)), Promise.resolve());
}

/** Every stored row of a merchant's feeds, with its deal's state. */
async function loadExisting(db: Db, merchantId: string): Promise<Map<string, Existing>> {
  const rows = await db
    .select({
      externalId: feedOffers.externalId,
      feedId: feedOffers.feedId,
      hash: feedOffers.contentHash,
      status: feedOffers.status,
      reasons: feedOffers.reasons,
      dealActive: deals.active,
      priceAmount: deals.priceAmount,
      originalAmount: deals.originalAmount,
    })
    .from(feedOffers)
    .leftJoin(deals, eq(deals.id, feedOffers.dealId))
    .where(eq(feedOffers.merchantId, merchantId));
  return new Map(rows.map((r) => [r.externalId, r]));
}

const rowStatus = (c: CheckedRow): 'valid' | 'rejected' | 'expired' => (c.offer === null ? 'rejected' : c.expired ? 'expired' : 'valid');

/**
 * Stores one fetched feed: deduplicates ids (first wins), skips rows whose content hash and status are unchanged,
 * upserts the rest (offer rows, deals, price observations), takes down deals whose row is now rejected, expired or
 * missing from the feed, and recomputes the feed's suspiciousPricing flags — all in one transaction. Returns counts.
 */
export async function storeFeed(
  db: Db,
  feed: { id: string; merchantId: string },
  rows: readonly ProcessedRow[],
  now: Date,
): Promise<IngestCounts & { samples: string[] }> {
  const counts = emptyCounts();
  const samples: string[] = [];
  const reject = (line: number, id: string | null, reasons: readonly string[], details: readonly string[]) => {
    counts.rejected++;
    for (const r of reasons) counts.rejectedByReason[r as keyof typeof counts.rejectedByReason] = (counts.rejectedByReason[r as keyof typeof counts.rejectedByReason] ?? 0) + 1;
    if (samples.length < 10) samples.push(`line ${line}${id ? ` (id ${id})` : ''}: ${details.join('; ')}`);
  };

  const seen = new Map<string, ProcessedRow & { checked: CheckedRow }>();
  for (const row of rows) {
    counts.fetched++;
    if (row.checked === null) {
      reject(row.line, null, ['malformedRow'], [`malformedRow: ${row.unreadable}`]);
      continue;
    }
    const id = row.checked.externalId;
    if (id === null) {
      reject(row.line, null, row.checked.reasons, row.checked.details);
      continue;
    }
    if (seen.has(id)) {
      counts.duplicates++;
      continue;
    }
    seen.set(id, row as ProcessedRow & { checked: CheckedRow });
  }

  return db.transaction(async (tx) => {
    const existing = await loadExisting(tx as unknown as Db, feed.merchantId);
    const offerRows: (typeof feedOffers.$inferInsert)[] = [];
    const dealRows: (typeof deals.$inferInsert)[] = [];
    const observations: (typeof priceObservations.$inferInsert)[] = [];
    const takeDown: string[] = [];

    for (const [externalId, row] of seen) {
      const c = row.checked;
      const status = rowStatus(c);
      const prev = existing.get(externalId);
      const dealId = offerDealId(feed.merchantId, externalId);
      if (status === 'rejected') reject(row.line, externalId, c.reasons, c.details);
      else if (status === 'expired') counts.expired++;
      else counts.valid++;
      const same = prev && prev.hash === row.hash && prev.status === status && prev.reasons.join(',') === c.reasons.join(',') && prev.feedId === feed.id;
      if (same) {
        if (status === 'valid') counts.unchanged++;
        continue;
      }
      offerRows.push({ merchantId: feed.merchantId, externalId, dealId, feedId: feed.id, contentHash: row.hash, status, reasons: c.reasons, firstSeenAt: now, changedAt: now });
      if (status === 'valid') {
        const o = c.offer!;
        if (prev?.dealActive == null) counts.new++;
        else counts.updated++;
        dealRows.push(dealRow(dealId, feed, o, now));
        if (prev?.priceAmount !== o.priceAmount || prev?.originalAmount !== o.originalAmount) {
          observations.push({ dealId, observedAt: now, priceAmount: o.priceAmount, originalAmount: o.originalAmount });
        }
      } else if (prev?.dealActive) takeDown.push(dealId);
    }
    const withdrawnIds: string[] = [];
    for (const prev of existing.values()) {
      if (prev.feedId !== feed.id || prev.status === 'withdrawn' || seen.has(prev.externalId)) continue;
      withdrawnIds.push(prev.externalId);
      if (prev.dealActive) {
        counts.withdrawn++;
        takeDown.push(offerDealId(feed.merchantId, prev.externalId));
      }
    }

    await chunkRuns(offerRows, CHUNK, (chunk) =>
      tx
        .insert(feedOffers)
        .values(chunk)
        .onConflictDoUpdate({
          target: [feedOffers.merchantId, feedOffers.externalId],
          set: { feedId: sql`excluded.feed_id`, contentHash: sql`excluded.content_hash`, status: sql`excluded.status`, reasons: sql`excluded.reasons`, changedAt: sql`excluded.changed_at` },
        }),
    );
    await chunkRuns(dealRows, CHUNK, (chunk) =>
      tx
        .insert(deals)
        .values(chunk)
        .onConflictDoUpdate({
          target: deals.id,
          set: {
            feedId: sql`excluded.feed_id`,
            title: sql`excluded.title`,
            description: sql`excluded.description`,
            brand: sql`excluded.brand`,
            gtin: sql`excluded.gtin`,
            category: sql`excluded.category`,
            url: sql`excluded.url`,
            priceAmount: sql`excluded.price_amount`,
            originalAmount: sql`excluded.original_amount`,
            currency: sql`excluded.currency`,
            couponCode: sql`excluded.coupon_code`,
            terms: sql`excluded.terms`,
            imageUrl: sql`excluded.image_url`,
            expiresAt: sql`excluded.expires_at`,
            active: sql`true`,
            updatedAt: sql`excluded.updated_at`,
          },
        }),
    );
    await chunkRuns(observations, CHUNK, (chunk) =>
      tx
        .insert(priceObservations)
        .values(chunk)
        .onConflictDoUpdate({
          target: [priceObservations.dealId, priceObservations.observedAt],
          set: { priceAmount: sql`excluded.price_amount`, originalAmount: sql`excluded.original_amount` },
        }),
    );
    await chunkRuns(takeDown, ID_CHUNK, (ids) => tx.update(deals).set({ active: false, updatedAt: now }).where(inArray(deals.id, ids)));
    await chunkRuns(withdrawnIds, ID_CHUNK, (ids) =>
      tx
        .update(feedOffers)
        .set({ status: 'withdrawn', changedAt: now })
        .where(and(eq(feedOffers.merchantId, feed.merchantId), inArray(feedOffers.externalId, ids))),
    );
    counts.suspicious = await refreshSuspiciousPricing(tx as unknown as Db, feed.id, now);
    // Consumers (recommendation's deal projection) learn of new, changed and taken-down deals in this transaction.
    await enqueueDealsUpserted(tx, [...dealRows.map((d) => d.id!), ...takeDown], now);
    return { ...counts, samples };
  });
}

function dealRow(id: string, feed: { id: string; merchantId: string }, o: FeedOffer, now: Date): typeof deals.$inferInsert {
  return {
    id,
    merchantId: feed.merchantId,
    feedId: feed.id,
    externalId: o.externalId,
    productId: null,
    title: o.title,
    description: o.description,
    brand: o.brand,
    gtin: o.gtin,
    category: o.category,
    url: o.url,
    priceAmount: o.priceAmount,
    originalAmount: o.originalAmount,
    currency: o.currency,
    couponCode: o.couponCode,
    terms: o.terms,
    imageUrl: o.imageUrl,
    startsAt: now,
    expiresAt: o.expiresAt,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Recomputes `suspicious_pricing` for the active deals of a feed in ONE statement: the observed prices are a step
 * function (each observation holds until the next); its time-weighted average over the last 30 days (the part of
 * the window the offer has been observed) is compared with the original price. Offers observed for less than a day
 * are never flagged. Returns how many active deals of the feed are flagged.
 */
export async function refreshSuspiciousPricing(db: Db, feedId: string, now: Date): Promise<number> {
  // Raw SQL parameters travel as text (postgres.js under drizzle does not serialise Date objects).
  const windowStart = new Date(now.getTime() - PRICE_HISTORY.windowDays * 86_400_000).toISOString();
  const at = now.toISOString();
  const minSeconds = PRICE_HISTORY.minHistoryMs / 1000;
  await db.execute(sql`
    with steps as (
      select o.deal_id, o.price_amount,
             greatest(o.observed_at, ${windowStart}::timestamptz) as from_t,
             least(coalesce(lead(o.observed_at) over (partition by o.deal_id order by o.observed_at), ${at}::timestamptz), ${at}::timestamptz) as to_t
      from ${priceObservations} o
      join ${deals} d on d.id = o.deal_id
      where d.feed_id = ${feedId} and d.active
    ), averages as (
      select deal_id,
             sum(price_amount * extract(epoch from (to_t - from_t))) / nullif(sum(extract(epoch from (to_t - from_t))), 0) as avg_price,
             sum(extract(epoch from (to_t - from_t))) as seconds
      from steps where to_t > from_t group by deal_id
    ), flags as (
      select d.id, coalesce(a.seconds >= ${minSeconds} and d.original_amount > ${PRICE_HISTORY.factor} * a.avg_price, false) as flag
      from ${deals} d left join averages a on a.deal_id = d.id
      where d.feed_id = ${feedId} and d.active
    )
    update ${deals} set suspicious_pricing = flags.flag from flags
    where ${deals}.id = flags.id and ${deals}.suspicious_pricing <> flags.flag`);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deals)
    .where(and(eq(deals.feedId, feedId), eq(deals.active, true), eq(deals.suspiciousPricing, true)));
  return Number(row?.n ?? 0);
}
