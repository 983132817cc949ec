/**
 * Where Emporium sells, with each country's standard VAT rate, whether shelf prices include it, and the currency a
 * shopper there is shown by default. Standard rates as known on 2025-08-01 (European Commission "VAT rates applied in
 * the Member States", HMRC, Swiss FTA, Norwegian Tax Administration); reduced rates are not modelled. Rates are exact
 * decimal strings (percent), never floats.
 */
export interface CountryTax {
  /** Standard VAT rate in percent, e.g. "20", "25.5", "8.1"; "0" where prices are shown without tax. */
  vatPercent: string;
  /** True where shelf prices include VAT (EU, UK, CH, NO); false for the US, where sales tax is added at checkout. */
  taxIncluded: boolean;
  /** ISO 4217 currency shown by default in the country. */
  currency: string;
}

/** The date the table below was last checked against the sources named above. */
export const TAX_RATES_AS_OF = '2025-08-01';

const eu = (vatPercent: string, currency = 'EUR'): CountryTax => ({ vatPercent, taxIncluded: true, currency });

/** Supported destination countries (ISO 3166-1 alpha-2): the EU-27, GB, CH, NO and US. */
export const COUNTRY_TAX: Readonly<Record<string, CountryTax>> = {
  AT: eu('20'),
  BE: eu('21'),
  BG: eu('20'), // the euro replaces the lev on 2026-01-01
  CY: eu('19'),
  CZ: eu('21', 'CZK'),
  DE: eu('19'),
  DK: eu('25', 'DKK'),
  EE: eu('24'), // 22 % until 2025-06-30
  ES: eu('21'),
  FI: eu('25.5'), // since 2024-09-01
  FR: eu('20'),
  GR: eu('24'),
  HR: eu('25'),
  HU: eu('27', 'HUF'),
  IE: eu('23'),
  IT: eu('22'),
  LT: eu('21'),
  LU: eu('17'),
  LV: eu('21'),
  MT: eu('18'),
  NL: eu('21'),
  PL: eu('23', 'PLN'),
  PT: eu('23'),
  RO: eu('21', 'RON'), // 19 % until 2025-07-31
  SE: eu('25', 'SEK'),
  SI: eu('22'),
  SK: eu('23'), // 20 % until 2024-12-31
  GB: { vatPercent: '20', taxIncluded: true, currency: 'GBP' },
  CH: { vatPercent: '8.1', taxIncluded: true, currency: 'CHF' },
  NO: { vatPercent: '25', taxIncluded: true, currency: 'NOK' },
  US: { vatPercent: '0', taxIncluded: false, currency: 'USD' },
};

/** The currency base prices are kept in. */
export const BASE_CURRENCY = 'GBP';
/** Base prices are UK shelf prices: they include UK VAT at this rate (percent). */
export const BASE_VAT_PERCENT = COUNTRY_TAX.GB!.vatPercent;

/** The tax rules of a supported country, or undefined. */
export function taxOf(country: string): CountryTax | undefined {
  return Object.hasOwn(COUNTRY_TAX, country) ? COUNTRY_TAX[country] : undefined;
}

/** The 27 member states of the European Union. */
export const EU27 = Object.keys(COUNTRY_TAX).filter((c) => !['GB', 'CH', 'NO', 'US'].includes(c)).sort();

/** Supported countries, alphabetically. */
export const SUPPORTED_COUNTRIES = Object.keys(COUNTRY_TAX).sort();
