import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import type { FeedModel, MerchantModel } from '../models.ts';
import type * as schema from './schema.ts';
import { feeds, merchants } from './schema.ts';

type Db = Database<typeof schema>;

const feedColumns = {
  id: feeds.id,
  merchantId: feeds.merchantId,
  url: feeds.url,
  format: feeds.format,
  active: feeds.active,
  createdAt: feeds.createdAt,
  lastRunAt: feeds.lastRunAt,
  lastStatus: feeds.lastStatus,
  lastError: feeds.lastError,
  allowPrivateNetwork: merchants.allowPrivateNetwork,
  rateLimitPerMinute: merchants.rateLimitPerMinute,
};

/** Every feed with its merchant's fetch settings, by merchant name then URL (or only the given ids). */
export function findFeeds(db: Db, ids?: readonly string[]): Promise<FeedModel[]> {
  const q = db.select(feedColumns).from(feeds).innerJoin(merchants, eq(merchants.id, feeds.merchantId));
  return (ids ? q.where(inArray(feeds.id, [...ids])) : q).orderBy(asc(merchants.name), asc(feeds.url));
}

/** Inserts a merchant. */
export async function insertMerchant(db: Db, values: typeof merchants.$inferInsert): Promise<MerchantModel> {
  const [row] = await db.insert(merchants).values(values).returning();
  return row!;
}

/** Changes a merchant; null when there is none with that id. */
export async function updateMerchant(db: Db, id: string, patch: Partial<typeof merchants.$inferInsert>): Promise<MerchantModel | null> {
  if (Object.keys(patch).length === 0) return (await db.select().from(merchants).where(eq(merchants.id, id)))[0] ?? null;
  const [row] = await db.update(merchants).set(patch).where(eq(merchants.id, id)).returning();
  return row ?? null;
}

/** Inserts a feed; null when the merchant already has a feed at that URL. */
export async function insertFeed(db: Db, values: typeof feeds.$inferInsert): Promise<string | null> {
  const [row] = await db.insert(feeds).values(values).onConflictDoNothing().returning({ id: feeds.id });
  return row?.id ?? null;
}

/** Switches a feed on or off; false when there is no such feed. */
export async function setFeedActive(db: Db, id: string, active: boolean): Promise<boolean> {
  const rows = await db.update(feeds).set({ active }).where(eq(feeds.id, id)).returning({ id: feeds.id });
  return rows.length > 0;
}
