import { readFileSync } from 'node:fs';
import { createOutboxRelay, createSubgraphServer, envReader, type SubgraphHandle, type Subscription } from '@emporium/kit';
import { parse } from 'graphql';
import { subscribeProductUpserted } from './catalog.ts';
import { IngestionController, type IngestionConfig } from './feeds/controller.ts';
import { createLoaders } from './loaders.ts';
import { outbox } from './db/schema.ts';
import { resolvers } from './resolvers/index.ts';
import type { DealRuntime } from './runtime.ts';
import { subscribeDealSaved } from './saves.ts';

/** The deal subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/**
 * Minutes between scheduled feed ingestion runs: DEAL_FEED_INTERVAL_MINUTES, default 60; 0 switches the schedule off,
 * and so does running under vitest unless the variable is set.
 */
export function feedIntervalMsFromEnv(env: Record<string, string | undefined> = process.env): number {
  return envReader(env).int('DEAL_FEED_INTERVAL_MINUTES', env.VITEST ? 0 : 60, { min: 0, max: 10_080 }) * 60_000;
}

/** Options of {@link buildDealSubgraph}. */
export interface DealSubgraphOptions {
  jit?: boolean;
  /** Feed ingestion settings and schedule (defaults from the environment). */
  ingestion?: Partial<IngestionConfig>;
}

/** Builds the deal subgraph's HTTP app on an open runtime; it does not listen. */
export async function buildDealSubgraph(rt: DealRuntime, opts: DealSubgraphOptions = {}): Promise<SubgraphHandle & { ingestion: IngestionController }> {
  const ingestion = new IngestionController(rt, { intervalMs: feedIntervalMsFromEnv(), ...opts.ingestion });
  const relay = createOutboxRelay({ db: rt.db.background, outbox, bus: rt.bus, logger: rt.logger });
  const app = await createSubgraphServer({
    name: 'deal',
    typeDefs,
    resolvers,
    verifier: rt.verifier,
    logger: rt.logger,
    jit: opts.jit ?? rt.config.jit,
    context: () => ({ rt, loaders: createLoaders(rt), ingestion, eventsEnqueued: () => relay.notify() }),
    ready: () => rt.db.ping(),
  });
  let catalog: Subscription | undefined;
  let saves: Subscription | undefined;
  return {
    app,
    ingestion,
    /**
     * Background work: the catalog copy from `product.upserted` events, save counts from `deal.saved` events, the feed
     * ingestion schedule and the outbox relay that publishes `deal.upserted` / `deal.clicked`.
     */
    async start() {
      catalog ??= await subscribeProductUpserted(rt);
      saves ??= await subscribeDealSaved(rt);
      ingestion.startSchedule();
      relay.start();
    },
    async stop() {
      await ingestion.stop();
      await relay.stop();
      await catalog?.close();
      catalog = undefined;
      await saves?.close();
      saves = undefined;
      await app.close();
    },
  };
}
