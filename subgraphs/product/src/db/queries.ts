import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '@emporium/kit';
import type { ProductModel } from '../models.ts';
import type * as schema from './schema.ts';
import { brands, categories, products } from './schema.ts';

type Db = Database<typeof schema>;

const productColumns = {
  product: products,
  category: categories,
  brand: brands,
};

function toModel(row: { product: typeof products.$inferSelect; category: typeof categories.$inferSelect | null; brand: typeof brands.$inferSelect | null }): ProductModel {
  return { ...row.product, category: row.category, brand: row.brand };
}

function selectProducts(db: Db) {
  return db
    .select(productColumns)
    .from(products)
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(brands, eq(brands.id, products.brandId));
}

/** Products by id with category and brand joined — one statement for any number of ids. */
export async function findProductsByIds(db: Db, ids: readonly string[]): Promise<ProductModel[]> {
  if (ids.length === 0) return [];
  const rows = await selectProducts(db).where(inArray(products.id, [...ids]));
  return rows.map(toModel);
}

/** One product by sku or slug. */
export async function findProductBy(db: Db, by: { sku: string } | { slug: string }): Promise<ProductModel | null> {
  const cond = 'sku' in by ? eq(products.sku, by.sku) : eq(products.slug, by.slug);
  const rows = await selectProducts(db).where(cond).limit(1);
  return rows[0] ? toModel(rows[0]) : null;
}

/** Catalog orders: FEATURED (popularity desc, id desc) and NEWEST (created_at desc, id desc). */
export type CatalogSort = 'FEATURED' | 'NEWEST';

/** A keyset position: the sort key of the last row seen and its id. */
export type CatalogPosition = { sort: 'FEATURED'; popularity: number; id: string } | { sort: 'NEWEST'; createdAt: Date; id: string };

/**
 * A page of the catalog in the given order after a keyset position. The total count comes from the same statement,
 * and one extra row is read to tell whether another page follows.
 */
export async function listProducts(
  db: Db,
  opts: { limit: number; sort: CatalogSort; after?: CatalogPosition },
): Promise<{ rows: ProductModel[]; totalCount: number; hasNextPage: boolean }> {
  const a = opts.after;
  const where =
    a?.sort === 'FEATURED'
      ? or(lt(products.popularity, a.popularity), and(eq(products.popularity, a.popularity), lt(products.id, a.id)))
      : a?.sort === 'NEWEST'
        ? or(lt(products.createdAt, a.createdAt), and(eq(products.createdAt, a.createdAt), lt(products.id, a.id)))
        : undefined;
  const order = opts.sort === 'FEATURED' ? [desc(products.popularity), desc(products.id)] : [desc(products.createdAt), desc(products.id)];
  const total = sql<number>`(select count(*) from ${products})::int`;
  const rows = await db
    .select({ ...productColumns, total })
    .from(products)
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(brands, eq(brands.id, products.brandId))
    .where(where)
    .orderBy(...order)
    .limit(opts.limit + 1);
  // An empty page (nothing after the cursor, or first: 0) still needs the total.
  const totalCount = rows[0]?.total ?? (await db.select({ n: sql<number>`count(*)::int` }).from(products))[0]?.n ?? 0;
  return { rows: rows.slice(0, opts.limit).map(toModel), totalCount, hasNextPage: rows.length > opts.limit };
}

/** Brands by id. */
export function findBrandsByIds(db: Db, ids: readonly string[]) {
  return ids.length === 0 ? Promise.resolve([]) : db.select().from(brands).where(inArray(brands.id, [...ids]));
}

/** Categories by id. */
export function findCategoriesByIds(db: Db, ids: readonly string[]) {
  return ids.length === 0 ? Promise.resolve([]) : db.select().from(categories).where(inArray(categories.id, [...ids]));
}

/** A category by slug, or null. */
export async function findCategoryBySlug(db: Db, slug: string) {
  const rows = await db.select().from(categories).where(eq(categories.slug, slug)).limit(1);
  return rows[0] ?? null;
}

/** Root categories in display order. */
export function rootCategories(db: Db) {
  return db.select().from(categories).where(isNull(categories.parentId)).orderBy(asc(categories.position), asc(categories.name));
}

/** Children of the given categories, grouped by the caller. */
export function childCategories(db: Db, parentIds: readonly string[]) {
  return parentIds.length === 0
    ? Promise.resolve([])
    : db.select().from(categories).where(inArray(categories.parentId, [...parentIds])).orderBy(asc(categories.position), asc(categories.name));
}
