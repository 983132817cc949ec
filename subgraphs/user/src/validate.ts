import { badInput, isCurrency, isUuid } from '@emporium/kit';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const CONTROL = /\p{Cc}/u;

/** A trimmed, NFKC-normalised single-line text of 1..max characters, or BAD_USER_INPUT naming `field`. */
export function text(value: string, field: string, max: number): string {
  const v = value.normalize('NFKC').trim();
  if (v.length === 0) throw badInput(`${field} must not be empty.`, field);
  if ([...v].length > max) throw badInput(`${field} must be at most ${max} characters.`, field);
  if (CONTROL.test(v)) throw badInput(`${field} must be a single line without control characters.`, field);
  return v;
}

/** Like `text` for an optional field: null/undefined/blank → null. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return text(value, field, max);
}

/** An ISO 3166-1 alpha-2 region code Intl knows (upper-cased), or BAD_USER_INPUT. */
export function country(value: string, field: string): string {
  const v = value.trim().toUpperCase();
  const name = /^[A-Z]{2}$/.test(v) ? regionNames.of(v) : undefined;
  if (!name || name === v || name === 'Unknown Region') throw badInput(`${field} must be an ISO 3166-1 alpha-2 country code such as GB, got "${value}".`, field);
  return v;
}

/** An ISO 4217 currency code (upper-cased), or BAD_USER_INPUT. */
export function currency(value: string, field: string): string {
  const v = value.trim().toUpperCase();
  if (!isCurrency(v)) throw badInput(`${field} must be an ISO 4217 currency code such as GBP, got "${value}".`, field);
  return v;
}

/** A BCP 47 language tag in canonical form (en-gb → en-GB), or BAD_USER_INPUT. */
export function language(value: string, field: string): string {
  try {
    const [tag] = Intl.getCanonicalLocales(value.trim());
    if (tag && tag.length <= 35) return tag;
  } catch {
    /* fall through */
  }
  throw badInput(`${field} must be a BCP 47 language tag such as en-GB, got "${value}".`, field);
}

/** A UUID (lower-cased), or BAD_USER_INPUT. */
export function uuid(value: string, field: string): string {
  if (!isUuid(value)) throw badInput(`${field} must be a UUID, got "${value}".`, field);
  return value.toLowerCase();
}
