/** The recommendation subgraph: "bought together" recommendations learned from orders. */
export { buildRecommendationSubgraph, typeDefs } from './server.ts';
export { openRecommendationRuntime, migrationsFolder, type RecommendationRuntime } from './runtime.ts';
export { seedRecommendations, hasRecommendations } from './seed.ts';
export { aggregateCoPurchases, cosineScore, DEFAULT_RULES, type CoPurchaseResult, type CoPurchaseRules } from './co-purchase.ts';
export { handleOrderPlaced, ORDER_PLACED } from './consumer.ts';
