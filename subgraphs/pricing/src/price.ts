import { currencyExponent } from '@emporium/kit';
import type { PriceFacts } from './db/queries.ts';
import { rateOf, type FxTable } from './fx.ts';
import type { MoneyModel, PriceModel } from './models.ts';
import { convertAmount, discountPercent } from './money.ts';
import { BASE_CURRENCY, BASE_VAT_PERCENT, taxOf } from './tax.ts';

/**
 * The price shown for one product in `country` and `currency` from its base-currency facts (README: price rules):
 * - current = the lowest active sale when below the regular price, else the regular price;
 * - every amount is converted from GBP incl. UK VAT to `currency` with the country's VAT (or none for the US),
 *   rounded once, half up, at the currency's exponent;
 * - on sale, `regular` is the 30-day low before the sale (Omnibus) when it is above `current`; otherwise `regular`
 *   equals `current` and there is no discount;
 * - validUntil = the earliest of the sale's end and the next scheduled change or sale.
 */
export function priceFor(facts: PriceFacts, country: string, currency: string, locale: string, fx: FxTable): PriceModel {
  const tax = taxOf(country);
  const rate = rateOf(fx, currency);
  if (!tax || !rate) throw new Error(`no tax rule for ${country} or rate for ${currency}`); // arguments are validated first
  const vatPercent = tax.taxIncluded ? tax.vatPercent : null;
  const convert = (baseMinor: number): MoneyModel => ({
    amount: convertAmount(baseMinor, currencyExponent(BASE_CURRENCY), BASE_VAT_PERCENT, { currency, rate, vatPercent }),
    currency,
    locale,
  });
  const onSale = facts.sale !== null && facts.sale.amount < facts.regular;
  const currentBase = onSale ? facts.sale!.amount : facts.regular;
  const current = convert(currentBase);
  const lowestBase = onSale ? facts.lowest30Days : Math.min(facts.lowest30Days ?? currentBase, currentBase);
  const lowest30Days = lowestBase === null ? null : convert(lowestBase);
  const was = onSale && lowest30Days && lowest30Days.amount > current.amount ? lowest30Days : null;
  const ends = [onSale ? facts.sale!.endsAt : null, facts.nextChange].filter((d): d is Date => d !== null);
  return {
    current,
    regular: was ?? current,
    discountPercent: was ? discountPercent(current.amount, was.amount) : null,
    taxIncluded: tax.taxIncluded,
    lowest30Days,
    taxRate: tax.taxIncluded ? tax.vatPercent : '0',
    validUntil: ends.length > 0 ? new Date(Math.min(...ends.map((d) => d.getTime()))) : null,
    exchangeRateAsOf: currency === BASE_CURRENCY ? null : fx.asOf,
  };
}
