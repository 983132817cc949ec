import { sql } from 'drizzle-orm';
import { consumeOnce, isUuid, type Database, type EventEnvelope, type Subscription } from '@emporium/kit';
import { EventTypes, type ProductUpsertedPayload } from '@emporium/events';
import type * as schema from './db/schema.ts';
import { catalogProducts, inbox } from './db/schema.ts';
import type { DealRuntime } from './runtime.ts';

type Db = Database<typeof schema>;

/** Consumer group (and inbox key) of the deal subgraph's catalog copy. */
export const CATALOG_GROUP = 'deal-catalog';

/** A catalog product as the deal subgraph keeps it (GTIN and title for linking offers). */
export type CatalogRow = typeof catalogProducts.$inferInsert;

/**
 * Upserts catalog rows; a row only replaces a stored one that is not newer (`updatedAt`), so an old event applied
 * after a newer one changes nothing.
 */
export async function upsertCatalog(db: Db, rows: readonly CatalogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(catalogProducts)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: catalogProducts.productId,
        set: { title: sql`excluded.title`, brand: sql`excluded.brand`, category: sql`excluded.category`, gtin: sql`excluded.gtin`, updatedAt: sql`excluded.updated_at` },
        setWhere: sql`${catalogProducts.updatedAt} <= excluded.updated_at`,
      });
  }
}

/** The catalog row of a `product.upserted` payload, or null when it is not one (contract: schema/events/product.upserted.schema.json). */
export function catalogRowOf(payload: unknown, occurredAt: string): CatalogRow | null {
  const p = (payload ?? {}) as Partial<ProductUpsertedPayload>;
  if (!isUuid(p.productId) || typeof p.title !== 'string' || p.title.trim() === '') return null;
  return {
    productId: p.productId.toLowerCase(),
    title: p.title,
    brand: typeof p.brand === 'string' ? p.brand : null,
    category: Array.isArray(p.categoryPath) ? p.categoryPath.join(' > ') : null,
    // Optional in the contract (added later): an event without it leaves the product without a GTIN.
    gtin: typeof p.gtin === 'string' && p.gtin !== '' ? p.gtin : null,
    updatedAt: new Date(occurredAt),
  };
}

/** Applies one `product.upserted` event at most once (inbox). Returns true when the event was new. */
export async function handleProductUpserted(rt: DealRuntime, event: EventEnvelope): Promise<boolean> {
  const row = catalogRowOf(event.payload, event.occurredAt);
  if (!row) rt.logger.warn({ eventId: event.id }, 'product.upserted without a product id or title; ignored');
  return consumeOnce(rt.db.background, inbox, CATALOG_GROUP, event, async (tx) => {
    if (row) await upsertCatalog(tx as unknown as Db, [row]);
  });
}

/** Keeps the catalog copy current from `product.upserted` events; close the subscription to stop. */
export function subscribeProductUpserted(rt: DealRuntime): Promise<Subscription> {
  return rt.bus.subscribe({
    group: CATALOG_GROUP,
    types: [EventTypes.ProductUpserted],
    startFrom: 'earliest',
    handler: async (event) => {
      await handleProductUpserted(rt, event);
    },
  });
}
