import { readFileSync } from 'node:fs';
import { createSubgraphServer, type SubgraphHandle, type Subscription } from '@emporium/kit';
import { parse } from 'graphql';
import { subscribeOrderPlaced } from './consumer.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** The recommendation subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** Builds the recommendation subgraph's HTTP app on an open runtime; it does not listen. */
export async function buildRecommendationSubgraph(rt: RecommendationRuntime, opts: { jit?: boolean } = {}): Promise<SubgraphHandle> {
  const app = await createSubgraphServer({
    name: 'recommendation',
    typeDefs,
    resolvers,
    verifier: rt.verifier,
    logger: rt.logger,
    jit: opts.jit ?? rt.config.jit,
    context: () => ({ rt, loaders: createLoaders(rt) }),
    ready: () => rt.db.ping(),
  });
  let subscription: Subscription | undefined;
  return {
    app,
    /** Starts learning from `order.placed` events (the subgraph publishes none, so there is no outbox relay). */
    async start() {
      subscription ??= await subscribeOrderPlaced(rt);
    },
    async stop() {
      await subscription?.close();
      subscription = undefined;
      await app.close();
    },
  };
}
