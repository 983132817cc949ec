import { sql } from 'drizzle-orm';
import { gtinForStockCode, type RetailDataset, type RetailProduct } from '@emporium/retail-data';
import { upsertCatalog } from './catalog.ts';
import { deals, merchants } from './db/schema.ts';
import { enrichDeals } from './enrich/index.ts';
import { enqueueDealsUpserted } from './events.ts';
import { discountPercent } from './discount.ts';
import { uuidFromName } from './ids.ts';
import type { DealRuntime } from './runtime.ts';

/** The data set's own retailer. Reputation 0.9 is an assumption, not data (README: seed rule). */
export const SEED_MERCHANT = { id: uuidFromName('merchant:online-retail-uk'), name: 'Online Retail UK', reputation: 0.9, websiteUrl: null };

/** A deal needs its latest price at least this far below the typical price. */
export const MIN_SAVING = 0.1;
/** How long a seeded deal runs from the day its price started. */
export const DEAL_DAYS = 30;
const DAY_MS = 86_400_000;
// 15 bind parameters per row: 1,000 rows per statement stay far below PostgreSQL's 65,535-parameter limit.
const CHUNK = 1000;

type NewDeal = typeof deals.$inferInsert & { id: string; startsAt: Date; expiresAt: Date };

const validAmount = (n: number) => Number.isSafeInteger(n) && n > 0;

/**
 * The seed rule (README: seed rule): a product gets a deal when its latest `priceHistory` point is at least 10% below
 * its typical price `unitPriceMinor`. Price = that point, originalPrice = the typical price (GBP), startsAt = the
 * point's date at 00:00Z, expiresAt = startsAt + 30 days, url = `/products/<slug>`, id = uuidFromName('deal:' + id).
 */
export function dealsFromProducts(products: readonly RetailProduct[], merchantId: string, createdAt: Date): NewDeal[] {
  const out: NewDeal[] = [];
  for (const p of products) {
    const latest = p.priceHistory.at(-1);
    if (!latest || !validAmount(p.unitPriceMinor) || !validAmount(latest.unitPriceMinor)) continue;
    if (latest.unitPriceMinor > p.unitPriceMinor * (1 - MIN_SAVING)) continue;
    const startsAt = new Date(`${latest.date}T00:00:00Z`);
    if (Number.isNaN(startsAt.getTime())) continue;
    const percent = discountPercent(latest.unitPriceMinor, p.unitPriceMinor) ?? 0;
    out.push({
      id: uuidFromName(`deal:${p.id}`),
      merchantId,
      productId: p.id,
      productMatch: 'seed',
      title: `${p.title}: ${percent}% below its usual price`,
      description: p.description,
      brand: p.brand,
      category: p.categoryPath.join(' > '),
      url: `/products/${p.slug}`,
      priceAmount: latest.unitPriceMinor,
      originalAmount: p.unitPriceMinor,
      currency: 'GBP',
      couponCode: null,
      startsAt,
      expiresAt: new Date(startsAt.getTime() + DEAL_DAYS * DAY_MS),
      createdAt,
    });
  }
  return out;
}

/** True when any deal exists (the start command seeds only empty databases). */
export async function hasDeals(rt: DealRuntime): Promise<boolean> {
  const rows = await rt.db.db.select({ one: sql<number>`1` }).from(deals).limit(1);
  return rows.length > 0;
}

/**
 * Loads the demo deals derived from the data by {@link dealsFromProducts}, under the merchant {@link SEED_MERCHANT}.
 * Ids are deterministic, so seeding again updates the same rows (idempotent). Returns how many deals there are and how
 * many of them are live at `rt.clock.now()`.
 */
export async function seedDeals(
  rt: DealRuntime,
  data: Pick<RetailDataset, 'products'>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ merchants: number; deals: number; live: number }> {
  const db = rt.db.db;
  const now = rt.clock.now();
  await db
    .insert(merchants)
    .values(SEED_MERCHANT)
    .onConflictDoUpdate({ target: merchants.id, set: { name: sql`excluded.name`, reputation: sql`excluded.reputation` } });
  const rows = dealsFromProducts(data.products, SEED_MERCHANT.id, now);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await db
      .insert(deals)
      .values(chunk)
      .onConflictDoUpdate({
        target: deals.id,
        set: {
          title: sql`excluded.title`,
          description: sql`excluded.description`,
          brand: sql`excluded.brand`,
          category: sql`excluded.category`,
          url: sql`excluded.url`,
          priceAmount: sql`excluded.price_amount`,
          originalAmount: sql`excluded.original_amount`,
          currency: sql`excluded.currency`,
          startsAt: sql`excluded.starts_at`,
          expiresAt: sql`excluded.expires_at`,
        },
      });
    progress(Math.min(i + CHUNK, rows.length), rows.length);
  }
  if (rows.length === 0) progress(0, 0);
  // The catalog copy that links feed offers to products (by the product seed's synthetic GTIN, else title), and the
  // enrichment pass (confidence) over the seeded deals.
  await upsertCatalog(
    db,
    data.products.map((p) => ({ productId: p.id, title: p.title, brand: p.brand, category: p.categoryPath.join(' > '), gtin: gtinForStockCode(p.sku), updatedAt: now })),
  );
  await enrichDeals(db, now, undefined, { publish: false });
  // One deal.upserted per seeded deal with its enriched state (the recommendation subgraph's deal projection).
  await db.transaction((tx) => enqueueDealsUpserted(tx, rows.map((d) => d.id), now));
  const live = rows.filter((d) => d.startsAt <= now && now < d.expiresAt).length;
  return { merchants: 1, deals: rows.length, live };
}
