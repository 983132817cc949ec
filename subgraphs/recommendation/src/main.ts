import { runStandalone } from '@emporium/kit';
import { openRecommendationRuntime } from './runtime.ts';
import { buildRecommendationSubgraph } from './server.ts';

// Runs the recommendation subgraph as its own process (README: process model).
await runStandalone(() => openRecommendationRuntime(), buildRecommendationSubgraph);
