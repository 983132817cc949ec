import { formatMoney, isUuid, localeForCountry } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { countryArg, currencyArg } from '../args.ts';
import { offeredCurrencies } from '../fx.ts';
import { priceFor } from '../price.ts';
import { BASE_CURRENCY, COUNTRY_TAX, SUPPORTED_COUNTRIES } from '../tax.ts';
import { importPrices } from './import-prices.ts';
import { schedulePriceChange, scheduleSale } from './schedule.ts';
import { createPromoCode, redeemPromoCode, releasePromoRedemption, validatePromoCode } from '../promo.ts';
import { shippingRates } from '../shipping-api.ts';
import { quote, verifyQuote } from '../quote.ts';

/** Resolvers of the pricing subgraph. */
export const resolvers: Resolvers = {
  Query: {
    currencies: async (_root, _args, ctx) => offeredCurrencies(await ctx.loaders.fx()),
    exchangeRates: async (_root, _args, ctx) => {
      const fx = await ctx.loaders.fx();
      return { base: BASE_CURRENCY, asOf: fx.asOf, source: fx.source, rates: fx.rates.map(([currency, rate]) => ({ currency, rate })) };
    },
    taxRates: () =>
      SUPPORTED_COUNTRIES.map((country) => {
        const t = COUNTRY_TAX[country]!;
        return { country, rate: t.vatPercent, taxIncluded: t.taxIncluded, currency: t.currency };
      }),
    validatePromoCode: (_root, args, ctx) => validatePromoCode(ctx, args.code, args.cart),
    shippingRates: (_root, args, ctx) => shippingRates(ctx, args.country, args.currency),
    quote: (_root, args, ctx) => quote(ctx, args),
    verifyQuote: (_root, args, ctx) => verifyQuote(ctx, args.token),
  },
  Mutation: {
    importPrices: (_root, args, ctx) => importPrices(ctx, args.items),
    schedulePriceChange: (_root, args, ctx) => schedulePriceChange(ctx, args),
    scheduleSale: (_root, args, ctx) => scheduleSale(ctx, args),
    createPromoCode: (_root, args, ctx) => createPromoCode(ctx, args.input),
    redeemPromoCode: (_root, args, ctx) => redeemPromoCode(ctx, args),
    releasePromoRedemption: (_root, args, ctx) => releasePromoRedemption(ctx, args),
  },
  PromoValidation: {
    __resolveType: (r) => ('reason' in r ? 'PromoRejection' : 'PromoDiscount'),
  },
  PromoRedemptionResult: {
    __resolveType: (r) => ('reason' in r ? 'PromoRejection' : 'PromoRedemption'),
  },
  Product: {
    // The catalog is the product subgraph's; any well-formed id is a product this subgraph can answer for.
    __resolveReference: (ref) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
    async price(product, args, ctx) {
      const country = countryArg(args.country, ctx.identity);
      const fx = await ctx.loaders.fx();
      const currency = currencyArg(args.currency, ctx.identity, country, offeredCurrencies(fx));
      const facts = await ctx.loaders.priceFacts.load(product.id);
      if (!facts) return null;
      return priceFor(facts, country, currency, localeForCountry(country), fx);
    },
  },
  Money: {
    amount: (m) => m.amount,
    currency: (m) => m.currency,
    formatted: (m) => formatMoney(m, m.locale),
  },
};
