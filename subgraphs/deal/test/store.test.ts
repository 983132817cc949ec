import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, openDatabase, textArrayLiteral as textArray, type DatabaseHandle } from '@emporium/kit';
import { createScratchDatabase, TEST_NOW } from '@emporium/kit/testing';
import { validateEventPayload } from '@emporium/events';
import { openStage } from '../src/db/stage.ts';
import { contentHash, offerDealId, storeFeed, type ProcessedRow } from '../src/feeds/store.ts';
import { registerFeed, registerMerchant } from '../src/feeds/registration.ts';
import { checkRow } from '../src/feeds/validate.ts';
import { migrationsFolder, schema, type DealSchema } from '../src/runtime.ts';

/**
 * The storage contract of a feed store, on every driver available: PGlite always (multi-row INSERT into the
 * staging table), PostgreSQL when DATABASE_URL is set (COPY FROM STDIN). Same input, same stored rows and events.
 */
type Handle = DatabaseHandle<DealSchema>;
const drivers: { name: string; open: () => Promise<Handle & { drop?: () => Promise<void> }> }[] = [
  {
    name: 'pglite',
    open: async () => {
      const h = await openDatabase({ name: 'deal', schema, migrationsFolder, dataDir: 'memory://' });
      await h.migrate();
      return h;
    },
  },
];
if (process.env.DATABASE_URL) {
  const adminUrl = process.env.DATABASE_URL;
  drivers.push({
    name: 'postgres',
    open: async () => {
      const scratch = await createScratchDatabase(adminUrl);
      const h = await openDatabase({ name: 'deal', schema, migrationsFolder, url: scratch.url });
      await h.migrate();
      return { ...h, drop: scratch.drop };
    },
  });
}

const NOW = new Date(TEST_NOW);
const LATER = new Date(NOW.getTime() + 3_600_000);

/** Rows with text that COPY must escape (tab, newline, CR, backslash, quotes, \N, non-ASCII) and every row kind. */
const base = {
  title: 'Retro heart tealight holder',
  description: 'A white metal tealight holder.\tWith a tab,\na newline,\r\na CR and a back\\slash; "quoted" \\N naïve ✓.',
  brand: 'Acme',
  category: 'Home > Candles',
  price: '7.50',
  originalPrice: '10.00',
  currency: 'GBP',
  expiresAt: '2026-12-31T00:00:00Z',
};
const feedRows = (overrides: Record<string, Record<string, unknown> | null>): Record<string, unknown>[] =>
  ['A-1', 'A-2', 'A-3', 'A-4', 'A-5']
    .filter((id) => overrides[id] !== null)
    .map((id) => ({ ...base, id, url: `https://shop.example/${id}`, ...overrides[id] }));

function processed(records: readonly (Record<string, unknown> | string)[], now: Date): ProcessedRow[] {
  return records.map((r, i) =>
    typeof r === 'string'
      ? { line: i + 1, unreadable: r, checked: null, hash: '' }
      : { line: i + 1, unreadable: null, checked: checkRow(r, { reputation: 0.9, now }), hash: contentHash(r) },
  );
}

async function* streamed(rows: readonly ProcessedRow[]): AsyncGenerator<ProcessedRow> {
  for (const r of rows) yield r;
}

async function snapshot(h: Handle) {
  const q = async (text: string) => executeRows(h.db, sql.raw(text));
  return {
    deals: await q(`select external_id, title, description, brand, gtin, category, url, price_amount::int as price, original_amount::int as original,
      currency, coupon_code, terms, image_url, to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as expires, active, suspicious_pricing,
      search is not null as searchable from deal.deals order by external_id`),
    offers: await q(`select external_id, status, reasons, content_hash from deal.feed_offers order by external_id`),
    observations: await q(`select d.external_id, o.price_amount::int as price from deal.price_observations o join deal.deals d on d.id = o.deal_id order by 1, o.observed_at`),
    events: (await q(`select payload from deal.outbox where type = 'deal.upserted' order by seq`)).map((r) => r.payload as Record<string, unknown>),
  };
}

/** Two runs of one feed: the first stores everything, the second changes, rejects, withdraws and keeps rows. */
async function scenario(h: Handle) {
  const merchant = await registerMerchant(h.db, { name: 'Store Contract Shop', reputation: 0.9 }, NOW);
  const feed = await registerFeed(h.db, { merchantId: merchant.id, url: 'https://shop.example/feed.jsonl' }, NOW);
  const target = { id: feed.id, merchantId: merchant.id };
  const first = await storeFeed(
    h.db,
    target,
    streamed(processed([...feedRows({ 'A-3': { price: '0' } }), 'invalid JSON', { ...base, id: 'A-1', url: 'https://shop.example/again' }], NOW)),
    NOW,
  );
  const afterFirst = await snapshot(h);
  const second = await storeFeed(
    h.db,
    target,
    processed(feedRows({ 'A-1': { price: '6.00' }, 'A-2': { title: 'Short' }, 'A-4': null }), LATER),
    LATER,
  );
  return { merchantId: merchant.id, first, afterFirst, second, afterSecond: await snapshot(h) };
}

const results = new Map<string, Awaited<ReturnType<typeof scenario>>>();

beforeAll(async () => {
  for (const d of drivers) {
    const h = await d.open();
    try {
      results.set(d.name, await scenario(h));
    } finally {
      await h.close();
      await h.drop?.();
    }
  }
}, 60_000);

afterAll(() => results.clear());

describe.each(drivers.map((d) => d.name))('storing a feed (%s)', (driver) => {
  it('counts and stores every kind of row, with text exactly as delivered', () => {
    const r = results.get(driver)!;
    expect(r.first).toMatchObject({ fetched: 7, valid: 4, rejected: 2, duplicates: 1, new: 4, updated: 0, unchanged: 0, withdrawn: 0 });
    expect(r.first.rejectedByReason).toEqual({ malformedRow: 1, nonPositivePrice: 1 });
    const deals = r.afterFirst.deals;
    expect(deals.map((d) => d.external_id)).toEqual(['A-1', 'A-2', 'A-4', 'A-5']);
    expect(deals[0]).toMatchObject({ title: base.title, description: base.description, brand: 'Acme', gtin: null, price: 750, original: 1000, currency: 'GBP', expires: '2026-12-31 00:00', active: true, searchable: true, url: 'https://shop.example/A-1' });
    expect(r.afterFirst.offers.find((o) => o.external_id === 'A-3')).toMatchObject({ status: 'rejected', reasons: ['nonPositivePrice'] });
    expect(r.afterFirst.observations).toHaveLength(4);
    expect(r.afterFirst.events.map((e) => e.dealId)).toEqual(['A-1', 'A-2', 'A-4', 'A-5'].map((id) => offerDealId(r.merchantId, id)).sort());
  });

  it('updates changed rows, takes down rejected and withdrawn ones, skips unchanged ones', () => {
    const r = results.get(driver)!;
    expect(r.second).toMatchObject({ fetched: 4, valid: 3, rejected: 1, new: 1, updated: 1, unchanged: 1, withdrawn: 1 });
    const byId = new Map(r.afterSecond.deals.map((d) => [d.external_id, d]));
    expect(byId.get('A-1')).toMatchObject({ price: 600, active: true });
    expect(byId.get('A-2')).toMatchObject({ active: false });
    expect(byId.get('A-3')).toMatchObject({ price: 750, active: true });
    expect(byId.get('A-4')).toMatchObject({ active: false });
    expect(r.afterSecond.offers.find((o) => o.external_id === 'A-4')).toMatchObject({ status: 'withdrawn' });
    expect(r.afterSecond.observations.filter((o) => o.external_id === 'A-1').map((o) => o.price)).toEqual([750, 600]);
    // One event per deal the second store created, changed or took down (A-5 was unchanged).
    const second = r.afterSecond.events.slice(r.afterFirst.events.length);
    expect(second.map((e) => e.dealId)).toEqual(['A-1', 'A-2', 'A-3', 'A-4'].map((id) => offerDealId(r.merchantId, id)).sort());
    expect(second.find((e) => e.dealId === offerDealId(r.merchantId, 'A-2'))).toMatchObject({ active: false });
    for (const payload of r.afterSecond.events) expect(validateEventPayload('deal.upserted', payload)).toEqual({ ok: true });
    expect(second.find((e) => e.dealId === offerDealId(r.merchantId, 'A-1'))).toMatchObject({
      title: base.title,
      priceAmount: 600,
      originalAmount: 1000,
      currency: 'GBP',
      startsAt: NOW.toISOString(),
      expiresAt: '2026-12-31T00:00:00.000Z',
      suspiciousPricing: false,
      productId: null,
      confidence: 0,
    });
  });
});

describe('the drivers agree', () => {
  it.runIf(drivers.length > 1)('PostgreSQL (COPY) stores exactly what PGlite (INSERT) stores', () => {
    // Merchant and deal ids are random per database: name deals by their external id, events in that order.
    const strip = (r: Awaited<ReturnType<typeof scenario>>) => {
      const external = new Map(['A-1', 'A-2', 'A-3', 'A-4', 'A-5'].map((id) => [offerDealId(r.merchantId, id), id]));
      const events = (list: Record<string, unknown>[]) =>
        list.map((e) => ({ ...e, dealId: external.get(e.dealId as string), merchantId: 'M' })).sort((a, b) => a.dealId!.localeCompare(b.dealId!));
      return {
        first: r.first,
        second: r.second,
        afterFirst: { ...r.afterFirst, events: events(r.afterFirst.events) },
        afterSecond: { ...r.afterSecond, events: events(r.afterSecond.events) },
      };
    };
    expect(strip(results.get('postgres')!)).toEqual(strip(results.get('pglite')!));
  });
});

describe.each(drivers)('the staging table ($name)', ({ open }) => {
  it('loads values of every type, NULLs and escapes, in several batches, and drops itself at commit', async () => {
    const h = await open();
    try {
      const texts = ['plain', 'tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N', '', 'ünïcödé ✓'];
      const rows = Array.from({ length: 5000 }, (_, i) => [i, texts[i % texts.length]!, i % 3 === 0 ? null : i % 2 === 0, textArray(['a', 'b "q"', 'c\\d']), '2026-11-21T12:00:00.000Z']);
      const back = await h.db.transaction(async (tx) => {
        const stage = await openStage(tx, 'test_stage', [['n', 'int'], ['t', 'text'], ['b', 'boolean'], ['arr', 'text[]'], ['at', 'timestamptz']]);
        for (const r of rows) await stage.add(r);
        expect(await stage.end()).toBe(rows.length);
        return executeRows<{ n: number; t: string; b: boolean | null; arr: string[]; at: string }>(tx, sql`select n, t, b, arr, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at from test_stage order by n`);
      });
      expect(back).toHaveLength(rows.length);
      back.forEach((r, i) => {
        expect(r).toEqual({ n: i, t: texts[i % texts.length], b: i % 3 === 0 ? null : i % 2 === 0, arr: ['a', 'b "q"', 'c\\d'], at: '2026-11-21 12:00' });
      });
      const left = await executeRows<{ n: number }>(h.db, sql`select count(*)::int as n from pg_class where relname = 'test_stage'`);
      expect(left[0]!.n).toBe(0);
    } finally {
      await h.close();
      await h.drop?.();
    }
  }, 30_000);
});
