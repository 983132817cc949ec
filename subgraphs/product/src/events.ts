import { eq, inArray } from 'drizzle-orm';
import { enqueueEvents } from '@emporium/kit';
import { EventTypes, validateEventPayload, type ProductUpsertedPayload } from '@emporium/events';
import { brands, categories, outbox, products } from './db/schema.ts';
import type { Executor } from './search/projection.ts';

/**
 * Enqueues one `product.upserted` per product (contract: schema/events/product.upserted.schema.json) in the caller's
 * transaction, with the facts that transaction sees: sku, title, slug, category path, brand and GTIN. Two statements
 * for any number of products (read + outbox insert); none for an empty list. The outbox relay publishes them after
 * commit. Returns the number of events.
 */
export async function enqueueProductsUpserted(tx: Executor, productIds: readonly string[], now: Date): Promise<number> {
  const ids = [...new Set(productIds)].sort();
  if (ids.length === 0) return 0;
  const rows = await tx
    .select({ productId: products.id, sku: products.sku, title: products.title, slug: products.slug, categoryPath: categories.path, brand: brands.name, gtin: products.gtin })
    .from(products)
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(brands, eq(brands.id, products.brandId))
    .where(inArray(products.id, ids))
    .orderBy(products.id);
  await enqueueEvents<ProductUpsertedPayload>(
    tx,
    outbox,
    rows.map((r) => ({
      type: EventTypes.ProductUpserted,
      source: 'product',
      occurredAt: now,
      payload: { productId: r.productId, sku: r.sku, title: r.title, slug: r.slug, categoryPath: r.categoryPath ?? [], brand: r.brand, gtin: r.gtin },
    })),
    validateEventPayload,
  );
  return rows.length;
}
