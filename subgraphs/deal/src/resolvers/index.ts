import { badInput, formatMoney, isUuid, pageSize } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { discountPercent } from '../discount.ts';
import { adminResolvers } from './admin.ts';
import { searchResolvers } from './search.ts';
import type { MoneyModel } from '../models.ts';

/** Deals are formatted for the UK until shopper locales reach this subgraph. */
const LOCALE = 'en-GB';
const money = (amount: number, currency: string): MoneyModel => ({ amount, currency, locale: LOCALE });

/** Resolvers of the deal subgraph. */
export const resolvers: Resolvers = {
  ...adminResolvers,
  DealConnection: searchResolvers.DealConnection!,
  Mutation: { ...adminResolvers.Mutation, ...searchResolvers.Mutation },
  Query: {
    ...adminResolvers.Query,
    ...searchResolvers.Query,
    deal(_root, args, ctx) {
      if (!isUuid(args.id)) throw badInput(`id must be a UUID, got "${args.id}".`, 'id');
      return ctx.loaders.dealById.load(args.id.toLowerCase());
    },
  },
  Deal: {
    ...searchResolvers.Deal,
    __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.loaders.dealById.load(ref.id.toLowerCase()) : null),
    async merchant(deal, _args, ctx) {
      const merchant = await ctx.loaders.merchantById.load(deal.merchantId);
      if (!merchant) throw new Error(`deal ${deal.id} has no merchant ${deal.merchantId}`);
      return merchant;
    },
    product: (deal) => (deal.productId ? { __typename: 'Product' as const, id: deal.productId } : null),
    price: (deal) => money(deal.priceAmount, deal.currency),
    originalPrice: (deal) => (deal.originalAmount == null ? null : money(deal.originalAmount, deal.currency)),
    discountPercent: (deal) => discountPercent(deal.priceAmount, deal.originalAmount),
  },
  Merchant: {
    __resolveReference: (ref, ctx) => (isUuid(ref.id) ? ctx.loaders.merchantById.load(ref.id.toLowerCase()) : null),
  },
  Product: {
    // The catalog is the product subgraph's; any well-formed id is a product this subgraph can answer for.
    __resolveReference: (ref) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
    deals(product, args, ctx) {
      const first = pageSize(args.first, 10, 50);
      return first === 0 ? [] : ctx.loaders.liveDeals.load({ productId: product.id, first }).then((rows) => rows.map((r) => r.deal));
    },
  },
  Money: {
    amount: (m) => m.amount,
    currency: (m) => m.currency,
    formatted: (m) => formatMoney(m, m.locale),
  },
};
