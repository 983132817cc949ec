import { badInput, requireService, type Identity } from '@emporium/kit';
import { inArray, sql } from 'drizzle-orm';
import type { CatalogImportItem } from '../__generated__/resolvers-types.ts';
import { brands, categories, products } from '../db/schema.ts';
import { enqueueProductsUpserted } from '../events.ts';
import type { ProductRuntime } from '../runtime.ts';
import { refreshSearchDocuments, type Executor } from '../search/projection.ts';
import { slugify } from '../slug.ts';
import { categoryPathSlug, LineError, parseCatalogRecord, productSlug, type CatalogLine } from './line.ts';

/** Most items one `importProducts` call accepts. */
export const MAX_IMPORT_PRODUCTS = 500;

/** What one import batch wrote. */
export interface ImportProductsResult {
  created: number;
  updated: number;
  products: { sku: string; id: string }[];
}

type CatalogFields = Pick<CatalogLine, 'sku' | 'title' | 'description' | 'brand' | 'categoryPath' | 'images' | 'tags' | 'gtin'>;

/** Creates missing categories for every prefix of the given paths (parents first); returns path slug → id. */
export async function ensureCategories(tx: Executor, paths: readonly (readonly string[])[]): Promise<Map<string, string>> {
  const nodes = new Map<string, { name: string; path: string[]; parentSlug: string | null; depth: number }>();
  for (const path of paths) {
    for (let depth = 1; depth <= path.length; depth++) {
      const prefix = path.slice(0, depth);
      const slug = categoryPathSlug(prefix);
      if (!nodes.has(slug)) nodes.set(slug, { name: prefix[depth - 1]!, path: prefix, parentSlug: depth > 1 ? categoryPathSlug(prefix.slice(0, -1)) : null, depth });
    }
  }
  const ids = new Map<string, string>();
  if (nodes.size === 0) return ids;
  for (const r of await tx.select({ id: categories.id, slug: categories.slug }).from(categories).where(inArray(categories.slug, [...nodes.keys()]))) {
    ids.set(r.slug, r.id);
  }
  const maxDepth = Math.max(...[...nodes.values()].map((n) => n.depth));
  for (let depth = 1; depth <= maxDepth; depth++) {
    const missing = [...nodes.entries()].filter(([slug, n]) => n.depth === depth && !ids.has(slug));
    if (missing.length === 0) continue;
    // Existing rows keep their name, parent and position (a concurrent importer may have created the same node).
    const rows = await tx
      .insert(categories)
      .values(missing.map(([slug, n]) => ({ slug, name: n.name, path: n.path, parentId: n.parentSlug ? (ids.get(n.parentSlug) ?? null) : null, position: 1000 })))
      .onConflictDoUpdate({ target: categories.slug, set: { slug: sql`excluded.slug` } })
      .returning({ id: categories.id, slug: categories.slug });
    for (const r of rows) ids.set(r.slug, r.id);
  }
  return ids;
}

/** Creates missing brands (matched by slug, so "REGENCY" finds "Regency"); returns brand slug → id. */
export async function ensureBrands(tx: Executor, names: readonly string[]): Promise<Map<string, string>> {
  const bySlug = new Map<string, string>();
  for (const name of names) if (slugify(name) !== '' && !bySlug.has(slugify(name))) bySlug.set(slugify(name), name);
  if (bySlug.size === 0) return new Map();
  const rows = await tx
    .insert(brands)
    .values([...bySlug].map(([slug, name]) => ({ slug, name })))
    .onConflictDoUpdate({ target: brands.slug, set: { slug: sql`excluded.slug` } })
    .returning({ id: brands.id, slug: brands.slug });
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/**
 * Upserts products by sku with their categories, brands and search projection rows, and enqueues one
 * `product.upserted` per product, in the caller's transaction.
 * Updated products keep their id, creation time and merchandising rank; price, stock and rating columns of the
 * projection are left to events and reviews. Items must have distinct SKUs.
 */
export async function upsertCatalog(tx: Executor, items: readonly CatalogFields[], now: Date): Promise<ImportProductsResult> {
  if (items.length === 0) return { created: 0, updated: 0, products: [] };
  const categoryIds = await ensureCategories(tx, items.map((i) => i.categoryPath));
  const brandIds = await ensureBrands(tx, items.flatMap((i) => (i.brand ? [i.brand] : [])));
  const written = await tx
    .insert(products)
    .values(
      items.map((i) => ({
        sku: i.sku,
        slug: productSlug(i.sku, i.title),
        title: i.title,
        description: i.description,
        categoryId: i.categoryPath.length > 0 ? (categoryIds.get(categoryPathSlug(i.categoryPath)) ?? null) : null,
        brandId: i.brand ? (brandIds.get(slugify(i.brand)) ?? null) : null,
        tags: i.tags,
        images: i.images,
        gtin: i.gtin,
        derivedFields: [],
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: products.sku,
      set: {
        slug: sql`excluded.slug`,
        title: sql`excluded.title`,
        description: sql`excluded.description`,
        categoryId: sql`excluded.category_id`,
        brandId: sql`excluded.brand_id`,
        tags: sql`excluded.tags`,
        images: sql`excluded.images`,
        gtin: sql`excluded.gtin`,
        derivedFields: sql`excluded.derived_fields`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning({ id: products.id, sku: products.sku, created: sql<boolean>`(xmax = 0)` });
  await refreshSearchDocuments(tx, written.map((r) => r.id), now);
  // Other subgraphs keep catalog copies (deal links offers by GTIN or title, order checks carts, recommendation scores).
  await enqueueProductsUpserted(tx, written.map((r) => r.id), now);
  const idBySku = new Map(written.map((r) => [r.sku, r.id]));
  const created = written.filter((r) => r.created === true || String(r.created) === 'true').length;
  return { created, updated: written.length - created, products: items.map((i) => ({ sku: i.sku, id: idBySku.get(i.sku)! })) };
}

/** The `importProducts` mutation: service callers only; every item validated like a file line (BAD_USER_INPUT naming it). */
export async function importProducts(rt: ProductRuntime, identity: Identity, items: readonly CatalogImportItem[]): Promise<ImportProductsResult> {
  requireService(identity);
  if (items.length > MAX_IMPORT_PRODUCTS) throw badInput(`At most ${MAX_IMPORT_PRODUCTS} items per import, got ${items.length}.`, 'items');
  const seen = new Set<string>();
  const lines = items.map((item, i) => {
    try {
      const line = parseCatalogRecord({ ...item, category: item.category?.join(' > ') ?? null });
      if (seen.has(line.sku)) throw new LineError(`sku ${line.sku} appears twice`);
      seen.add(line.sku);
      return line;
    } catch (err) {
      if (err instanceof LineError) throw badInput(`items[${i}]: ${err.message}.`, `items.${i}`);
      throw err;
    }
  });
  return rt.db.db.transaction((tx) => upsertCatalog(tx, lines, rt.clock.now()));
}
