/**
 * ISO 3166-1 alpha-2 code per country name used in the data. 'EIRE' is Ireland, 'RSA' South Africa,
 * 'Channel Islands' is filed under Jersey (JE, the larger bailiwick); 'European Community' and
 * 'Unspecified' name no country and map to null.
 */
export const COUNTRY_CODES: Readonly<Record<string, string | null>> = {
  Australia: 'AU',
  Austria: 'AT',
  Bahrain: 'BH',
  Belgium: 'BE',
  Brazil: 'BR',
  Canada: 'CA',
  'Channel Islands': 'JE',
  Cyprus: 'CY',
  'Czech Republic': 'CZ',
  Denmark: 'DK',
  EIRE: 'IE',
  'European Community': null,
  Finland: 'FI',
  France: 'FR',
  Germany: 'DE',
  Greece: 'GR',
  'Hong Kong': 'HK',
  Iceland: 'IS',
  Israel: 'IL',
  Italy: 'IT',
  Japan: 'JP',
  Lebanon: 'LB',
  Lithuania: 'LT',
  Malta: 'MT',
  Netherlands: 'NL',
  Norway: 'NO',
  Poland: 'PL',
  Portugal: 'PT',
  RSA: 'ZA',
  'Saudi Arabia': 'SA',
  Singapore: 'SG',
  Spain: 'ES',
  Sweden: 'SE',
  Switzerland: 'CH',
  USA: 'US',
  'United Arab Emirates': 'AE',
  'United Kingdom': 'GB',
  Unspecified: null,
};

/** ISO code of a country name from the data; null for unknown names and the two non-countries. */
export function countryCodeFor(country: string): string | null {
  return Object.hasOwn(COUNTRY_CODES, country) ? (COUNTRY_CODES[country] ?? null) : null;
}
