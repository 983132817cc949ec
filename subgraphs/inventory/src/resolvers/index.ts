import { isUuid } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { countryArg } from '../args.ts';
import { listWarehouses } from '../db/queries.ts';
import { stockLevelOf } from '../stock-level.ts';
import { importStock } from './import-stock.ts';

const INT_MAX = 2_147_483_647;

/** Resolvers of the inventory subgraph. */
export const resolvers: Resolvers = {
  Query: {
    warehouses: (_root, _args, ctx) => listWarehouses(ctx.rt.db.db),
  },
  Mutation: {
    importStock: (_root, args, ctx) => importStock(ctx, args.items),
  },
  Product: {
    // The catalog is the product subgraph's; any well-formed id is a product this subgraph can answer for.
    __resolveReference: (ref) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
    async availability(product, args, ctx) {
      const country = countryArg(args.country, ctx.identity);
      // All warehouses ship to every country for now, so the country does not narrow the sum (README: availability).
      const row = await ctx.loaders.availableByProductId.load(product.id);
      const quantityAvailable = Math.max(0, row?.quantityAvailable ?? 0);
      return { productId: product.id, country, quantityAvailable, stockLevel: stockLevelOf(quantityAvailable) };
    },
  },
  Availability: {
    inStock: (a) => a.quantityAvailable > 0,
    stockLevel: (a) => a.stockLevel,
    // GraphQL Int is 32-bit; a sum beyond it is reported as the largest Int rather than failing the field.
    quantityAvailable: (a) => Math.min(a.quantityAvailable, INT_MAX),
  },
};
