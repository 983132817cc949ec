import { readFileSync } from 'node:fs';
import { ConfigError, createSubgraphServer, type SubgraphHandle, type Subscription } from '@emporium/kit';
import { parse } from 'graphql';
import { subscribeEvents } from './consumer.ts';
import { contextWeightsFrom, WEIGHTS_ENV, type RecommendationContextName, type Weights } from './engine/ensemble.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** The recommendation subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/**
 * Builds the recommendation subgraph's HTTP app on an open runtime; it does not listen. Context weights come from
 * `opts.weights`, else RECOMMENDATION_WEIGHTS (JSON overrides of CONTEXT_WEIGHTS; a bad value fails here).
 */
export async function buildRecommendationSubgraph(
  rt: RecommendationRuntime,
  opts: { jit?: boolean; weights?: Record<RecommendationContextName, Weights> } = {},
): Promise<SubgraphHandle> {
  let weights = opts.weights;
  try {
    weights ??= contextWeightsFrom(process.env[WEIGHTS_ENV]);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const app = await createSubgraphServer({
    name: 'recommendation',
    typeDefs,
    resolvers,
    verifier: rt.verifier,
    logger: rt.logger,
    jit: opts.jit ?? rt.config.jit,
    context: () => ({ rt, loaders: createLoaders(rt), weights }),
    ready: () => rt.db.ping(),
  });
  let subscription: Subscription | undefined;
  return {
    app,
    /** Starts consuming events (README "Events"); the subgraph publishes none, so there is no outbox relay. */
    async start() {
      subscription ??= await subscribeEvents(rt);
    },
    async stop() {
      await subscription?.close();
      subscription = undefined;
      await app.close();
    },
  };
}
