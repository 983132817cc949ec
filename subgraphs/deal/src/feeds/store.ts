import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { textArrayLiteral, type Database } from '@emporium/kit';
import type * as schema from '../db/schema.ts';
import { deals, feedOffers, priceObservations } from '../db/schema.ts';
import { enqueueDealsUpserted } from '../events.ts';
import { uuidFromName } from '../ids.ts';
import { openStage, type StageColumn, type StageValue } from '../db/stage.ts';
import { emptyCounts, type IngestCounts } from './report.ts';
import type { CheckedRow } from './validate.ts';

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

function chunkRuns<T>(items: readonly T[], size: number, fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < items.length; i += size) {
    const chunk = items.slice(i, i + size);
    p = p.then(() => fn(chunk).then(() => undefined));
  }
  return p;
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
 * The staging table of a feed store: every new or changed row, with its offer fields when valid. `observe` marks a
 * price change (a new price observation); `take_down` a deal that was live and whose row is now rejected or expired.
 */
const STAGE: readonly StageColumn[] = [
  ['external_id', 'text'],
  ['deal_id', 'uuid'],
  ['content_hash', 'text'],
  ['status', 'text'],
  ['reasons', 'text[]'],
  ['observe', 'boolean'],
  ['take_down', 'boolean'],
  ['title', 'text'],
  ['description', 'text'],
  ['brand', 'text'],
  ['gtin', 'text'],
  ['category', 'text'],
  ['url', 'text'],
  ['price_amount', 'bigint'],
  ['original_amount', 'bigint'],
  ['currency', 'text'],
  ['coupon_code', 'text'],
  ['terms', 'text'],
  ['image_url', 'text'],
  ['expires_at', 'timestamptz'],
];

/**
 * Stores one fetched feed: deduplicates ids (first wins), skips rows whose content hash and status are unchanged,
 * upserts the rest (offer rows, deals, price observations), takes down deals whose row is now rejected, expired or
 * missing from the feed, and recomputes the feed's suspiciousPricing flags — all in one transaction. Rows are
 * consumed as they come (an async iterable streams a feed through without holding it): new and changed rows go
 * to a staging table ({@link openStage}: COPY on PostgreSQL, multi-row INSERT on PGlite), then a few set-based
 * statements move them. Returns counts.
 */
export async function storeFeed(
  db: Db,
  feed: { id: string; merchantId: string },
  rows: Iterable<ProcessedRow> | AsyncIterable<ProcessedRow>,
  now: Date,
): Promise<IngestCounts & { samples: string[] }> {
  const counts = emptyCounts();
  const samples: string[] = [];
  const reject = (line: number, id: string | null, reasons: readonly string[], details: readonly string[]) => {
    counts.rejected++;
    for (const r of reasons) counts.rejectedByReason[r as keyof typeof counts.rejectedByReason] = (counts.rejectedByReason[r as keyof typeof counts.rejectedByReason] ?? 0) + 1;
    if (samples.length < 10) samples.push(`line ${line}${id ? ` (id ${id})` : ''}: ${details.join('; ')}`);
  };

  return db.transaction(async (tx) => {
    const existing = await loadExisting(tx as unknown as Db, feed.merchantId);
    const stage = await openStage(tx, 'feed_stage', STAGE);
    const seen = new Set<string>();
    const upserted: string[] = [];
    const takeDown: string[] = [];

    for await (const row of rows) {
      counts.fetched++;
      const c = row.checked;
      if (c === null) {
        reject(row.line, null, ['malformedRow'], [`malformedRow: ${row.unreadable}`]);
        continue;
      }
      const externalId = c.externalId;
      if (externalId === null) {
        reject(row.line, null, c.reasons, c.details);
        continue;
      }
      if (seen.has(externalId)) {
        counts.duplicates++;
        continue;
      }
      seen.add(externalId);
      const status = rowStatus(c);
      const prev = existing.get(externalId);
      if (status === 'rejected') reject(row.line, externalId, c.reasons, c.details);
      else if (status === 'expired') counts.expired++;
      else counts.valid++;
      const same = prev && prev.hash === row.hash && prev.status === status && prev.reasons.join(',') === c.reasons.join(',') && prev.feedId === feed.id;
      if (same) {
        if (status === 'valid') counts.unchanged++;
        continue;
      }
      const dealId = offerDealId(feed.merchantId, externalId);
      const o = status === 'valid' ? c.offer! : null;
      if (o) {
        if (prev?.dealActive == null) counts.new++;
        else counts.updated++;
        upserted.push(dealId);
      } else if (prev?.dealActive) takeDown.push(dealId);
      const observe = o !== null && (prev?.priceAmount !== o.priceAmount || prev?.originalAmount !== o.originalAmount);
      const wait = stage.add([
        externalId,
        dealId,
        row.hash,
        status,
        textArrayLiteral(c.reasons),
        observe,
        o === null && prev?.dealActive === true,
        ...(o
          ? [o.title, o.description, o.brand, o.gtin, o.category, o.url, o.priceAmount, o.originalAmount, o.currency, o.couponCode, o.terms, o.imageUrl, o.expiresAt?.toISOString() ?? null]
          : NO_OFFER),
      ]);
      if (wait) await wait;
    }
    await stage.end();

    const withdrawnIds: string[] = [];
    const withdrawnDeals: string[] = [];
    for (const prev of existing.values()) {
      if (prev.feedId !== feed.id || prev.status === 'withdrawn' || seen.has(prev.externalId)) continue;
      withdrawnIds.push(prev.externalId);
      if (prev.dealActive) {
        counts.withdrawn++;
        withdrawnDeals.push(offerDealId(feed.merchantId, prev.externalId));
      }
    }
    existing.clear();
    seen.clear();

    // Raw SQL parameters travel as text (postgres.js under drizzle does not serialise Date objects).
    const at = now.toISOString();
    await tx.execute(sql`
      insert into ${feedOffers} (merchant_id, external_id, deal_id, feed_id, content_hash, status, reasons, first_seen_at, changed_at)
      select ${feed.merchantId}::uuid, external_id, deal_id, ${feed.id}::uuid, content_hash, status, reasons, ${at}::timestamptz, ${at}::timestamptz
      from feed_stage
      on conflict (merchant_id, external_id) do update set feed_id = excluded.feed_id, content_hash = excluded.content_hash,
        status = excluded.status, reasons = excluded.reasons, changed_at = excluded.changed_at`);
    await tx.execute(sql`
      insert into ${deals} (id, merchant_id, feed_id, external_id, product_id, title, description, brand, gtin, category, url,
        price_amount, original_amount, currency, coupon_code, terms, image_url, starts_at, expires_at, active, created_at, updated_at)
      select deal_id, ${feed.merchantId}::uuid, ${feed.id}::uuid, external_id, null, title, description, brand, gtin, category, url,
        price_amount, original_amount, currency, coupon_code, terms, image_url, ${at}::timestamptz, expires_at, true, ${at}::timestamptz, ${at}::timestamptz
      from feed_stage where status = 'valid'
      on conflict (id) do update set feed_id = excluded.feed_id, title = excluded.title, description = excluded.description,
        brand = excluded.brand, gtin = excluded.gtin, category = excluded.category, url = excluded.url,
        price_amount = excluded.price_amount, original_amount = excluded.original_amount, currency = excluded.currency,
        coupon_code = excluded.coupon_code, terms = excluded.terms, image_url = excluded.image_url,
        expires_at = excluded.expires_at, active = true, updated_at = excluded.updated_at`);
    await tx.execute(sql`
      insert into ${priceObservations} (deal_id, observed_at, price_amount, original_amount)
      select deal_id, ${at}::timestamptz, price_amount, original_amount from feed_stage where observe
      on conflict (deal_id, observed_at) do update set price_amount = excluded.price_amount, original_amount = excluded.original_amount`);
    await tx.execute(sql`
      update ${deals} set active = false, updated_at = ${at}::timestamptz
      from feed_stage s where s.take_down and ${deals}.id = s.deal_id`);
    await chunkRuns(withdrawnDeals, ID_CHUNK, (ids) => tx.update(deals).set({ active: false, updatedAt: now }).where(inArray(deals.id, ids)));
    await chunkRuns(withdrawnIds, ID_CHUNK, (ids) =>
      tx
        .update(feedOffers)
        .set({ status: 'withdrawn', changedAt: now })
        .where(and(eq(feedOffers.merchantId, feed.merchantId), inArray(feedOffers.externalId, ids))),
    );
    counts.suspicious = await refreshSuspiciousPricing(tx as unknown as Db, feed.id, now);
    // Consumers (recommendation's deal projection) learn of new, changed and taken-down deals in this transaction.
    await enqueueDealsUpserted(tx, [...upserted, ...takeDown, ...withdrawnDeals], now);
    return { ...counts, samples };
  });
}

/** The offer columns of a row that is not a valid offer. */
const NO_OFFER: readonly StageValue[] = Array.from({ length: 13 }, () => null);

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
