import { badInput, currencyExponent, localeForCountry } from '@emporium/kit';
import { currencyArg } from './args.ts';
import type { Context } from './context.ts';
import { offeredCurrencies, rateOf } from './fx.ts';
import type { MoneyModel } from './models.ts';
import { convertAmount } from './money.ts';
import { zoneOf } from './shipping.ts';
import { BASE_CURRENCY, BASE_VAT_PERCENT, SUPPORTED_COUNTRIES, taxOf } from './tax.ts';

/** `shippingRates(country, currency)`: the zone's bands and free-shipping threshold, converted like prices. */
export async function shippingRates(ctx: Context, country: string, currencyIn: string | null | undefined) {
  if (!taxOf(country)) throw badInput(`Emporium does not ship to ${country}; supported countries: ${SUPPORTED_COUNTRIES.join(', ')}.`, 'country');
  const fx = await ctx.loaders.fx();
  const currency = currencyArg(currencyIn, { ...ctx.identity, user: null }, country, offeredCurrencies(fx));
  const tax = taxOf(country)!;
  const to = { currency, rate: rateOf(fx, currency)!, vatPercent: tax.taxIncluded ? tax.vatPercent : null };
  const money = (base: number): MoneyModel => ({
    amount: convertAmount(base, currencyExponent(BASE_CURRENCY), BASE_VAT_PERCENT, to),
    currency,
    locale: localeForCountry(country),
  });
  const zone = zoneOf(country);
  return {
    country,
    freeFrom: zone.freeFrom === null ? null : money(zone.freeFrom),
    bands: zone.bands.map(([maxWeightGrams, price]) => ({ maxWeightGrams, price: money(price) })),
  };
}
