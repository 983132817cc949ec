import { formatMoney, isUuid, localeForCountry } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { countryArg, currencyArg } from '../args.ts';
import type { MoneyModel } from '../models.ts';
import { importPrices } from './import-prices.ts';

/** Resolvers of the pricing subgraph. */
export const resolvers: Resolvers = {
  Query: {
    currencies: (_root, _args, ctx) => ctx.loaders.offeredCurrencies(),
  },
  Mutation: {
    importPrices: (_root, args, ctx) => importPrices(ctx, args.items),
  },
  Product: {
    // The catalog is the product subgraph's; any well-formed id is a product this subgraph can answer for.
    __resolveReference: (ref) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
    async price(product, args, ctx) {
      const country = countryArg(args.country, ctx.identity);
      const currency = currencyArg(args.currency, ctx.identity, await ctx.loaders.offeredCurrencies());
      const row = await ctx.loaders.price.load({ productId: product.id, currency });
      if (!row) return null;
      const money: MoneyModel = { amount: row.amount, currency: row.currency, locale: localeForCountry(country) };
      // No sales yet: the shopper pays the regular price. Stored prices are UK retail prices including VAT (README).
      return { current: money, regular: money, discountPercent: null, taxIncluded: true };
    },
  },
  Money: {
    amount: (m) => m.amount,
    currency: (m) => m.currency,
    formatted: (m) => formatMoney(m, m.locale),
  },
};
