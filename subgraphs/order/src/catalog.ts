import { sql } from 'drizzle-orm';
import { consumeOnce, isUuid, type Database, type EventEnvelope, type Subscription } from '@emporium/kit';
import { EventTypes, type ProductUpsertedPayload } from '@emporium/events';
import type * as schema from './db/schema.ts';
import { catalogProducts, inbox } from './db/schema.ts';
import type { OrderRuntime } from './runtime.ts';

type Db = Database<typeof schema>;

/** Consumer group (and inbox key) of the order subgraph's catalog copy. */
export const CATALOG_GROUP = 'order-catalog';

export type CatalogRow = typeof catalogProducts.$inferInsert;

/** Upserts catalog rows; an older row never replaces a newer one. */
export async function upsertCatalog(db: Db, rows: readonly CatalogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(catalogProducts)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: catalogProducts.productId,
        set: { category: sql`excluded.category`, brand: sql`excluded.brand`, updatedAt: sql`excluded.updated_at` },
        setWhere: sql`${catalogProducts.updatedAt} <= excluded.updated_at`,
      });
  }
}

/** The row of a `product.upserted` payload (contract: schema/events/product.upserted.schema.json), or null. */
export function catalogRowOf(payload: unknown, occurredAt: string): CatalogRow | null {
  const p = (payload ?? {}) as Partial<ProductUpsertedPayload>;
  if (!isUuid(p.productId)) return null;
  return {
    productId: p.productId.toLowerCase(),
    category: Array.isArray(p.categoryPath) && p.categoryPath.length > 0 ? p.categoryPath.join(' > ') : null,
    brand: typeof p.brand === 'string' ? p.brand : null,
    updatedAt: new Date(occurredAt),
  };
}

/** Applies one `product.upserted` at most once (inbox). */
export async function handleProductUpserted(rt: OrderRuntime, event: EventEnvelope): Promise<boolean> {
  const row = catalogRowOf(event.payload, event.occurredAt);
  if (!row) rt.logger.warn({ eventId: event.id }, 'product.upserted without a product id; ignored');
  return consumeOnce(rt.db.background, inbox, CATALOG_GROUP, event, async (tx) => {
    if (row) await upsertCatalog(tx as unknown as Db, [row]);
  });
}

/** Keeps the catalog copy (category and brand for promo-code rules) current from `product.upserted`. */
export function subscribeProductUpserted(rt: OrderRuntime): Promise<Subscription> {
  return rt.bus.subscribe({
    group: CATALOG_GROUP,
    types: [EventTypes.ProductUpserted],
    startFrom: 'earliest',
    handler: async (event) => {
      await handleProductUpserted(rt, event);
    },
  });
}
