/** The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is GR). */
export const EU27 = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;

/** A lead-time row: calendar days from `warehouseCode` to `country` (`*` = every country without its own row). */
export interface LeadTime {
  warehouseCode: string;
  country: string;
  minDays: number;
  maxDays: number;
}

/**
 * The demo lead times of the UK warehouse (README: lead times): Great Britain 1–2 days, the EU-27 3–5, the United
 * States 5–8, every other country 7–14. Seeded with the warehouse and installed by migration 0002 for databases
 * seeded before lead times existed.
 */
export const UK1_LEAD_TIMES: readonly LeadTime[] = [
  { warehouseCode: 'UK-1', country: 'GB', minDays: 1, maxDays: 2 },
  ...EU27.map((country) => ({ warehouseCode: 'UK-1', country, minDays: 3, maxDays: 5 })),
  { warehouseCode: 'UK-1', country: 'US', minDays: 5, maxDays: 8 },
  { warehouseCode: 'UK-1', country: '*', minDays: 7, maxDays: 14 },
];
