/** The deal subgraph: merchants and their live offers for catalog products. */
export { buildDealSubgraph, typeDefs } from './server.ts';
export { openDealRuntime, migrationsFolder, type DealRuntime } from './runtime.ts';
export { seedDeals, hasDeals, dealsFromProducts, SEED_MERCHANT } from './seed.ts';
export { uuidFromName } from './ids.ts';
