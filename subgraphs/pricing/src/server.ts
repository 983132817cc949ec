import { readFileSync } from 'node:fs';
import { createOutboxRelay, createSubgraphServer, type SubgraphHandle } from '@emporium/kit';
import { parse } from 'graphql';
import { outbox } from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { PricingRuntime } from './runtime.ts';

/** The pricing subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** Builds the pricing subgraph's HTTP app on an open runtime; it does not listen. */
export async function buildPricingSubgraph(rt: PricingRuntime, opts: { jit?: boolean } = {}): Promise<SubgraphHandle> {
  const relay = createOutboxRelay({ db: rt.db.background, outbox, bus: rt.bus, logger: rt.logger });
  const app = await createSubgraphServer({
    name: 'pricing',
    typeDefs,
    resolvers,
    verifier: rt.verifier,
    logger: rt.logger,
    jit: opts.jit ?? rt.config.jit,
    context: () => ({ rt, loaders: createLoaders(rt), eventsEnqueued: () => relay.notify() }),
    ready: () => rt.db.ping(),
  });
  return {
    app,
    /** Starts the outbox relay that publishes `price.changed` events. */
    async start() {
      relay.start();
    },
    async stop() {
      await relay.stop();
      await app.close();
    },
  };
}
