import { readFileSync } from 'node:fs';
import { createOutboxRelay, createSubgraphServer, type SubgraphHandle } from '@emporium/kit';
import { parse } from 'graphql';
import { outbox } from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { createReservationSweeper } from './reservations.ts';
import { resolvers } from './resolvers/index.ts';
import type { InventoryRuntime } from './runtime.ts';

/** The inventory subgraph's SDL (schema.graphql is the single source for server, composition and codegen). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** How often the expiry sweeper looks for abandoned reservations by default. */
export const SWEEP_INTERVAL_MS = 5_000;

/**
 * Builds the inventory subgraph's HTTP app on an open runtime; it does not listen. `sweepIntervalMs`: how often the
 * background expiry sweeper runs once started (default 5 s).
 */
export async function buildInventorySubgraph(rt: InventoryRuntime, opts: { jit?: boolean; sweepIntervalMs?: number } = {}): Promise<SubgraphHandle> {
  const relay = createOutboxRelay({ db: rt.db.background, outbox, bus: rt.bus, logger: rt.logger });
  const sweeper = createReservationSweeper({
    db: rt.db.background,
    now: () => rt.clock.now(),
    intervalMs: opts.sweepIntervalMs ?? SWEEP_INTERVAL_MS,
    onExpired: (count) => {
      rt.logger.info({ count }, 'expired reservations returned to stock');
      relay.notify();
    },
    onError: (err) => rt.logger.warn({ err }, 'reservation sweep failed; retrying at the next interval'),
  });
  const app = await createSubgraphServer({
    name: 'inventory',
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
    /** Starts the outbox relay that publishes `stock.changed` events and the reservation expiry sweeper. */
    async start() {
      relay.start();
      sweeper.start();
    },
    async stop() {
      await sweeper.stop();
      await relay.stop();
      await app.close();
    },
  };
}
