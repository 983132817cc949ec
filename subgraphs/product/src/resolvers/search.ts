import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
import type { SearchConnectionModel } from '../models.ts';
import { selectsField } from '../search/selection.ts';
import { searchCatalog, type SearchArgs } from '../search/service.ts';

/**
 * `searchProducts` and `Category.products`: one search, with facets in the same statement when the client selected
 * them (otherwise they are computed on demand by a second search). Returned products prime the product loader.
 */
export async function searchConnection(ctx: Context, args: SearchArgs, info: GraphQLResolveInfo, categoryId?: string): Promise<SearchConnectionModel> {
  const opts = categoryId ? { categoryId } : {};
  const conn = await searchCatalog(ctx.rt, ctx.identity, args, { ...opts, facets: selectsField(info, 'facets') });
  for (const e of conn.edges) ctx.loaders.productById.prime(e.node.id, e.node);
  return {
    ...conn,
    loadFacets: async () => (await searchCatalog(ctx.rt, ctx.identity, { ...args, first: 0, after: null }, { ...opts, facets: true })).facets!,
  };
}
