/** The recommendation subgraph: strategies, ensemble and events (README.md); offline evaluation in src/evaluation. */
export { buildRecommendationSubgraph, typeDefs } from './server.ts';
export { openRecommendationRuntime, migrationsFolder, type RecommendationRuntime } from './runtime.ts';
export { seedRecommendations, hasRecommendations, type RecommendationSeedReport } from './seed.ts';
export { aggregateCoPurchases, cosineScore, DEFAULT_RULES, type CoPurchaseResult, type CoPurchaseRules } from './co-purchase.ts';
export { handleOrderPlaced, subscribeEvents, CONSUMED_EVENTS, ORDER_PLACED } from './consumer.ts';
export { recommend, strategyScores, type RecommendInput } from './engine/recommend.ts';
export { CONTEXT_WEIGHTS, SEED_WEIGHTS, STRATEGIES, type Weights } from './engine/ensemble.ts';
export { DEFAULT_PARAMS, type RecommendationParams } from './engine/params.ts';
