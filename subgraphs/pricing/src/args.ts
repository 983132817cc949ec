import { badInput, isCurrency, type Identity } from '@emporium/kit';

const ISO2 = /^[A-Z]{2}$/;

/** Country used when neither the argument nor the caller's token gives one. */
export const DEFAULT_COUNTRY = 'GB';
/** Currency used when neither the argument nor the caller's token gives an offered one. */
export const DEFAULT_CURRENCY = 'GBP';

/** The explicit country (ISO 3166-1 alpha-2, else BAD_USER_INPUT), else the token's claim, else GB. */
export function countryArg(arg: string | null | undefined, identity: Identity): string {
  if (arg != null) {
    if (!ISO2.test(arg)) throw badInput(`country must be an ISO 3166-1 alpha-2 code such as GB, got "${arg}".`, 'country');
    return arg;
  }
  const claimed = identity.user?.country;
  return claimed && ISO2.test(claimed) ? claimed : DEFAULT_COUNTRY;
}

/** BAD_USER_INPUT "Unknown currency XYZ" unless `code` is an ISO 4217 code the runtime knows. */
export function assertCurrency(code: string, field = 'currency'): string {
  if (!isCurrency(code)) throw badInput(`Unknown currency ${code}.`, field);
  return code;
}

/**
 * The currency to price in. An explicit argument must be a known ISO 4217 code (else "Unknown currency XYZ") that has
 * prices (else BAD_USER_INPUT listing the offered currencies). Without one, the token's currency is used when prices
 * exist in it, else GBP — a profile preference the shop cannot serve yet is not the caller's input error.
 */
export function currencyArg(arg: string | null | undefined, identity: Identity, offered: readonly string[]): string {
  if (arg != null) {
    assertCurrency(arg);
    if (!offered.includes(arg)) {
      const list = offered.length > 0 ? offered.join(', ') : 'none yet';
      throw badInput(`Prices are not available in ${arg}; offered currencies: ${list}.`, 'currency');
    }
    return arg;
  }
  const claimed = identity.user?.currency;
  return claimed && offered.includes(claimed) ? claimed : DEFAULT_CURRENCY;
}
