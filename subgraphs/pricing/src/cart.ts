import { badInput, currencyExponent, isUuid, type Identity } from '@emporium/kit';
import type { CartLineInput } from './__generated__/resolvers-types.ts';
import { countryArg, currencyArg } from './args.ts';
import { offeredCurrencies, rateOf, type FxTable } from './fx.ts';
import type { Loaders } from './loaders.ts';
import { convertAmount } from './money.ts';
import { DEFAULT_UNIT_WEIGHT_GRAMS } from './shipping.ts';
import { BASE_CURRENCY, BASE_VAT_PERCENT, taxOf } from './tax.ts';

/** Most lines a cart (promo validation, quote) may have. */
export const MAX_CART_LINES = 100;
/** Most units of one line. */
export const MAX_LINE_QUANTITY = 10_000;
/** Heaviest unit weight accepted (grams). */
const MAX_UNIT_WEIGHT = 1_000_000;

/** A validated cart line. */
export interface CartLine {
  productId: string;
  quantity: number;
  category: string | null;
  brand: string | null;
  weightGrams: number;
}

/**
 * Checks cart lines: 1–100 lines, UUID product ids each once, whole quantities 1–10,000, weights (grams, default 500)
 * 1–1,000,000. Throws BAD_USER_INPUT naming the first bad line (`field` is `<prefix>lines.<i>.<name>`).
 */
export function validateCartLines(lines: readonly CartLineInput[], prefix = ''): CartLine[] {
  if (lines.length === 0) throw badInput('A cart needs at least one line.', `${prefix}lines`);
  if (lines.length > MAX_CART_LINES) throw badInput(`At most ${MAX_CART_LINES} lines per cart, got ${lines.length}.`, `${prefix}lines`);
  const seen = new Set<string>();
  return lines.map((l, i) => {
    const field = `${prefix}lines.${i}`;
    if (!isUuid(l.productId)) throw badInput(`lines[${i}].productId must be a UUID, got "${l.productId}".`, `${field}.productId`);
    const productId = l.productId.toLowerCase();
    if (seen.has(productId)) throw badInput(`lines[${i}] repeats product ${productId}; give each product once.`, `${field}.productId`);
    seen.add(productId);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_LINE_QUANTITY) {
      throw badInput(`lines[${i}].quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}, got ${l.quantity}.`, `${field}.quantity`);
    }
    const w = l.weightGrams ?? DEFAULT_UNIT_WEIGHT_GRAMS;
    if (!Number.isInteger(w) || w < 1 || w > MAX_UNIT_WEIGHT) throw badInput(`lines[${i}].weightGrams must be a whole number from 1 to ${MAX_UNIT_WEIGHT}, got ${w}.`, `${field}.weightGrams`);
    return { productId, quantity: l.quantity, category: l.category?.trim() || null, brand: l.brand?.trim() || null, weightGrams: w };
  });
}

/** A cart priced at one instant in one country and currency. */
export interface PricedCart {
  country: string;
  currency: string;
  /** Whether amounts include the country's VAT, and its rate in percent ("0" where not included). */
  taxIncluded: boolean;
  vatPercent: string;
  fx: FxTable;
  /** Converts a GBP pence amount (incl. UK VAT) the way prices are converted. */
  convert: (baseMinor: number) => number;
  lines: (CartLine & { unitBase: number; unit: number; lineTotal: number; changesAt: Date | null })[];
  /** Σ lineTotal in the cart currency. */
  subtotal: number;
  /** Σ unitBase × quantity in GBP pence. */
  baseSubtotal: number;
  weightGrams: number;
}

/**
 * Prices cart lines at the request's instant: each unit at the product's current selling price (sale or regular),
 * converted once per unit; line total = unit × quantity (exact integers). A product without a price is BAD_USER_INPUT.
 * One SQL statement for all lines (the price loader) plus the cached rate table.
 */
export async function priceCart(
  loaders: Loaders,
  identity: Identity,
  lines: readonly CartLine[],
  args: { country?: string | null; currency?: string | null },
): Promise<PricedCart> {
  const country = countryArg(args.country, identity);
  const fx = await loaders.fx();
  const currency = currencyArg(args.currency, identity, country, offeredCurrencies(fx));
  const tax = taxOf(country)!;
  const rate = rateOf(fx, currency)!;
  const to = { currency, rate, vatPercent: tax.taxIncluded ? tax.vatPercent : null };
  const convert = (baseMinor: number) => convertAmount(baseMinor, currencyExponent(BASE_CURRENCY), BASE_VAT_PERCENT, to);
  const facts = await loaders.priceFacts.loadMany(lines.map((l) => l.productId));
  const priced = lines.map((l, i) => {
    const f = facts[i];
    if (!f || f instanceof Error) throw badInput(`lines[${i}].productId ${l.productId} has no price.`, `lines.${i}.productId`);
    const onSale = f.sale !== null && f.sale.amount < f.regular;
    const unitBase = onSale ? f.sale!.amount : f.regular;
    const unit = convert(unitBase);
    const ends = [onSale ? f.sale!.endsAt : null, f.nextChange].filter((d): d is Date => d !== null);
    const changesAt = ends.length > 0 ? new Date(Math.min(...ends.map((d) => d.getTime()))) : null;
    return { ...l, unitBase, unit, lineTotal: unit * l.quantity, changesAt };
  });
  const subtotal = priced.reduce((a, l) => a + l.lineTotal, 0);
  if (!Number.isSafeInteger(subtotal)) throw badInput('The cart total exceeds the largest amount Emporium handles.', 'lines');
  return {
    country,
    currency,
    taxIncluded: tax.taxIncluded,
    vatPercent: tax.taxIncluded ? tax.vatPercent : '0',
    fx,
    convert,
    lines: priced,
    subtotal,
    baseSubtotal: priced.reduce((a, l) => a + l.unitBase * l.quantity, 0),
    weightGrams: priced.reduce((a, l) => a + l.weightGrams * l.quantity, 0),
  };
}
