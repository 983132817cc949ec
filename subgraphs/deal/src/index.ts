/** The deal subgraph: merchants and their live offers for catalog products. */
export { buildDealSubgraph, typeDefs } from './server.ts';
export { openDealRuntime, migrationsFolder, type DealRuntime } from './runtime.ts';
export { seedDeals, hasDeals, dealsFromProducts, SEED_MERCHANT } from './seed.ts';
export { uuidFromName } from './ids.ts';
export { runIngestion, startIngestion, type IngestOptions, type IngestSettings } from './feeds/ingest.ts';
export type { RunReport, FeedReport, IngestCounts } from './feeds/report.ts';
export { startFeedSimulator, type FeedSimulator } from './simulator/server.ts';
export { DEFAULT_PROFILES, simProductsFromRetail, type SimProduct } from './simulator/generate.ts';
export { syntheticCatalog } from './simulator/catalog.ts';
export { dedupe, DEFAULT_DEDUPE, type DedupeOffer } from './dedupe/detect.ts';
