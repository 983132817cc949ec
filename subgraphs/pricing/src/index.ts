/** The pricing subgraph: base prices, price history and the currencies they are offered in. */
export { buildPricingSubgraph, typeDefs } from './server.ts';
export { openPricingRuntime, migrationsFolder, type PricingRuntime } from './runtime.ts';
export { seedPrices, hasPrices } from './seed.ts';
export { loadFxRates, readFxFile, parseFxRates, DEMO_FX_FILE } from './fx.ts';
export { COUNTRY_TAX, BASE_CURRENCY, TAX_RATES_AS_OF } from './tax.ts';
