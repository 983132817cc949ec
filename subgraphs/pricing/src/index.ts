/** The pricing subgraph: base prices, price history and the currencies they are offered in. */
export { buildPricingSubgraph, typeDefs } from './server.ts';
export { openPricingRuntime, migrationsFolder, type PricingRuntime } from './runtime.ts';
export { seedPrices, hasPrices } from './seed.ts';
