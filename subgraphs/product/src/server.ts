import { readFileSync } from 'node:fs';
import { createOutboxRelay, createSubgraphServer, type SubgraphHandle, type Subscription } from '@emporium/kit';
import { parse } from 'graphql';
import { outbox } from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { ProductRuntime } from './runtime.ts';
import { startPriceSweeper, subscribeSearchProjection } from './search/consumer.ts';

/** The product subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** Builds the product subgraph's HTTP app on an open runtime; it does not listen. */
export async function buildProductSubgraph(rt: ProductRuntime, opts: { jit?: boolean } = {}): Promise<SubgraphHandle> {
  const relay = createOutboxRelay({ db: rt.db.background, outbox, bus: rt.bus, logger: rt.logger });
  const app = await createSubgraphServer({
    name: 'product',
    typeDefs,
    resolvers,
    verifier: rt.verifier,
    logger: rt.logger,
    jit: opts.jit ?? rt.config.jit,
    context: () => ({ rt, loaders: createLoaders(rt) }),
    ready: () => rt.db.ping(),
  });
  let subscription: Subscription | undefined;
  let sweeper: { stop(): Promise<void> } | undefined;
  return {
    app,
    /** Starts the outbox relay (`product.upserted` from the catalog import), feeding the search projection from
     *  `price.changed` and `stock.changed` events, and the sweeper that applies scheduled prices when they fall due. */
    async start() {
      relay.start();
      subscription ??= await subscribeSearchProjection(rt);
      sweeper ??= startPriceSweeper(rt);
    },
    async stop() {
      await sweeper?.stop();
      sweeper = undefined;
      await subscription?.close();
      subscription = undefined;
      await relay.stop();
      await app.close();
    },
  };
}
