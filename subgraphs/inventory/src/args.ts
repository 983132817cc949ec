import { badInput, type Identity } from '@emporium/kit';

const ISO2 = /^[A-Z]{2}$/;

/** The country used when neither the argument nor the caller's token gives one. */
export const DEFAULT_COUNTRY = 'GB';

/**
 * The country an availability is for: the explicit argument (must be ISO 3166-1 alpha-2, else BAD_USER_INPUT), else
 * the caller's token claim, else GB.
 */
export function countryArg(arg: string | null | undefined, identity: Identity): string {
  if (arg != null) {
    if (!ISO2.test(arg)) throw badInput(`country must be an ISO 3166-1 alpha-2 code such as GB, got "${arg}".`, 'country');
    return arg;
  }
  const claimed = identity.user?.country;
  return claimed && ISO2.test(claimed) ? claimed : DEFAULT_COUNTRY;
}

/** An optional country filter: null when absent, else it must be ISO 3166-1 alpha-2 (BAD_USER_INPUT otherwise). */
export function optionalCountryArg(arg: string | null | undefined): string | null {
  if (arg == null) return null;
  if (!ISO2.test(arg)) throw badInput(`country must be an ISO 3166-1 alpha-2 code such as GB, got "${arg}".`, 'country');
  return arg;
}
