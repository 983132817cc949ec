import { badInput, isCurrency, type Identity } from '@emporium/kit';
import { BASE_CURRENCY, SUPPORTED_COUNTRIES, taxOf } from './tax.ts';

const ISO2 = /^[A-Z]{2}$/;

/** Country used when neither the argument nor the caller's token gives a supported one. */
export const DEFAULT_COUNTRY = 'GB';
/** Currency used when neither the argument, the token nor the country gives an offered one. */
export const DEFAULT_CURRENCY = BASE_CURRENCY;

/**
 * The country to price for. An explicit argument must be ISO 3166-1 alpha-2 (else BAD_USER_INPUT) and one Emporium
 * sells to (else BAD_USER_INPUT listing them). Without one: the token's country when supported, else GB — a profile
 * country the shop does not serve is not the caller's input error.
 */
export function countryArg(arg: string | null | undefined, identity: Identity): string {
  if (arg != null) {
    if (!ISO2.test(arg)) throw badInput(`country must be an ISO 3166-1 alpha-2 code such as GB, got "${arg}".`, 'country');
    if (!taxOf(arg)) throw badInput(`Emporium does not sell to ${arg}; supported countries: ${SUPPORTED_COUNTRIES.join(', ')}.`, 'country');
    return arg;
  }
  const claimed = identity.user?.country;
  return claimed && taxOf(claimed) ? claimed : DEFAULT_COUNTRY;
}

/** BAD_USER_INPUT "Unknown currency XYZ" unless `code` is an ISO 4217 code the runtime knows. */
export function assertCurrency(code: string, field = 'currency'): string {
  if (!isCurrency(code)) throw badInput(`Unknown currency ${code}.`, field);
  return code;
}

/**
 * The currency to price in. An explicit argument must be a known ISO 4217 code (else "Unknown currency XYZ") that is
 * offered (else BAD_USER_INPUT listing the offered currencies). Without one: the token's currency when offered, else
 * the country's own currency when offered, else GBP.
 */
export function currencyArg(arg: string | null | undefined, identity: Identity, country: string, offered: readonly string[]): string {
  if (arg != null) {
    assertCurrency(arg);
    if (!offered.includes(arg)) {
      throw badInput(`Prices are not available in ${arg}; offered currencies: ${offered.join(', ')}.`, 'currency');
    }
    return arg;
  }
  const claimed = identity.user?.currency;
  if (claimed && offered.includes(claimed)) return claimed;
  const local = taxOf(country)?.currency;
  return local && offered.includes(local) ? local : DEFAULT_CURRENCY;
}
