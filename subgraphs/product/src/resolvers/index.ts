import { badInput, decodeCursor, encodeCursor, isUuid, pageSize } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { findCategoryBySlug, findProductBy, listProducts, rootCategories, type CatalogPosition, type CatalogSort } from '../db/queries.ts';
import type { ProductModel } from '../models.ts';
import { importProducts } from '../import/write.ts';
import { addReview, averageOf, reviewsPage } from '../reviews.ts';
import { suggest } from '../search/suggest.ts';
import { searchConnection } from './search.ts';

const cursorOf = (sort: CatalogSort, p: ProductModel) =>
  encodeCursor(sort === 'FEATURED' ? [sort, p.popularity, p.id] : [sort, p.createdAt.toISOString(), p.id]);

function parseAfter(sort: CatalogSort, after: string | null | undefined): CatalogPosition | undefined {
  if (after == null) return undefined;
  const [cursorSort, key, id] = decodeCursor(after, 3);
  if (cursorSort !== sort) throw badInput(`after is a cursor of the ${String(cursorSort)} order, not ${sort}.`, 'after');
  if (!isUuid(id)) throw badInput('after is not a valid cursor.', 'after');
  if (sort === 'FEATURED') {
    if (typeof key !== 'number' || !Number.isSafeInteger(key)) throw badInput('after is not a valid cursor.', 'after');
    return { sort, popularity: key, id };
  }
  const at = new Date(String(key));
  if (Number.isNaN(at.getTime())) throw badInput('after is not a valid cursor.', 'after');
  return { sort, createdAt: at, id };
}

/** Resolvers of the product subgraph. */
export const resolvers: Resolvers = {
  Query: {
    async product(_root, args, ctx) {
      const given = (['id', 'sku', 'slug'] as const).filter((k) => args[k] != null);
      if (given.length !== 1) throw badInput('Give exactly one of id, sku or slug.');
      if (args.id != null) return isUuid(args.id) ? ctx.loaders.productById.load(args.id) : null;
      if (args.sku != null) return findProductBy(ctx.rt.db.db, { sku: args.sku.trim().toUpperCase() });
      return findProductBy(ctx.rt.db.db, { slug: String(args.slug).trim().toLowerCase() });
    },
    async products(_root, args, ctx) {
      const limit = pageSize(args.first, 24);
      const sort: CatalogSort = args.sort ?? 'FEATURED';
      const after = parseAfter(sort, args.after);
      const page = await listProducts(ctx.rt.db.db, { limit, sort, ...(after ? { after } : {}) });
      for (const p of page.rows) ctx.loaders.productById.prime(p.id, p);
      const edges = page.rows.map((node) => ({ cursor: cursorOf(sort, node), node }));
      return {
        edges,
        totalCount: page.totalCount,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: after !== undefined,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
    categories: (_root, _args, ctx) => rootCategories(ctx.rt.db.db),
    category: (_root, args, ctx) => findCategoryBySlug(ctx.rt.db.db, args.slug.trim().toLowerCase()),
    searchProducts: (_root, args, ctx, info) => searchConnection(ctx, args, info),
    async suggest(_root, args, ctx) {
      const result = await suggest(ctx.rt, args.prefix, args.first);
      for (const p of result.products) ctx.loaders.productById.prime(p.id, p);
      return result;
    },
  },
  ProductSearchConnection: {
    facets: (conn) => conn.facets ?? conn.loadFacets(),
  },
  Mutation: {
    addReview: (_root, args, ctx) => addReview(ctx.rt, ctx.identity, args),
    importProducts: (_root, args, ctx) => importProducts(ctx.rt, ctx.identity, args.items),
  },
  Product: {
    __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.loaders.productById.load(ref.id) : null),
    async rating(p, _args, ctx) {
      const r = await ctx.loaders.ratingByProduct.load(p.id);
      return { average: r ? averageOf(r.sum, r.count) : null, count: r?.count ?? 0 };
    },
    reviews: (p, args, ctx) => reviewsPage(ctx.rt.db.db, p.id, args.first, args.after),
  },
  Review: {
    product: async (r, _args, ctx) => {
      const p = await ctx.loaders.productById.load(r.productId);
      if (!p) throw new Error(`review ${r.id} has no product`);
      return p;
    },
    author: (r) => ({ __typename: 'User', id: r.userId }),
  },
  Category: {
    __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.loaders.categoryById.load(ref.id) : null),
    parent: (c, _args, ctx) => (c.parentId ? ctx.loaders.categoryById.load(c.parentId) : null),
    children: (c, _args, ctx) => ctx.loaders.categoryChildren.load(c.id),
    products: (c, args, ctx, info) => searchConnection(ctx, args, info, c.id),
  },
  Brand: {
    __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.loaders.brandById.load(ref.id) : null),
  },
};
