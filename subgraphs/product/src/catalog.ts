import { sql } from 'drizzle-orm';
import { products } from './db/schema.ts';
import { refreshSearchDocuments, type Executor } from './search/projection.ts';

/** A product row as the catalog writes it. */
export type ProductWrite = typeof products.$inferInsert & { id: string };

/**
 * Upserts products by sku and refreshes their search projection rows in the same statement sequence: call it inside
 * a transaction (the seed does, per chunk) so the catalog and search never disagree. At most ~1,000 rows per call
 * (bind parameters). Returns the ids written (existing products keep their id).
 */
export async function writeProducts(tx: Executor, rows: readonly ProductWrite[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const written = await tx
    .insert(products)
    .values([...rows])
    .onConflictDoUpdate({
      target: products.sku,
      set: {
        title: sql`excluded.title`,
        slug: sql`excluded.slug`,
        description: sql`excluded.description`,
        categoryId: sql`excluded.category_id`,
        brandId: sql`excluded.brand_id`,
        tags: sql`excluded.tags`,
        gtin: sql`excluded.gtin`,
        derivedFields: sql`excluded.derived_fields`,
        popularity: sql`excluded.popularity`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning({ id: products.id });
  const ids = written.map((r) => r.id);
  await refreshSearchDocuments(tx, ids, now);
  return ids;
}
