import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { gtinForStockCode, type RetailDataset } from '@emporium/retail-data';
import { writeProducts } from './catalog.ts';
import { brands, categories, products } from './db/schema.ts';
import type { ProductRuntime } from './runtime.ts';
import { applySeedSignals } from './search/projection.ts';
import { slugify } from './slug.ts';

const CHUNK = 500;
const INT_MAX = 2_147_483_647;

/** True when the catalog already has products (the start command seeds only empty databases). */
export async function hasProducts(rt: ProductRuntime): Promise<boolean> {
  const [row] = await rt.db.db.select({ n: sql<number>`count(*)::int` }).from(products).limit(1);
  return (row?.n ?? 0) > 0;
}

/**
 * Loads the demo catalog: the category tree and brands derived from the products, then the products, upserted by sku
 * in chunks (idempotent: seeding twice leaves one copy), each chunk in one transaction with its search projection rows
 * (price and stock from the dataset, see README "Search"). Returns counts for the seed report.
 */
export async function seedProducts(
  rt: ProductRuntime,
  data: Pick<RetailDataset, 'products'> & Partial<Pick<RetailDataset, 'invoices'>>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ categories: number; brands: number; products: number }> {
  const db = rt.db.db;
  const now = rt.clock.now();
  // Merchandising rank: the number of orders a product appears in (one huge order, later cancelled, must not make a
  // best seller the way raw units would); units sold when no orders are given.
  const ordersPerProduct = new Map<string, number>();
  for (const invoice of data.invoices ?? []) {
    for (const id of new Set(invoice.lines.map((l) => l.productId))) ordersPerProduct.set(id, (ordersPerProduct.get(id) ?? 0) + 1);
  }
  const popularity = (p: RetailDataset['products'][number]) => (data.invoices ? (ordersPerProduct.get(p.id) ?? 0) : p.unitsSold);
  // Category tree: every prefix of every path is a node; ids are kept stable by slug across re-seeds.
  const nodes = new Map<string, { id: string; name: string; path: string[]; parentSlug: string | null; position: number }>();
  for (const p of data.products) {
    for (let depth = 1; depth <= p.categoryPath.length; depth++) {
      const path = p.categoryPath.slice(0, depth);
      const slug = slugify(path.join(' '));
      if (!nodes.has(slug)) {
        nodes.set(slug, {
          id: randomUUID(),
          name: path[depth - 1] ?? '',
          path,
          parentSlug: depth > 1 ? slugify(path.slice(0, -1).join(' ')) : null,
          position: nodes.size,
        });
      }
    }
  }
  const categoryIds = new Map<string, string>();
  for (const depth of [1, 2, 3, 4]) {
    const level = [...nodes.entries()].filter(([, n]) => n.path.length === depth);
    if (level.length === 0) continue;
    const rows = await db
      .insert(categories)
      .values(level.map(([slug, n]) => ({ id: n.id, slug, name: n.name, path: n.path, position: n.position, parentId: n.parentSlug ? (categoryIds.get(n.parentSlug) ?? null) : null })))
      .onConflictDoUpdate({ target: categories.slug, set: { name: sql`excluded.name`, path: sql`excluded.path` } })
      .returning({ id: categories.id, slug: categories.slug });
    for (const r of rows) categoryIds.set(r.slug, r.id);
  }

  const brandNames = [...new Set(data.products.map((p) => p.brand))].sort();
  const brandRows = brandNames.length
    ? await db
        .insert(brands)
        .values(brandNames.map((name) => ({ slug: slugify(name), name })))
        .onConflictDoUpdate({ target: brands.slug, set: { name: sql`excluded.name` } })
        .returning({ id: brands.id, name: brands.name })
    : [];
  const brandIds = new Map(brandRows.map((b) => [b.name, b.id]));

  let done = 0;
  for (let i = 0; i < data.products.length; i += CHUNK) {
    const chunk = data.products.slice(i, i + CHUNK);
    await db.transaction(async (tx) => {
      await writeProducts(
        tx,
        chunk.map((p) => ({
          id: p.id,
          sku: p.sku,
          slug: p.slug,
          title: p.title,
          description: p.description,
          categoryId: categoryIds.get(slugify(p.categoryPath.join(' '))) ?? null,
          brandId: brandIds.get(p.brand) ?? null,
          tags: p.tags,
          // The data set has no GTINs: a synthetic one in the restricted-circulation range (retail-data README "GTINs").
          gtin: gtinForStockCode(p.sku),
          derivedFields: [...p.derived, 'gtin'],
          popularity: popularity(p),
          createdAt: p.firstSoldAt,
          updatedAt: p.lastSoldAt,
        })),
        now,
      );
      // Seeds publish no events: price and stock come from the same source numbers the pricing and inventory seeds
      // load (pricing: unitPriceMinor when a positive whole number; inventory: quantityOnHand floored to 0..2^31-1).
      await applySeedSignals(
        tx,
        chunk.map((p) => ({
          productId: p.id,
          priceAmount: Number.isSafeInteger(p.unitPriceMinor) && p.unitPriceMinor > 0 ? p.unitPriceMinor : null,
          quantity: Number.isFinite(p.quantityOnHand) ? Math.min(INT_MAX, Math.max(0, Math.floor(p.quantityOnHand))) : 0,
        })),
      );
    });
    done += chunk.length;
    progress(done, data.products.length);
  }
  return { categories: nodes.size, brands: brandNames.length, products: data.products.length };
}
