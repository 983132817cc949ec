import type { BaseContext } from '@emporium/kit';
import type { RecommendationContextName, Weights } from './engine/ensemble.ts';
import type { Loaders } from './loaders.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** The resolver context of the recommendation subgraph. */
export interface Context extends BaseContext {
  rt: RecommendationRuntime;
  loaders: Loaders;
  /** Ensemble weights per context (CONTEXT_WEIGHTS, or RECOMMENDATION_WEIGHTS overrides). */
  weights: Record<RecommendationContextName, Weights>;
}
