import { isUuid } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { countryArg, optionalCountryArg } from '../args.ts';
import { listWarehouses } from '../db/queries.ts';
import { deliveryEstimate } from '../delivery.ts';
import { stockLevelOf } from '../stock-level.ts';
import { importStock } from './import-stock.ts';
import { commit, release, reservation, reserveStock, settle } from './reservations.ts';

const INT_MAX = 2_147_483_647;

/** Resolvers of the inventory subgraph. */
export const resolvers: Resolvers = {
  Query: {
    warehouses: (_root, args, ctx) => listWarehouses(ctx.rt.db.db, optionalCountryArg(args.country) ?? undefined),
    reservation: (_root, args, ctx) => reservation(ctx, args.reference),
  },
  Mutation: {
    importStock: (_root, args, ctx) => importStock(ctx, args.items),
    reserveStock: (_root, args, ctx) => reserveStock(ctx, args),
    commitReservation: (_root, args, ctx) => commit(ctx, args.reference),
    releaseReservation: (_root, args, ctx) => release(ctx, args.reference),
    returnReservation: (_root, args, ctx) => settle(ctx, args.reference, 'RETURNED'),
    shipReservation: (_root, args, ctx) => settle(ctx, args.reference, 'SHIPPED'),
  },
  Product: {
    // The catalog is the product subgraph's; any well-formed id is a product this subgraph can answer for.
    __resolveReference: (ref) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
    async availability(product, args, ctx) {
      const country = countryArg(args.country, ctx.identity);
      const row = await ctx.loaders.availability.load({ productId: product.id, country });
      const quantityAvailable = Math.max(0, row?.quantityAvailable ?? 0);
      const estimatedDelivery =
        quantityAvailable > 0 && row?.minDays != null && row.maxDays != null ? deliveryEstimate(ctx.rt.clock.now(), row.minDays, row.maxDays) : null;
      return { productId: product.id, country, quantityAvailable, stockLevel: stockLevelOf(quantityAvailable), estimatedDelivery };
    },
  },
  Availability: {
    inStock: (a) => a.quantityAvailable > 0,
    stockLevel: (a) => a.stockLevel,
    // GraphQL Int is 32-bit; a sum beyond it is reported as the largest Int rather than failing the field.
    quantityAvailable: (a) => Math.min(a.quantityAvailable, INT_MAX),
    estimatedDelivery: (a) => a.estimatedDelivery,
  },
  Warehouse: {
    leadTimes: (w, _args, ctx) => ctx.loaders.leadTimes.load(w.code),
  },
  ReserveResult: {
    __resolveType: (r) => ('shortages' in r ? 'InsufficientStock' : 'Reservation'),
  },
};
